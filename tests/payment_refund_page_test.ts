/**
 * An admin refunds part of a payment from the booking page without
 * JavaScript: the form is theirs alone, a refund beyond what is left is
 * refused next to the form, and an accepted one reaches the sandbox gateway
 * and is counted once it confirms; a later cancellation refunds only what
 * the policy gives back beyond it.
 */
import assert from "node:assert/strict";
import { openTestApp } from "./support/app.ts";
import { signUp } from "./support/accounts.ts";
import { signedBooking } from "./support/contracts.ts";
import { act, cityId } from "./support/fixtures.ts";
import { payDue } from "./support/payments.ts";
import { cancelBooking } from "../services/bookings/bookings.ts";
import { refundPayment, sendDueRefunds } from "../services/payments/refunds.ts";
import { bookingLedger } from "../services/payments/ledger_book.ts";
import { account, balanceOf } from "../domain/ledger.ts";

const testIds = (html: string) => [...html.matchAll(/data-testid="([\w-]+)"/g)].map((m) => m[1]);

Deno.test("an admin refunds part of a payment from the booking page", async () => {
  const app = await openTestApp();
  try {
    const db = app.database.db;
    const deps = app.services.deps;
    const organizer = await signUp(app, "organizer");
    const artist = await signUp(app, "artist");
    const admin = await signUp(app, "admin");
    // Before any payment, the payments page says how payments start.
    const empty = await (await app.request("/payments", { headers: organizer.headers })).text();
    assert.match(empty, /data-testid="payments-empty"[^>]*>[^<]*both signed its contract/);
    const { id: actId } = await act(db, artist.id, { name: "Refund Page Act" });
    const as = (id: string, role: "organizer" | "artist") => ({ userId: id, roles: [role], sessionId: "s" });
    const made = await signedBooking(deps, as(organizer.id, "organizer"), as(artist.id, "artist"), {
      actId,
      startsAt: new Date(Date.now() + 50 * 86_400_000),
      cityId: await cityId(db),
    });
    const payments = {
      deps: { ...deps, gateways: app.services.payments },
      sandbox: app.services.payments.sandbox!,
      kept: [],
    };
    const paid = await payDue(payments, as(organizer.id, "organizer"), made.bookingId);
    assert.equal(paid.status, "captured");

    const path = `/bookings/${made.bookingId}`;
    const html = async (who: typeof admin) =>
      await (await app.request(path, { headers: who.headers })).text();
    assert.ok(testIds(await html(admin)).includes("refund-form"));
    assert.ok(!testIds(await html(organizer)).includes("refund-form"));
    const post = (form: Record<string, string>) =>
      app.request(path, {
        method: "POST",
        headers: { ...admin.headers, Origin: "http://localhost" },
        body: new URLSearchParams({ intent: "refund", payment: paid.id, ...form }),
      });

    const tooMuch = await post({ amount: "1,00,00,000", reason: "Goodwill" });
    assert.equal(tooMuch.status, 422);
    assert.match(await tooMuch.text(), /At most \d+ minor units are left to refund/);

    const done = await post({ amount: "1,000", reason: "The sound system failed for ten minutes" });
    assert.equal(done.status, 303);
    assert.equal(done.headers.get("location"), `${path}?done=refund`);
    await app.services.payments.sandbox!.settled();
    const row = await db.selectFrom("payments").select(["status", "refunded_amount"]).where(
      "id",
      "=",
      paid.id,
    )
      .executeTakeFirstOrThrow();
    assert.deepEqual([row.status, row.refunded_amount], ["captured", 100_000]);
    const refunds = await db.selectFrom("ledger_postings").select("id").where(
      "booking_id",
      "=",
      made.bookingId,
    )
      .where("kind", "=", "refund").execute();
    assert.equal(refunds.length, 1, "the sandbox's answer and its webhook count the refund once");
    assert.match(await html(organizer), /Refund ₹1,000 \(admin\)/);

    // Cancelled later, the policy's refund counts what the admin already gave back.
    const cancelled = await cancelBooking(deps, as(organizer.id, "organizer"), made.bookingId, {
      reason: "The festival moved",
    }, { ip: null, userAgent: null });
    assert.equal(cancelled.refundDue, paid.amount);
    const asked = await db.selectFrom("payment_refunds").select(["amount", "reason"])
      .where("booking_id", "=", made.bookingId).where("reason", "=", "cancellation").execute();
    assert.deepEqual(asked.map((r) => r.amount), [paid.amount - 100_000]);
    await sendDueRefunds(payments.deps);
    await app.services.payments.sandbox!.settled();
    const ledger = await bookingLedger(db, made.bookingId);
    assert.equal(balanceOf(ledger, account.organizerRefunds(made.bookingId)), paid.amount);
    assert.equal(balanceOf(ledger, account.escrow(made.bookingId)), 0);
    const booking = await db.selectFrom("bookings").select("status").where("id", "=", made.bookingId)
      .executeTakeFirstOrThrow();
    assert.equal(booking.status, "refunded");

    // Refunded in full by an admin first, a cancellation has nothing left to send and is closed as refunded.
    const again = await signedBooking(deps, as(organizer.id, "organizer"), as(artist.id, "artist"), {
      actId,
      startsAt: new Date(Date.now() + 60 * 86_400_000),
      cityId: await cityId(db),
    });
    const second = await payDue(payments, as(organizer.id, "organizer"), again.bookingId);
    const adminActor = { userId: admin.id, roles: ["admin" as const], sessionId: "s" };
    await refundPayment(payments.deps, adminActor, second.id, { reason: "Paid by mistake" }, {
      ip: null,
      userAgent: null,
    });
    await app.services.payments.sandbox!.settled();
    await cancelBooking(deps, as(organizer.id, "organizer"), again.bookingId, { reason: "Called off" }, {
      ip: null,
      userAgent: null,
    });
    await sendDueRefunds(payments.deps);
    const closed = await db.selectFrom("bookings").select(["status", "refund_due"]).where(
      "id",
      "=",
      again.bookingId,
    )
      .executeTakeFirstOrThrow();
    assert.deepEqual([closed.status, Number(closed.refund_due)], ["refunded", 0]);
    const asks = await db.selectFrom("payment_refunds").select("reason").where(
      "booking_id",
      "=",
      again.bookingId,
    )
      .execute();
    assert.deepEqual(asks.map((r) => r.reason), ["admin"], "nothing more was asked of the gateway");
  } finally {
    await app.close();
  }
});
