/**
 * What a booking's change does to its money, in the transaction of the
 * change (services/bookings/apply_step.ts calls this for the machine's money
 * effects):
 *
 * - a cancellation releases to the act what the cancellation policy lets it
 *   keep of what was paid;
 * - a refund due (by the policy, or by an admin's ruling) becomes refund
 *   requests on the captured payments, newest first, which the refund worker
 *   sends to the gateway; the ledger posts the refund when the gateway
 *   confirms it (apply_fact.ts), because until then the money is still held;
 * - a release (the show completed, a ruling for the act, a payment arriving
 *   after completion) moves what escrow holds, less refunds on their way out,
 *   to the act less the platform's fee, splits a band's part among its
 *   members by their fee shares, and schedules the payouts (payouts.ts);
 * - a ruling that refunds a show already completed first takes back its
 *   releases (their payouts are still held) into escrow.
 *
 * Posting ids come from the booking and the count of its releases, so the
 * same booking event can never post twice.
 */
import type { Transaction } from "kysely";
import { findMembers } from "../../db/queries/band_members.ts";
import { paymentsOfBooking } from "../../db/queries/payments.ts";
import { insertRefund, pendingRefundsByPayment, refundedOfPaid } from "../../db/queries/payment_refunds.ts";
import type { Database, RefundReason } from "../../db/schema.ts";
import type { CancellationSplit } from "../../domain/cancellation_policy.ts";
import { Conflict } from "../../domain/errors.ts";
import {
  account,
  balanceOf,
  bandSplitPosting,
  type Ledger,
  releasePosting,
  reversalPosting,
  reversibleReleases,
} from "../../domain/ledger.ts";
import type { WorkflowDeps } from "../notifications.ts";
import type { LoadedBooking } from "../bookings/load_booking.ts";
import { bookingLedger, post } from "./ledger_book.ts";
import { cancelPayouts, schedulePayouts, type Share } from "./payouts.ts";
import { moneySettingsOf } from "./settings.ts";

export type BookingMoneyEffect =
  | { type: "settle_cancellation"; split: CancellationSplit }
  | { type: "refund_due"; amount: number; reason: RefundReason }
  | { type: "release_escrow" };

/** Carries out the money effects of one booking step, in their order. */
export async function carryOutMoneyEffects(
  trx: Transaction<Database>,
  deps: WorkflowDeps,
  booking: LoadedBooking,
  effects: readonly BookingMoneyEffect[],
  requestedBy: string | null,
): Promise<void> {
  if (effects.length === 0) return;
  const bookingId = booking.row.id;
  const feeBps = moneySettingsOf(deps).platformFeeBps;
  let ledger = await bookingLedger(trx, bookingId);
  for (const effect of effects) {
    switch (effect.type) {
      case "settle_cancellation": {
        // What the act keeps comes out of what escrow holds once the organizer's share is set aside.
        const pending = await pendingRefundsByPayment(trx, bookingId);
        const owedBack = Math.max(0, effect.split.refundToOrganizer - await refundedOfPaid(trx, bookingId));
        const kept = Math.min(
          effect.split.retainedForAct,
          heldInEscrow(ledger, bookingId, pending) - owedBack,
        );
        if (kept > 0) ledger = await release(trx, deps, booking, ledger, kept, feeBps);
        break;
      }
      case "refund_due": {
        // A ruling on a show already completed takes back what was released (held, not yet paid out).
        if (effect.reason === "ruling") ledger = await reclaimReleases(trx, deps, bookingId, ledger);
        // The amount is all the organizer gets back; an admin may have refunded part of it already.
        const amount = effect.amount - await refundedOfPaid(trx, bookingId);
        if (amount > 0) {
          await requestRefunds(trx, deps, bookingId, { amount, reason: effect.reason, requestedBy });
        }
        break;
      }
      case "release_escrow": {
        const held = heldInEscrow(ledger, bookingId, await pendingRefundsByPayment(trx, bookingId));
        if (held > 0) ledger = await release(trx, deps, booking, ledger, held, feeBps);
        break;
      }
    }
  }
}

function sum(amounts: Map<string, number>): number {
  return [...amounts.values()].reduce((a, b) => a + b, 0);
}

