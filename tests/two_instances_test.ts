/**
 * Two app instances on one PostgreSQL database behind HAProxy from Debian
 * (round robin per request, on loopback), driven through the balancer as
 * clients reach production: a session and its refresh token work whichever
 * instance a request reaches and a spent refresh token stays spent on both;
 * the sign-in limit counts exactly across both; the anonymous page cache
 * (on, as in production) never hands one person's page to another;
 * many organizers accepting offers for one act's same evening at once end
 * with exactly one confirmation; both instances sweeping every second close
 * each lapsed offer once, tell each party once and send each e-mail once (to
 * a real SMTP server); and an instance stopped with SIGTERM while traffic flows
 * loses no request. Needs TEST_DATABASE_URL and haproxy
 * (`apt-get install -y haproxy`; .ci/run installs it).
 */
import assert from "node:assert/strict";
import { openDatabase } from "../db/client.ts";
import { DEMO_PASSWORD, seedDemo } from "../server/demo_seed.ts";
import { hasPostgres, scratchPostgres } from "./support/db.ts";
import { haproxyInstalled, startBalancer } from "./support/haproxy.ts";
import { type RunningServer, startServer } from "./support/server.ts";
import { type SmtpTestServer, startSmtpServer } from "./support/smtp_server.ts";
import { waitFor } from "./support/wait.ts";

const DAY = 86_400_000;
/** Offers lapsing at once in the sweep step. */
const LAPSING = 80;
const secret = () => crypto.randomUUID() + crypto.randomUUID();

interface Answer {
  status: number;
  body: any;
  servedBy: string | null;
}

