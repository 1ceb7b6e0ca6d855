/**
 * Every payments endpoint, called by everyone who relates to a booking in
 * some way, with the answer domain/payment_access.ts decides: anonymous ->
 * 401 (whether or not the id exists), a band's members, a venue's managers
 * and strangers -> 404 (to them the payments do not exist), a reader who may
 * not do the thing -> 403. Only the organizer pays, only an admin refunds;
 * an act's earnings are its owner's, staff's and admins' to read, and a
 * member's own share theirs. Webhooks need no sign-in, whoever sends them:
 * the signature decides. Every answer is the JSON envelope but the invoice.
 *
 * The money moves through the sandbox gateway on the payer's own path: the
 * API starts the checkout, the sandbox takes the test card (and delivers its
 * signed webhook to the app), the API confirms the return.
 */
import assert from "node:assert/strict";
import type { Actor } from "../domain/access.ts";
import type { RoleName } from "../domain/roles.ts";
import { SANDBOX_CARDS } from "../integrations/payments/sandbox.ts";
import { openTestApp } from "./support/app.ts";
import { type SignedIn, signUp } from "./support/accounts.ts";
import { confirmedBooking, signBothSides } from "./support/contracts.ts";
import { band, cityId, venue } from "./support/fixtures.ts";
import { returnParams } from "./support/payments.ts";

type Caller = "anonymous" | "organizer" | "act" | "member" | "venue" | "stranger" | "staff" | "admin";

const DAY = 86_400_000;

