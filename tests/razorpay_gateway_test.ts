/**
 * The Razorpay gateway with the real SDK, against the stand-in Razorpay of
 * tests/support/razorpay_server.ts: checkout, the signed return, webhooks,
 * idempotent refunds, reconciliation listings over several pages and Route
 * transfers on hold.
 */
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { Conflict } from "../domain/errors.ts";
import type { CheckoutRequest, PayoutRequest, RefundRequest } from "../integrations/payments/gateway.ts";
import { SignatureRejected } from "../integrations/payments/gateway.ts";
import { createRazorpayGateway, MalformedWebhook, RazorpayError } from "../integrations/payments/razorpay.ts";
import { type RazorpayStandIn, startRazorpayStandIn } from "./support/razorpay_server.ts";

const KEYS = {
  keyId: "rzp_test_1DP5mmOlF5G5ag",
  keySecret: "thisIsTheKeySecret0123456789",
  webhookSecret: "webhook-secret-for-tests-42",
};
const START = new Date("2025-11-03T10:00:00Z");
const HOUR = 60 * 60 * 1000;

type Gateway = ReturnType<typeof createRazorpayGateway>;

interface Setup {
  gateway: Gateway;
  razorpay: RazorpayStandIn;
  /** Moves both clocks, Razorpay's and ours. */
  advance(ms: number): void;
  /** Our clock alone, as if this server's clock were off. */
  skewOurs(ms: number): void;
}

async function withRazorpay(fn: (s: Setup) => Promise<void>, opts: { refundsProcessAtOnce?: boolean } = {}) {
  let clock = START.getTime();
  let skew = 0;
  const razorpay = await startRazorpayStandIn({ ...KEYS, now: () => new Date(clock), ...opts });
  const gateway = createRazorpayGateway({
    ...KEYS,
    apiBaseUrl: razorpay.url,
    checkoutPageUrl: (id) => `https://artist.space/pay/${id}`,
    now: () => new Date(clock + skew),
  });
  try {
    await fn({
      gateway,
      razorpay,
      advance: (ms) => clock += ms,
      skewOurs: (ms) => skew = ms,
    });
  } finally {
    await razorpay.close();
  }
}

function checkout(paymentId: string, amount = 250_000): CheckoutRequest {
  return {
    paymentId,
    idempotencyKey: `booking:${paymentId}:deposit:1`,
    amount,
    currency: "INR",
    description: "Deposit for the Saturday gig",
    payer: { name: "Asha Rao", email: "asha@example.in" },
    returnUrl: "https://artist.space/pay/return",
    cancelUrl: "https://artist.space/pay/cancel",
  };
}

function refundOf(paymentRef: string, refundId: string, amount: number): RefundRequest {
  return { refundId, paymentRef, amount, currency: "INR", idempotencyKey: `refund:${refundId}` };
}

async function paidOrder(s: Setup, paymentId: string, amount = 250_000) {
  const { checkoutRef } = await s.gateway.startCheckout(checkout(paymentId, amount));
  const callback = s.razorpay.pay(checkoutRef, { method: "card" });
  return { orderId: checkoutRef, paymentRef: callback.razorpay_payment_id, callback };
}

function sign(secret: string, body: string): string {
  return createHmac("sha256", secret).update(body).digest("hex");
}

/** One character of a hex signature changed. */
function forge(signature: string): string {
  return signature.slice(0, 10) + (signature[10] === "0" ? "1" : "0") + signature.slice(11);
}

Deno.test("checkout makes one order per payment, and a retry finds it instead of making another", async () => {
  await withRazorpay(async ({ gateway, razorpay }) => {
    const first = await gateway.startCheckout(checkout("pmt_0001"));
    assert.match(first.checkoutRef, /^order_[A-Za-z0-9]{14}$/);
    assert.equal(first.redirectUrl, "https://artist.space/pay/pmt_0001");
    const again = await gateway.startCheckout(checkout("pmt_0001"));
    assert.deepEqual(again, first);
    assert.equal(razorpay.orders.length, 1);
    const [order] = razorpay.orders;
    assert.equal(order.amount, 250_000);
    assert.equal(order.currency, "INR");
    assert.equal(order.receipt, "pmt_0001");
    assert.deepEqual(order.notes, { payment_id: "pmt_0001" });

    const other = await gateway.startCheckout(checkout("pmt_0002"));
    assert.notEqual(other.checkoutRef, first.checkoutRef);
    assert.equal(razorpay.orders.length, 2);
    await assert.rejects(gateway.startCheckout(checkout("pmt_0001", 300_000)), Conflict);
    assert.equal(gateway.keyId, KEYS.keyId);
  });
});

