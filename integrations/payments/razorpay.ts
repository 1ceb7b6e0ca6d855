/**
 * Razorpay behind the PaymentGateway interface: an Order per payment, paid
 * through Checkout on a page of ours; refunds; and Route transfers to acts'
 * linked accounts, held until the dispute window closes. Calls go through the
 * official SDK; signatures are checked here.
 *
 * Decisions:
 * - Another host for tests: the SDK fixes https://api.razorpay.com as the
 *   `baseURL` of the axios instance it keeps at `razorpay.api.rq` (2.9.x), and
 *   takes no option for it; `apiBaseUrl` rewrites that instance's default, so
 *   every call keeps the SDK's paths, auth and user agent. That instance is not
 *   in the SDK's types: should an upgrade move it, creating the gateway throws
 *   instead of quietly sending a test's calls to the real Razorpay.
 * - Idempotent refunds use Razorpay's `X-Refund-Idempotency` header. The SDK
 *   sends only headers fixed at construction, so the refund alone is posted
 *   through that same axios instance with the header added. Razorpay allows
 *   letters, digits, `-` and `_` (at least 10); our keys hold colons, so the
 *   header carries the base64url SHA-256 of our key: as deterministic, and two
 *   keys stay two.
 * - Orders and Route transfers have no idempotency header, so a retry looks
 *   first: an order by its `receipt` (our payment id), a transfer by the
 *   `payout_id` in its notes. Two first attempts racing could still both
 *   create; the services run one at a time per payment.
 * - Signatures are HMAC-SHA256 compared in constant time (the SDK's own
 *   validateWebhookSignature compares with ===). A webhook's signature is
 *   checked on the raw body before anything is parsed; one Razorpay signed but
 *   that we cannot read (not JSON, fields missing, no event id header) is a
 *   MalformedWebhook, not a forgery: a bug on one side, to alert on.
 * - A fact's `occurredAt` is its entity's `created_at` by every route, so a
 *   fact reads the same from a webhook, a return or a listing. A `refunded`
 *   payment was captured first and lists as captured.
 * - Failures become RazorpayError with Razorpay's own description. Nothing
 *   from the SDK's request config, which holds the key secret, reaches a
 *   message.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import Razorpay from "razorpay";
import { Conflict, ExternalServiceError } from "../../domain/errors.ts";
import {
  type CapturedFact,
  type FailedFact,
  type GatewayFact,
  type PaymentGateway,
  type PayoutRail,
  type PayoutRequest,
  type RefundedFact,
  SignatureRejected,
  type WebhookEvent,
} from "./gateway.ts";

export interface RazorpayOptions {
  keyId: string;
  keySecret: string;
  webhookSecret: string;
  /** Where the SDK sends API calls; defaults to Razorpay's. Tests point it at the stand-in. */
  apiBaseUrl?: string;
  /** The page of ours that opens Razorpay Checkout for a payment (Checkout is a script on our page, not a hosted URL). */
  checkoutPageUrl: (paymentId: string) => string;
  now?: () => Date;
}

/** Razorpay refused a call (`status` is its HTTP status) or did not answer (`status` null). */
export class RazorpayError extends ExternalServiceError {
  readonly status: number | null;
  constructor(message: string, status: number | null) {
    super(message);
    this.status = status;
  }
}

/** A webhook whose signature verifies but whose content we cannot read. */
export class MalformedWebhook extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MalformedWebhook";
  }
}

/** Razorpay's largest page. */
const PAGE = 100;
/** Razorpay retries a failed delivery for 24 hours; anything much older is a replay. */
const OLDEST_WEBHOOK_SECONDS = 3 * 24 * 60 * 60;
const CLOCK_SKEW_SECONDS = 5 * 60;
const REQUEST_TIMEOUT_MS = 30_000;
const CAPTURED = new Set(["captured", "refunded"]);

/** Razorpay answers an empty notes map as `[]`. */
type Notes = Record<string, string | number> | unknown[];

/** The fields we read of Razorpay's entities (the SDK's own types are looser: amounts as `number | string`). */
interface OrderWire {
  id: string;
  amount: number;
  currency: string;
  receipt: string | null;
}

interface PaymentWire {
  id: string;
  order_id: string | null;
  amount: number;
  currency: string;
  status: string;
  method: string | null;
  fee: number | null;
  error_description: string | null;
  error_reason: string | null;
  created_at: number;
}

