/**
 * The Stripe gateway, through the real Stripe SDK, against the stand-in Stripe
 * of support/stripe_server.ts: checkouts and their idempotency, the facts a
 * return, a webhook and a listing report, webhook signatures, refunds and
 * Connect payouts. The stand-in and the gateway share one clock, which the
 * tests move to expire sessions and to age signatures.
 */
import assert from "node:assert/strict";
import { Conflict, ExternalServiceError, ValidationError } from "../domain/errors.ts";
import {
  type CapturedFact,
  type CheckoutRequest,
  type PayoutRequest,
  SignatureRejected,
} from "../integrations/payments/gateway.ts";
import { createStripeGateway, withSessionId } from "../integrations/payments/stripe.ts";
import { startStripeStandIn, type StripeStandIn } from "./support/stripe_server.ts";

const SECRET_KEY = "sk_test_51StandInKeyForTestsOnly0123456789abcdefABCDEF";
const WEBHOOK_SECRET = "whsec_standInWebhookSecretForTests0123456789";
const START = new Date("2026-03-02T10:00:00Z");

interface Harness {
  standIn: StripeStandIn;
  gateway: ReturnType<typeof createStripeGateway>;
  clock: { at: Date; advance(seconds: number): void };
  gatewayWith(
    options: { secretKey?: string; webhookSecret?: string },
  ): ReturnType<typeof createStripeGateway>;
}

async function withStripe(
  fn: (h: Harness) => Promise<void>,
  settlement?: { currency: string; exchangeRate: number },
): Promise<void> {
  const clock = {
    at: START,
    advance(seconds: number) {
      this.at = new Date(this.at.getTime() + seconds * 1000);
    },
  };
  const now = () => clock.at;
  const standIn = await startStripeStandIn({
    secretKey: SECRET_KEY,
    webhookSecret: WEBHOOK_SECRET,
    now,
    settlement,
  });
  const gatewayWith = (options: { secretKey?: string; webhookSecret?: string }) =>
    createStripeGateway({
      secretKey: options.secretKey ?? SECRET_KEY,
      webhookSecret: options.webhookSecret ?? WEBHOOK_SECRET,
      api: { host: standIn.host, port: standIn.port, protocol: "http" },
      now,
    });
  try {
    await fn({ standIn, gateway: gatewayWith({}), clock, gatewayWith });
  } finally {
    await standIn.close();
  }
}

function checkout(n: number, overrides: Partial<CheckoutRequest> = {}): CheckoutRequest {
  return {
    paymentId: `payment-${n}`,
    idempotencyKey: `booking:${n}:deposit:1`,
    amount: 12345,
    currency: "USD",
    description: "Deposit: The Local Train at Hard Rock Cafe, 12 Dec",
    payer: { name: "Asha Menon", email: "asha@example.com" },
    returnUrl: `https://artistspace.test/bookings/${n}/pay/return?step=deposit`,
    cancelUrl: `https://artistspace.test/bookings/${n}/pay`,
    ...overrides,
  };
}

function returnParams(redirectTo: string | null): Record<string, string> {
  assert.ok(redirectTo, "the payer is sent back");
  return Object.fromEntries(new URL(redirectTo).searchParams);
}

/** A checkout paid by card, and the fact its return reports. */
async function paidCheckout(h: Harness, n: number, method: "card" | "upi" = "card"): Promise<CapturedFact> {
  const { checkoutRef } = await h.gateway.startCheckout(checkout(n));
  const { redirectTo } = h.standIn.pay(checkoutRef, { method });
  const fact = await h.gateway.confirmReturn(checkoutRef, returnParams(redirectTo));
  assert.equal(fact?.kind, "payment_captured");
  return fact as CapturedFact;
}

