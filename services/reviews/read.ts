/**
 * Reading reviews: an act's or an organizer's public reviews (revealed and
 * not hidden, newest first, with the count and distribution of overall
 * ratings), those of the shows at a venue, and what a booking's page shows
 * the person looking at it.
 */
import { NotFound } from "../../domain/errors.ts";
import {
  reviewsAndCompletionOfBooking,
  reviewSubjectExists,
  unhiddenReviewsAtVenue,
  unhiddenReviewsOf,
} from "../../db/queries/reviews.ts";
import type { Database } from "../../db/schema.ts";
import type { Kysely } from "kysely";
import type { Actor } from "../../domain/access.ts";
import { requireBookingViewer } from "../../domain/booking_access.ts";
import {
  CATEGORIES,
  type Category,
  type RatingSummary,
  readable,
  revealed,
  reviewerSide,
  type ReviewSide,
  reviewWindowClosesAt,
  reviewWindowOpenedAt,
  submitRefusal,
  summarizeRatings,
} from "../../domain/reviews.ts";
import { bookingOf, type BookingRef } from "../bookings/load_booking.ts";
import { requireId } from "../validation.ts";
import { isRevealed, type ReviewView, reviewView } from "./views.ts";

export interface PublicReviews {
  summary: RatingSummary;
  /** Newest first, at most `limit`. */
  reviews: ReviewView[];
}

/** Public: the reviews of an act (by the organizers who booked it) or of an organizer (by the acts). */
export async function reviewsOf(
  db: Kysely<Database>,
  subject: { actId: string } | { userId: string },
  now: Date,
  limit = 20,
): Promise<PublicReviews> {
  const id = requireId("actId" in subject ? subject.actId : subject.userId, "Reviews");
  const which = "actId" in subject ? { actId: id } : { userId: id };
  if (!await reviewSubjectExists(db, which)) throw new NotFound("Reviews not found");
  const rows = await unhiddenReviewsOf(db, which);
  const shown = rows.filter((r) => isRevealed(r, now));
  return {
    summary: summarizeRatings(shown.map((r) => r.overall)),
    reviews: shown.slice(0, limit).map(reviewView),
  };
}

/**
 * Public: what acts said of the organizers who booked them at this venue
 * (hospitality and sound are the venue's part), revealed and not hidden.
 */
export async function reviewsAtVenue(
  db: Kysely<Database>,
  venueId: string,
  now: Date,
  limit = 20,
): Promise<PublicReviews> {
  const shown = (await unhiddenReviewsAtVenue(db, requireId(venueId, "Venue"))).filter((r) =>
    isRevealed(r, now)
  );
  return {
    summary: summarizeRatings(shown.map((r) => r.overall)),
    reviews: shown.slice(0, limit).map(reviewView),
  };
}

export interface BookingReviewState {
  /** The viewer's side when they review this booking, else null (members, venue, staff). */
  side: ReviewSide | null;
  /** The categories the viewer rates, when they review. */
  categories: Category[];
  /** When the window closes, once the booking is completed. */
  closesAt: string | null;
  /** Why the viewer may not write a review now (null: the form shows). */
  refusal: string | null;
  /** Whether both reviews are visible to the other side. */
  revealed: boolean;
  /** Whether the other side has submitted (its content stays hidden until revealed). */
  otherSubmitted: boolean;
  /** The reviews the viewer may read: their own side's always, the other's once revealed. */
  reviews: ReviewView[];
}

export async function reviewStateForBooking(
  db: Kysely<Database>,
  actor: Actor | null,
  ref: BookingRef,
  now: Date,
): Promise<BookingReviewState> {
  const booking = await bookingOf(db, ref);
  requireBookingViewer(actor, booking.people);
  const side = reviewerSide({ status: booking.row.status, ...booking.people }, actor!.userId);
  const { completedAt, reviews: rows } = await reviewsAndCompletionOfBooking(db, booking.row.id);
  const openedAt = reviewWindowOpenedAt(
    booking.row.status,
    completedAt ? [{ toStatus: "completed", at: completedAt }] : [],
  );
  const sides = rows.map((r) => r.side);
  const isOpen = revealed(openedAt, sides, now);
  return {
    side,
    categories: side ? [...CATEGORIES[side]] : [],
    closesAt: openedAt ? reviewWindowClosesAt(openedAt).toISOString() : null,
    refusal: side ? submitRefusal(openedAt, sides.includes(side), now) : "Only the two parties review",
    revealed: isOpen,
    otherSubmitted: side !== null && sides.some((s) => s !== side),
    reviews: rows.filter((r) => readable(r.side, side, isOpen)).map(reviewView),
  };
}
