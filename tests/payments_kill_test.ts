/**
 * A server killed in the middle of a webhook loses nothing and counts
 * nothing: the real app runs as a subprocess on a fresh PostgreSQL database;
 * a payment is started through its API; a signed `payment.captured` webhook
 * is posted while another connection holds the booking's row, so the
 * delivery stops inside its transaction after recording the event; the
 * server is killed with SIGKILL (no shutdown, no rollback of its own), and
 * PostgreSQL must roll the half-done delivery back. A new server on the same
 * database then takes the gateway's retry and counts the payment once.
 *
 * PostgreSQL only (TEST_DATABASE_URL): PGlite lives inside the process that
 * is killed.
 */
import assert from "node:assert/strict";
// @ts-types="@types/pg"
import pg from "pg";
import { openDatabase } from "../db/client.ts";
import { createSandboxGateway, SANDBOX_WEBHOOK_PATH } from "../integrations/payments/sandbox.ts";
import { sandboxSecretFrom } from "../integrations/payments/sandbox.ts";
import { accessTokenSigner } from "../services/auth/access_token.ts";
import * as bookings from "../services/bookings/bookings.ts";
import { acceptOffer } from "../services/bookings/negotiations.ts";
import type { WorkflowDeps } from "../services/notifications.ts";
import { enqueue, outboxSealer } from "../services/outbox.ts";
import { signBothSides, signedInAt } from "./support/contracts.ts";
import { hasPostgres, scratchPostgres } from "./support/db.ts";
import { act, cityId, person } from "./support/fixtures.ts";
import { signSandboxWebhook } from "./support/payments.ts";
import { type RunningServer, startServer } from "./support/server.ts";
import { waitFor } from "./support/wait.ts";

const DAY = 24 * 60 * 60 * 1000;
const APP_SECRET = "kill-test-app-secret-0123456789abcdef0123456789";
const JWT_SECRET = "kill-test-jwt-secret-0123456789abcdef0123456789";
const meta = { ip: "203.0.113.41", userAgent: "payments-kill-test" };

