/**
 * The edge deployment's start, as an isolate on Deno Deploy would make it:
 * the neon driver over WebSockets (here through the tests' relay to the
 * local PostgreSQL, set by NEON_LOCAL_PROXY), and migrations as a step before
 * the deploy (DATABASE_MIGRATE_ON_START=false), so a start that finds one
 * pending refuses to serve and says which. Then the booking workflow runs
 * over HTTP through that server. Needs TEST_DATABASE_URL.
 */
import assert from "node:assert/strict";
import { openDatabase } from "../db/client.ts";
import { migrateDown, migrateToLatest } from "../db/migrate.ts";
import { migrations } from "../db/migrations/index.ts";
import { DEMO_PASSWORD, seedDemo } from "../server/demo_seed.ts";
import { hasPostgres, scratchPostgres } from "./support/db.ts";
import { startNeonRelay } from "./support/neon_relay.ts";
import { startServer } from "./support/server.ts";

const DAY = 86_400_000;
const secret = () => crypto.randomUUID() + crypto.randomUUID();

Deno.test({
  name: "an edge start: the neon driver over WebSockets, migrations before the deploy, the booking workflow",
  ignore: !hasPostgres,
  async fn(t) {
    const scratch = await scratchPostgres();
    const target = new URL(scratch.url);
    const relay = await startNeonRelay({ hostname: target.hostname, port: Number(target.port || 5432) });
    const handle = await openDatabase({ driver: "pg", url: scratch.url, pgliteDir: "" });
    try {
      await seedDemo(handle.db);
      const env = {
        DATABASE_URL: scratch.url,
        DATABASE_DRIVER: "neon",
        NEON_LOCAL_PROXY: relay.wsProxy,
        DATABASE_MIGRATE_ON_START: "false",
        APP_SECRET: secret(),
        JWT_SECRET: secret(),
      };

      await t.step("a start with a migration pending refuses to serve, and names it", async () => {
        const latest = Object.keys(migrations).sort().at(-1)!;
        await migrateDown(handle.db);
        await assert.rejects(startServer({ env }), new RegExp(`Migrations are pending \\(${latest}\\)`));
        assert.deepEqual(await migrateToLatest(handle.db), [latest]);
      });

      await t.step("migrated first, it serves the booking workflow through the neon driver", async () => {
        const server = await startServer({ env });
        try {
          const call = async (method: string, path: string, token?: string, body?: unknown) => {
            const res = await fetch(`${server.url}/api/v1${path}`, {
              method,
              headers: {
                ...(token ? { authorization: `Bearer ${token}` } : {}),
                ...(body === undefined ? {} : { "content-type": "application/json" }),
              },
              body: body === undefined ? undefined : JSON.stringify(body),
            });
            return { status: res.status, body: await res.json() };
          };
          const signIn = async (who: string) => {
            const res = await call("POST", "/auth/login", undefined, {
              identifier: `${who}@demo.artistspace.in`,
              password: DEMO_PASSWORD,
            });
            assert.equal(res.status, 200, JSON.stringify(res.body));
            return res.body.data.accessToken as string;
          };
          const [dev, asha] = [await signIn("dev.organizer"), await signIn("asha.artist")];
          const act = await handle.db.selectFrom("acts").select("id").where("slug", "=", "asha-rao")
            .executeTakeFirstOrThrow();
          const city = await handle.db.selectFrom("cities").select("city_id").where("name", "=", "Pune")
            .orderBy("city_id").executeTakeFirstOrThrow();
          const asked = await call("POST", "/bookings", dev, {
            actId: act.id,
            title: "Monsoon mehfil",
            startsAt: new Date(Math.ceil(Date.now() / DAY) * DAY + 150 * DAY + 14 * 3_600_000).toISOString(),
            durationMinutes: 120,
            cityId: city.city_id,
          });
          assert.equal(asked.status, 201, JSON.stringify(asked.body));
          const id = asked.body.data.booking.id;
          assert.equal(
            (await call("POST", `/negotiations/${id}/offer`, asha, { fee: 7_500_000 })).status,
            200,
          );
          const accepted = await call("POST", `/negotiations/${id}/accept`, dev);
          assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
          assert.equal(accepted.body.data.booking.status, "confirmed");
          const read = await call("GET", `/bookings/${id}`, asha);
          assert.equal(read.body.data.booking.status, "confirmed");
          assert.ok(relay.connections > 0, "the server reached PostgreSQL only through the WebSocket relay");
        } finally {
          await server.close();
        }
      });
    } finally {
      await handle.close();
      await relay.close();
      await scratch.drop();
    }
  },
});
