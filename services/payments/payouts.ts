/**
 * Payouts: what a release makes payable to the act and to each band member is
 * sent on to their account at the gateway that took the money, held there
 * until the dispute window closes, then released; a ruling that takes the
 * money back cancels them first.
 *
 * `schedulePayouts` runs in the release's transaction and writes rows only:
 * each funded by one captured payment (Razorpay makes transfers from a
 * payment), the one with the most left first, within what the payment has
 * left after refunds and earlier payouts. A payee with no account at that gateway gets none: the
 * money stays payable to them until an admin enters their account. In the
 * sandbox everyone has a pretend account.
 *
 * `sendDuePayouts` (the sweeper) does the gateway calls, each with the
 * idempotency key `payout:<id>`: puts scheduled payouts on hold, releases
 * held ones whose hold has ended on a booking not in dispute (the ledger then
 * posts the payout), and takes back cancelled ones.
 */
import type { Transaction } from "kysely";
import {
  cancelPayoutsOf,
  duePayouts,
  insertPayout,
  lockPayout,
  payoutAccountOf,
  payoutsByPayment,
  setPayoutColumns,
} from "../../db/queries/payouts.ts";
import { pendingRefundsByPayment } from "../../db/queries/payment_refunds.ts";
import { findPayment, paymentsOfBooking } from "../../db/queries/payments.ts";
import type { Database, Payout } from "../../db/schema.ts";
import { DISPUTE_WINDOW_MS } from "../../domain/booking_machine.ts";
import { payoutPosting } from "../../domain/ledger.ts";
import type { PayoutRequest } from "../../integrations/payments/gateway.ts";
import { sandboxAccountOf } from "../../integrations/payments/sandbox.ts";
import { logError } from "../../lib/log.ts";
import { loadBooking, type LoadedBooking } from "../bookings/load_booking.ts";
import { bookingTransaction } from "../bookings/step_runner.ts";
import type { WorkflowDeps } from "../notifications.ts";
import type { PaymentDeps } from "./deps.ts";
import { bookingLedger, post } from "./ledger_book.ts";
import { retryAfterFailure } from "./retry.ts";

export interface Share {
  userId: string;
  amount: number;
  /** From a band member's share rather than the act's own payable. */
  fromMemberShare: boolean;
}

const BATCH = 20;
const BACKOFF = { baseMs: 60_000, capMs: 6 * 60 * 60_000 };
/** A booking in dispute keeps its payouts held; it is looked at again this much later. */
const DISPUTE_RECHECK_MS = 60 * 60_000;

/** Writes the payouts of what a release made payable; in the release's transaction. */
export async function schedulePayouts(
  trx: Transaction<Database>,
  deps: WorkflowDeps,
  booking: LoadedBooking,
  shares: readonly Share[],
): Promise<void> {
  const bookingId = booking.row.id;
  const [payments, pending, funded] = await Promise.all([
    paymentsOfBooking(trx, bookingId),
    pendingRefundsByPayment(trx, bookingId),
    payoutsByPayment(trx, bookingId),
  ]);
  const capacity = new Map(
    payments.filter((p) => p.status === "captured" && p.gateway_transaction_id)
      .map((p) => [p, p.amount - p.refunded_amount - (pending.get(p.id) ?? 0) - (funded.get(p.id) ?? 0)]),
  );
  const now = deps.now();
  // Until the dispute window closes; a release after it (a late balance) is paid out at the next sweep.
  const holdUntil = new Date(booking.row.ends_at.getTime() + DISPUTE_WINDOW_MS);
  for (const share of shares) {
    let left = share.amount;
    // The payment with the most room first, so a payee's money comes in as few transfers as possible.
    for (const [payment, room] of [...capacity].sort((x, y) => y[1] - x[1])) {
      if (left === 0) break;
      const part = Math.min(room, left);
      if (part <= 0) continue;
      const destination = payment.gateway === "sandbox"
        ? sandboxAccountOf(share.userId)
        : await payoutAccountOf(trx, share.userId, payment.gateway);
      if (!destination) continue;
      await insertPayout(trx, {
        booking_id: bookingId,
        payee_id: share.userId,
        payment_id: payment.id,
        amount: part,
        currency: payment.currency,
        gateway: payment.gateway,
        destination,
        from_member_share: share.fromMemberShare,
        hold_until: holdUntil,
        next_attempt_at: now,
      });
      capacity.set(payment, room - part);
      left -= part;
    }
  }
}

