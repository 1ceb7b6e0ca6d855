/**
 * Refunds: an admin's refund of part or all of what a booking was paid, and
 * the worker that sends requested refunds to their gateway.
 *
 * Requests are rows written in the transaction that decides them
 * (booking_money.ts for the cancellation policy and rulings, `refundPayment`
 * here), so none is lost and none is sent for a change that rolled back.
 * The worker sends each with the idempotency key `refund:<id>`: a retry
 * after a timeout, or two workers racing, make one refund at the gateway.
 * The ledger counts the refund when the gateway confirms it, by webhook or
 * in its answer (apply_fact.ts).
 */
import { z } from "zod";
import {
  cancellationsWithNothingToRefund,
  dueRefunds,
  findRefund,
  pendingRefundsByPayment,
  setRefundColumns,
} from "../../db/queries/payment_refunds.ts";
import { findPayment, lockPayment } from "../../db/queries/payments.ts";
import { withAuditContext } from "../../db/audit.ts";
import { type Actor, requireActor } from "../../domain/access.ts";
import { Conflict, NotFound, ValidationError } from "../../domain/errors.ts";
import { requireRefunder } from "../../domain/payment_access.ts";
import { logError } from "../../lib/log.ts";
import { allowedEvents } from "../../domain/booking_machine.ts";
import { applyStep } from "../bookings/apply_step.ts";
import { loadBooking } from "../bookings/load_booking.ts";
import { bookingTransaction } from "../bookings/step_runner.ts";
import type { RequestMeta } from "../deps.ts";
import { parseInput, plainString, requireId } from "../validation.ts";
import { applyFact } from "./apply_fact.ts";
import { heldInEscrow, requestRefunds } from "./booking_money.ts";
import type { PaymentDeps } from "./deps.ts";
import { retryAfterFailure } from "./retry.ts";
import { bookingLedger } from "./ledger_book.ts";
import { type RefundView, refundView } from "./views.ts";

const BATCH = 20;
const BACKOFF = { baseMs: 30_000, capMs: 6 * 60 * 60_000 };

export const RefundInput = z.object({
  amount: z.number().int().positive().optional(),
  reason: plainString().min(3).max(500),
});

/**
 * An admin refunds `amount` (by default all that is left) of one payment,
 * outside the cancellation policy: goodwill, a duplicate payment, fraud.
 */
export async function refundPayment(
  deps: PaymentDeps,
  actor: Actor | null,
  paymentId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<RefundView> {
  const a = requireActor(actor);
  const { amount, reason } = parseInput(RefundInput, input);
  const id = requireId(paymentId, "Payment");
  const refundId = await bookingTransaction(deps, async (trx) => {
    const found = await findPayment(trx, id);
    if (!found) throw new NotFound("Payment not found");
    const booking = await loadBooking(trx, found.booking_id, { lock: true });
    requireRefunder(a, booking.people);
    await withAuditContext(trx, { ...meta, actorId: a.userId });
    const payment = (await lockPayment(trx, id))!;
    const pending = await pendingRefundsByPayment(trx, booking.row.id);
    if (payment.status !== "captured") {
      throw new Conflict(`A payment that is ${payment.status} cannot be refunded`);
    }
    const left = payment.amount - payment.refunded_amount - (pending.get(id) ?? 0);
    // Money already released to the act is not in escrow: the ledger would refuse its refund only
    // once the gateway had sent the money back, so it is refused here, before the gateway is asked.
    const held = heldInEscrow(await bookingLedger(trx, booking.row.id), booking.row.id, pending);
    const most = Math.max(0, Math.min(left, held));
    const asked = amount ?? most;
    if (asked > most || asked <= 0) {
      throw new ValidationError(
        held < left
          ? "The refund is more than the booking still holds: what was released to the act stays with it"
          : "The refund is more than is left of the payment",
        [{
          field: "amount",
          message: held < left
            ? `At most ${most} minor units are still held to refund`
            : `At most ${most} minor units are left to refund`,
        }],
      );
    }
    const [refundId] = await requestRefunds(trx, deps, booking.row.id, {
      amount: asked,
      reason: "admin",
      requestedBy: a.userId,
      note: reason,
      paymentId: id,
    });
    return refundId;
  });
  await sendDueRefunds(deps);
  return refundView((await findRefund(deps.db, refundId))!);
}

/**
 * Sends every requested refund that is due; returns how many the gateways accepted. Then closes
 * cancellations with nothing left to send (an admin had refunded as much before), as the last
 * refund's confirmation would have.
 */
export async function sendDueRefunds(deps: PaymentDeps): Promise<number> {
  const sent = await sendRefunds(deps);
  for (const bookingId of await cancellationsWithNothingToRefund(deps.db, BATCH)) {
    await bookingTransaction(deps, async (trx) => {
      const booking = await loadBooking(trx, bookingId, { lock: true });
      if (!allowedEvents(booking.snapshot, "system", deps.now()).includes("refund")) return;
      await applyStep(trx, deps, booking, {
        event: { type: "refund", amount: booking.snapshot.refundDue },
        actor: "system",
        userId: null,
        detail: { settledBy: "earlier refunds" },
      });
    });
  }
  return sent;
}

async function sendRefunds(deps: PaymentDeps): Promise<number> {
  let sent = 0;
  for (const refund of await dueRefunds(deps.db, deps.now(), BATCH)) {
    const payment = (await findPayment(deps.db, refund.payment_id))!;
    const gateway = deps.gateways.byName(payment.gateway);
    try {
      if (!gateway) throw new Error(`The ${payment.gateway} gateway is not configured`);
      const started = await gateway.refund({
        refundId: refund.id,
        paymentRef: payment.gateway_transaction_id!,
        amount: refund.amount,
        currency: refund.currency,
        idempotencyKey: `refund:${refund.id}`,
      });
      await bookingTransaction(deps, async (trx) => {
        if (started.fact) await applyFact(trx, deps, gateway.name, started.fact);
        else await setRefundColumns(trx, refund.id, { refund_ref: started.refundRef });
      });
      sent++;
    } catch (err) {
      const retry = retryAfterFailure(err, refund.attempts, deps.now(), BACKOFF);
      await setRefundColumns(deps.db, refund.id, retry);
      logError(err, { msg: "refund not sent", refundId: refund.id, attempts: retry.attempts });
    }
  }
  return sent;
}