interface RefundWire {
  id: string;
  payment_id: string;
  amount: number;
  currency: string;
  status: string;
  notes: Notes;
  created_at: number;
}

interface TransferWire {
  id: string;
  amount: number;
  amount_reversed?: number;
  notes: Notes;
}

interface Collection<T> {
  items: T[];
}

/** The axios instance inside the SDK, seen through only what we use of it. */
interface SdkHttp {
  defaults: { baseURL?: string; timeout?: number };
  post(url: string, body: unknown, config: { headers: Record<string, string> }): Promise<{ data: unknown }>;
}

/** The Razorpay gateway, with the public key id its Checkout script needs on our page. */
export type RazorpayGateway = PaymentGateway & { readonly keyId: string; payouts: PayoutRail };

export function createRazorpayGateway(options: RazorpayOptions): RazorpayGateway {
  const sdk = new Razorpay({ key_id: options.keyId, key_secret: options.keySecret });
  const http = (sdk.api as unknown as { rq?: SdkHttp }).rq;
  if (typeof http?.post !== "function" || typeof http.defaults !== "object") {
    throw new Error(
      "The razorpay SDK no longer keeps its HTTP client at api.rq; see integrations/payments/razorpay.ts",
    );
  }
  if (options.apiBaseUrl) http.defaults.baseURL = options.apiBaseUrl.replace(/\/+$/, "");
  // axios waits forever by default; a stuck call would hold a payer's request with it.
  http.defaults.timeout = REQUEST_TIMEOUT_MS;
  const now = options.now ?? (() => new Date());

  async function call<T>(what: string, request: () => Promise<unknown>): Promise<T> {
    try {
      return await request() as T;
    } catch (err) {
      throw razorpayError(what, err);
    }
  }

  async function everyPage<T>(what: string, page: (skip: number) => Promise<unknown>): Promise<T[]> {
    const all: T[] = [];
    for (let skip = 0;; skip += PAGE) {
      const { items } = await call<Collection<T>>(what, () => page(skip));
      all.push(...items);
      if (items.length < PAGE) return all;
    }
  }

  function webhookEvent(rawBody: string, headers: Headers): WebhookEvent {
    const signature = headers.get("x-razorpay-signature");
    if (!signature || !signatureMatches(options.webhookSecret, rawBody, signature)) {
      throw new SignatureRejected("Razorpay webhook signature does not verify");
    }
    const event = parseEvent(rawBody);
    const age = Math.floor(now().getTime() / 1000) - event.created_at;
    if (age > OLDEST_WEBHOOK_SECONDS) {
      throw new SignatureRejected(`Razorpay webhook created ${Math.floor(age / 3600)} hours ago: a replay`);
    }
    if (age < -CLOCK_SKEW_SECONDS) throw new SignatureRejected("Razorpay webhook created in the future");
    const eventId = headers.get("x-razorpay-event-id");
    if (!eventId) throw new MalformedWebhook("Razorpay webhook without an x-razorpay-event-id header");
    return { eventId, type: event.event, fact: factOf(event) };
  }

  /** The transfer for this payout, made on hold unless an earlier attempt already made it. */
  async function heldTransfer(request: PayoutRequest): Promise<TransferWire> {
    const existing = await call<Collection<TransferWire>>(
      `listing transfers of payment ${request.paymentRef}`,
      () => sdk.payments.fetchTransfer(request.paymentRef),
    );
    const made = existing.items.find((t) => noteOf(t.notes, "payout_id") === request.payoutId);
    if (made) return made;
    const created = await call<Collection<TransferWire>>(
      `transferring payout ${request.payoutId} from payment ${request.paymentRef}`,
      () =>
        sdk.payments.transfer(request.paymentRef, {
          transfers: [{
            account: request.destination,
            amount: request.amount,
            currency: request.currency,
            notes: { payout_id: request.payoutId, booking_id: request.bookingId },
            on_hold: 1,
            on_hold_until: unixSeconds(request.holdUntil),
          }],
        }),
    );
    return created.items[0];
  }

  return {
    name: "razorpay",
    keyId: options.keyId,

    async startCheckout(request) {
      const found = await call<Collection<OrderWire>>(
        `looking up the order of payment ${request.paymentId}`,
        () => sdk.orders.all({ receipt: request.paymentId }),
      );
      let order = found.items.find((o) => o.receipt === request.paymentId);
      if (order && (order.amount !== request.amount || order.currency !== request.currency)) {
        throw new Conflict(
          `Razorpay order ${order.id} of payment ${request.paymentId} is for ${order.amount} ${order.currency}, ` +
            `not ${request.amount} ${request.currency}`,
        );
      }
      order ??= await call<OrderWire>(
        `creating the order of payment ${request.paymentId}`,
        () =>
          sdk.orders.create({
            amount: request.amount,
            currency: request.currency,
            receipt: request.paymentId,
            notes: { payment_id: request.paymentId },
          }),
      );
      return { checkoutRef: order.id, redirectUrl: options.checkoutPageUrl(request.paymentId) };
    },

    async confirmReturn(orderId, params) {
      const paymentId = params.razorpay_payment_id;
      const signature = params.razorpay_signature;
      if (!paymentId || !signature) {
        throw new SignatureRejected("Razorpay return without a payment and signature");
      }
      if (params.razorpay_order_id !== orderId) {
        throw new SignatureRejected(`Razorpay return is for another order than ${orderId}`);
      }
      if (!signatureMatches(options.keySecret, `${orderId}|${paymentId}`, signature)) {
        throw new SignatureRejected("Razorpay return signature does not verify");
      }
      const payment = await call<PaymentWire>(
        `fetching payment ${paymentId}`,
        () => sdk.payments.fetch(paymentId),
      );
      return paymentFact(payment, orderId);
    },

    verifyWebhook(rawBody, headers) {
      try {
        return Promise.resolve(webhookEvent(rawBody, headers));
      } catch (err) {
        return Promise.reject(err);
      }
    },

    async refund(request) {
      const refund = await call<RefundWire>(
        `refunding payment ${request.paymentRef}`,
        async () =>
          (await http.post(
            `/v1/payments/${encodeURIComponent(request.paymentRef)}/refund`,
            { amount: request.amount, notes: { refund_id: request.refundId } },
            { headers: { "X-Refund-Idempotency": idempotencyHeader(request.idempotencyKey) } },
          )).data,
      );
      return { refundRef: refund.id, fact: refundFact(refund) };
    },

    async activity(from, to) {
      const range = { from: unixSeconds(from), to: unixSeconds(to) };
      const payments = await everyPage<PaymentWire>(
        "listing payments",
        (skip) => sdk.payments.all({ ...range, count: PAGE, skip }),
      );
      const refunds = await everyPage<RefundWire>(
        "listing refunds",
        (skip) => sdk.refunds.all({ ...range, count: PAGE, skip }),
      );
      const facts: GatewayFact[] = [];
      for (const payment of payments) {
        if (payment.order_id && CAPTURED.has(payment.status)) {
          facts.push(paymentFact(payment, payment.order_id)!);
        }
      }
      for (const refund of refunds) {
        const fact = refundFact(refund);
        if (fact) facts.push(fact);
      }
      return { facts };
    },

    payouts: {
      async hold(request) {
        return { transferRef: (await heldTransfer(request)).id };
      },
      async release(request, transferRef) {
        if (!transferRef) throw new Error(`Payout ${request.payoutId} has no Razorpay transfer to release`);
        const transfer = await call<TransferWire>(
          `releasing transfer ${transferRef}`,
          () => sdk.transfers.edit(transferRef, { on_hold: 0 }),
        );
        return { transferRef: transfer.id };
      },
      async cancel(request, transferRef) {
        if (!transferRef) return;
        const transfer = await call<TransferWire>(
          `reading transfer ${transferRef}`,
          () => sdk.transfers.fetch(transferRef),
        );
        const left = transfer.amount - (transfer.amount_reversed ?? 0);
        if (left <= 0) return;
        await call(
          `reversing transfer ${transferRef} of payout ${request.payoutId}`,
          () => sdk.transfers.reverse(transferRef, { amount: left }),
        );
      },
    },
  };
}

