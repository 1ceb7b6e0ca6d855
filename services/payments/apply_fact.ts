/**
 * Applying what a gateway reports, exactly once. A fact arrives by webhook,
 * by the payer's return from checkout and by reconciliation, in any order,
 * any number of times and concurrently; each route calls `applyFact` in a
 * transaction, which locks the booking and then the payment (or refund), and
 * changes nothing when the payment has already moved past what the fact says
 * (domain/payment_status.ts) or its posting is already in the ledger.
 *
 * A capture moves the payment to captured, posts the money into escrow and
 * tells the booking machine (`pay_deposit` while confirmed, `pay_balance`
 * after), all in the one transaction. Money the booking cannot take (it was
 * cancelled meanwhile, or it is more than what is owed) is still counted,
 * because it arrived, and refunded automatically.
 */
import type { Transaction } from "kysely";
import { lockRefund, pendingRefundsByPayment, setRefundColumns } from "../../db/queries/payment_refunds.ts";
import { lockPayment, paymentByCheckout, setPaymentColumns } from "../../db/queries/payments.ts";
import type { Database, Payment } from "../../db/schema.ts";
import { allowedEvents } from "../../domain/booking_machine.ts";
import { Conflict } from "../../domain/errors.ts";
import { capturePosting, refundPosting } from "../../domain/ledger.ts";
import { formatMoney } from "../../domain/money_format.ts";
import { canAdvance, type GatewayName } from "../../domain/payment_status.ts";
import type {
  CapturedFact,
  FailedFact,
  GatewayFact,
  RefundedFact,
} from "../../integrations/payments/gateway.ts";
import { isUuid } from "../../lib/uuid.ts";
import { applyStep } from "../bookings/apply_step.ts";
import { loadBooking, type LoadedBooking } from "../bookings/load_booking.ts";
import { notify, type WorkflowDeps } from "../notifications.ts";
import { requestRefunds } from "./booking_money.ts";
import { issueInvoice } from "./invoices.ts";
import { bookingLedger, post } from "./ledger_book.ts";

/** applied: it changed something; already: it had been applied; unknown: no payment or refund of ours. */
export type FactOutcome = "applied" | "already" | "unknown";

export async function applyFact(
  trx: Transaction<Database>,
  deps: WorkflowDeps,
  gateway: GatewayName,
  fact: GatewayFact,
): Promise<FactOutcome> {
  switch (fact.kind) {
    case "payment_captured":
      return await applyCapture(trx, deps, gateway, fact);
    case "payment_failed":
      return await applyFailure(trx, deps, gateway, fact);
    case "refund_processed":
      return await applyRefund(trx, deps, gateway, fact);
  }
}

/** The payment of the checkout, with its booking locked and then itself. */
async function lockedPaymentOf(
  trx: Transaction<Database>,
  gateway: GatewayName,
  checkoutRef: string,
): Promise<{ payment: Payment; booking: LoadedBooking } | null> {
  const found = await paymentByCheckout(trx, gateway, checkoutRef);
  if (!found) return null;
  const booking = await loadBooking(trx, found.booking_id, { lock: true });
  const payment = (await lockPayment(trx, found.id))!;
  return { payment, booking };
}

