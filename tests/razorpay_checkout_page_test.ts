/**
 * Paying through Razorpay from the booking page, with the real SDK against
 * the stand-in Razorpay: the Pay form creates the order and leads to our
 * Checkout page, which hands the order and the public key id (never the
 * secret) to Razorpay's script; the signed result comes back to the return
 * URL and counts the deposit. Only the payer may open the page.
 */
import assert from "node:assert/strict";
import { openTestApp } from "./support/app.ts";
import { signUp } from "./support/accounts.ts";
import { signedBooking } from "./support/contracts.ts";
import { act, cityId } from "./support/fixtures.ts";
import { startRazorpayStandIn } from "./support/razorpay_server.ts";

const KEYS = {
  keyId: "rzp_test_PageKey0001",
  keySecret: "page-key-secret-0123456789",
  webhookSecret: "wh-page-42",
};

Deno.test("the Razorpay checkout page opens the order for its payer and the signed result pays the deposit", async () => {
  const razorpay = await startRazorpayStandIn(KEYS);
  const app = await openTestApp({
    RAZORPAY_KEY_ID: KEYS.keyId,
    RAZORPAY_KEY_SECRET: KEYS.keySecret,
    RAZORPAY_WEBHOOK_SECRET: KEYS.webhookSecret,
    RAZORPAY_API_URL: razorpay.url,
  });
  try {
    const db = app.database.db;
    const organizer = await signUp(app, "organizer");
    const artist = await signUp(app, "artist");
    const stranger = await signUp(app, "promoter");
    const { id: actId } = await act(db, artist.id, { name: "Razorpay Page Act" });
    const as = (id: string, role: "organizer" | "artist") => ({ userId: id, roles: [role], sessionId: "s" });
    const made = await signedBooking(
      app.services.deps,
      as(organizer.id, "organizer"),
      as(artist.id, "artist"),
      {
        actId,
        startsAt: new Date(Date.now() + 40 * 86_400_000),
        cityId: await cityId(db),
      },
    );

    const pay = await app.request(`/bookings/${made.bookingId}`, {
      method: "POST",
      headers: { ...organizer.headers, Origin: "http://localhost" },
      body: new URLSearchParams({ intent: "pay" }),
    });
    assert.equal(pay.status, 303);
    const pagePath = new URL(pay.headers.get("location")!).pathname;
    assert.match(pagePath, /^\/payments\/[0-9a-f-]{36}\/razorpay$/);
    const [order] = razorpay.orders;
    assert.equal(razorpay.orders.length, 1);

    const checkoutPage = await app.request(pagePath, { headers: organizer.headers });
    // Razorpay's script and frame are allowed on this page alone.
    assert.match(
      checkoutPage.headers.get("content-security-policy") ?? "",
      /script-src 'self' https:\/\/checkout\.razorpay\.com/,
    );
    const bookingPage = await app.request(`/bookings/${made.bookingId}`, { headers: organizer.headers });
    assert.doesNotMatch(bookingPage.headers.get("content-security-policy") ?? "", /razorpay/);
    await bookingPage.body?.cancel();
    const html = await checkoutPage.text();
    assert.ok(html.includes(order.id), "the page carries the order");
    assert.ok(html.includes(KEYS.keyId), "and the public key id");
    assert.ok(!html.includes(KEYS.keySecret) && !html.includes(KEYS.webhookSecret), "never a secret");
    for (const other of [artist, stranger]) {
      const res = await app.request(pagePath, { headers: other.headers });
      assert.ok([403, 404].includes(res.status), `${res.status}`);
      await res.body?.cancel();
    }

    const callback = razorpay.pay(order.id, { method: "upi" });
    const back = new URL(
      pagePath.replace(/\/payments\/([^/]+)\/razorpay$/, `/bookings/${made.bookingId}/payments/$1/return`),
      "http://localhost",
    );
    for (const [k, v] of Object.entries(callback)) back.searchParams.set(k, v);
    const forged = new URL(back);
    forged.searchParams.set("razorpay_signature", "0".repeat(64));
    const refused = await app.request(forged.pathname + forged.search, { headers: organizer.headers });
    assert.equal(refused.status, 400);
    await refused.body?.cancel();
    const ret = await app.request(back.pathname + back.search, { headers: organizer.headers });
    assert.equal(ret.status, 303);
    assert.match(ret.headers.get("location")!, /done=paid$/);
    const booking = await db.selectFrom("bookings").select(["status", "paid"]).where(
      "id",
      "=",
      made.bookingId,
    )
      .executeTakeFirstOrThrow();
    assert.equal(booking.status, "paid_deposit");
    const payment = await db.selectFrom("payments").select(["status", "method", "gateway_fee"])
      .where("booking_id", "=", made.bookingId).executeTakeFirstOrThrow();
    assert.deepEqual([payment.status, payment.method], ["captured", "upi"]);
    assert.ok(payment.gateway_fee > 0);
  } finally {
    await app.close();
    await razorpay.close();
  }
});
