/**
 * The real Razorpay and Stripe SDKs through the whole app, against the
 * stand-ins of tests/support: the app is configured with both gateways' keys
 * and API addresses as a deployment would be (RAZORPAY_*, STRIPE_*), so a
 * rupee booking goes to Razorpay and a dollar booking to Stripe.
 *
 * For each: starting the payment makes one order or Checkout Session at the
 * gateway, keyed by our payment (a second start reuses it); the payer pays
 * at the gateway and the return is confirmed through the API; the gateway's
 * signed webhook that follows changes nothing, and a forged one is refused.
 * Then an admin refunds part of the Razorpay payment: one refund at
 * Razorpay however often it is sent, counted in the ledger once Razorpay
 * says it is processed.
 */
import assert from "node:assert/strict";
import type { Actor } from "../domain/access.ts";
import type { RoleName } from "../domain/roles.ts";
import { sendDueRefunds } from "../services/payments/refunds.ts";
import { openTestApp } from "./support/app.ts";
import { apiCaller, type SignedIn, signUp } from "./support/accounts.ts";
import { confirmedBooking, signBothSides } from "./support/contracts.ts";
import { act, band, cityId } from "./support/fixtures.ts";
import { FormBrowser } from "./support/form_browser.ts";
import { pdfTool } from "./support/pdf_tools.ts";
import { startRazorpayStandIn } from "./support/razorpay_server.ts";
import { startStripeStandIn } from "./support/stripe_server.ts";

const DAY = 86_400_000;
/** The deposit of confirmedBooking's offer: 25% of 40,000.00 in the act's currency. */
const DEPOSIT = 1_000_000;
const RAZORPAY = {
  keyId: "rzp_test_AppThroughStandIn",
  keySecret: "appTestKeySecret0123456789",
  webhookSecret: "app-test-razorpay-webhook-secret",
};
const STRIPE = {
  secretKey: "sk_test_51AppThroughTheStandIn0123456789abcdefABCDEF",
  webhookSecret: "whsec_appThroughTheStandIn0123456789",
};

const asActor = (who: SignedIn, role: RoleName): Actor => ({
  userId: who.id,
  roles: [role],
  sessionId: crypto.randomUUID(),
});

/** One hex digit of a signature changed. */
function forge(signature: string): string {
  return signature.slice(0, -1) + (signature.endsWith("0") ? "1" : "0");
}

type Ledger = { balances: { account: string; balance: number }[]; postings: { kind: string }[] };
const balanceOf = (ledger: Ledger, kind: string) =>
  ledger.balances.find((b) => b.account.startsWith(`${kind}:`))?.balance ?? 0;

