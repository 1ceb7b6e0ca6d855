/**
 * Moderation: anyone signed in reports a review they can read, once; reported
 * reviews wait in the moderation queue; staff and admins hide one with a
 * reason, or dismiss its reports (the review stays up and leaves the queue
 * until someone else reports it). Nobody edits a review: hiding keeps its
 * text for its parties and the audit log, and takes it off the public pages.
 */
import { withAuditContext } from "../../db/audit.ts";
import {
  dismissOpenReports,
  insertReviewReport,
  lockReview,
  reportedReviews,
  reviewById,
  setReviewHidden,
} from "../../db/queries/reviews.ts";
import { type Actor, isStaffOrAdmin, requireActor, requireStaffOrAdmin } from "../../domain/access.ts";
import { Conflict, NotFound } from "../../domain/errors.ts";
import { reviewerSide } from "../../domain/reviews.ts";
import { loadBooking } from "../bookings/load_booking.ts";
import type { RequestMeta } from "../deps.ts";
import type { WorkflowDeps } from "../notifications.ts";
import { parseInput, requireId } from "../validation.ts";
import { HideInput, ReportInput } from "./inputs.ts";
import { isRevealed, type ReviewView, reviewView } from "./views.ts";
import { recomputeTrustAfterReviewHidden } from "../trust/review_hook.ts";

export async function reportReview(
  deps: WorkflowDeps,
  actor: Actor | null,
  reviewId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<void> {
  const who = requireActor(actor);
  const id = requireId(reviewId, "Review");
  await deps.db.transaction().execute(async (trx) => {
    const row = await reviewById(trx, id);
    if (!row) throw new NotFound("Review not found");
    // What the public cannot read (still blind, or hidden) only its parties and staff may report.
    if ((!isRevealed(row, deps.now()) || row.hidden_at) && !isStaffOrAdmin(who)) {
      const booking = await loadBooking(trx, row.booking_id);
      const side = reviewerSide({ status: booking.row.status, ...booking.people }, who.userId);
      if (side === null || (side !== row.side && !isRevealed(row, deps.now()))) {
        throw new NotFound("Review not found");
      }
    }
    const { reason } = parseInput(ReportInput, input);
    await withAuditContext(trx, { ...meta, actorId: who.userId });
    const added = await insertReviewReport(trx, {
      reviewId: id,
      reporterId: who.userId,
      reason,
      at: deps.now(),
    });
    if (!added) throw new Conflict("You have already reported this review");
  });
}

export async function hideReview(
  deps: WorkflowDeps,
  actor: Actor | null,
  reviewId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<ReviewView> {
  const who = requireStaffOrAdmin(actor);
  const id = requireId(reviewId, "Review");
  const { reason } = parseInput(HideInput, input);
  await deps.db.transaction().execute(async (trx) => {
    const row = await lockReview(trx, id);
    if (!row) throw new NotFound("Review not found");
    if (row.hidden_at) throw new Conflict("This review is already hidden");
    await withAuditContext(trx, { ...meta, actorId: who.userId });
    await setReviewHidden(trx, id, { by: who.userId, reason, at: deps.now() });
    await recomputeTrustAfterReviewHidden(trx, deps.now(), row);
  });
  return reviewView((await reviewById(deps.db, id))!);
}

/** Staff and admins find nothing wrong: the open reports are marked handled, the review stays up. */
export async function dismissReports(
  deps: WorkflowDeps,
  actor: Actor | null,
  reviewId: string,
  meta: RequestMeta,
): Promise<number> {
  const who = requireStaffOrAdmin(actor);
  const id = requireId(reviewId, "Review");
  return await deps.db.transaction().execute(async (trx) => {
    const row = await lockReview(trx, id);
    if (!row) throw new NotFound("Review not found");
    await withAuditContext(trx, { ...meta, actorId: who.userId });
    const dismissed = await dismissOpenReports(trx, id, { by: who.userId, at: deps.now() });
    if (dismissed === 0) throw new Conflict("This review has no reports waiting");
    return dismissed;
  });
}

/** The moderation queue for staff: reviews with open reports, not hidden, most reported first. */
export async function moderationQueue(deps: WorkflowDeps, actor: Actor | null) {
  requireStaffOrAdmin(actor);
  const rows = await reportedReviews(deps.db);
  return rows.map((r) => ({
    id: r.id,
    bookingId: r.booking_id,
    side: r.side,
    overall: r.overall,
    text: r.text,
    reports: Number(r.reports),
    lastReportedAt: new Date(r.last_reported_at as Date).toISOString(),
  }));
}
