/**
 * A server killed in the middle of a booking transition leaves nothing
 * half-written: the real app runs as a subprocess on a fresh PostgreSQL
 * database; an act accepts an offer through its API while another connection
 * holds the act's row, so the accept stops inside its transaction after it
 * has closed the offer (and before the calendar check it queues for); the
 * server is killed with SIGKILL and PostgreSQL must roll the half-done step
 * back. A new server on the same database then takes the same accept, once.
 *
 * PostgreSQL only (TEST_DATABASE_URL): PGlite lives inside the process that
 * is killed.
 */
import assert from "node:assert/strict";
// @ts-types="@types/pg"
import pg from "pg";
import { openDatabase } from "../db/client.ts";
import { accessTokenSigner } from "../services/auth/access_token.ts";
import * as bookings from "../services/bookings/bookings.ts";
import type { WorkflowDeps } from "../services/notifications.ts";
import { enqueue, outboxSealer } from "../services/outbox.ts";
import { signedInAt } from "./support/contracts.ts";
import { hasPostgres, scratchPostgres } from "./support/db.ts";
import { act, cityId, person } from "./support/fixtures.ts";
import { type RunningServer, startServer } from "./support/server.ts";
import { waitFor } from "./support/wait.ts";

const DAY = 24 * 60 * 60 * 1000;
const APP_SECRET = "transition-kill-app-secret-0123456789abcdef0123";
const JWT_SECRET = "transition-kill-jwt-secret-0123456789abcdef0123";
const meta = { ip: "203.0.113.42", userAgent: "transition-kill-test" };

Deno.test({
  name: "a server killed in the middle of an accept rolls it back, and the accept then goes through once",
  ignore: !hasPostgres,
  // fetch keeps idle keep-alive connections to the servers in its pool.
  sanitizeResources: false,
  async fn() {
    const scratch = await scratchPostgres();
    const handle = await openDatabase({ driver: "pg", url: scratch.url, pgliteDir: "" });
    const db = handle.db;
    const locker = new pg.Client({ connectionString: scratch.url });
    const servers: RunningServer[] = [];
    const start = async () => {
      const server = await startServer({
        env: {
          DATABASE_URL: scratch.url,
          DATABASE_DRIVER: "pg",
          APP_ENV: "development",
          APP_SECRET,
          JWT_SECRET,
        },
      });
      servers.push(server);
      return server;
    };
    try {
      // The organizer's offer, made through the services on the server's database.
      const sealer = outboxSealer(APP_SECRET);
      const deps: WorkflowDeps = {
        db,
        origin: "https://artistspace.test",
        now: () => new Date(),
        sendEmail: async (trx, to, message) => {
          await enqueue(trx, { channel: "email", to, ...message }, sealer);
        },
      };
      const organizer = await person(db, "organizer");
      const artist = await person(db, "artist");
      const { id: actId } = await act(db, artist.userId);
      const { id: bookingId } = await bookings.createBooking(deps, organizer, {
        actId,
        title: "The accept the server died in",
        startsAt: new Date(Date.now() + 40 * DAY).toISOString(),
        durationMinutes: 90,
        cityId: await cityId(db),
        address: "Shanmukhananda Hall",
        offer: { fee: 4_000_000, depositBps: 2500 },
      }, meta);
      const written = async () => ({
        booking: await db.selectFrom("bookings").select(["status", "fee"]).where("id", "=", bookingId)
          .executeTakeFirstOrThrow(),
        offers: await db.selectFrom("booking_offers").select(["round", "status"]).where(
          "booking_id",
          "=",
          bookingId,
        )
          .orderBy("round").execute(),
        events: (await db.selectFrom("booking_events").select("event").where("booking_id", "=", bookingId)
          .orderBy("id").execute()).map((e) => e.event),
        notices:
          (await db.selectFrom("notifications").select("id").where("link", "=", `/bookings/${bookingId}`)
            .execute()).length,
        mail: (await db.selectFrom("outbox").select("id").execute()).length,
      });
      const before = await written();
      assert.equal(before.booking.status, "offered");

      const session = await signedInAt(db, artist, new Date());
      const token = await (await accessTokenSigner(JWT_SECRET)).issue(
        { userId: artist.userId, sessionId: session.sessionId },
        new Date(),
      );
      const accept = (server: RunningServer) =>
        fetch(`${server.url}/api/v1/negotiations/${bookingId}/accept`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}` },
        });

      // Another connection holds the act; the accept closes the offer, then queues for it.
      let server = await start();
      await locker.connect();
      await locker.query("begin");
      await locker.query("select id from acts where id = $1 for update", [actId]);
      const answered = accept(server).then(
        (res) => `answered ${res.status}`,
        (err: Error) => `failed: ${err.message}`,
      );
      let blocked: { pid: number; wrote_offer: boolean } | undefined;
      await waitFor(async () => {
        const { rows } = await locker.query<{ pid: number; wrote_offer: boolean }>(
          `select a.pid, exists (
             select 1 from pg_locks l
              where l.pid = a.pid and l.relation = 'booking_offers'::regclass and l.mode = 'RowExclusiveLock'
           ) as wrote_offer
             from pg_stat_activity a
            where a.datname = current_database() and a.wait_event_type = 'Lock'
              and a.pid <> pg_backend_pid()`,
        );
        blocked = rows[0];
        return blocked !== undefined;
      }, { timeoutMs: 15_000, what: "the accept's transaction waiting for the act" });
      assert.ok(blocked?.wrote_offer, "the offer was closed in the transaction before it waited");

      Deno.kill(server.pid, "SIGKILL");
      assert.match(await answered, /^failed/);
      await server.close();
      await locker.query("rollback");
      await waitFor(async () => {
        const { rows } = await locker.query("select 1 from pg_stat_activity where pid = $1", [blocked!.pid]);
        return rows.length === 0;
      }, { timeoutMs: 15_000, what: "the killed server's backend to end" });
      assert.deepEqual(await written(), before, "nothing of the accept is left");

      // The act accepts again, on a new server: confirmed, once.
      server = await start();
      const retried = await accept(server);
      assert.equal(retried.status, 200, await retried.text());
      const again = await accept(server);
      assert.equal(again.status, 409, await again.text());
      const after = await written();
      assert.equal(after.booking.status, "confirmed");
      assert.deepEqual(after.offers.map((o) => o.status), ["accepted"]);
      assert.deepEqual(after.events, [...before.events, "accept", "contract_generated"]);
      assert.ok(after.notices > before.notices, "the parties are told");
    } finally {
      for (const server of servers) await server.close();
      await locker.end().catch(() => {});
      await handle.close();
      await scratch.drop();
    }
  },
});
