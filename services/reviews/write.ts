/**
 * Writing reviews: each party of a completed booking reviews the other side
 * once within the window, and the reviewed side replies once. The booking (or
 * the review) is locked first, so two submissions for one side cannot both
 * pass the check; the unique (booking, side) has the last word.
 */
import { withAuditContext } from "../../db/audit.ts";
import {
  completionsOfBooking,
  hasReviewBy,
  insertReview,
  lockReview,
  reviewById,
  setReviewReply,
} from "../../db/queries/reviews.ts";
import { type Actor, requireActor } from "../../domain/access.ts";
import { requireBookingViewer } from "../../domain/booking_access.ts";
import { Conflict, Forbidden, NotFound } from "../../domain/errors.ts";
import {
  otherSide,
  replyRefusal,
  reviewerSide,
  reviewWindowClosesAt,
  reviewWindowOpenedAt,
  submitRefusal,
} from "../../domain/reviews.ts";
import { formatDate } from "../../domain/time_format.ts";
import { loadBooking } from "../bookings/load_booking.ts";
import type { RequestMeta } from "../deps.ts";
import { notify, type WorkflowDeps } from "../notifications.ts";

import { parseInput, requireId } from "../validation.ts";
import { ReplyInput, reviewInput } from "./inputs.ts";
import { isRevealed, type ReviewView, reviewView } from "./views.ts";
import { recomputeTrustAfterReviewsRevealed } from "../trust/review_hook.ts";

export async function submitReview(
  deps: WorkflowDeps,
  actor: Actor | null,
  bookingId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<ReviewView> {
  const who = requireActor(actor);
  const id = await deps.db.transaction().execute(async (trx) => {
    const booking = await loadBooking(trx, bookingId, { lock: true });
    requireBookingViewer(who, booking.people);
    const side = reviewerSide(
      { status: booking.row.status, ...booking.people },
      who.userId,
    );
    if (!side) throw new Forbidden("Only the booking's organizer and the act's owner review it");
    const values = parseInput(reviewInput(side), input);
    const now = deps.now();
    const openedAt = reviewWindowOpenedAt(
      booking.row.status,
      await completionsOfBooking(trx, booking.row.id),
    );
    const refusal = submitRefusal(openedAt, await hasReviewBy(trx, booking.row.id, side), now);
    if (refusal) throw new Conflict(refusal);
    await withAuditContext(trx, { ...meta, actorId: who.userId });
    const reviewId = await insertReview(trx, {
      booking_id: booking.row.id,
      author_id: who.userId,
      side,
      subject_act_id: side === "organizer" ? booking.row.act_id : null,
      subject_user_id: side === "act" ? booking.row.organizer_id : null,
      ...values,
      submitted_at: now,
    });
    const other = otherSide(side) === "organizer" ? booking.people.organizerId : booking.people.actOwnerId;
    // The second review reveals both, so its notice says so instead of asking for a review already written.
    const otherIn = await hasReviewBy(trx, booking.row.id, otherSide(side));
    await notify(trx, deps, {
      userId: other,
      subject: "New review",
      text: otherIn
        ? `Both reviews of "${booking.row.title}" are in: you can read theirs and reply once.`
        : `"${booking.row.title}" was reviewed. Write your own review by ${
          formatDate(reviewWindowClosesAt(openedAt!))
        } to see it; it shows when both are in or the 14 days are over.`,
      link: `/bookings/${booking.row.id}`,
    });
    if (otherIn) await recomputeTrustAfterReviewsRevealed(trx, now, booking.row);
    return reviewId;
  });
  return reviewView((await reviewById(deps.db, id))!);
}

export async function replyToReview(
  deps: WorkflowDeps,
  actor: Actor | null,
  reviewId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<ReviewView> {
  const who = requireActor(actor);
  const id = requireId(reviewId, "Review");
  await deps.db.transaction().execute(async (trx) => {
    const locked = await lockReview(trx, id);
    const row = locked && await reviewById(trx, id);
    if (!row) throw new NotFound("Review not found");
    const booking = await loadBooking(trx, row.booking_id);
    const side = reviewerSide({ status: booking.row.status, ...booking.people }, who.userId);
    const revealedNow = isRevealed(row, deps.now());
    // Someone who may not read it yet is not told it exists.
    if (!revealedNow && side !== row.side) throw new NotFound("Review not found");
    const refusal = replyRefusal(
      { side: row.side, replied: row.reply !== null, hidden: row.hidden_at !== null },
      side,
      revealedNow,
    );
    if (refusal) throw side === otherSide(row.side) ? new Conflict(refusal) : new Forbidden(refusal);
    const { reply } = parseInput(ReplyInput, input);
    await withAuditContext(trx, { ...meta, actorId: who.userId });
    await setReviewReply(trx, id, reply, deps.now());
  });
  return reviewView((await reviewById(deps.db, id))!);
}
