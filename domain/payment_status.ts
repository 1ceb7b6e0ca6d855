/**
 * A payment's status, as the specification names them, and the only ways it
 * may move: forward. Gateways report the same payment more than once and out
 * of order (a webhook and the payer's return race; a `failed` may arrive after
 * a retry captured), so a report that would move a payment backwards, or to
 * where it already is, is not an error but a no-op the caller skips.
 *
 * | from       | to                                    |
 * | ---------- | ------------------------------------- |
 * | initiated  | authorized, captured, failed, cancelled |
 * | authorized | captured, failed, cancelled           |
 * | captured   | refunded (once refunds cover it all)  |
 * | failed     | captured (the payer retried and paid) |
 * | refunded, cancelled | nothing                      |
 *
 * A `failed` payment can still be captured because a gateway's checkout lets
 * the payer try again on the same order: the money that arrived is real and
 * must be counted.
 */

export const PAYMENT_STATUSES = [
  "initiated",
  "authorized",
  "captured",
  "failed",
  "refunded",
  "cancelled",
] as const;
export type PaymentStatus = typeof PAYMENT_STATUSES[number];

/** Razorpay for INR, Stripe for other currencies, and the development sandbox built into the app. */
export const PAYMENT_GATEWAYS = ["razorpay", "stripe", "sandbox"] as const;
export type GatewayName = typeof PAYMENT_GATEWAYS[number];

/** The specification's payment_type: the deposit, a milestone, or the final balance. */
export const PAYMENT_TYPES = ["deposit", "milestone", "final"] as const;
export type PaymentType = typeof PAYMENT_TYPES[number];

const FORWARD: Record<PaymentStatus, readonly PaymentStatus[]> = {
  initiated: ["authorized", "captured", "failed", "cancelled"],
  authorized: ["captured", "failed", "cancelled"],
  captured: ["refunded"],
  failed: ["captured"],
  refunded: [],
  cancelled: [],
};

/** Whether a payment in `from` may move to `to`. */
export function canAdvance(from: PaymentStatus, to: PaymentStatus): boolean {
  return FORWARD[from].includes(to);
}

/** The money of a payment counts towards the booking. */
export function isSettled(status: PaymentStatus): boolean {
  return status === "captured" || status === "refunded";
}

/** Checkout may still be completed: the payer can be sent back to it. */
export function isOpen(status: PaymentStatus): boolean {
  return status === "initiated" || status === "authorized";
}
