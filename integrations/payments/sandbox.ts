/**
 * The sandbox gateway: a pretend payment gateway inside the app, so that
 * `deno task start` on a bare machine can pay a deposit end to end without
 * Razorpay or Stripe keys. It is labelled as such wherever a payer sees it,
 * takes only test cards and UPI ids, and moves no money.
 *
 * It behaves like the real ones where our code depends on it: checkouts are
 * idempotent per key; the payer comes back to the return URL with parameters
 * signed like Razorpay's Checkout callback; every outcome is also delivered as
 * a webhook to the app's own endpoint, signed like Stripe's
 * (`t=<unix>,v1=<HMAC-SHA256 of "t.body">`, 300 s tolerance, signed afresh on
 * each attempt) and retried with backoff until the app answers 2xx, so the
 * services' exactly-once handling runs on the same path as in production.
 *
 * Payouts go to pretend accounts, one per payee, held and released like
 * Razorpay Route transfers.
 *
 * Its state is in memory: a restart forgets unpaid checkouts (the payer starts
 * again; the app makes a new checkout) and the activity listing that
 * reconciliation reads. What was paid is already in the app's database.
 */
import { timingSafeEqual } from "node:crypto";
import {
  type CheckoutRequest,
  type CheckoutStart,
  type GatewayFact,
  type PaymentGateway,
  type PeriodActivity,
  type RefundedFact,
  type RefundRequest,
  type RefundStarted,
  SignatureRejected,
  type WebhookEvent,
} from "./gateway.ts";

/** The sandbox's signing secret, derived from the app secret for this purpose alone. */
export function sandboxSecretFrom(appSecret: string): Promise<string> {
  return hmacHex(appSecret, "payments-sandbox");
}

/** Test instruments, as a payer types them. */
export const SANDBOX_CARDS = { success: "4111 1111 1111 1111", declined: "4000 0000 0000 0002" } as const;
export const SANDBOX_UPI = { success: "success@sandbox", failure: "failure@sandbox" } as const;

export const SANDBOX_SIGNATURE_HEADER = "x-sandbox-signature";
export const SANDBOX_EVENT_HEADER = "x-sandbox-event-id";
export const SANDBOX_WEBHOOK_PATH = "/api/v1/payments/webhooks/sandbox";
const TOLERANCE_S = 300;
/** The sandbox keeps this share as its fee, like a gateway's 2%. */
const FEE_BPS = 200;
/** Delivery attempts and the waits before each retry: about a minute in all, then reconciliation catches up. */
const RETRY_DELAYS_MS = [250, 1_000, 4_000, 15_000, 40_000];

export type SandboxMethod = "card" | "upi";

export interface SandboxCheckout {
  ref: string;
  paymentId: string;
  amount: number;
  currency: string;
  description: string;
  payerName: string;
  returnUrl: string;
  cancelUrl: string;
  /** A declined attempt leaves it open for another try, as real checkouts do. */
  status: "open" | "paid";
  paymentRef: string | null;
  createdAt: Date;
}

/** Sends a signed webhook to the app; resolves with the HTTP status it answered. */
export type WebhookSender = (body: string, headers: Headers) => Promise<number>;

export interface SandboxOptions {
  /** Signs returns and webhooks; derived from the app secret by the caller. */
  secret: string;
  /** The app's public origin: the checkout page lives there. */
  origin: string;
  /** Delivers webhooks; by default an HTTP POST to the origin's webhook endpoint. */
  send?: WebhookSender;
  now?: () => Date;
}

export interface PayOutcome {
  /** Where the payer goes next: the return URL with signed parameters, or back to the checkout with an error. */
  redirect: string;
  paid: boolean;
  /** Why the instrument was declined, for the checkout page. */
  declined?: string;
}

/** In the sandbox every payee has a pretend payout account, so payouts run without any set-up. */
export function sandboxAccountOf(userId: string): string {
  return `sbx_acc_${userId.replaceAll("-", "")}`;
}

export interface SandboxGateway extends PaymentGateway {
  readonly name: "sandbox";
  /** The test instruments its checkout page offers. */
  readonly testInstruments: { card: typeof SANDBOX_CARDS; upi: typeof SANDBOX_UPI };
  checkout(ref: string): SandboxCheckout | null;
  /** The payer submits the checkout form with a test card or UPI id. */
  pay(ref: string, method: SandboxMethod, instrument: string): Promise<PayOutcome>;
  /** Waits for webhook deliveries under way (tests and shutdown). */
  settled(): Promise<void>;
}

interface RefundRecord {
  fact: RefundedFact;
  key: string;
}

const encoder = new TextEncoder();

