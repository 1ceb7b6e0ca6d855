/**
 * Reviews after a booking, two-sided and double-blind.
 *
 * - Who: only the booking's two parties. The organizer reviews the act (side "organizer"); the act's
 *   owner (the artist, or the band's manager) reviews the organizer (side "act"). Band members,
 *   venues, staff and strangers do not review. Each side reviews once per booking.
 * - When: the window opens when the booking last became `completed` (the show was marked completed,
 *   or a dispute was ruled with the money released) and closes REVIEW_WINDOW_MS later. A booking that
 *   is not completed now (disputed, refunded, cancelled) takes no reviews.
 * - What: an overall rating 1..5, the three categories of the author's side (CATEGORIES) each 1..5,
 *   and text of at most TEXT_MAX characters.
 * - Double-blind: a review is visible to anyone but its author only once both sides have submitted
 *   or the window has closed; until then nobody learns what the other wrote (not even whether its
 *   rating is good), so neither review can answer the other.
 * - Reply: the reviewed side replies once, publicly, once the review is visible to it.
 * - Moderation: staff hide a review with a reason and never edit it; a hidden review leaves the public
 *   lists and the distribution, and its author still sees it, marked hidden.
 *
 * Pure: times come in as arguments.
 */
import type { BookingState } from "./booking_machine.ts";

export const REVIEW_SIDES = ["organizer", "act"] as const;
/** The author's side of the booking. */
export type ReviewSide = typeof REVIEW_SIDES[number];

export const REVIEW_WINDOW_MS = 14 * 24 * 60 * 60 * 1000;
export const TEXT_MAX = 4000;
export const REPLY_MAX = 2000;
export const REASON_MAX = 500;
export const REPORT_MAX = 1000;

/** The categories each side rates the other on: the organizer rates the act, the act the organizer. */
export const CATEGORIES = {
  organizer: ["punctuality", "performance_as_described", "professionalism"],
  act: ["paid_on_time", "hospitality_and_sound", "communication"],
} as const satisfies Record<ReviewSide, readonly string[]>;

export type Category = typeof CATEGORIES[ReviewSide][number];

export const CATEGORY_LABELS: Record<Category, string> = {
  punctuality: "Punctuality",
  performance_as_described: "Performance as described",
  professionalism: "Professionalism",
  paid_on_time: "Paid on time",
  hospitality_and_sound: "Hospitality and sound as agreed",
  communication: "Communication",
};

export function otherSide(side: ReviewSide): ReviewSide {
  return side === "organizer" ? "act" : "organizer";
}

/** A booking as far as reviews care. */
export interface ReviewableBooking {
  status: BookingState;
  organizerId: string;
  /** The act's owner: the artist, or the band's manager. */
  actOwnerId: string;
}

/** The side `userId` would review for, or null when they are not one of the booking's two parties. */
export function reviewerSide(booking: ReviewableBooking, userId: string): ReviewSide | null {
  if (userId === booking.organizerId) return "organizer";
  if (userId === booking.actOwnerId) return "act";
  return null;
}

/**
 * When the review window opened: the last time the booking's timeline moved it to `completed`, if it
 * is completed now. `events` is the timeline in any order.
 */
export function reviewWindowOpenedAt(
  status: BookingState,
  events: readonly { toStatus: BookingState; at: Date }[],
): Date | null {
  if (status !== "completed") return null;
  let latest: Date | null = null;
  for (const e of events) {
    if (e.toStatus === "completed" && (!latest || e.at > latest)) latest = e.at;
  }
  return latest;
}

export function reviewWindowClosesAt(openedAt: Date): Date {
  return new Date(openedAt.getTime() + REVIEW_WINDOW_MS);
}

/** Why a side may not submit now, or null when it may. */
export function submitRefusal(
  openedAt: Date | null,
  alreadySubmitted: boolean,
  now: Date,
): string | null {
  if (!openedAt) return "Reviews open once the booking is completed";
  if (now < openedAt) return "Reviews open once the booking is completed";
  if (now >= reviewWindowClosesAt(openedAt)) return "The 14 days for reviewing this booking have passed";
  if (alreadySubmitted) return "Your side has already reviewed this booking";
  return null;
}

/** Whether both reviews of a booking are visible to the other side: both are in, or the window closed. */
export function revealed(openedAt: Date | null, submittedSides: readonly ReviewSide[], now: Date): boolean {
  if (REVIEW_SIDES.every((s) => submittedSides.includes(s))) return true;
  return openedAt !== null && now >= reviewWindowClosesAt(openedAt);
}

/** Whether someone on `viewerSide` (null: not a party) may read a review written by `authorSide`. */
export function readable(
  authorSide: ReviewSide,
  viewerSide: ReviewSide | null,
  isRevealed: boolean,
): boolean {
  return viewerSide === authorSide || isRevealed;
}

/** Why `viewerSide` may not reply to a review, or null when it may. */
export function replyRefusal(
  review: { side: ReviewSide; replied: boolean; hidden: boolean },
  viewerSide: ReviewSide | null,
  isRevealed: boolean,
): string | null {
  if (viewerSide !== otherSide(review.side)) return "Only the reviewed side may reply";
  if (!isRevealed) return "You can reply once the review is visible to you";
  if (review.hidden) return "This review was hidden by the moderators";
  if (review.replied) return "This review already has its reply";
  return null;
}

export type RatingCounts = Record<1 | 2 | 3 | 4 | 5, number>;

export interface RatingSummary {
  count: number;
  /** Mean overall rating rounded to one decimal, or null without reviews. */
  average: number | null;
  distribution: RatingCounts;
}

/** The count, mean and distribution of overall ratings 1..5 (anything else is ignored). */
export function summarizeRatings(overall: readonly number[]): RatingSummary {
  const distribution: RatingCounts = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  let sum = 0;
  let count = 0;
  for (const r of overall) {
    if (r === 1 || r === 2 || r === 3 || r === 4 || r === 5) {
      distribution[r]++;
      sum += r;
      count++;
    }
  }
  return { count, average: count ? Math.round((sum / count) * 10) / 10 : null, distribution };
}
