/**
 * Stripe behind the PaymentGateway interface, through Stripe's own SDK:
 * Checkout Sessions for payments, refunds on the PaymentIntent, Connect
 * transfers for payouts.
 *
 * Decisions:
 * - Every create carries the request's deterministic idempotency key (never
 *   the SDK's random one), so a retry by us or by the SDK finds the first
 *   session, refund or transfer.
 * - A Checkout return carries no signature, so the session id it names is
 *   only a pointer: the fact comes from retrieving the session with our secret
 *   key. Checkout webhooks are treated the same way, as a nudge to retrieve:
 *   the session's snapshot in the event has no fee or payment method, and
 *   one retrieval gives every route (return, webhook, listing) the same fact.
 * - The fee is the balance transaction's, and only when it is in the payment's
 *   currency; an account settling in another currency reports a converted fee,
 *   which the ledger takes at settlement instead (fee 0 here).
 * - A declined card leaves its session open for another try, so only a
 *   session that completed unpaid with a failed PaymentIntent, or expired, is
 *   a failed payment; an open one is not settled yet (null).
 * - Refund facts come from Refund objects (`refund.created`, `refund.updated`,
 *   `charge.refund.updated`), which carry our refund id in their metadata;
 *   `charge.refunded` carries the charge and is left to those.
 * - Stripe has no held transfers: `hold` creates nothing and `release` makes
 *   the transfer, tied to the payment's charge by `source_transaction` so it
 *   draws on that charge's funds even before they are available.
 * - Errors name the operation and Stripe's reason, never the keys: a refused
 *   key is reported without Stripe's message, which quotes part of it.
 */
import Stripe from "stripe";
import { Conflict, ExternalServiceError, NotFound, ValidationError } from "../../domain/errors.ts";
import {
  type CapturedFact,
  type CheckoutRequest,
  type CheckoutStart,
  type GatewayFact,
  type PaymentGateway,
  type PayoutRail,
  type PayoutRequest,
  type PeriodActivity,
  type RefundedFact,
  type RefundRequest,
  type RefundStarted,
  SignatureRejected,
  type WebhookEvent,
} from "./gateway.ts";

export interface StripeOptions {
  secretKey: string;
  webhookSecret: string;
  /** Tests point the SDK at the stand-in: { host, port, protocol: "http" }. */
  api?: { host: string; port: number; protocol: "http" | "https" };
  now?: () => Date;
}

/** How old a webhook's signature may be, in seconds: Stripe's recommended tolerance against replays. */
const WEBHOOK_TOLERANCE_SECONDS = 300;

/** Down to the balance transaction, for the fee; the charge gives the payment method. */
const SESSION_EXPANSION = "payment_intent.latest_charge.balance_transaction";

/** Event types whose session is retrieved for its fact. */
const CHECKOUT_EVENTS = new Set([
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
  "checkout.session.async_payment_failed",
  "checkout.session.expired",
]);

/** Event types whose object is a Refund. */
const REFUND_EVENTS = new Set(["refund.created", "refund.updated", "charge.refund.updated"]);