Deno.test("a retried checkout with the same idempotency key gets the same session; other parameters are refused", () =>
  withStripe(async ({ gateway, standIn }) => {
    const first = await gateway.startCheckout(checkout(1));
    assert.match(first.checkoutRef, /^cs_test_/);
    assert.equal(first.redirectUrl, `${standIn.url}/c/pay/${first.checkoutRef}`);
    assert.deepEqual(await gateway.startCheckout(checkout(1)), first);
    assert.equal(standIn.sessions.length, 1);

    const [session] = standIn.sessions;
    assert.equal(session.currency, "usd");
    assert.equal(session.amount_total, 12345);
    assert.equal(session.customer_email, "asha@example.com");
    assert.equal(session.client_reference_id, "payment-1");
    assert.deepEqual(session.metadata, { payment_id: "payment-1" });
    assert.equal(
      session.success_url,
      "https://artistspace.test/bookings/1/pay/return?step=deposit&session_id={CHECKOUT_SESSION_ID}",
    );
    assert.equal(session.cancel_url, "https://artistspace.test/bookings/1/pay");

    await assert.rejects(
      gateway.startCheckout(checkout(1, { amount: 99999 })),
      (error) => error instanceof Conflict && /idempotency key/.test(error.message),
    );
    assert.equal(standIn.sessions.length, 1);
  }));

Deno.test("the session id joins the return URL's query, ahead of any fragment", () => {
  const placeholder = "session_id={CHECKOUT_SESSION_ID}";
  assert.equal(withSessionId("https://a.test/r"), `https://a.test/r?${placeholder}`);
  assert.equal(withSessionId("https://a.test/r?x=1"), `https://a.test/r?x=1&${placeholder}`);
  assert.equal(withSessionId("https://a.test/r?"), `https://a.test/r?${placeholder}`);
  assert.equal(withSessionId("https://a.test/r?x=1&"), `https://a.test/r?x=1&${placeholder}`);
  assert.equal(withSessionId("https://a.test/r#top"), `https://a.test/r?${placeholder}#top`);
});

Deno.test("a paid session is captured with Stripe's fee and the payment method, by return and by webhook alike", () =>
  withStripe(async (h) => {
    const fact = await paidCheckout(h, 1);
    assert.match(fact.paymentRef, /^pi_/);
    assert.deepEqual({ ...fact, paymentRef: "" }, {
      kind: "payment_captured",
      checkoutRef: h.standIn.sessions[0].id,
      paymentRef: "",
      amount: 12345,
      currency: "USD",
      fee: 388, // 2.9% of 12345 is 358.005, rounded, plus 30
      method: "card",
      occurredAt: START,
    });

    const { body, headers } = h.standIn.webhook("checkout.session.completed", fact.checkoutRef);
    const event = await h.gateway.verifyWebhook(body, headers);
    assert.match(event.eventId, /^evt_/);
    assert.equal(event.type, "checkout.session.completed");
    assert.deepEqual(event.fact, fact);

    const upi = await paidCheckout(h, 2, "upi");
    assert.equal(upi.method, "upi");
  }));

Deno.test("an account settling in another currency reports no fee in the payment's currency", () =>
  withStripe(async (h) => {
    const fact = await paidCheckout(h, 1);
    assert.equal(fact.amount, 12345);
    assert.equal(fact.currency, "USD");
    assert.equal(fact.fee, 0, "Stripe's fee is in INR, on the converted amount");
  }, { currency: "INR", exchangeRate: 83.5 }));

Deno.test("a return naming another session, or none, is refused", () =>
  withStripe(async ({ gateway, standIn }) => {
    const mine = await gateway.startCheckout(checkout(1));
    const other = await gateway.startCheckout(checkout(2));
    const { redirectTo } = standIn.pay(other.checkoutRef);
    await assert.rejects(
      gateway.confirmReturn(mine.checkoutRef, returnParams(redirectTo)),
      SignatureRejected,
    );
    await assert.rejects(gateway.confirmReturn(mine.checkoutRef, {}), SignatureRejected);
  }));

