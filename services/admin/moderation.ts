/**
 * The admin console's review moderation, for staff and admins: the reviews
 * with reports waiting (services/reviews/moderation.ts's queue, most reported
 * first) each with its booking, who wrote it about whom, and every open
 * report with its reason; and the reviews hidden so far with why. Hiding and
 * dismissing are services/reviews/moderation.ts's.
 */
import type { Kysely } from "kysely";
import {
  hiddenReviews,
  openReportsOf,
  reportedReviews,
  reviewsForModeration,
} from "../../db/queries/reviews.ts";
import type { Database } from "../../db/schema.ts";
import { type Actor, requireStaffOrAdmin } from "../../domain/access.ts";
import { type ReviewView, reviewView } from "../reviews/views.ts";

/** How many hidden reviews the page lists. */
const HIDDEN_LIMIT = 50;

export interface ModeratedReview {
  review: ReviewView;
  booking: { id: string; title: string };
  /** The act or the organizer the review is about. */
  subjectName: string | null;
}

export interface ReportedCase extends ModeratedReview {
  reports: { id: string; reason: string; reporterName: string | null; at: string }[];
}

export interface HiddenCase extends ModeratedReview {
  hiddenByName: string | null;
}

export interface ModerationDesk {
  reported: ReportedCase[];
  hidden: HiddenCase[];
}

type Row = Awaited<ReturnType<typeof hiddenReviews>>[number];

function moderated(row: Row): ModeratedReview {
  return {
    review: reviewView(row),
    booking: { id: row.booking_id, title: row.booking_title },
    subjectName: row.subject_name,
  };
}

export async function moderationDesk(db: Kysely<Database>, actor: Actor | null): Promise<ModerationDesk> {
  requireStaffOrAdmin(actor);
  const order = (await reportedReviews(db)).map((r) => r.id);
  const [rows, reports, hidden] = await Promise.all([
    reviewsForModeration(db, order),
    openReportsOf(db, order),
    hiddenReviews(db, HIDDEN_LIMIT),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    reported: order.filter((id) => byId.has(id)).map((id) => ({
      ...moderated(byId.get(id)!),
      reports: reports.filter((p) => p.review_id === id).map((p) => ({
        id: p.id,
        reason: p.reason,
        reporterName: p.reporter_name,
        at: new Date(p.created_at).toISOString(),
      })),
    })),
    hidden: hidden.map((row) => ({ ...moderated(row), hiddenByName: row.hidden_by_name })),
  };
}