export function createStripeGateway(options: StripeOptions): PaymentGateway & { payouts: PayoutRail } {
  const stripe = new Stripe(options.secretKey, { ...options.api, telemetry: false });
  const cryptoProvider = Stripe.createSubtleCryptoProvider();
  const now = options.now ?? (() => new Date());

  async function call<T>(operation: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw translated(operation, error);
    }
  }

  async function retrievedFact(sessionId: string): Promise<GatewayFact | null> {
    const session = await call(
      "retrieve the Checkout Session",
      () => stripe.checkout.sessions.retrieve(sessionId, { expand: [SESSION_EXPANSION] }),
    );
    return sessionFact(session, now());
  }

  return {
    name: "stripe",

    async startCheckout(request: CheckoutRequest): Promise<CheckoutStart> {
      const paymentId = { payment_id: request.paymentId };
      const session = await call("create the Checkout Session", () =>
        stripe.checkout.sessions.create({
          mode: "payment",
          line_items: [{
            quantity: 1,
            price_data: {
              currency: request.currency.toLowerCase(),
              unit_amount: request.amount,
              product_data: { name: request.description },
            },
          }],
          customer_email: request.payer.email,
          client_reference_id: request.paymentId,
          metadata: paymentId,
          payment_intent_data: { metadata: paymentId },
          success_url: withSessionId(request.returnUrl),
          cancel_url: request.cancelUrl,
        }, { idempotencyKey: request.idempotencyKey }));
      if (!session.url) throw new ExternalServiceError("Stripe created a Checkout Session without its page");
      return { checkoutRef: session.id, redirectUrl: session.url };
    },

    confirmReturn(
      checkoutRef: string,
      params: Readonly<Record<string, string>>,
    ): Promise<GatewayFact | null> {
      if (params.session_id !== checkoutRef) {
        return Promise.reject(
          new SignatureRejected("The return names another Checkout Session than this payment's"),
        );
      }
      return retrievedFact(checkoutRef);
    },

    async verifyWebhook(rawBody: string, headers: Headers): Promise<WebhookEvent> {
      const signature = headers.get("stripe-signature");
      if (!signature) throw new SignatureRejected("The Stripe webhook carries no Stripe-Signature header");
      let event: Stripe.Event;
      try {
        event = await stripe.webhooks.constructEventAsync(
          rawBody,
          signature,
          options.webhookSecret,
          WEBHOOK_TOLERANCE_SECONDS,
          cryptoProvider,
          now().getTime(),
        );
      } catch (error) {
        const reason = error instanceof Error ? error.message.split("\n")[0] : "unreadable";
        throw new SignatureRejected(`The Stripe webhook does not verify: ${reason}`);
      }
      let fact: GatewayFact | null = null;
      const object = event.data.object as { id: string; object: string };
      if (CHECKOUT_EVENTS.has(event.type)) fact = await retrievedFact(object.id);
      else if (REFUND_EVENTS.has(event.type) && object.object === "refund") {
        fact = refundFact(object as Stripe.Refund);
      }
      return { eventId: event.id, type: event.type, fact };
    },

    async refund(request: RefundRequest): Promise<RefundStarted> {
      const refund = await call("refund the payment", () =>
        stripe.refunds.create({
          payment_intent: request.paymentRef,
          amount: request.amount,
          metadata: { refund_id: request.refundId },
        }, { idempotencyKey: request.idempotencyKey }));
      return { refundRef: refund.id, fact: refundFact(refund) };
    },

    activity(from: Date, to: Date): Promise<PeriodActivity> {
      const created = { gte: unixSeconds(from), lte: unixSeconds(to) };
      return call("list the period's payments and refunds", async () => {
        const facts: GatewayFact[] = [];
        const sessions = stripe.checkout.sessions.list({
          created,
          limit: 100,
          expand: [`data.${SESSION_EXPANSION}`],
        });
        for await (const session of sessions) {
          if (session.payment_status !== "paid") continue;
          const fact = sessionFact(session, now());
          if (fact) facts.push(fact);
        }
        for await (const refund of stripe.refunds.list({ created, limit: 100 })) {
          const fact = refundFact(refund);
          if (fact) facts.push(fact);
        }
        return { facts };
      });
    },

    payouts: {
      hold: () => Promise.resolve({ transferRef: null }),

      async release(request: PayoutRequest): Promise<{ transferRef: string }> {
        const intent = await call(
          "retrieve the payment funding the payout",
          () => stripe.paymentIntents.retrieve(request.paymentRef),
        );
        const charge = idOf(intent.latest_charge);
        const transfer = await call("transfer the payout", () =>
          stripe.transfers.create({
            amount: request.amount,
            currency: request.currency.toLowerCase(),
            destination: request.destination,
            transfer_group: request.bookingId,
            ...(charge ? { source_transaction: charge } : {}),
            metadata: { payout_id: request.payoutId },
          }, { idempotencyKey: request.idempotencyKey }));
        return { transferRef: transfer.id };
      },

      // Held payouts were never sent to Stripe, so taking one back needs no call.
      cancel: () => Promise.resolve(),
    },
  };
}

/**
 * `returnUrl` with Stripe's `{CHECKOUT_SESSION_ID}` placeholder added to its
 * query, by hand: URL would percent-encode the braces and Stripe would no
 * longer fill the placeholder in.
 */
export function withSessionId(returnUrl: string): string {
  const hashAt = returnUrl.indexOf("#");
  const base = hashAt < 0 ? returnUrl : returnUrl.slice(0, hashAt);
  const fragment = hashAt < 0 ? "" : returnUrl.slice(hashAt);
  const separator = !base.includes("?") ? "?" : /[?&]$/.test(base) ? "" : "&";
  return `${base}${separator}session_id={CHECKOUT_SESSION_ID}${fragment}`;
}