Deno.test("a paid return verifies and yields the captured payment with Razorpay's fee", async () => {
  await withRazorpay(async (s) => {
    const { orderId, paymentRef, callback } = await paidOrder(s, "pmt_0001");
    const fact = await s.gateway.confirmReturn(orderId, { ...callback });
    assert.deepEqual(fact, {
      kind: "payment_captured",
      checkoutRef: orderId,
      paymentRef,
      amount: 250_000,
      currency: "INR",
      // 2% of ₹2,500 is ₹50, with 18% GST ₹59.
      fee: 5_900,
      method: "card",
      occurredAt: START,
    });
  });
});

Deno.test("a failed payment's return yields the failure", async () => {
  await withRazorpay(async ({ gateway, razorpay }) => {
    const { checkoutRef } = await gateway.startCheckout(checkout("pmt_0001"));
    const callback = razorpay.pay(checkoutRef, { fail: true });
    const fact = await gateway.confirmReturn(checkoutRef, { ...callback });
    assert.equal(fact?.kind, "payment_failed");
    assert.equal(fact?.checkoutRef, checkoutRef);
    assert.equal(fact?.paymentRef, callback.razorpay_payment_id);
  });
});

Deno.test("a return with a forged signature, for another order or without a signature is refused", async () => {
  await withRazorpay(async (s) => {
    const paid = await paidOrder(s, "pmt_0001");
    const other = await s.gateway.startCheckout(checkout("pmt_0002"));
    const forged = { ...paid.callback, razorpay_signature: forge(paid.callback.razorpay_signature) };
    await assert.rejects(s.gateway.confirmReturn(paid.orderId, forged), SignatureRejected);
    await assert.rejects(s.gateway.confirmReturn(other.checkoutRef, { ...paid.callback }), SignatureRejected);
    // The order id rewritten too: the signature covers it.
    await assert.rejects(
      s.gateway.confirmReturn(other.checkoutRef, { ...paid.callback, razorpay_order_id: other.checkoutRef }),
      SignatureRejected,
    );
    const { razorpay_signature: _, ...unsigned } = paid.callback;
    await assert.rejects(s.gateway.confirmReturn(paid.orderId, unsigned), SignatureRejected);
    // The genuine one still passes.
    assert.equal(
      (await s.gateway.confirmReturn(paid.orderId, { ...paid.callback }))?.kind,
      "payment_captured",
    );
  });
});

Deno.test("a webhook verifies and reads the same fact as the return", async () => {
  await withRazorpay(async (s) => {
    const { orderId, paymentRef, callback } = await paidOrder(s, "pmt_0001");
    const { body, headers } = s.razorpay.webhook("payment.captured", paymentRef);
    const event = await s.gateway.verifyWebhook(body, headers);
    assert.equal(event.eventId, headers.get("x-razorpay-event-id"));
    assert.equal(event.type, "payment.captured");
    assert.deepEqual(event.fact, await s.gateway.confirmReturn(orderId, { ...callback }));
    // A second delivery of the same event carries the same id.
    assert.equal((await s.gateway.verifyWebhook(body, headers)).eventId, event.eventId);
  });
});

Deno.test("a webhook with a changed body or signature, or none, is refused", async () => {
  await withRazorpay(async (s) => {
    const { paymentRef } = await paidOrder(s, "pmt_0001");
    const { body, headers } = s.razorpay.webhook("payment.captured", paymentRef);
    const changedBody = body.replace('"amount":250000', '"amount":250001');
    assert.notEqual(changedBody, body);
    await assert.rejects(s.gateway.verifyWebhook(changedBody, headers), SignatureRejected);
    const forged = new Headers(headers);
    forged.set("x-razorpay-signature", forge(headers.get("x-razorpay-signature")!));
    await assert.rejects(s.gateway.verifyWebhook(body, forged), SignatureRejected);
    const unsigned = new Headers(headers);
    unsigned.delete("x-razorpay-signature");
    await assert.rejects(s.gateway.verifyWebhook(body, unsigned), SignatureRejected);
    // Not JSON and unsigned: a forgery first.
    await assert.rejects(s.gateway.verifyWebhook("{not json", headers), SignatureRejected);
  });
});