Deno.test("authorization matrix of the payments endpoints", async (t) => {
  const app = await openTestApp();
  const deps = app.services.deps;
  const db = app.database.db;
  const sandbox = app.services.payments.sandbox!;
  try {
    const people: Record<Exclude<Caller, "anonymous">, SignedIn> = {
      organizer: await signUp(app, "organizer"),
      act: await signUp(app, "band_manager"),
      member: await signUp(app, "artist"),
      venue: await signUp(app, "venue_manager"),
      stranger: await signUp(app, "promoter"),
      staff: await signUp(app, "staff"),
      admin: await signUp(app, "admin"),
    };
    const asActor = (who: SignedIn, role: RoleName): Actor => ({
      userId: who.id,
      roles: [role],
      sessionId: crypto.randomUUID(),
    });
    const organizer = asActor(people.organizer, "organizer");
    const manager = asActor(people.act, "band_manager");
    const { id: actId } = await band(db, people.act.id);
    await db.insertInto("band_members").values({
      act_id: actId,
      user_id: people.member.id,
      status: "accepted",
      fee_share_bps: 5_000,
      responded_at: new Date(),
    }).execute();
    const { id: venueId } = await venue(db, people.venue.id, { city_id: await cityId(db, "Pune") });

    const call = (
      who: Caller,
      method: string,
      path: string,
      init: { body?: unknown; headers?: Headers } = {},
    ) => {
      const headers = new Headers(init.headers);
      if (who !== "anonymous") {
        for (const [name, value] of Object.entries(people[who].headers)) headers.set(name, value);
      }
      let body: string | undefined;
      if (typeof init.body === "string") body = init.body;
      else if (init.body !== undefined) {
        headers.set("Content-Type", "application/json");
        body = JSON.stringify(init.body);
      }
      return app.request(`/api/v1${path}`, { method, headers, body });
    };

    let day = 20;
    /** A booking at the venue, a day later than the last, both parties having signed its contract. */
    const signedBooking = async () => {
      const { bookingId } = await confirmedBooking(deps, organizer, manager, {
        actId,
        venueId,
        startsAt: new Date(Date.now() + day++ * DAY),
      });
      await signBothSides(deps, organizer, manager, bookingId);
      return bookingId;
    };

    const toPay = await signedBooking();
    const paid = await signedBooking();
    // The organizer pays the deposit with the sandbox's test card and comes back from checkout.
    const started = await call("organizer", "POST", "/payments", { body: { bookingId: paid } });
    assert.equal(started.status, 201, await started.clone().text());
    const { data: { payment, redirectUrl } } = await started.json();
    const ref = new URL(redirectUrl).pathname.split("/").pop()!;
    const outcome = await sandbox.pay(ref, "card", SANDBOX_CARDS.success);
    const params = returnParams(outcome.redirect);
    await sandbox.settled();
    const paymentId: string = payment.id;
    const delivered = app.sandboxWebhooks.find((w) => JSON.parse(w.body).fact?.checkoutRef === ref);
    assert.ok(delivered, "the sandbox delivered the capture's webhook");
    const event = JSON.parse(delivered.body);
    const forged = JSON.stringify({ ...event, fact: { ...event.fact, amount: event.fact.amount * 10 } });
    const missing = crypto.randomUUID();

    const readers = { organizer: 200, act: 200, staff: 200, admin: 200 };
    const hidden = { anonymous: 401, member: 404, venue: 404, stranger: 404 };
    const absent = {
      anonymous: 401,
      organizer: 404,
      act: 404,
      member: 404,
      venue: 404,
      stranger: 404,
      staff: 404,
      admin: 404,
    };
    const everyone = (status: number): Record<Caller, number> => ({
      anonymous: status,
      organizer: status,
      act: status,
      member: status,
      venue: status,
      stranger: status,
      staff: status,
      admin: status,
    });

    // [method, path, body or webhook, expected status per caller]
    const table: [string, string, { body?: unknown; headers?: Headers }, Record<Caller, number>][] = [
      ["POST", "/payments", { body: { bookingId: toPay } }, {
        ...hidden,
        act: 403,
        staff: 403,
        admin: 403,
        organizer: 201,
      }],
      ["POST", "/payments", { body: { bookingId: missing } }, absent],
      ["GET", `/payments/${paymentId}`, {}, { ...hidden, ...readers }],
      ["GET", `/payments/${missing}`, {}, absent],
      ["POST", `/payments/${paymentId}/confirm`, { body: { params } }, {
        ...hidden,
        act: 403,
        staff: 403,
        admin: 403,
        organizer: 200,
      }],
      ["POST", `/payments/${missing}/confirm`, { body: { params } }, absent],
      ["GET", `/payments/ledger?bookingId=${paid}`, {}, { ...hidden, ...readers }],
      ["GET", `/payments/ledger?bookingId=${missing}`, {}, absent],
      ["GET", "/payments/methods?currency=INR", {}, everyone(200)],
      ["GET", `/bookings/${paid}/payments`, {}, { ...hidden, ...readers }],
      ["GET", `/bookings/${missing}/payments`, {}, absent],
      ["GET", `/artists/${actId}/earnings`, {}, {
        anonymous: 401,
        organizer: 404,
        venue: 404,
        stranger: 404,
        member: 200,
        act: 200,
        staff: 200,
        admin: 200,
      }],
      ["GET", `/artists/${missing}/earnings`, {}, absent],
      ["GET", `/payments/${paymentId}/invoice`, {}, { ...hidden, ...readers }],
      ["GET", `/payments/${missing}/invoice`, {}, absent],
      [
        "POST",
        "/payments/webhooks/sandbox",
        { body: delivered.body, headers: delivered.headers },
        everyone(200),
      ],
      ["POST", "/payments/webhooks/sandbox", { body: forged, headers: delivered.headers }, everyone(400)],
      [
        "POST",
        "/payments/webhooks/paypal",
        { body: delivered.body, headers: delivered.headers },
        everyone(404),
      ],
      ["PUT", `/users/${people.member.id}/payout-accounts/razorpay`, {
        body: { accountRef: "acc_GRWKk7qQsLnDjX" },
      }, {
        ...everyone(403),
        anonymous: 401,
        admin: 200,
      }],
      ["PUT", `/users/${missing}/payout-accounts/razorpay`, { body: { accountRef: "acc_GRWKk7qQsLnDjX" } }, {
        ...everyone(403),
        anonymous: 401,
        admin: 404,
      }],
      ["POST", `/payments/${missing}/refund`, { body: { reason: "Paid twice" } }, { ...absent }],
      ["POST", `/payments/${paymentId}/refund`, { body: { reason: "Paid twice" } }, {
        ...hidden,
        organizer: 403,
        act: 403,
        staff: 403,
        admin: 201,
      }],
    ];

    const named = (path: string) =>
      path.replace(toPay, ":toPay").replace(paid, ":paid").replace(paymentId, ":payment")
        .replace(actId, ":act").replace(missing, ":missing").replace(people.member.id, ":member");
    // Those who may change something come last, so the refusals before them all see the same state.
    const order: Caller[] = [
      "anonymous",
      "stranger",
      "venue",
      "member",
      "staff",
      "act",
      "organizer",
      "admin",
    ];
    for (const [method, path, init, expected] of table) {
      const what = init.body === forged
        ? " (forged)"
        : path === "/payments"
        ? ` for ${named((init.body as { bookingId: string }).bookingId)}`
        : "";
      await t.step(`${method} ${named(path)}${what}`, async () => {
        for (const who of order) {
          const res = await call(who, method, path, init);
          const type = res.headers.get("content-type");
          assert.equal(res.status, expected[who], `${who}: ${await res.clone().text()}`);
          if (path.endsWith("/invoice") && res.status === 200) {
            assert.equal(type, "application/pdf");
            assert.equal(new TextDecoder().decode((await res.bytes()).slice(0, 5)), "%PDF-");
            continue;
          }
          assert.equal(type, "application/json");
          const envelope = await res.json();
          assert.equal(envelope.success, res.status < 400);
          if (path.includes("/webhooks/") && res.status === 200) {
            // Delivered once already by the sandbox: the same event again changes nothing.
            assert.equal(envelope.data.outcome, "duplicate");
          }
          if (res.status >= 400) assert.equal(typeof envelope.error.code, "string");
        }
      });
    }

    await t.step("the refusals changed nothing; each success did what it says", async () => {
      const payments = await db.selectFrom("payments").select(["booking_id", "status"])
        .where("booking_id", "in", [toPay, paid]).orderBy("initiated_at").execute();
      assert.deepEqual(payments, [
        { booking_id: paid, status: "refunded" },
        { booking_id: toPay, status: "initiated" },
      ]);
      const refunds = await db.selectFrom("payment_refunds").select(["payment_id", "reason", "status"])
        .execute();
      assert.deepEqual(refunds, [{ payment_id: paymentId, reason: "admin", status: "processed" }]);
      // The capture and the refund, each stored once whoever delivered it again; the forgery not at all.
      await sandbox.settled();
      const events = await db.selectFrom("gateway_events").select(["event_id", "type", "fact"])
        .orderBy("received_at").execute();
      assert.deepEqual(events.map((e) => e.type), ["payment.captured", "refund.processed"]);
      assert.equal(events[0].event_id, event.id);
      assert.equal(events[0].fact?.amount, event.fact.amount);
    });
  } finally {
    await app.close();
  }
});