async function hmacHex(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(message)));
  return Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("");
}

function sameHex(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function randomId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  return `${prefix}_${Array.from(bytes, (b) => b.toString(36).padStart(2, "0")).join("").slice(0, 16)}`;
}

function digits(instrument: string): string {
  return instrument.replace(/[\s-]/g, "");
}

/** Why a test instrument is refused, or null when it pays. */
function declineReason(method: SandboxMethod, instrument: string): string | null {
  if (method === "card") {
    const card = digits(instrument);
    if (card === digits(SANDBOX_CARDS.success)) return null;
    if (card === digits(SANDBOX_CARDS.declined)) {
      return "The card was declined by the issuing bank (test card)";
    }
    return `Use the test card ${SANDBOX_CARDS.success} (or ${SANDBOX_CARDS.declined} to see a decline)`;
  }
  const vpa = instrument.trim().toLowerCase();
  if (vpa === SANDBOX_UPI.success) return null;
  if (vpa === SANDBOX_UPI.failure) return "The UPI request was declined (test UPI id)";
  return `Use the test UPI id ${SANDBOX_UPI.success} (or ${SANDBOX_UPI.failure} to see a failure)`;
}

/** The string a return's signature covers: every parameter the app reads from it. */
function returnMessage(p: Readonly<Record<string, string>>): string {
  return [p.sandbox_checkout_id, p.sandbox_payment_id, p.amount, p.currency, p.method, p.status].join("|");
}