Deno.test("a webhook older than three days, or from the future, is refused as a replay", async () => {
  await withRazorpay(async (s) => {
    const { paymentRef } = await paidOrder(s, "pmt_0001");
    const { body, headers } = s.razorpay.webhook("payment.captured", paymentRef);
    s.skewOurs(71 * HOUR);
    assert.ok((await s.gateway.verifyWebhook(body, headers)).fact);
    s.skewOurs(73 * HOUR);
    await assert.rejects(s.gateway.verifyWebhook(body, headers), SignatureRejected);
    s.skewOurs(-4 * 60 * 1000);
    assert.ok((await s.gateway.verifyWebhook(body, headers)).fact);
    s.skewOurs(-6 * 60 * 1000);
    await assert.rejects(s.gateway.verifyWebhook(body, headers), SignatureRejected);
  });
});

Deno.test("webhooks for failures and refunds become facts; other event types are recorded without one", async () => {
  await withRazorpay(async (s) => {
    const { checkoutRef } = await s.gateway.startCheckout(checkout("pmt_0001"));
    const failed = s.razorpay.pay(checkoutRef, { method: "upi", fail: true });
    const failure = s.razorpay.webhook("payment.failed", failed.razorpay_payment_id);
    const failedEvent = await s.gateway.verifyWebhook(failure.body, failure.headers);
    assert.equal(failedEvent.fact?.kind, "payment_failed");
    assert.equal(failedEvent.fact?.checkoutRef, checkoutRef);

    const paid = s.razorpay.pay(checkoutRef, { method: "upi" });
    const { refundRef } = await s.gateway.refund(refundOf(paid.razorpay_payment_id, "rf_0001", 50_000));
    s.razorpay.processRefunds();
    const processed = s.razorpay.webhook("refund.processed", refundRef);
    const refundEvent = await s.gateway.verifyWebhook(processed.body, processed.headers);
    assert.deepEqual(refundEvent.fact, {
      kind: "refund_processed",
      refundId: "rf_0001",
      refundRef,
      paymentRef: paid.razorpay_payment_id,
      amount: 50_000,
      currency: "INR",
      occurredAt: START,
    });

    const orderPaid = JSON.stringify({
      entity: "event",
      account_id: "acc_BFQ7uQEaa7j2z7",
      event: "order.paid",
      contains: ["payment", "order"],
      payload: {},
      created_at: START.getTime() / 1000,
    });
    const headers = new Headers({
      "x-razorpay-signature": sign(KEYS.webhookSecret, orderPaid),
      "x-razorpay-event-id": "KqZ7bD0NXPNc9o",
    });
    assert.deepEqual(await s.gateway.verifyWebhook(orderPaid, headers), {
      eventId: "KqZ7bD0NXPNc9o",
      type: "order.paid",
      fact: null,
    });
  });
});

Deno.test("a signed webhook we cannot read is malformed, not forged", async () => {
  await withRazorpay(async ({ gateway }) => {
    const signed = (body: string, eventId: string | null = "KqZ7bD0NXPNc9p") => {
      const headers = new Headers({ "x-razorpay-signature": sign(KEYS.webhookSecret, body) });
      if (eventId) headers.set("x-razorpay-event-id", eventId);
      return gateway.verifyWebhook(body, headers);
    };
    const created_at = START.getTime() / 1000;
    await assert.rejects(signed("{not json"), MalformedWebhook);
    await assert.rejects(
      signed(JSON.stringify({ event: "payment.captured", payload: {} })),
      MalformedWebhook,
    );
    await assert.rejects(
      signed(JSON.stringify({ event: "payment.captured", created_at, payload: { payment: { entity: {} } } })),
      /payment\.id is not text/,
    );
    await assert.rejects(
      signed(JSON.stringify({ event: "order.paid", created_at, payload: {} }), null),
      MalformedWebhook,
    );
  });
});