function paymentFact(payment: PaymentWire, checkoutRef: string): CapturedFact | FailedFact | null {
  const occurredAt = new Date(payment.created_at * 1000);
  if (CAPTURED.has(payment.status)) {
    return {
      kind: "payment_captured",
      checkoutRef,
      paymentRef: payment.id,
      amount: payment.amount,
      currency: payment.currency,
      fee: payment.fee ?? 0,
      method: payment.method ?? null,
      occurredAt,
    };
  }
  if (payment.status === "failed") {
    return {
      kind: "payment_failed",
      checkoutRef,
      paymentRef: payment.id,
      reason: payment.error_description ?? payment.error_reason ?? "failed",
      occurredAt,
    };
  }
  return null;
}

/** Only refunds we made carry our refund id; one made on Razorpay's dashboard is not ours to apply. */
function refundFact(refund: RefundWire): RefundedFact | null {
  const refundId = noteOf(refund.notes, "refund_id");
  if (refund.status !== "processed" || !refundId) return null;
  return {
    kind: "refund_processed",
    refundId,
    refundRef: refund.id,
    paymentRef: refund.payment_id,
    amount: refund.amount,
    currency: refund.currency,
    occurredAt: new Date(refund.created_at * 1000),
  };
}

interface EventWire {
  event: string;
  created_at: number;
  payload: Record<string, unknown>;
}

