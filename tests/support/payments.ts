/**
 * Payments for tests through the sandbox gateway, on the same path a payer
 * takes: start the checkout, pay on the sandbox with a test card, come back
 * with the signed return; the sandbox's signed webhook is delivered to the
 * webhook service in-process (or kept, for tests that deliver it themselves).
 */
import type { Kysely } from "kysely";
import { insertPayment } from "../../db/queries/payments.ts";
import type { Database } from "../../db/schema.ts";
import type { Actor } from "../../domain/access.ts";
import { capturePosting } from "../../domain/ledger.ts";
import { createPaymentGateways } from "../../integrations/payments/mod.ts";
import {
  SANDBOX_CARDS,
  SANDBOX_EVENT_HEADER,
  SANDBOX_SIGNATURE_HEADER,
  type SandboxGateway,
} from "../../integrations/payments/sandbox.ts";
import type { WorkflowDeps } from "../../services/notifications.ts";
import { confirmPayment, startPayment } from "../../services/payments/checkout.ts";
import type { PaymentDeps } from "../../services/payments/deps.ts";
import { bookingLedger, post } from "../../services/payments/ledger_book.ts";
import type { PaymentView } from "../../services/payments/views.ts";
import { receiveWebhook } from "../../services/payments/webhooks.ts";

export const SANDBOX_TEST_SECRET = "sandbox-test-secret-0123456789abcdef0123456789";

export interface Webhook {
  body: string;
  headers: Headers;
}

export interface SandboxPayments {
  deps: PaymentDeps;
  sandbox: SandboxGateway;
  /** Webhooks the sandbox sent, when they are kept rather than delivered. */
  kept: Webhook[];
}

/** `deps` with the sandbox gateway; its webhooks go straight to the webhook service unless `keepWebhooks`. */
export function withSandbox(deps: WorkflowDeps, opts: { keepWebhooks?: boolean } = {}): SandboxPayments {
  const kept: Webhook[] = [];
  const late: { deps?: PaymentDeps } = {};
  const gateways = createPaymentGateways({
    razorpay: null,
    stripe: null,
    sandbox: true,
    invoiceSupplier: null,
  }, {
    origin: deps.origin,
    sandboxSecret: SANDBOX_TEST_SECRET,
    now: () => deps.now(),
    sandboxSend: async (body, headers) => {
      if (opts.keepWebhooks) {
        kept.push({ body, headers });
        return 200;
      }
      await receiveWebhook(late.deps!, "sandbox", body, headers);
      return 200;
    },
  });
  late.deps = { ...deps, gateways };
  return { deps: late.deps, sandbox: gateways.sandbox!, kept };
}

/**
 * `body` signed as the sandbox signs each delivery attempt (`t=<unix>,v1=<HMAC-SHA256 of "t.body">`),
 * written from that description rather than borrowed from the sandbox, so a test of its verification
 * does not pass merely by agreeing with itself: a retry re-signed later, a webhook signed with
 * another secret or long ago, or one the sandbox never sent.
 */
export async function signSandboxWebhook(secret: string, body: string, at: Date): Promise<Headers> {
  const t = Math.floor(at.getTime() / 1000);
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${t}.${body}`)));
  const v1 = Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("");
  return new Headers({
    "content-type": "application/json",
    [SANDBOX_SIGNATURE_HEADER]: `t=${t},v1=${v1}`,
    [SANDBOX_EVENT_HEADER]: (JSON.parse(body) as { id: string }).id,
  });
}

/** The parameters the sandbox adds to the return URL. */
export function returnParams(redirect: string): Record<string, string> {
  return Object.fromEntries(new URL(redirect).searchParams);
}

/** Pays what is due next on the booking with the sandbox's test card, and comes back from checkout. */
export async function payDue(p: SandboxPayments, organizer: Actor, bookingId: string): Promise<PaymentView> {
  const { payment } = await startPayment(p.deps, organizer, bookingId);
  const checkout = await p.deps.db.selectFrom("payments").select("checkout_ref").where("id", "=", payment.id)
    .executeTakeFirstOrThrow();
  const outcome = await p.sandbox.pay(checkout.checkout_ref!, "card", SANDBOX_CARDS.success);
  const view = await confirmPayment(p.deps, organizer, payment.id, returnParams(outcome.redirect));
  await p.sandbox.settled();
  return view;
}

/**
 * For a booking written straight into the database with `paid` already set: the captured payment and
 * the ledger's capture posting behind that figure, as the payments service would have left them.
 */
export async function capturedBehind(
  db: Kysely<Database>,
  booking: { id: string; organizer_id: string; act_id: string; currency: string },
  amount: number,
): Promise<string> {
  return await db.transaction().execute(async (trx) => {
    const act = await trx.selectFrom("acts").select("owner_id").where("id", "=", booking.act_id)
      .executeTakeFirstOrThrow();
    const ref = `sbx_pay_fixture_${crypto.randomUUID().slice(0, 8)}`;
    const at = new Date();
    const payment = await insertPayment(trx, {
      booking_id: booking.id,
      payer_id: booking.organizer_id,
      payee_id: act.owner_id,
      amount,
      currency: booking.currency,
      payment_type: "deposit",
      status: "captured",
      gateway: "sandbox",
      idempotency_key: `booking:${booking.id}:deposit:fixture`,
      checkout_ref: `sbx_order_${ref}`,
      gateway_transaction_id: ref,
      completed_at: at,
    });
    const capture = capturePosting({
      id: `capture:sandbox:${ref}`,
      bookingId: booking.id,
      currency: booking.currency,
      amount,
      gatewayFee: 0,
    });
    await post(trx, await bookingLedger(trx, booking.id), capture, { paymentId: payment.id, at });
    return payment.id;
  });
}