Deno.test("a refund retried with the same idempotency key makes one refund", async () => {
  await withRazorpay(async (s) => {
    const { paymentRef } = await paidOrder(s, "pmt_0001");
    const first = await s.gateway.refund(refundOf(paymentRef, "rf_0001", 100_000));
    assert.match(first.refundRef, /^rfnd_[A-Za-z0-9]{14}$/);
    assert.equal(first.fact, null, "a normal refund is pending at first");
    const retry = await s.gateway.refund(refundOf(paymentRef, "rf_0001", 100_000));
    assert.equal(retry.refundRef, first.refundRef);
    assert.equal(s.razorpay.refunds.length, 1);
    assert.deepEqual(s.razorpay.refunds[0].notes, { refund_id: "rf_0001" });
    assert.equal(s.razorpay.payments[0].amount_refunded, 100_000);

    // The same key with another amount is refused rather than applied.
    await assert.rejects(s.gateway.refund(refundOf(paymentRef, "rf_0001", 90_000)), /Different request/);
    const second = await s.gateway.refund(refundOf(paymentRef, "rf_0002", 150_000));
    assert.notEqual(second.refundRef, first.refundRef);
    assert.equal(s.razorpay.payments[0].status, "refunded");
  });
});

Deno.test("a refund beyond what is left of the payment is refused, saying so", async () => {
  await withRazorpay(async (s) => {
    const { paymentRef } = await paidOrder(s, "pmt_0001");
    const err = await s.gateway.refund(refundOf(paymentRef, "rf_0001", 250_001)).then(
      () => assert.fail("refunded more than was paid"),
      (e) => e,
    );
    assert.ok(err instanceof RazorpayError);
    assert.equal(err.status, 400);
    assert.match(err.message, /greater than amount not refunded/);
    await s.gateway.refund(refundOf(paymentRef, "rf_0002", 200_000));
    await assert.rejects(
      s.gateway.refund(refundOf(paymentRef, "rf_0003", 50_001)),
      /greater than amount not refunded/,
    );
    assert.equal(s.razorpay.refunds.length, 1);
  });
});

Deno.test("a refund Razorpay processes at once comes back with its fact", async () => {
  await withRazorpay(async (s) => {
    const { paymentRef } = await paidOrder(s, "pmt_0001");
    const { refundRef, fact } = await s.gateway.refund(refundOf(paymentRef, "rf_0001", 250_000));
    assert.deepEqual(fact, {
      kind: "refund_processed",
      refundId: "rf_0001",
      refundRef,
      paymentRef,
      amount: 250_000,
      currency: "INR",
      occurredAt: START,
    });
  }, { refundsProcessAtOnce: true });
});

Deno.test("activity lists captured payments and our processed refunds across pages", async () => {
  await withRazorpay(async (s) => {
    const paid: string[] = [];
    for (let i = 0; i < 102; i++) {
      paid.push((await paidOrder(s, `pmt_${String(i).padStart(4, "0")}`, 100_000 + i)).paymentRef);
      s.advance(1_000);
    }
    const { checkoutRef } = await s.gateway.startCheckout(checkout("pmt_failed"));
    s.razorpay.pay(checkoutRef, { fail: true });
    const { refundRef } = await s.gateway.refund(refundOf(paid[7], "rf_0001", 100_007));
    await s.gateway.refund(refundOf(paid[8], "rf_0002", 100_008));
    s.razorpay.processRefunds();
    s.advance(HOUR);

    const { facts } = await s.gateway.activity(START, new Date(START.getTime() + 2 * HOUR));
    const captured = facts.filter((f) => f.kind === "payment_captured");
    assert.equal(captured.length, 102);
    assert.deepEqual(new Set(captured.map((f) => f.paymentRef)), new Set(paid));
    assert.ok(captured.every((f) => f.fee > 0 && f.checkoutRef.startsWith("order_")));
    const refunded = facts.filter((f) => f.kind === "refund_processed");
    assert.deepEqual(refunded.map((f) => f.refundId).sort(), ["rf_0001", "rf_0002"]);
    assert.equal(refunded.find((f) => f.refundId === "rf_0001")?.refundRef, refundRef);
    assert.equal(facts.length, 104);

    const later = await s.gateway.activity(
      new Date(START.getTime() + HOUR),
      new Date(START.getTime() + 2 * HOUR),
    );
    assert.deepEqual(later.facts, []);
  });
});