Deno.test("Razorpay and Stripe through the app, with their real SDKs against the stand-ins", async (t) => {
  const razorpay = await startRazorpayStandIn(RAZORPAY);
  const stripe = await startStripeStandIn(STRIPE);
  const app = await openTestApp({
    RAZORPAY_KEY_ID: RAZORPAY.keyId,
    RAZORPAY_KEY_SECRET: RAZORPAY.keySecret,
    RAZORPAY_WEBHOOK_SECRET: RAZORPAY.webhookSecret,
    RAZORPAY_API_URL: razorpay.url,
    STRIPE_SECRET_KEY: STRIPE.secretKey,
    STRIPE_WEBHOOK_SECRET: STRIPE.webhookSecret,
    STRIPE_API_URL: stripe.url,
  });
  const db = app.database.db;
  const deps = app.services.deps;
  const api = apiCaller(app);
  try {
    const organizer = await signUp(app, "organizer");
    const indian = await signUp(app, "band_manager");
    const american = await signUp(app, "artist");
    const admin = await signUp(app, "admin");
    const { id: rupeeAct } = await band(db, indian.id);
    // An act's currency is its bookings' currency.
    const { id: dollarAct } = await act(db, american.id, { currency: "USD" });
    const signedBooking = async (actId: string, owner: SignedIn, ownerRole: RoleName, days: number) => {
      const o = asActor(organizer, "organizer");
      const a = asActor(owner, ownerRole);
      const { bookingId } = await confirmedBooking(deps, o, a, {
        actId,
        cityId: await cityId(db, "Pune"),
        startsAt: new Date(Date.now() + days * DAY),
      });
      await signBothSides(deps, o, a, bookingId);
      return bookingId;
    };
    const rupees = await signedBooking(rupeeAct, indian, "band_manager", 30);
    const dollars = await signedBooking(dollarAct, american, "artist", 31);
    const ledgerOf = async (bookingId: string): Promise<Ledger> =>
      (await api(organizer, "GET", `/payments/ledger?bookingId=${bookingId}`)).body.data.ledger;
    const webhook = (gateway: string, hook: { body: string; headers: Headers }) =>
      app.request(`/api/v1/payments/webhooks/${gateway}`, {
        method: "POST",
        body: hook.body,
        headers: hook.headers,
      });
    const storedEvents = async () =>
      (await db.selectFrom("gateway_events").select("event_id").execute()).length;

    let rzpPayment = "";
    let orderId = "";
    let callback: ReturnType<typeof razorpay.pay>;

    await t.step("rupees: one Razorpay order, our payment its receipt", async () => {
      const methods = await api(null, "GET", "/payments/methods?currency=INR");
      assert.equal(methods.body.data.methods.gateway, "razorpay");
      const first = await api(organizer, "POST", "/payments", { bookingId: rupees });
      assert.equal(first.status, 201, JSON.stringify(first.body));
      const { payment, redirectUrl } = first.body.data;
      assert.equal(payment.gateway, "razorpay");
      assert.equal(payment.amount, DEPOSIT);
      rzpPayment = payment.id;
      // Razorpay's Checkout runs on a page of ours, not on a hosted page of theirs.
      assert.equal(new URL(redirectUrl).pathname, `/payments/${rzpPayment}/razorpay`);
      assert.equal(razorpay.orders.length, 1);
      const [order] = razorpay.orders;
      assert.deepEqual(
        { receipt: order.receipt, amount: order.amount, currency: order.currency, notes: order.notes },
        { receipt: rzpPayment, amount: DEPOSIT, currency: "INR", notes: { payment_id: rzpPayment } },
      );
      orderId = order.id;

      const again = await api(organizer, "POST", "/payments", { bookingId: rupees });
      assert.equal(again.status, 201);
      assert.equal(again.body.data.payment.id, rzpPayment);
      assert.equal(razorpay.orders.length, 1);
      const row = await db.selectFrom("payments").select(["checkout_ref", "idempotency_key"])
        .where("id", "=", rzpPayment).executeTakeFirstOrThrow();
      assert.deepEqual(row, { checkout_ref: orderId, idempotency_key: `booking:${rupees}:deposit:1` });
    });

    await t.step("rupees: the signed return is confirmed, with a GST invoice", async () => {
      callback = razorpay.pay(orderId, { method: "upi" });
      const forged = await api(organizer, "POST", `/payments/${rzpPayment}/confirm`, {
        params: { ...callback, razorpay_signature: forge(callback.razorpay_signature) },
      });
      assert.equal(forged.status, 400);
      assert.equal(forged.body.error.code, "INVALID_SIGNATURE");

      const confirmed = await api(organizer, "POST", `/payments/${rzpPayment}/confirm`, {
        params: callback,
      });
      assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
      const { payment } = confirmed.body.data;
      assert.equal(payment.status, "captured");
      assert.equal(payment.method, "upi");
      assert.match(payment.invoiceNumber, /^AS\/\d{4}-\d{2}\/\d+$/);
      for (const who of [organizer, indian]) {
        assert.equal(
          (await api(who, "GET", `/bookings/${rupees}`)).body.data.booking.status,
          "paid_deposit",
        );
      }
      const ledger = await ledgerOf(rupees);
      assert.equal(balanceOf(ledger, "escrow"), DEPOSIT);
      // Razorpay's fee with its GST, as Razorpay reported it.
      assert.equal(balanceOf(ledger, "gateway_fees"), razorpay.payments[0].fee);

      // Played in Maharashtra, invoiced from Karnataka: IGST.
      const invoice = await app.request(`/api/v1/payments/${rzpPayment}/invoice`, {
        headers: organizer.headers,
      });
      assert.equal(invoice.status, 200);
      const file = await Deno.makeTempFile({ suffix: ".pdf" });
      try {
        await Deno.writeFile(file, await invoice.bytes());
        const { code, out } = await pdfTool("pdftotext", "-layout", file, "-");
        assert.equal(code, 0, out);
        assert.ok(out.includes(payment.invoiceNumber), out);
        assert.match(out, /Place of supply\s+Maharashtra \(27\)/);
        assert.match(out, /IGST at 18%/);
      } finally {
        await Deno.remove(file);
      }
    });

    await t.step("rupees: Razorpay's webhook changes nothing more; a forgery is refused", async () => {
      const before = await ledgerOf(rupees);
      const events = await storedEvents();
      const hook = razorpay.webhook("payment.captured", callback.razorpay_payment_id);
      const first = await webhook("razorpay", hook);
      assert.equal(first.status, 200);
      assert.equal((await first.json()).data.outcome, "already");
      const again = await webhook("razorpay", hook);
      assert.equal((await again.json()).data.outcome, "duplicate");
      assert.deepEqual(await ledgerOf(rupees), before);
      assert.equal(await storedEvents(), events + 1);

      const headers = new Headers(hook.headers);
      headers.set("x-razorpay-event-id", "EvtForgedOne0001");
      headers.set("x-razorpay-signature", forge(hook.headers.get("x-razorpay-signature")!));
      const forged = await webhook("razorpay", { body: hook.body, headers });
      assert.equal(forged.status, 400);
      assert.equal((await forged.json()).error.code, "INVALID_SIGNATURE");
      assert.equal(await storedEvents(), events + 1);
    });

    let stripePayment = "";
    let sessionId = "";

    await t.step("dollars: one Checkout Session under the payment's idempotency key", async () => {
      const first = await api(organizer, "POST", "/payments", { bookingId: dollars });
      assert.equal(first.status, 201, JSON.stringify(first.body));
      const { payment, redirectUrl } = first.body.data;
      assert.deepEqual(
        { gateway: payment.gateway, amount: payment.amount, currency: payment.currency },
        { gateway: "stripe", amount: DEPOSIT, currency: "USD" },
      );
      stripePayment = payment.id;
      assert.equal(stripe.sessions.length, 1);
      const [session] = stripe.sessions;
      sessionId = session.id;
      assert.equal(redirectUrl, session.url);
      assert.deepEqual(
        {
          amount: session.amount_total,
          currency: session.currency,
          metadata: session.metadata,
          reference: session.client_reference_id,
        },
        {
          amount: DEPOSIT,
          currency: "usd",
          metadata: { payment_id: stripePayment },
          reference: stripePayment,
        },
      );

      // Stripe knows the key: the same key with other parameters is refused as a reuse.
      const key = `booking:${dollars}:deposit:1`;
      const reuse = await fetch(`${stripe.url}/v1/checkout/sessions`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${STRIPE.secretKey}`,
          "Content-Type": "application/x-www-form-urlencoded",
          "Idempotency-Key": key,
        },
        body: new URLSearchParams({
          mode: "payment",
          success_url: "https://elsewhere.example/done",
          "line_items[0][quantity]": "1",
          "line_items[0][price_data][currency]": "usd",
          "line_items[0][price_data][unit_amount]": "1",
          "line_items[0][price_data][product_data][name]": "Something else",
        }),
      });
      assert.equal(reuse.status, 400);
      assert.equal((await reuse.json()).error.type, "idempotency_error");

      const again = await api(organizer, "POST", "/payments", { bookingId: dollars });
      assert.equal(again.body.data.payment.id, stripePayment);
      assert.equal(again.body.data.redirectUrl, session.url);
      assert.equal(stripe.sessions.length, 1);
    });

    await t.step("dollars: the return with the session id is confirmed", async () => {
      const { redirectTo } = stripe.pay(sessionId);
      assert.ok(redirectTo);
      const back = new URL(redirectTo);
      assert.equal(back.pathname, `/bookings/${dollars}/payments/${stripePayment}/return`);
      const params = Object.fromEntries(back.searchParams);
      assert.deepEqual(params, { session_id: sessionId });
      const confirmed = await api(organizer, "POST", `/payments/${stripePayment}/confirm`, { params });
      assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
      const { payment } = confirmed.body.data;
      assert.deepEqual(
        { status: payment.status, method: payment.method, invoice: payment.invoiceNumber },
        // GST invoices are for rupee payments.
        { status: "captured", method: "card", invoice: null },
      );
      assert.equal(
        (await api(american, "GET", `/bookings/${dollars}`)).body.data.booking.status,
        "paid_deposit",
      );
      const ledger = await ledgerOf(dollars);
      assert.equal(balanceOf(ledger, "escrow"), DEPOSIT);
      // Stripe's 2.9% + 30 cents, from the charge's balance transaction.
      assert.equal(balanceOf(ledger, "gateway_fees"), Math.round(DEPOSIT * 0.029) + 30);

      // The browser's own return, after the API counted the money, still lands on the paid booking.
      const browser = new FormBrowser(app, "203.0.113.95");
      await browser.signIn(organizer);
      const returned = await browser.go(back.pathname + back.search);
      assert.equal(returned.status, 303);
      assert.equal(returned.headers.get("location"), `/bookings/${dollars}?done=paid`);
    });

    await t.step("dollars: Stripe's webhook changes nothing more; a forgery is refused", async () => {
      const before = await ledgerOf(dollars);
      const events = await storedEvents();
      const hook = stripe.webhook("checkout.session.completed", sessionId);
      const delivered = await webhook("stripe", hook);
      assert.equal(delivered.status, 200);
      assert.equal((await delivered.json()).data.outcome, "already");
      assert.deepEqual(await ledgerOf(dollars), before);
      assert.equal(await storedEvents(), events + 1);

      const headers = new Headers(hook.headers);
      headers.set("stripe-signature", forge(hook.headers.get("stripe-signature")!));
      const forged = await webhook("stripe", { body: hook.body, headers });
      assert.equal(forged.status, 400);
      assert.equal((await forged.json()).error.code, "INVALID_SIGNATURE");
      assert.equal(await storedEvents(), events + 1);
    });

    await t.step("an admin's refund: one at Razorpay, counted once processed", async () => {
      const part = 400_000;
      const asked = await api(admin, "POST", `/payments/${rzpPayment}/refund`, {
        amount: part,
        reason: "Goodwill for the late start",
      });
      assert.equal(asked.status, 201, JSON.stringify(asked.body));
      const { refund } = asked.body.data;
      assert.deepEqual(
        { amount: refund.amount, reason: refund.reason, status: refund.status },
        { amount: part, reason: "admin", status: "requested" },
      );
      assert.equal(razorpay.refunds.length, 1);
      const [atRazorpay] = razorpay.refunds;
      assert.deepEqual(
        { amount: atRazorpay.amount, notes: atRazorpay.notes, status: atRazorpay.status },
        { amount: part, notes: { refund_id: refund.id }, status: "pending" },
      );

      const paymentDeps = { ...deps, gateways: app.services.payments };
      // Sent and waiting for Razorpay: the refund worker leaves it alone.
      assert.equal(await sendDueRefunds(paymentDeps), 0);
      // As if Razorpay's answer had been lost on the way: the worker sends it again, under the same key.
      await db.updateTable("payment_refunds").set({ refund_ref: null }).where("id", "=", refund.id)
        .execute();
      assert.equal(await sendDueRefunds(paymentDeps), 1);
      assert.equal(razorpay.refunds.length, 1);
      const resent = await db.selectFrom("payment_refunds").select(["refund_ref", "status"])
        .where("id", "=", refund.id).executeTakeFirstOrThrow();
      assert.deepEqual(resent, { refund_ref: atRazorpay.id, status: "requested" });
      assert.deepEqual((await ledgerOf(rupees)).postings.map((p) => p.kind), ["capture"]);

      razorpay.processRefunds();
      const processed = await webhook("razorpay", razorpay.webhook("refund.processed", atRazorpay.id));
      assert.equal(processed.status, 200);
      assert.equal((await processed.json()).data.outcome, "applied");
      const ledger = await ledgerOf(rupees);
      assert.deepEqual(ledger.postings.map((p) => p.kind), ["capture", "refund"]);
      assert.equal(balanceOf(ledger, "escrow"), DEPOSIT - part);
      assert.equal(balanceOf(ledger, "organizer_refunds"), part);
      assert.equal(ledger.balances.reduce((sum, b) => sum + b.balance, 0), 0);
      const { body } = await api(organizer, "GET", `/bookings/${rupees}/payments`);
      assert.equal(body.data.payments.payments[0].refundedAmount, part);
      assert.equal(body.data.payments.refunds[0].status, "processed");
    });
  } finally {
    await app.close();
    await razorpay.close();
    await stripe.close();
  }
});