Deno.test({
  name:
    "two instances behind HAProxy: sessions on either, one confirmation per slot, no request lost to SIGTERM",
  ignore: !hasPostgres || !await haproxyInstalled(),
  async fn(t) {
    const scratch = await scratchPostgres();
    const handle = await openDatabase({ driver: "pg", url: scratch.url, pgliteDir: "" });
    const instances: RunningServer[] = [];
    let balancer: { url: string; close(): Promise<void> } | undefined;
    let smtp: SmtpTestServer | undefined;
    try {
      smtp = await startSmtpServer();
      await seedDemo(handle.db);
      // One set of secrets: a token signed by one instance is checked by the other.
      // The anonymous page cache on, as production has it.
      const env = {
        DATABASE_URL: scratch.url,
        APP_SECRET: secret(),
        JWT_SECRET: secret(),
        TRUST_PROXY: "true",
        PAGE_CACHE_SECONDS: "10",
        // Both instances sweep and deliver, as every instance does in production; every second, to see it here.
        SWEEP_SECONDS: "1",
        SMTP_URL: smtp.url,
      };
      // One after the other: development's first start finishes the demo (its sealed messages) alone.
      for (let i = 0; i < 2; i++) instances.push(await startServer({ env }));
      balancer = await startBalancer(instances.map((i) => i.url));
      const origin = balancer.url;

      const call = async (method: string, path: string, token?: string, body?: unknown): Promise<Answer> => {
        const res = await fetch(`${origin}/api/v1${path}`, {
          method,
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(body === undefined ? {} : { "content-type": "application/json" }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: res.status, body: await res.json(), servedBy: res.headers.get("x-served-by") };
      };
      const signIn = async (who: string) => {
        const res = await call("POST", "/auth/login", undefined, {
          identifier: `${who}@demo.artistspace.in`,
          password: DEMO_PASSWORD,
        });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        return res.body.data as { accessToken: string; refreshToken: string };
      };
      /** `organizer` asks Asha for an evening in Pune `daysAhead` from now; Asha quotes. The booking's id. */
      const askAndQuote = async (
        organizerToken: string,
        ashaToken: string,
        title: string,
        daysAhead: number,
      ) => {
        const act = await handle.db.selectFrom("acts").select("id").where("slug", "=", "asha-rao")
          .executeTakeFirstOrThrow();
        const city = await handle.db.selectFrom("cities").select("city_id").where("name", "=", "Pune")
          .orderBy("city_id").executeTakeFirstOrThrow();
        const asked = await call("POST", "/bookings", organizerToken, {
          actId: act.id,
          title,
          startsAt: new Date(Math.ceil(Date.now() / DAY) * DAY + daysAhead * DAY + 14 * 3_600_000)
            .toISOString(),
          durationMinutes: 90,
          cityId: city.city_id,
        });
        assert.equal(asked.status, 201, JSON.stringify(asked.body));
        const id: string = asked.body.data.booking.id;
        const quoted = await call("POST", `/negotiations/${id}/offer`, ashaToken, { fee: 6_000_000 });
        assert.equal(quoted.status, 200, JSON.stringify(quoted.body));
        return id;
      };

      await t.step("a session works on either instance; a spent refresh token is spent on both", async () => {
        const session = await signIn("dev.organizer");
        const served = new Set<string>();
        for (let i = 0; i < 6; i++) {
          const me = await call("GET", "/auth/me", session.accessToken);
          assert.equal(me.status, 200);
          served.add(me.servedBy!);
        }
        assert.deepEqual([...served].sort(), ["app1", "app2"]);
        const first = await call("POST", "/auth/refresh-token", undefined, {
          refreshToken: session.refreshToken,
        });
        assert.equal(first.status, 200);
        const again = await call("POST", "/auth/refresh-token", undefined, {
          refreshToken: session.refreshToken,
        });
        assert.equal(again.status, 401, "the replay is refused");
        assert.notEqual(again.servedBy, first.servedBy, "by the other instance");
        const next = first.body.data as { accessToken: string };
        assert.equal(
          (await call("GET", "/auth/me", next.accessToken)).status,
          401,
          "and it ended the session",
        );
      });

      await t.step("the sign-in limit counts exactly across both instances", async () => {
        const tries = [];
        for (let i = 0; i < 6; i++) {
          tries.push(
            await call("POST", "/auth/login", undefined, {
              identifier: "esha.venue@demo.artistspace.in",
              password: "not-the-password",
            }),
          );
        }
        assert.deepEqual(tries.map((a) => a.status), [401, 401, 401, 401, 401, 429]);
        assert.deepEqual(new Set(tries.map((a) => a.servedBy)), new Set(["app1", "app2"]));
      });

      await t.step("the anonymous page cache never serves one person's page to another", async () => {
        const dev = await signIn("dev.organizer");
        const chitra = await signIn("chitra.promoter");
        // Each dashboard lists its own upcoming shows: Dev's book launch, Chitra's rooftop sessions.
        const people = [
          [dev.accessToken, "Book launch, Pune", "Rooftop sessions at The Baradari"],
          [chitra.accessToken, "Rooftop sessions at The Baradari", "Book launch, Pune"],
        ];
        for (let i = 0; i < 4; i++) {
          for (const [token, theirs, others] of people) {
            const res = await fetch(`${origin}/dashboard`, { headers: { authorization: `Bearer ${token}` } });
            const html = await res.text();
            assert.equal(res.status, 200);
            assert.ok(html.includes(theirs) && !html.includes(others), `round ${i + 1}: ${theirs}`);
          }
          const anonymous = await fetch(`${origin}/dashboard`, { redirect: "manual" });
          await anonymous.body?.cancel();
          assert.equal(anonymous.status, 303, "a visitor is sent to sign in, never shown a cached dashboard");
        }
      });

      await t.step(
        "many organizers accepting one act's evening at once: exactly one confirmation",
        async () => {
          const organizers = [await signIn("dev.organizer"), await signIn("chitra.promoter")];
          const asha = await signIn("asha.artist");
          const asks: { id: string; token: string }[] = [];
          for (let i = 0; i < 8; i++) {
            const organizer = organizers[i % 2];
            const id = await askAndQuote(
              organizer.accessToken,
              asha.accessToken,
              `Winter recital ${i + 1}`,
              200,
            );
            asks.push({ id, token: organizer.accessToken });
          }
          const answers = await Promise.all(
            asks.map(({ id, token }) => call("POST", `/negotiations/${id}/accept`, token)),
          );
          const confirmed = answers.filter((a) => a.status === 200);
          assert.equal(confirmed.length, 1, JSON.stringify(answers.map((a) => a.status)));
          for (const refused of answers.filter((a) => a.status !== 200)) {
            assert.equal(refused.status, 409, JSON.stringify(refused.body));
          }
          assert.deepEqual(new Set(answers.map((a) => a.servedBy)), new Set(["app1", "app2"]));
          const rows = await handle.db.selectFrom("bookings").select("status")
            .where("id", "in", asks.map((a) => a.id)).execute();
          assert.equal(rows.filter((r) => r.status === "confirmed").length, 1);
        },
      );

      await t.step(
        "both instances sweep: lapsed offers close once, each party hears once, by one e-mail",
        async () => {
          const [dev, asha] = [await signIn("dev.organizer"), await signIn("asha.artist")];
          // Offers lapse at the same moment, enough that the two instances' passes work through them together
          // (with the booking lock left out, they closed 119 of these 80 in one run).
          const run = crypto.randomUUID().slice(0, 8);
          const ids: string[] = [];
          for (let i = 0; i < LAPSING; i++) {
            ids.push(await askAndQuote(dev.accessToken, asha.accessToken, `Lapse ${run} ${i + 1}`, 230 + i));
          }
          await handle.db.updateTable("booking_offers").set({ expires_at: new Date(Date.now() + 2_000) })
            .where("booking_id", "in", ids).where("status", "=", "open").execute();
          await waitFor(
            async () =>
              (await handle.db.selectFrom("bookings").select("status").where("id", "in", ids).execute())
                .every((b) => b.status === "cancelled"),
            { timeoutMs: 20_000, what: "the sweeps" },
          );

          const notices = () =>
            handle.db.selectFrom("notifications").select(["user_id", "title", "link"])
              .where("body", "like", "%expired without an answer%").where("body", "like", `%Lapse ${run} %`)
              .execute();
          // Their e-mails: the notice's title is the subject (RFC 2047 Q-encoded: "_" for a space), the booking's
          // title is in the quoted-printable text (soft line breaks removed before looking).
          const mails = async () => {
            const subjects = new Set(
              (await notices()).map((n) => `Subject: =?UTF-8?Q?${n.title.replaceAll(" ", "_")}`),
            );
            return (await smtp!.messages()).map((m) => m.replace(/=\r?\n/g, ""))
              .filter((m) => m.includes(`Lapse ${run} `) && [...subjects].some((s) => m.includes(s)));
          };
          // Each notice's e-mail goes through the outbox: wait for them, then for more passes of both.
          await waitFor(async () => (await mails()).length >= 2 * ids.length, {
            timeoutMs: 30_000,
            what: "the e-mails",
          });
          await new Promise((resolve) => setTimeout(resolve, 6_000));

          const expiries = await handle.db.selectFrom("booking_events").select("booking_id")
            .where("booking_id", "in", ids).where("event", "=", "expire").execute();
          assert.deepEqual(
            expiries.map((e) => e.booking_id).sort(),
            [...ids].sort(),
            "each booking closed once",
          );
          const told = (await notices()).map((n) => `${n.link} ${n.user_id}`);
          assert.equal(told.length, 2 * ids.length, "both parties of each booking are told");
          assert.equal(new Set(told).size, told.length, "and each of them once");
          const sent = (await mails()).map((m) =>
            `${m.match(/^To: (.*)$/m)?.[1]?.trim()} ${m.match(/Lapse \S+ \d+/)?.[0]}`
          );
          assert.equal(sent.length, told.length, sent.join("; "));
          assert.equal(new Set(sent).size, sent.length, sent.join("; "));
        },
      );

      await t.step("SIGTERM on one instance while the balancer sends traffic loses no request", async () => {
        const stopAt = Date.now() + 3_000;
        const statuses: number[] = [];
        const served = new Set<string>();
        const clients = Array.from({ length: 8 }, async () => {
          while (Date.now() < stopAt) {
            const res = await fetch(`${origin}/artists`);
            await res.body?.cancel();
            statuses.push(res.status);
            served.add(res.headers.get("x-served-by") ?? "none");
          }
        });
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        await instances[0].close();
        await Promise.all(clients);
        const failed = statuses.filter((s) => s !== 200);
        assert.deepEqual(failed, [], `${failed.length} of ${statuses.length} requests failed`);
        assert.ok(statuses.length > 50, `${statuses.length} requests`);
        assert.ok(served.has("app1") && served.has("app2"), "both served until one stopped");
      });
    } finally {
      await balancer?.close();
      await smtp?.close();
      for (const instance of instances) await instance.close();
      await handle.close();
      await scratch.drop();
    }
  },
});
