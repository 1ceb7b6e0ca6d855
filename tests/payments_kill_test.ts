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
import { createSandboxGateway, SANDBOX_WEBHOOK_PATH } from "../integrations/payments/sandbox.ts";
import { sandboxSecretFrom } from "../integrations/payments/sandbox.ts";
import { acceptOffer } from "../services/bookings/negotiations.ts";
import { signBothSides } from "./support/contracts.ts";
import { hasPostgres } from "./support/db.ts";
import { onKillStage } from "./support/kill_stage.ts";
import { signSandboxWebhook } from "./support/payments.ts";
import type { RunningServer } from "./support/server.ts";

const meta = { ip: "203.0.113.41", userAgent: "payments-kill-test" };

Deno.test({
  name: "a server killed in the middle of a webhook rolls it back, and the gateway's retry counts it once",
  ignore: !hasPostgres,
  // fetch keeps idle keep-alive connections to the servers in its pool.
  sanitizeResources: false,
  fn: () =>
    onKillStage("payments-kill", async (stage) => {
      const { db, deps } = stage;
      // A booking both parties signed, made through the services on the server's database.
      const { organizer, artist, bookingId } = await stage.offer("The evening the server died");
      await acceptOffer(deps, artist, bookingId, {}, meta);
      await signBothSides(deps, organizer, artist, bookingId);

      let server = await stage.start();
      // The organizer starts paying through the server's API: the payment and its sandbox checkout.
      const token = await stage.tokenFor(organizer);
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
      const secret = await sandboxSecretFrom(stage.appSecret);
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
      const blocked = await stage.blockMidway(
        { sql: "select id from bookings where id = $1 for update", params: [bookingId] },
        "gateway_events",
        () => deliver(server),
      );
      await stage.killMidway(server, blocked);

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
      server = await stage.start();
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
    }),
});