/**
 * What escrow still holds for the booking, less the refunds already on their
 * way out of it (`leaving`, per payment): all a release or a new refund can take.
 */
export function heldInEscrow(ledger: Ledger, bookingId: string, leaving: Map<string, number>): number {
  return balanceOf(ledger, account.escrow(bookingId)) - sum(leaving);
}

export interface RefundRequest {
  amount: number;
  reason: RefundReason;
  requestedBy: string | null;
  note?: string;
  /** Only from this payment (an admin's refund of one payment); otherwise from any, newest first. */
  paymentId?: string;
}

/**
 * Asks for `amount` back from the booking's captured payments, newest
 * first, each up to what is left of it after earlier refunds; returns the
 * refund requests' ids.
 */
export async function requestRefunds(
  trx: Transaction<Database>,
  deps: WorkflowDeps,
  bookingId: string,
  request: RefundRequest,
): Promise<string[]> {
  const { amount, reason, requestedBy, note, paymentId } = request;
  const pending = await pendingRefundsByPayment(trx, bookingId);
  const captured = (await paymentsOfBooking(trx, bookingId))
    .filter((p) => p.status === "captured" && (paymentId === undefined || p.id === paymentId))
    .reverse();
  const ids: string[] = [];
  let left = amount;
  for (const payment of captured) {
    if (left === 0) break;
    const available = payment.amount - payment.refunded_amount - (pending.get(payment.id) ?? 0);
    const part = Math.min(available, left);
    if (part <= 0) continue;
    const refund = await insertRefund(trx, {
      payment_id: payment.id,
      booking_id: bookingId,
      amount: part,
      currency: payment.currency,
      reason,
      requested_by: requestedBy,
      note: note ?? null,
      next_attempt_at: deps.now(),
    });
    ids.push(refund.id);
    left -= part;
  }
  if (left > 0) {
    throw new Conflict(`Only ${amount - left} of the ${amount} to refund is left of the payments received`);
  }
  return ids;
}

/** Cancels the booking's payouts and reverses its releases, newest first, back into escrow. */
async function reclaimReleases(
  trx: Transaction<Database>,
  deps: WorkflowDeps,
  bookingId: string,
  ledger: Ledger,
): Promise<Ledger> {
  const releases = reversibleReleases(ledger, bookingId);
  if (releases.length === 0) return ledger;
  await cancelPayouts(trx, deps, bookingId);
  let after = ledger;
  for (const original of releases) {
    after = await post(trx, after, reversalPosting(original, `${original.id}:reversal`), { at: deps.now() });
  }
  return after;
}

async function release(
  trx: Transaction<Database>,
  deps: WorkflowDeps,
  booking: LoadedBooking,
  ledger: Ledger,
  amount: number,
  feeBps: number,
): Promise<Ledger> {
  const bookingId = booking.row.id;
  const releases = ledger.postings.filter((p) => p.kind === "release").length;
  const base = { id: `${bookingId}:release:${releases + 1}`, bookingId, currency: booking.row.currency };
  const at = deps.now();
  const released = releasePosting({ ...base, amount, feeBps });
  let after = await post(trx, ledger, released, { at });
  const toAct = released.entries.find((e) => e.account === account.actPayable(bookingId))?.amount ?? 0;
  const members = booking.act.kind !== "band" ? [] : (await findMembers(trx, booking.row.act_id, true))
    .filter((m) => m.fee_share_bps !== null && m.fee_share_bps > 0)
    .map((m) => ({ userId: m.user_id, feeShareBps: m.fee_share_bps! }));
  const shares: Share[] = [];
  if (members.length > 0) {
    const split = bandSplitPosting({ ...base, id: `${base.id}:split`, amount: toAct, members });
    after = await post(trx, after, split, { at });
    for (const e of split.entries) {
      if (e.amount > 0) {
        shares.push({ userId: e.account.split(":")[2], amount: e.amount, fromMemberShare: true });
      }
    }
  }
  const toMembers = shares.reduce((sum, share) => sum + share.amount, 0);
  if (toAct - toMembers > 0) {
    shares.push({ userId: booking.act.owner_id, amount: toAct - toMembers, fromMemberShare: false });
  }
  await schedulePayouts(trx, deps, booking, shares);
  return after;
}