/** A ruling takes the money back: the booking's payouts stop, held ones are taken back at the gateway. */
export async function cancelPayouts(trx: Transaction<Database>, deps: WorkflowDeps, bookingId: string) {
  await cancelPayoutsOf(trx, bookingId, deps.now());
}

/** Does every payout's next gateway call that is due; returns how many moved on. */
export async function sendDuePayouts(deps: PaymentDeps): Promise<number> {
  let moved = 0;
  for (const payout of await duePayouts(deps.db, deps.now(), BATCH)) {
    try {
      if (await advance(deps, payout)) moved++;
    } catch (err) {
      const retry = retryAfterFailure(err, payout.attempts, deps.now(), BACKOFF);
      await setPayoutColumns(deps.db, payout.id, retry);
      logError(err, { msg: "payout not sent", payoutId: payout.id, attempts: retry.attempts });
    }
  }
  return moved;
}

async function advance(deps: PaymentDeps, payout: Payout): Promise<boolean> {
  const rail = deps.gateways.byName(payout.gateway)?.payouts;
  if (!rail) throw new Error(`The ${payout.gateway} gateway has no payouts configured`);
  const payment = (await findPayment(deps.db, payout.payment_id))!;
  const request: PayoutRequest = {
    payoutId: payout.id,
    paymentRef: payment.gateway_transaction_id!,
    destination: payout.destination,
    amount: payout.amount,
    currency: payout.currency,
    bookingId: payout.booking_id,
    holdUntil: payout.hold_until,
    idempotencyKey: `payout:${payout.id}`,
  };
  const now = deps.now();
  switch (payout.status) {
    case "scheduled": {
      const { transferRef } = await rail.hold(request);
      await bookingTransaction(deps, async (trx) => {
        // A ruling may have cancelled it meanwhile; then the held transfer is taken back next.
        const current = (await lockPayout(trx, payout.id))!;
        await setPayoutColumns(trx, payout.id, {
          transfer_ref: transferRef,
          status: current.status === "scheduled" ? "held" : "cancelling",
          next_attempt_at: current.status === "scheduled" ? payout.hold_until : now,
        });
      });
      return true;
    }
    case "held": {
      if (payout.hold_until > now) return false;
      const booking = await loadBooking(deps.db, payout.booking_id);
      if (booking.row.status === "disputed") {
        await setPayoutColumns(deps.db, payout.id, {
          next_attempt_at: new Date(now.getTime() + DISPUTE_RECHECK_MS),
        });
        return false;
      }
      const { transferRef } = await rail.release(request, payout.transfer_ref);
      await bookingTransaction(deps, async (trx) => {
        const locked = await loadBooking(trx, payout.booking_id, { lock: true });
        const current = (await lockPayout(trx, payout.id))!;
        if (current.status !== "held") return;
        await post(
          trx,
          await bookingLedger(trx, locked.row.id),
          payoutPosting({
            id: `payout:${payout.id}`,
            bookingId: payout.booking_id,
            currency: payout.currency,
            amount: payout.amount,
            userId: payout.payee_id,
            fromMemberShare: payout.from_member_share,
          }),
          { paymentId: payout.payment_id, at: now },
        );
        await setPayoutColumns(trx, payout.id, {
          status: "released",
          transfer_ref: transferRef,
          released_at: now,
        });
      });
      return true;
    }
    case "cancelling":
      await rail.cancel(request, payout.transfer_ref);
      await setPayoutColumns(deps.db, payout.id, { status: "cancelled" });
      return true;
    default:
      return false;
  }
}