Deno.test("an unpaid session settles nothing, a declined card leaves it open, and expiry fails the payment", () =>
  withStripe(async ({ gateway, standIn, clock }) => {
    const { checkoutRef } = await gateway.startCheckout(checkout(1));
    const params = { session_id: checkoutRef };
    assert.equal(await gateway.confirmReturn(checkoutRef, params), null);

    assert.equal(standIn.pay(checkoutRef, { fail: true }).redirectTo, null);
    assert.equal(await gateway.confirmReturn(checkoutRef, params), null, "the payer may try another card");

    clock.advance(25 * 60 * 60);
    const failed = await gateway.confirmReturn(checkoutRef, params);
    assert.equal(failed?.kind, "payment_failed");
    assert.equal(failed.checkoutRef, checkoutRef);
    assert.match(failed.paymentRef ?? "", /^pi_/);
    assert.match(failed.reason, /expired/);
    assert.deepEqual(failed.occurredAt, new Date(START.getTime() + 24 * 60 * 60 * 1000));

    const { body, headers } = standIn.webhook("checkout.session.expired", checkoutRef);
    assert.deepEqual((await gateway.verifyWebhook(body, headers)).fact, failed);
  }));

Deno.test("a UPI payment that fails completes its session unpaid, and is a failed payment", () =>
  withStripe(async ({ gateway, standIn }) => {
    const { checkoutRef } = await gateway.startCheckout(checkout(1));
    const { redirectTo } = standIn.pay(checkoutRef, { method: "upi", fail: true });
    const failed = await gateway.confirmReturn(checkoutRef, returnParams(redirectTo));
    assert.equal(failed?.kind, "payment_failed");
    assert.match(failed.reason, /declined/);

    const { body, headers } = standIn.webhook("checkout.session.async_payment_failed", checkoutRef);
    assert.deepEqual((await gateway.verifyWebhook(body, headers)).fact, failed);
  }));

Deno.test("webhooks verify over the raw body; tampered, foreign, unsigned or stale ones are refused", () =>
  withStripe(async (h) => {
    const { checkoutRef, paymentRef } = await paidCheckout(h, 1);
    const { body, headers } = h.standIn.webhook("checkout.session.completed", checkoutRef);
    assert.equal((await h.gateway.verifyWebhook(body, headers)).fact?.kind, "payment_captured");

    const tampered = body.replace('"amount_total": 12345', '"amount_total": 1');
    assert.notEqual(tampered, body);
    await assert.rejects(h.gateway.verifyWebhook(tampered, headers), SignatureRejected);
    await assert.rejects(
      h.gatewayWith({ webhookSecret: "whsec_someoneElsesSecret0123456789" }).verifyWebhook(body, headers),
      SignatureRejected,
    );
    await assert.rejects(h.gateway.verifyWebhook(body, new Headers()), SignatureRejected);

    const aged = (seconds: number) =>
      h.standIn.webhook("checkout.session.completed", checkoutRef, {
        signedAt: new Date(h.clock.at.getTime() - seconds * 1000),
      });
    const justInTime = aged(299);
    assert.equal(
      (await h.gateway.verifyWebhook(justInTime.body, justInTime.headers)).fact?.kind,
      "payment_captured",
    );
    const stale = aged(301);
    await assert.rejects(
      h.gateway.verifyWebhook(stale.body, stale.headers),
      (error) => error instanceof SignatureRejected && /tolerance/i.test(error.message),
    );

    const other = h.standIn.webhook("payment_intent.succeeded", paymentRef);
    const event = await h.gateway.verifyWebhook(other.body, other.headers);
    assert.match(event.eventId, /^evt_/);
    assert.equal(event.type, "payment_intent.succeeded");
    assert.equal(event.fact, null);
  }));