export function createSandboxGateway(options: SandboxOptions): SandboxGateway {
  const now = options.now ?? (() => new Date());
  const checkouts = new Map<string, SandboxCheckout>();
  const byKey = new Map<string, string>();
  const captured: GatewayFact[] = [];
  const refunds = new Map<string, RefundRecord>();
  const deliveries = new Set<Promise<void>>();
  const send: WebhookSender = options.send ?? (async (body, headers) => {
    const response = await fetch(new URL(SANDBOX_WEBHOOK_PATH, options.origin), {
      method: "POST",
      body,
      headers,
    });
    await response.body?.cancel();
    return response.status;
  });

  async function signedHeaders(body: string, eventId: string, at: Date): Promise<Headers> {
    const t = Math.floor(at.getTime() / 1000);
    const v1 = await hmacHex(options.secret, `${t}.${body}`);
    return new Headers({
      "content-type": "application/json",
      [SANDBOX_SIGNATURE_HEADER]: `t=${t},v1=${v1}`,
      [SANDBOX_EVENT_HEADER]: eventId,
    });
  }

  /** Delivers an event until the app takes it, signing each attempt afresh as real gateways do. */
  function deliver(type: string, fact: GatewayFact): void {
    const eventId = randomId("evt");
    const body = JSON.stringify({ id: eventId, type, created: Math.floor(now().getTime() / 1000), fact });
    const run = (async () => {
      for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length; attempt++) {
        try {
          const status = await send(body, await signedHeaders(body, eventId, now()));
          if (status >= 200 && status < 300) return;
        } catch {
          // The app may be restarting; the next attempt will tell.
        }
        if (attempt < RETRY_DELAYS_MS.length) {
          await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[attempt]));
        }
      }
    })();
    deliveries.add(run);
    run.finally(() => deliveries.delete(run));
  }

  async function returnUrl(
    checkout: SandboxCheckout,
    method: SandboxMethod,
    status: string,
  ): Promise<string> {
    const params: Record<string, string> = {
      sandbox_checkout_id: checkout.ref,
      sandbox_payment_id: checkout.paymentRef ?? "",
      amount: String(checkout.amount),
      currency: checkout.currency,
      method,
      status,
    };
    params.sandbox_signature = await hmacHex(options.secret, returnMessage(params));
    const url = new URL(checkout.returnUrl);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    return url.toString();
  }

  return {
    name: "sandbox",
    // Pretend transfers to pretend accounts: every payee has one (`sandboxAccountOf`).
    payouts: {
      hold: () => Promise.resolve({ transferRef: randomId("sbx_trf") }),
      release: (_request, transferRef) =>
        Promise.resolve({ transferRef: transferRef ?? randomId("sbx_trf") }),
      cancel: () => Promise.resolve(),
    },
    testInstruments: { card: SANDBOX_CARDS, upi: SANDBOX_UPI },

    startCheckout(request: CheckoutRequest): Promise<CheckoutStart> {
      const existing = byKey.get(request.idempotencyKey);
      const ref = existing ?? randomId("sbx_order");
      if (!existing) {
        byKey.set(request.idempotencyKey, ref);
        checkouts.set(ref, {
          ref,
          paymentId: request.paymentId,
          amount: request.amount,
          currency: request.currency,
          description: request.description,
          payerName: request.payer.name,
          returnUrl: request.returnUrl,
          cancelUrl: request.cancelUrl,
          status: "open",
          paymentRef: null,
          createdAt: now(),
        });
      }
      return Promise.resolve({
        checkoutRef: ref,
        redirectUrl: new URL(`/sandbox/checkout/${ref}`, options.origin).href,
      });
    },

    checkout: (ref) => checkouts.get(ref) ?? null,

    async pay(ref, method, instrument) {
      const checkout = checkouts.get(ref);
      if (!checkout) throw new RangeError("No such sandbox checkout");
      if (checkout.status === "paid") {
        return { redirect: await returnUrl(checkout, method, "captured"), paid: true };
      }
      const declined = declineReason(method, instrument);
      checkout.paymentRef = randomId("sbx_pay");
      const at = now();
      if (declined) {
        deliver("payment.failed", {
          kind: "payment_failed",
          checkoutRef: ref,
          paymentRef: checkout.paymentRef,
          reason: declined,
          occurredAt: at,
        });
        return { redirect: new URL(`/sandbox/checkout/${ref}`, options.origin).href, paid: false, declined };
      }
      checkout.status = "paid";
      const fact: GatewayFact = {
        kind: "payment_captured",
        checkoutRef: ref,
        paymentRef: checkout.paymentRef,
        amount: checkout.amount,
        currency: checkout.currency,
        fee: Math.floor(checkout.amount * FEE_BPS / 10_000),
        method,
        occurredAt: at,
      };
      captured.push(fact);
      deliver("payment.captured", fact);
      return { redirect: await returnUrl(checkout, method, "captured"), paid: true };
    },

    async confirmReturn(checkoutRef, params) {
      const signature = params.sandbox_signature ?? "";
      if (params.sandbox_checkout_id !== checkoutRef) {
        throw new SignatureRejected("The return is for another checkout");
      }
      if (!sameHex(signature, await hmacHex(options.secret, returnMessage(params)))) {
        throw new SignatureRejected("The return's signature does not match");
      }
      if (params.status !== "captured") return null;
      const amount = Number(params.amount);
      return {
        kind: "payment_captured",
        checkoutRef,
        paymentRef: params.sandbox_payment_id,
        amount,
        currency: params.currency,
        fee: Math.floor(amount * FEE_BPS / 10_000),
        method: params.method,
        occurredAt: now(),
      };
    },

    async verifyWebhook(rawBody, headers) {
      const header = headers.get(SANDBOX_SIGNATURE_HEADER) ?? "";
      const parts = Object.fromEntries(header.split(",").map((p) => p.split("=", 2) as [string, string]));
      const t = Number(parts.t);
      if (!Number.isInteger(t) || !parts.v1) throw new SignatureRejected("The webhook is not signed");
      if (!sameHex(parts.v1, await hmacHex(options.secret, `${t}.${rawBody}`))) {
        throw new SignatureRejected("The webhook's signature does not match");
      }
      if (Math.abs(now().getTime() / 1000 - t) > TOLERANCE_S) {
        throw new SignatureRejected("The webhook's signature is too old");
      }
      const event = JSON.parse(rawBody) as { id: string; type: string; fact: GatewayFact | null };
      const fact = event.fact ? { ...event.fact, occurredAt: new Date(event.fact.occurredAt) } : null;
      return { eventId: event.id, type: event.type, fact } satisfies WebhookEvent;
    },

    refund(request: RefundRequest): Promise<RefundStarted> {
      const known = [...refunds.values()].find((r) => r.key === request.idempotencyKey);
      if (known) return Promise.resolve({ refundRef: known.fact.refundRef, fact: known.fact });
      const fact: RefundedFact = {
        kind: "refund_processed",
        refundId: request.refundId,
        refundRef: randomId("sbx_rfnd"),
        paymentRef: request.paymentRef,
        amount: request.amount,
        currency: request.currency,
        occurredAt: now(),
      };
      refunds.set(fact.refundRef, { fact, key: request.idempotencyKey });
      deliver("refund.processed", fact);
      return Promise.resolve({ refundRef: fact.refundRef, fact });
    },

    activity(from, to): Promise<PeriodActivity> {
      const within = (f: GatewayFact) => f.occurredAt >= from && f.occurredAt <= to;
      return Promise.resolve({
        facts: [...captured.filter(within), ...[...refunds.values()].map((r) => r.fact).filter(within)],
      });
    },

    async settled() {
      while (deliveries.size > 0) await Promise.allSettled([...deliveries]);
    },
  };
}