Deno.test("a Route payout is held, a retried hold finds the same transfer, and release lifts the hold", async () => {
  await withRazorpay(async (s) => {
    const { paymentRef } = await paidOrder(s, "pmt_0001");
    const holdUntil = new Date(START.getTime() + 7 * 24 * HOUR);
    const payout: PayoutRequest = {
      payoutId: "po_0001",
      paymentRef,
      destination: "acc_IRQWUleX4BqvYn",
      amount: 200_000,
      currency: "INR",
      bookingId: "bk_0001",
      holdUntil,
      idempotencyKey: "payout:po_0001",
    };
    const { transferRef } = await s.gateway.payouts.hold(payout);
    assert.match(transferRef ?? "", /^trf_[A-Za-z0-9]{14}$/);
    assert.deepEqual(await s.gateway.payouts.hold(payout), { transferRef });
    assert.equal(s.razorpay.transfers.length, 1);
    const [held] = s.razorpay.transfers;
    assert.equal(held.on_hold, true);
    assert.equal(held.on_hold_until, holdUntil.getTime() / 1000);
    assert.equal(held.recipient, "acc_IRQWUleX4BqvYn");
    assert.equal(held.amount, 200_000);
    assert.deepEqual(held.notes, { payout_id: "po_0001", booking_id: "bk_0001" });

    assert.deepEqual(await s.gateway.payouts.release(payout, transferRef), { transferRef });
    assert.equal(s.razorpay.transfers[0].on_hold, false);

    // Route will not transfer more than the payment brought in.
    await assert.rejects(
      s.gateway.payouts.hold({ ...payout, payoutId: "po_0002", amount: 50_001 }),
      RazorpayError,
    );
  });
});

Deno.test("a held Route payout a ruling takes back is reversed in full, once", async () => {
  await withRazorpay(async (s) => {
    const { paymentRef } = await paidOrder(s, "pmt_0003");
    const payout: PayoutRequest = {
      payoutId: "po_0003",
      paymentRef,
      destination: "acc_IRQWUleX4BqvYn",
      amount: 120_000,
      currency: "INR",
      bookingId: "bk_0003",
      holdUntil: new Date(START.getTime() + 7 * 24 * HOUR),
      idempotencyKey: "payout:po_0003",
    };
    const { transferRef } = await s.gateway.payouts.hold(payout);
    await s.gateway.payouts.cancel(payout, transferRef);
    assert.equal(s.razorpay.transfers[0].amount_reversed, 120_000);
    // A retry after a lost answer finds nothing left to reverse and asks for nothing.
    await s.gateway.payouts.cancel(payout, transferRef);
    assert.equal(s.razorpay.transfers[0].amount_reversed, 120_000);
    await s.gateway.payouts.cancel(payout, null);
  });
});

Deno.test("Razorpay's refusals and silences never carry the key secret", async () => {
  await withRazorpay(async ({ razorpay }) => {
    const wrongSecret = "notTheSecret-but-still-secret-9876";
    const gateway = createRazorpayGateway({
      ...KEYS,
      keySecret: wrongSecret,
      apiBaseUrl: razorpay.url,
      checkoutPageUrl: (id) => `https://artist.space/pay/${id}`,
    });
    const refused = await gateway.startCheckout(checkout("pmt_0001")).catch((e) => e);
    assert.ok(refused instanceof RazorpayError);
    assert.equal(refused.status, 401);
    assert.match(refused.message, /api secret provided is invalid/);
    for (const text of [refused.message, refused.stack ?? "", JSON.stringify(refused)]) {
      assert.ok(!text.includes(wrongSecret));
    }
    await assert.rejects(
      gateway.refund(refundOf("pay_29QQoUBi66xm2f", "rf_0001", 100)),
      (e: RazorpayError) => e.status === 401 && !e.message.includes(wrongSecret),
    );
  });

  const razorpay = await startRazorpayStandIn(KEYS);
  await razorpay.close();
  const gateway = createRazorpayGateway({
    ...KEYS,
    apiBaseUrl: razorpay.url,
    checkoutPageUrl: (id) => `https://artist.space/pay/${id}`,
  });
  for (
    const attempt of [gateway.startCheckout(checkout("pmt_0001")), gateway.refund(refundOf("pay_x", "r", 1))]
  ) {
    const silent = await attempt.catch((e) => e);
    assert.ok(silent instanceof RazorpayError);
    assert.equal(silent.status, null);
    assert.ok(!silent.message.includes(KEYS.keySecret) && !JSON.stringify(silent).includes(KEYS.keySecret));
  }
});