Deno.test("a refund retried with its key is made once; a card refund is processed at once", () =>
  withStripe(async (h) => {
    const { paymentRef } = await paidCheckout(h, 1);
    const request = {
      refundId: "refund-1",
      paymentRef,
      amount: 5000,
      currency: "USD",
      idempotencyKey: "refund:refund-1",
    };
    const started = await h.gateway.refund(request);
    assert.match(started.refundRef, /^re_/);
    assert.deepEqual(started.fact, {
      kind: "refund_processed",
      refundId: "refund-1",
      refundRef: started.refundRef,
      paymentRef,
      amount: 5000,
      currency: "USD",
      occurredAt: START,
    });
    assert.deepEqual(await h.gateway.refund(request), started);
    assert.equal(h.standIn.refunds.length, 1);
    assert.deepEqual(h.standIn.refunds[0].metadata, { refund_id: "refund-1" });

    const { body, headers } = h.standIn.webhook("refund.updated", started.refundRef);
    assert.deepEqual((await h.gateway.verifyWebhook(body, headers)).fact, started.fact);

    await assert.rejects(
      h.gateway.refund({ ...request, refundId: "refund-2", amount: 7346, idempotencyKey: "refund:refund-2" }),
      (error) =>
        error instanceof ValidationError &&
        /refund the payment: .*Refund amount \(7346 usd\) is greater than unrefunded amount on charge \(7345 usd\)/
          .test(error.message) &&
        error.details[0]?.field === "amount",
    );
    assert.equal(h.standIn.refunds.length, 1);
  }));

Deno.test("a pending refund reports nothing until Stripe says it succeeded", () =>
  withStripe(async (h) => {
    const { paymentRef } = await paidCheckout(h, 1, "upi");
    const started = await h.gateway.refund({
      refundId: "refund-1",
      paymentRef,
      amount: 12345,
      currency: "USD",
      idempotencyKey: "refund:refund-1",
    });
    assert.equal(started.fact, null);
    const created = h.standIn.webhook("refund.created", started.refundRef);
    assert.equal((await h.gateway.verifyWebhook(created.body, created.headers)).fact, null);

    assert.deepEqual(h.standIn.succeedRefunds(), [started.refundRef]);
    const updated = h.standIn.webhook("refund.updated", started.refundRef);
    const fact = (await h.gateway.verifyWebhook(updated.body, updated.headers)).fact;
    assert.equal(fact?.kind, "refund_processed");
    assert.equal(fact.refundRef, started.refundRef);
  }));

Deno.test("activity lists every paid session of the period across pages, and its processed refunds", () =>
  withStripe(async (h) => {
    const before = await paidCheckout(h, 0);
    h.clock.advance(60 * 60);
    const from = h.clock.at;
    const paid = new Set<string>();
    for (let n = 1; n <= 205; n++) {
      const { checkoutRef } = await h.gateway.startCheckout(checkout(n));
      if (n % 100 === 7) continue; // left unpaid
      h.standIn.pay(checkoutRef);
      paid.add(checkoutRef);
    }
    const someSession = h.standIn.sessions.find((s) =>
      s.payment_status === "paid" && s.id !== before.checkoutRef
    )!;
    const refund = await h.gateway.refund({
      refundId: "refund-1",
      paymentRef: someSession.payment_intent!,
      amount: 100,
      currency: "USD",
      idempotencyKey: "refund:refund-1",
    });
    h.clock.advance(60);
    const { facts } = await h.gateway.activity(from, h.clock.at);

    const captured = facts.filter((f) => f.kind === "payment_captured");
    assert.equal(paid.size, 203);
    assert.deepEqual(new Set(captured.map((f) => f.checkoutRef)), paid);
    assert.equal(captured.length, paid.size, "each session once");
    assert.ok(captured.every((f) => f.fee === 388 && f.method === "card"));
    assert.deepEqual(facts.filter((f) => f.kind === "refund_processed"), [refund.fact]);
  }));

function payout(paymentRef: string, overrides: Partial<PayoutRequest> = {}): PayoutRequest {
  return {
    payoutId: "payout-1",
    paymentRef,
    destination: "acct_1StandInBandAccount",
    amount: 10000,
    currency: "USD",
    bookingId: "booking-1",
    holdUntil: new Date(START.getTime() + 7 * 24 * 60 * 60 * 1000),
    idempotencyKey: "payout:payout-1",
    ...overrides,
  };
}