function parseEvent(rawBody: string): EventWire {
  let event: unknown;
  try {
    event = JSON.parse(rawBody);
  } catch {
    throw new MalformedWebhook("Razorpay webhook body is not JSON");
  }
  if (
    !isRecord(event) || typeof event.event !== "string" || !Number.isInteger(event.created_at) ||
    !isRecord(event.payload)
  ) {
    throw new MalformedWebhook("Razorpay webhook without event, created_at or payload");
  }
  return event as unknown as EventWire;
}

/** What a webhook's entity must hold for its fact: text, or a whole number (paise, unix seconds). */
const PAYMENT_FIELDS = {
  id: "text",
  amount: "integer",
  currency: "text",
  status: "text",
  created_at: "integer",
} as const;
const REFUND_FIELDS = { ...PAYMENT_FIELDS, payment_id: "text" } as const;

function factOf(event: EventWire): GatewayFact | null {
  switch (event.event) {
    case "payment.captured":
    case "payment.failed": {
      const payment = entityOf<PaymentWire>(event, "payment", PAYMENT_FIELDS);
      // A payment outside an order (a payment link, a dashboard charge) is none of our checkouts.
      return typeof payment.order_id === "string" ? paymentFact(payment, payment.order_id) : null;
    }
    case "refund.processed":
      return refundFact(entityOf<RefundWire>(event, "refund", REFUND_FIELDS));
    default:
      return null;
  }
}

function entityOf<T>(event: EventWire, name: string, fields: Record<string, "text" | "integer">): T {
  const entity = (event.payload[name] as { entity?: unknown } | undefined)?.entity;
  if (!isRecord(entity)) {
    throw new MalformedWebhook(`Razorpay ${event.event} webhook without a ${name} entity`);
  }
  for (const [field, type] of Object.entries(fields)) {
    const value = entity[field];
    if (type === "text" ? typeof value !== "string" : !Number.isInteger(value)) {
      throw new MalformedWebhook(`Razorpay ${event.event} webhook: ${name}.${field} is not ${type}`);
    }
  }
  return entity as T;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function noteOf(notes: Notes, key: string): string | null {
  const value = Array.isArray(notes) ? undefined : notes[key];
  return value === undefined || value === null ? null : String(value);
}

function signatureMatches(secret: string, message: string, given: string): boolean {
  const encoder = new TextEncoder();
  const expected = encoder.encode(createHmac("sha256", secret).update(message).digest("hex"));
  const actual = encoder.encode(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function idempotencyHeader(key: string): string {
  return createHash("sha256").update(key).digest("base64url");
}

function unixSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/** The SDK rejects with `{ statusCode, error }`; a call on its axios instance with axios's `{ response }`. */
function razorpayError(what: string, err: unknown): RazorpayError {
  type Detail = { code?: string; description?: string } | undefined;
  const failure = err as {
    statusCode?: unknown;
    error?: Detail;
    response?: { status?: unknown; data?: { error?: Detail } };
  } | null;
  const status = Number(failure?.statusCode ?? failure?.response?.status);
  if (!Number.isInteger(status)) {
    // axios says why (a refused connection, a timeout); the SDK loses that on its way to us.
    const cause = (err as { isAxiosError?: boolean } | null)?.isAxiosError
      ? `: ${(err as Error).message}`
      : "";
    return new RazorpayError(`Razorpay did not answer ${what}${cause}`, null);
  }
  const detail = failure?.error ?? failure?.response?.data?.error;
  const description = detail?.description ?? "no description";
  return new RazorpayError(
    `Razorpay refused ${what}: ${description} (${status} ${detail?.code ?? "unknown"})`,
    status,
  );
}
