/**
 * What the payments services need from a payment gateway, whichever it is:
 * Razorpay (INR), Stripe (other currencies) or the sandbox built into the app
 * for development. Adapters translate between this and each gateway's SDK and
 * wire format; nothing here knows about bookings or the ledger.
 *
 * Amounts are whole minor units of `currency` (paise for INR), as every
 * gateway's API takes them. A gateway reports what happened as `GatewayFact`s,
 * whether it came by webhook, by the payer's return from checkout, or by
 * reconciliation listing: the services apply a fact once, however often and
 * by whichever route it arrives.
 */

import type { GatewayName } from "../../domain/payment_status.ts";

export type { GatewayName };

export interface CheckoutRequest {
  /** Our payment's id: the gateway echoes it back (Razorpay `receipt`/notes, Stripe metadata). */
  paymentId: string;
  /**
   * Deterministic per business operation (e.g. `booking:<id>:deposit:1`): a retried
   * create returns the first order or session instead of making a second one.
   */
  idempotencyKey: string;
  amount: number;
  currency: string;
  /** Shown to the payer on the checkout page. */
  description: string;
  payer: { name: string; email: string };
  /** Where the payer comes back to after paying; the gateway adds its own parameters. */
  returnUrl: string;
  /** Where the payer goes if they give up. */
  cancelUrl: string;
}

export interface CheckoutStart {
  /** The gateway's handle on this checkout: a Razorpay order id, a Stripe Checkout Session id. */
  checkoutRef: string;
  /** The hosted page the payer is sent to. */
  redirectUrl: string;
}

/** Money the payer has paid, with what the gateway kept. */
export interface CapturedFact {
  kind: "payment_captured";
  /** The checkout it paid for (`CheckoutStart.checkoutRef`): how the services find our payment. */
  checkoutRef: string;
  /** The gateway's id of the payment itself (Razorpay `pay_…`, Stripe `pi_…`). */
  paymentRef: string;
  amount: number;
  currency: string;
  /** The gateway's fee in the same currency, 0 when it does not say (settled later). */
  fee: number;
  /** "upi", "card", "netbanking", … as the gateway names it. */
  method: string | null;
  occurredAt: Date;
}

export interface FailedFact {
  kind: "payment_failed";
  checkoutRef: string;
  paymentRef: string | null;
  reason: string;
  occurredAt: Date;
}

export interface RefundedFact {
  kind: "refund_processed";
  /** Our refund's id (sent with the refund request and echoed back). */
  refundId: string;
  refundRef: string;
  paymentRef: string;
  amount: number;
  currency: string;
  occurredAt: Date;
}

export type GatewayFact = CapturedFact | FailedFact | RefundedFact;

/** A verified webhook: its id (deduplication is on gateway and id) and what it tells us, if anything we use. */
export interface WebhookEvent {
  eventId: string;
  type: string;
  /** null for event types we do not act on (they are still recorded once). */
  fact: GatewayFact | null;
}

export interface RefundRequest {
  /** Our refund id, echoed back in the refund's notes/metadata. */
  refundId: string;
  paymentRef: string;
  amount: number;
  currency: string;
  /** Deterministic: `refund:<refundId>`, so a retry never refunds twice. */
  idempotencyKey: string;
}

export interface RefundStarted {
  refundRef: string;
  /** Some gateways finish a refund at once; the fact then applies without waiting for the webhook. */
  fact: RefundedFact | null;
}

export interface PeriodActivity {
  facts: GatewayFact[];
}

/**
 * Money owed to an act or a band member, paid from a captured payment to
 * their account at the gateway (a Razorpay Route linked account `acc_…`, a
 * Stripe Connect account `acct_…`), held until the dispute window closes.
 */
export interface PayoutRequest {
  /** Our payout's id, echoed in the transfer's notes/metadata. */
  payoutId: string;
  /** The captured payment funding it. */
  paymentRef: string;
  destination: string;
  amount: number;
  currency: string;
  /** The booking: Stripe's transfer_group, and in Razorpay's notes. */
  bookingId: string;
  holdUntil: Date;
  /** Deterministic: `payout:<payoutId>`. */
  idempotencyKey: string;
}

export interface PayoutRail {
  /**
   * Sets the payout up on hold: Razorpay Route creates the transfer with
   * on_hold until `holdUntil`; Stripe has no held transfers, so nothing is
   * created until release (null).
   */
  hold(request: PayoutRequest): Promise<{ transferRef: string | null }>;
  /** Lets it go: Razorpay lifts the hold on `transferRef`; Stripe creates the transfer now. */
  release(request: PayoutRequest, transferRef: string | null): Promise<{ transferRef: string }>;
  /**
   * Takes back a payout still on hold (a ruling gave the money to the organizer): Razorpay
   * reverses the held transfer; with nothing created yet (Stripe) there is nothing to do.
   */
  cancel(request: PayoutRequest, transferRef: string | null): Promise<void>;
}

/** The refusal of a webhook or a return whose signature does not verify, or that is too old. */
export class SignatureRejected extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SignatureRejected";
  }
}

export interface PaymentGateway {
  readonly name: GatewayName;
  /** Creates (or, for the same idempotency key, finds) the checkout the payer is sent to. */
  startCheckout(request: CheckoutRequest): Promise<CheckoutStart>;
  /**
   * The payer's return from checkout, with the query parameters the gateway
   * added: verified (signature or a lookup through the API), and the payment's
   * fact when it has settled. Throws SignatureRejected for a forged return.
   */
  confirmReturn(checkoutRef: string, params: Readonly<Record<string, string>>): Promise<GatewayFact | null>;
  /** Verifies a webhook over its raw body and headers; throws SignatureRejected. */
  verifyWebhook(rawBody: string, headers: Headers): Promise<WebhookEvent>;
  refund(request: RefundRequest): Promise<RefundStarted>;
  /** Every payment and refund the gateway has between `from` and `to`, for reconciliation. */
  activity(from: Date, to: Date): Promise<PeriodActivity>;
  /** Transfers to acts' accounts; null where the gateway has none configured (the sandbox). */
  readonly payouts: PayoutRail | null;
}