/** What a retrieved or listed session (expanded down to its balance transaction) says has happened. */
function sessionFact(session: Stripe.Checkout.Session, now: Date): GatewayFact | null {
  const intent = expandedOrNull(session.payment_intent);
  const charge = expandedOrNull(intent?.latest_charge ?? null);
  if (session.payment_status === "paid") {
    if (!intent || session.amount_total === null) {
      throw new ExternalServiceError(`Stripe reports ${session.id} paid without its payment`);
    }
    return capturedFact(session, intent, charge, now);
  }
  if (session.status === "expired") {
    return {
      kind: "payment_failed",
      checkoutRef: session.id,
      paymentRef: intent?.id ?? null,
      reason: "The Checkout Session expired before it was paid",
      occurredAt: earlier(fromUnix(session.expires_at), now),
    };
  }
  const failed = intent?.status === "canceled" ||
    (intent?.status === "requires_payment_method" && intent.last_payment_error !== null);
  if (session.status === "complete" && intent && failed) {
    return {
      kind: "payment_failed",
      checkoutRef: session.id,
      paymentRef: intent.id,
      reason: intent.last_payment_error?.message ?? charge?.failure_message ??
        `The payment was ${intent.status}`,
      occurredAt: charge ? fromUnix(charge.created) : now,
    };
  }
  return null;
}

function capturedFact(
  session: Stripe.Checkout.Session,
  intent: Stripe.PaymentIntent,
  charge: Stripe.Charge | null,
  now: Date,
): CapturedFact {
  const transaction = expandedOrNull(charge?.balance_transaction ?? null);
  const sameCurrency = transaction?.currency.toLowerCase() === session.currency?.toLowerCase();
  return {
    kind: "payment_captured",
    checkoutRef: session.id,
    paymentRef: intent.id,
    amount: session.amount_total!,
    currency: (session.currency ?? intent.currency).toUpperCase(),
    fee: transaction && sameCurrency ? transaction.fee : 0,
    method: charge?.payment_method_details?.type ?? null,
    occurredAt: charge ? fromUnix(charge.created) : now,
  };
}

/** A refund we asked for (its metadata names ours) that has gone through; null otherwise. */
function refundFact(refund: Stripe.Refund): RefundedFact | null {
  const refundId = refund.metadata?.refund_id;
  const paymentRef = idOf(refund.payment_intent);
  if (refund.status !== "succeeded" || !refundId || !paymentRef) return null;
  return {
    kind: "refund_processed",
    refundId,
    refundRef: refund.id,
    paymentRef,
    amount: refund.amount,
    currency: refund.currency.toUpperCase(),
    occurredAt: fromUnix(refund.created),
  };
}

function expandedOrNull<T extends { id: string }>(value: string | T | null): T | null {
  return value !== null && typeof value === "object" ? value : null;
}

function idOf(value: string | { id: string } | null): string | null {
  return value === null ? null : typeof value === "string" ? value : value.id;
}

function fromUnix(seconds: number): Date {
  return new Date(seconds * 1000);
}

function unixSeconds(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}

function earlier(a: Date, b: Date): Date {
  return a < b ? a : b;
}

/** Stripe's refusal as the application's error, naming the operation and never a key. */
function translated(operation: string, error: unknown): unknown {
  if (!(error instanceof Stripe.errors.StripeError)) return error;
  if (error instanceof Stripe.errors.StripeIdempotencyError) {
    return new Conflict(
      `Stripe refused to ${operation}: its idempotency key was first used with other parameters`,
    );
  }
  if (
    error instanceof Stripe.errors.StripeAuthenticationError ||
    error instanceof Stripe.errors.StripePermissionError
  ) {
    return new ExternalServiceError(`Stripe refused our API key when asked to ${operation}`);
  }
  if (error.statusCode === 404) return new NotFound(`Stripe could not ${operation}: ${error.message}`);
  if (error instanceof Stripe.errors.StripeInvalidRequestError) {
    const param = (error as { param?: string }).param;
    return new ValidationError(
      `Stripe refused to ${operation}: ${error.message}`,
      param ? [{ field: param, message: error.message }] : [],
    );
  }
  return new ExternalServiceError(`Stripe failed to ${operation}: ${error.message}`);
}