async function applyCapture(
  trx: Transaction<Database>,
  deps: WorkflowDeps,
  gateway: GatewayName,
  fact: CapturedFact,
): Promise<FactOutcome> {
  const locked = await lockedPaymentOf(trx, gateway, fact.checkoutRef);
  if (!locked) return "unknown";
  const { payment, booking } = locked;
  if (!canAdvance(payment.status, "captured")) return "already";
  if (fact.currency !== payment.currency) {
    throw new Conflict(`The gateway captured ${fact.currency}, but the payment is in ${payment.currency}`);
  }
  const at = deps.now();
  await setPaymentColumns(trx, payment.id, {
    status: "captured",
    gateway_transaction_id: fact.paymentRef,
    gateway_fee: fact.fee,
    method: fact.method,
    amount: fact.amount,
    completed_at: fact.occurredAt,
    failure_reason: null,
  });
  const ledger = await bookingLedger(trx, booking.row.id);
  await post(
    trx,
    ledger,
    capturePosting({
      id: `capture:${gateway}:${fact.paymentRef}`,
      bookingId: booking.row.id,
      currency: fact.currency,
      amount: fact.amount,
      gatewayFee: fact.fee,
    }),
    { paymentId: payment.id, at },
  );

  const snapshot = booking.snapshot;
  const type = snapshot.status === "confirmed" ? "pay_deposit" : "pay_balance";
  const fits = allowedEvents(snapshot, "system", at).includes(type) &&
    snapshot.paid + fact.amount <= snapshot.terms.fee;
  if (fits) {
    // Invoiced only as part of the fee: money the booking cannot take goes straight back, with no supply.
    await issueInvoice(trx, deps, { ...payment, amount: fact.amount }, booking);
    await applyStep(trx, deps, booking, {
      event: { type, amount: fact.amount },
      actor: "system",
      userId: null,
      detail: { paymentId: payment.id, gateway, method: fact.method },
    });
    return "applied";
  }
  // The booking moved on while the payer was at checkout: the money goes back.
  await requestRefunds(trx, deps, booking.row.id, {
    amount: fact.amount,
    reason: "unapplied",
    requestedBy: null,
    paymentId: payment.id,
  });
  await notify(trx, deps, {
    userId: payment.payer_id,
    subject: "Payment received",
    text: `${
      formatMoney(fact.amount, fact.currency)
    } arrived for "${booking.row.title}", but the booking is ${
      snapshot.status.replace("_", " ")
    } and cannot take it, so it is being refunded in full.`,
    link: `/bookings/${booking.row.id}`,
  });
  return "applied";
}

async function applyFailure(
  trx: Transaction<Database>,
  deps: WorkflowDeps,
  gateway: GatewayName,
  fact: FailedFact,
): Promise<FactOutcome> {
  const locked = await lockedPaymentOf(trx, gateway, fact.checkoutRef);
  if (!locked) return "unknown";
  const { payment, booking } = locked;
  if (!canAdvance(payment.status, "failed")) return "already";
  await setPaymentColumns(trx, payment.id, { status: "failed", failure_reason: fact.reason.slice(0, 500) });
  await notify(trx, deps, {
    userId: payment.payer_id,
    subject: "Payment failed",
    text: `Your payment of ${
      formatMoney(payment.amount, payment.currency)
    } for "${booking.row.title}" failed: ${fact.reason.slice(0, 200)}. You can try again from the booking.`,
    link: `/bookings/${booking.row.id}`,
  });
  return "applied";
}

async function applyRefund(
  trx: Transaction<Database>,
  deps: WorkflowDeps,
  gateway: GatewayName,
  fact: RefundedFact,
): Promise<FactOutcome> {
  if (!isUuid(fact.refundId)) return "unknown";
  const found = await trx.selectFrom("payment_refunds").select(["booking_id", "payment_id"])
    .where("id", "=", fact.refundId).executeTakeFirst();
  if (!found) return "unknown";
  const booking = await loadBooking(trx, found.booking_id, { lock: true });
  const payment = (await lockPayment(trx, found.payment_id))!;
  const refund = (await lockRefund(trx, fact.refundId))!;
  if (payment.gateway !== gateway) return "unknown";
  if (refund.status === "processed") return "already";
  const at = deps.now();
  await setRefundColumns(trx, refund.id, {
    status: "processed",
    refund_ref: fact.refundRef,
    processed_at: fact.occurredAt,
    last_error: null,
  });
  const refunded = payment.refunded_amount + fact.amount;
  await setPaymentColumns(trx, payment.id, {
    refunded_amount: refunded,
    ...(refunded === payment.amount && canAdvance(payment.status, "refunded") ? { status: "refunded" } : {}),
  });
  await post(
    trx,
    await bookingLedger(trx, booking.row.id),
    refundPosting({
      id: `refund:${gateway}:${fact.refundRef}`,
      bookingId: booking.row.id,
      currency: fact.currency,
      amount: fact.amount,
    }),
    { paymentId: payment.id, refundId: refund.id, at },
  );
  const stillLeaving = (await pendingRefundsByPayment(trx, booking.row.id)).size > 0;
  if (!stillLeaving && allowedEvents(booking.snapshot, "system", at).includes("refund")) {
    await applyStep(trx, deps, booking, {
      event: { type: "refund", amount: booking.snapshot.refundDue },
      actor: "system",
      userId: null,
      detail: { refundId: refund.id, gateway },
    });
  } else {
    await notify(trx, deps, {
      userId: payment.payer_id,
      subject: "Refund processed",
      text: `${formatMoney(fact.amount, fact.currency)} was refunded for "${booking.row.title}".`,
      link: `/bookings/${booking.row.id}`,
    });
  }
  return "applied";
}