Deno.test("a payout is held as nothing, then released as one transfer grouped by booking, once per key", () =>
  withStripe(async (h) => {
    const { paymentRef } = await paidCheckout(h, 1);
    const request = payout(paymentRef);
    assert.deepEqual(await h.gateway.payouts.hold(request), { transferRef: null });
    assert.equal(h.standIn.transfers.length, 0);

    const released = await h.gateway.payouts.release(request, null);
    assert.match(released.transferRef, /^tr_/);
    assert.deepEqual(await h.gateway.payouts.release(request, null), released);
    const transfers = h.standIn.transfers;
    assert.equal(transfers.length, 1);
    assert.equal(transfers[0].id, released.transferRef);
    assert.equal(transfers[0].transfer_group, "booking-1");
    assert.equal(transfers[0].destination, "acct_1StandInBandAccount");
    assert.equal(transfers[0].amount, 10000);
    assert.equal(transfers[0].currency, "usd");
    assert.match(transfers[0].source_transaction ?? "", /^ch_/);
    assert.deepEqual(transfers[0].metadata, { payout_id: "payout-1" });

    await assert.rejects(
      h.gateway.payouts.release(
        payout(paymentRef, { payoutId: "payout-2", amount: 2346, idempotencyKey: "payout:payout-2" }),
        null,
      ),
      (error) => error instanceof ValidationError && /cannot exceed/.test(error.message),
    );
  }));

Deno.test("a refused API key is reported without the key", () =>
  withStripe(async (h) => {
    const wrongKey = "sk_test_51WrongKeyWhichMustNotBeEchoed9876543210";
    await assert.rejects(h.gatewayWith({ secretKey: wrongKey }).startCheckout(checkout(1)), (error) => {
      assert.ok(error instanceof ExternalServiceError);
      assert.match(error.message, /refused our API key/);
      assert.ok(!error.message.includes(wrongKey.slice(-6)));
      return true;
    });
  }));

Deno.test("the stand-in speaks Stripe's wire format: auth, bracket syntax, unknown parameters, list limits", () =>
  withStripe(async ({ standIn }) => {
    const post = (body: string, auth = `Bearer ${SECRET_KEY}`) =>
      fetch(`${standIn.url}/v1/checkout/sessions`, {
        method: "POST",
        headers: { authorization: auth, "content-type": "application/x-www-form-urlencoded" },
        body,
      });
    const unauthorised = await post("mode=payment", "Bearer sk_test_nope");
    assert.equal(unauthorised.status, 401);
    assert.equal((await unauthorised.json()).error.type, "invalid_request_error");

    const form = "mode=payment&success_url=https%3A%2F%2Fa.test%2Fok&line_items[0][quantity]=2" +
      "&line_items[0][price_data][currency]=EUR&line_items[0][price_data][unit_amount]=500" +
      "&line_items[0][price_data][product_data][name]=Ticket&metadata[payment_id]=p1&expand[]=payment_intent";
    const created = await post(form);
    assert.equal(created.status, 200);
    const session = await created.json();
    assert.equal(session.object, "checkout.session");
    assert.equal(session.amount_total, 1000);
    assert.equal(session.currency, "eur");
    assert.deepEqual(session.metadata, { payment_id: "p1" });

    const unknown = await post(`${form}&line_items[0][price_data][unit_amont]=5`);
    assert.equal(unknown.status, 400);
    assert.deepEqual((await unknown.json()).error, {
      type: "invalid_request_error",
      message: "Received unknown parameter: line_items[0][price_data][unit_amont]",
      code: "parameter_unknown",
      param: "line_items[0][price_data][unit_amont]",
    });

    const tooMany = await fetch(`${standIn.url}/v1/checkout/sessions?limit=101`, {
      headers: { authorization: `Bearer ${SECRET_KEY}` },
    });
    assert.equal(tooMany.status, 400);
    assert.equal((await tooMany.json()).error.param, "limit");
  }));