Deno.test({
  name: "a server killed in the middle of a webhook rolls it back, and the gateway's retry counts it once",
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
      // A booking both parties signed, made through the services on the server's database.
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
      const created = await bookings.createBooking(deps, organizer, {
        actId,
        title: "The evening the server died",
        startsAt: new Date(Date.now() + 40 * DAY).toISOString(),
        durationMinutes: 90,
        cityId: await cityId(db),
        address: "Shanmukhananda Hall",
        offer: { fee: 4_000_000, depositBps: 2500 },
      }, meta);
      await acceptOffer(deps, artist, created.id, {}, meta);
      await signBothSides(deps, organizer, artist, created.id);
      const bookingId = created.id;

      let server = await start();
      // The organizer starts paying through the server's API: the payment and its sandbox checkout.
      const session = await signedInAt(db, organizer, new Date());
      const token = await (await accessTokenSigner(JWT_SECRET)).issue(
        { userId: organizer.userId, sessionId: session.sessionId },
        new Date(),
      );
      const started = await fetch(`${server.url}/api/v1/payments`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ bookingId }),
      });
      const startedBody = await started.json();
      assert.equal(started.status, 201, JSON.stringify(startedBody));
      const paymentId: string = startedBody.data.payment.id;
      const payment = await db.selectFrom("payments").selectAll().where("id", "=", paymentId)
        .executeTakeFirstOrThrow();
      assert.deepEqual([payment.status, payment.amount, payment.gateway], [
        "initiated",
        1_000_000,
        "sandbox",
      ]);

      // The gateway's webhook for that checkout, signed with the secret the server derives, and
      // checked by a sandbox gateway of our own that holds the same secret.
      const secret = await sandboxSecretFrom(APP_SECRET);
      const eventId = `evt_kill_${crypto.randomUUID().slice(0, 8)}`;
      const capturedAt = new Date();
      const body = JSON.stringify({
        id: eventId,
        type: "payment.captured",
        created: Math.floor(capturedAt.getTime() / 1000),
        fact: {
          kind: "payment_captured",
          checkoutRef: payment.checkout_ref,
          paymentRef: `sbx_pay_kill${crypto.randomUUID().slice(0, 8)}`,
          amount: payment.amount,
          currency: payment.currency,
          fee: Math.floor(payment.amount * 200 / 10_000),
          method: "card",
          occurredAt: capturedAt.toISOString(),
        },
      });
      const ours = createSandboxGateway({ secret, origin: server.url });
      const verified = await ours.verifyWebhook(body, await signSandboxWebhook(secret, body, new Date()));
      assert.equal(verified.fact?.kind, "payment_captured");
      const deliver = async (to: RunningServer) =>
        await fetch(`${to.url}${SANDBOX_WEBHOOK_PATH}`, {
          method: "POST",
          body,
          headers: await signSandboxWebhook(secret, body, new Date()),
        });

      // Another connection holds the booking; the delivery records the event, then waits for it.
      await locker.connect();
      await locker.query("begin");
      await locker.query("select id from bookings where id = $1 for update", [bookingId]);
      const delivery = deliver(server).then(
        (res) => `answered ${res.status}`,
        (err: Error) => `failed: ${err.message}`,
      );
      let blocked: { pid: number; holds_event: boolean } | undefined;
      await waitFor(async () => {
        const { rows } = await locker.query<{ pid: number; holds_event: boolean }>(
          `select a.pid, exists (
             select 1 from pg_locks l
              where l.pid = a.pid and l.relation = 'gateway_events'::regclass and l.mode = 'RowExclusiveLock'
           ) as holds_event
             from pg_stat_activity a
            where a.datname = current_database() and a.wait_event_type = 'Lock'
              and a.pid <> pg_backend_pid()`,
        );
        blocked = rows[0];
        return blocked !== undefined;
      }, { timeoutMs: 15_000, what: "the webhook's transaction waiting for the booking" });
      assert.ok(blocked);
      assert.ok(blocked.holds_event, "the event was recorded in the transaction before it waited");

      Deno.kill(server.pid, "SIGKILL");
      assert.match(await delivery, /^failed/);
      await server.close();
      await locker.query("rollback");
      // Its backend finds the client gone as soon as the lock is released, and rolls back.
      await waitFor(async () => {
        const { rows } = await locker.query("select 1 from pg_stat_activity where pid = $1", [blocked!.pid]);
        return rows.length === 0;
      }, { timeoutMs: 15_000, what: "the killed server's backend to end" });

      const events = await db.selectFrom("gateway_events").select("event_id").where("event_id", "=", eventId)
        .execute();
      assert.deepEqual(events, [], "the event's record was rolled back");
      const postings = await db.selectFrom("ledger_postings").select("id").where("booking_id", "=", bookingId)
        .execute();
      assert.deepEqual(postings, [], "nothing was posted");
      const before = await db.selectFrom("payments").select("status").where("id", "=", paymentId)
        .executeTakeFirstOrThrow();
      assert.equal(before.status, "initiated");

      // The gateway retries against a new server on the same database: counted, once.
      server = await start();
      const retried = await deliver(server);
      assert.deepEqual([retried.status, (await retried.json()).data.outcome], [200, "applied"]);
      const again = await deliver(server);
      assert.deepEqual([again.status, (await again.json()).data.outcome], [200, "duplicate"]);

      const booking = await db.selectFrom("bookings").select(["status", "paid"]).where("id", "=", bookingId)
        .executeTakeFirstOrThrow();
      assert.deepEqual([booking.status, Number(booking.paid)], ["paid_deposit", 1_000_000]);
      const after = await db.selectFrom("payments").select(["status", "gateway_transaction_id"])
        .where("id", "=", paymentId).executeTakeFirstOrThrow();
      assert.equal(after.status, "captured");
      const counted = await db.selectFrom("ledger_postings").select(["id", "kind"])
        .where("booking_id", "=", bookingId).execute();
      assert.deepEqual(counted.map((p) => [p.id, p.kind]), [
        [`capture:sandbox:${after.gateway_transaction_id}`, "capture"],
      ]);
      const recorded = await db.selectFrom("gateway_events").select("event_id").where(
        "event_id",
        "=",
        eventId,
      )
        .execute();
      assert.equal(recorded.length, 1);
    } finally {
      for (const server of servers) await server.close();
      await locker.end().catch(() => {});
      await handle.close();
      await scratch.drop();
    }
  },
});
