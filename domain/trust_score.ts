/**
 * Trust scores for acts, venues and organizers: earned from what a subject
 * did, explained, and the same for the same facts and the same "now".
 *
 * The rules (every number is a named constant below):
 *
 * - Everyone starts at BASE_SCORE (50), the score of an account with no history.
 * - Each event weighs 2^(-age / HALF_LIFE_DAYS): recent events count more, and an
 *   event dated after "now" weighs as much as one happening now (never more).
 * - Completed bookings: + COMPLETION_POINTS each (weighted). Not capped: only the
 *   final score is, so a completed booking always adds something. It is more
 *   than a four-star review can take off the review term (at most about 0.31
 *   points at equal weight, with ten or so five-star reviews before it), so a
 *   completed booking with a good review, reviewed within the 14 days reviews
 *   are open, never lowers a score.
 * - Reviews received: a Bayesian average of the overall ratings (1..5), with
 *   REVIEW_PRIOR_WEIGHT imaginary reviews of REVIEW_PRIOR_MEAN each, so a few
 *   five-star reviews do not beat many good ones; (average - prior mean) ×
 *   REVIEW_POINTS_PER_STAR. Each review counts by its weight.
 * - Cancellations by this subject: − (CANCEL_POINTS + CANCEL_LATE_POINTS ×
 *   lateness) each (weighted), lateness growing from 0 (CANCEL_NOTICE_HOURS or
 *   more before the show) to 1 (at or after its start): a later cancellation
 *   never costs less than an earlier one.
 * - Disputes ruled against this subject: − DISPUTE_POINTS each (weighted).
 * - Payments this subject made late: − LATE_PAYMENT_POINTS each (weighted).
 * - Requests and offers made to this subject: once there are at least
 *   RESPONSE_MIN_REQUESTS, (weighted answer rate − RESPONSE_EXPECTED_RATE) ×
 *   RESPONSE_RATE_POINTS; a median reply within QUICK_REPLY_HOURS adds
 *   QUICK_REPLY_POINTS, one slower than SLOW_REPLY_HOURS costs as much.
 * - Verification: + VERIFIED_POINTS.
 * - Account age: + AGE_POINTS_PER_YEAR per year, up to AGE_MAX_YEARS.
 * - The sum is clamped to 0..100 and rounded to two decimals.
 *
 * Faults the other party caused are not this subject's facts: `ownFacts`
 * keeps, from the bookings a subject took part in, only what this side did
 * (a cancellation by the organizer, or by an admin, never lowers the act).
 */
import type { Party } from "./negotiation.ts";

export const BASE_SCORE = 50;
export const HALF_LIFE_DAYS = 365;
export const COMPLETION_POINTS = 2.5;
export const REVIEW_PRIOR_MEAN = 3.5;
export const REVIEW_PRIOR_WEIGHT = 5;
export const REVIEW_POINTS_PER_STAR = 10;
export const CANCEL_POINTS = 4;
export const CANCEL_LATE_POINTS = 8;
export const CANCEL_NOTICE_HOURS = 30 * 24;
export const DISPUTE_POINTS = 10;
export const LATE_PAYMENT_POINTS = 3;
export const RESPONSE_MIN_REQUESTS = 3;
export const RESPONSE_EXPECTED_RATE = 0.8;
export const RESPONSE_RATE_POINTS = 20;
export const QUICK_REPLY_HOURS = 24;
export const SLOW_REPLY_HOURS = 72;
export const QUICK_REPLY_POINTS = 3;
export const VERIFIED_POINTS = 5;
export const AGE_POINTS_PER_YEAR = 2.5;
export const AGE_MAX_YEARS = 2;

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

export interface Review {
  /** Overall rating, 1..5. */
  rating: number;
  at: Date;
}

export interface Cancellation {
  at: Date;
  /** How long before the show it came; 0 or less: at or after its start. */
  hoursBeforeStart: number;
}

export interface RequestAnswer {
  /** When the request or offer reached this subject. */
  at: Date;
  /** When this subject answered (accepted, countered or declined); null: it lapsed unanswered. */
  answeredAt: Date | null;
}

/** Everything a subject's score is made of; only this subject's own doing. */
export interface TrustFacts {
  accountCreatedAt: Date;
  verified: boolean;
  completedBookings: Date[];
  reviews: Review[];
  cancellations: Cancellation[];
  disputesLost: Date[];
  latePayments: Date[];
  requests: RequestAnswer[];
}

export type ComponentKey =
  | "base"
  | "completions"
  | "reviews"
  | "cancellations"
  | "disputes"
  | "late_payments"
  | "responses"
  | "verification"
  | "account_age";

export interface Component {
  key: ComponentKey;
  /** Points added (negative: taken away), rounded to two decimals. */
  points: number;
  /** What it is made of, in words. */
  detail: string;
}

export interface TrustScore {
  score: number;
  components: Component[];
  /** What would raise the score, most useful first. */
  toRaise: string[];
  /** Public badge: answers requests quickly. */
  quickToRespond: boolean;
}

/** How much an event at `at` still counts at `now`. */
export function weightAt(at: Date, now: Date): number {
  const ageDays = Math.max(0, now.getTime() - at.getTime()) / DAY_MS;
  return Math.pow(2, -ageDays / HALF_LIFE_DAYS);
}

/** 0 with CANCEL_NOTICE_HOURS' notice or more, 1 at or after the start, linear between. */
export function lateness(hoursBeforeStart: number): number {
  if (!(hoursBeforeStart > 0)) return 1;
  return 1 - Math.min(hoursBeforeStart, CANCEL_NOTICE_HOURS) / CANCEL_NOTICE_HOURS;
}

/** What one cancellation costs at full weight. */
export function cancellationCost(hoursBeforeStart: number): number {
  return CANCEL_POINTS + CANCEL_LATE_POINTS * lateness(hoursBeforeStart);
}

/** The weighted Bayesian average of `reviews`, and the weight of the real ones. */
export function bayesianRating(reviews: Review[], now: Date): { average: number; weight: number } {
  let weight = 0;
  let sum = 0;
  for (const r of byTime(reviews)) {
    const w = weightAt(r.at, now);
    weight += w;
    sum += w * r.rating;
  }
  const average = (REVIEW_PRIOR_MEAN * REVIEW_PRIOR_WEIGHT + sum) / (REVIEW_PRIOR_WEIGHT + weight);
  return { average, weight };
}

export function trustScore(facts: TrustFacts, now: Date): TrustScore {
  const components: Component[] = [];
  const toRaise: string[] = [];
  const add = (key: ComponentKey, points: number, detail: string) =>
    components.push({ key, points: round2(points) + 0, detail }); // + 0: no "-0" in the explanation

  add("base", BASE_SCORE, "Every account starts here");

  const completed = weighted(facts.completedBookings, now);
  add(
    "completions",
    COMPLETION_POINTS * completed,
    `${
      count(facts.completedBookings.length, "completed booking")
    }, ${COMPLETION_POINTS} points each, recent ones counting most`,
  );
  toRaise.push("Complete more bookings: each one adds points");

  const rating = bayesianRating(facts.reviews, now);
  add(
    "reviews",
    (rating.average - REVIEW_PRIOR_MEAN) * REVIEW_POINTS_PER_STAR,
    facts.reviews.length === 0
      ? "No reviews yet"
      : `${count(facts.reviews.length, "review")}, weighted average ${
        rating.average.toFixed(2)
      } of 5 (counting ${REVIEW_PRIOR_WEIGHT} reviews of ${REVIEW_PRIOR_MEAN} until there are many)`,
  );
  if (rating.average < 5) toRaise.push("Earn good reviews: each rating above 3.5 stars lifts your average");

  let cancelCost = 0;
  for (const c of byTime(facts.cancellations)) {
    cancelCost += weightAt(c.at, now) * cancellationCost(c.hoursBeforeStart);
  }
  add(
    "cancellations",
    -cancelCost,
    facts.cancellations.length === 0
      ? "No cancellations by you"
      : `${
        count(facts.cancellations.length, "cancellation")
      } by you, the later before the show the more each costs`,
  );
  if (facts.cancellations.length > 0) toRaise.push("Avoid cancelling; their cost fades by half every year");

  add(
    "disputes",
    -DISPUTE_POINTS * weighted(facts.disputesLost, now),
    `${count(facts.disputesLost.length, "dispute")} ruled against you`,
  );
  add(
    "late_payments",
    -LATE_PAYMENT_POINTS * weighted(facts.latePayments, now),
    `${count(facts.latePayments.length, "late payment")}`,
  );
  if (facts.latePayments.length > 0) toRaise.push("Pay each instalment by its due date");

  const responses = responsePoints(facts.requests, now);
  add("responses", responses.points, responses.detail);
  if (responses.points < RESPONSE_RATE_POINTS * (1 - RESPONSE_EXPECTED_RATE) + QUICK_REPLY_POINTS) {
    toRaise.push(`Answer every request and offer, within ${QUICK_REPLY_HOURS} hours`);
  }

  add("verification", facts.verified ? VERIFIED_POINTS : 0, facts.verified ? "Verified" : "Not verified yet");
  if (!facts.verified) toRaise.push(`Get verified: ${VERIFIED_POINTS} points`);

  const years = Math.min(
    AGE_MAX_YEARS,
    Math.max(0, now.getTime() - facts.accountCreatedAt.getTime()) / (365 * DAY_MS),
  );
  add(
    "account_age",
    AGE_POINTS_PER_YEAR * years,
    `Account ${years.toFixed(1)} years old (counts up to ${AGE_MAX_YEARS})`,
  );

  // The unrounded sum, so the score does not depend on how the parts were rounded for display.
  const raw = BASE_SCORE + COMPLETION_POINTS * completed +
    (rating.average - REVIEW_PRIOR_MEAN) * REVIEW_POINTS_PER_STAR - cancelCost -
    DISPUTE_POINTS * weighted(facts.disputesLost, now) -
    LATE_PAYMENT_POINTS * weighted(facts.latePayments, now) +
    responses.points + (facts.verified ? VERIFIED_POINTS : 0) + AGE_POINTS_PER_YEAR * years;
  return {
    score: round2(Math.min(100, Math.max(0, raw))),
    components,
    toRaise,
    quickToRespond: responses.quick,
  };
}

function responsePoints(
  requests: RequestAnswer[],
  now: Date,
): { points: number; detail: string; quick: boolean } {
  if (requests.length < RESPONSE_MIN_REQUESTS) {
    return { points: 0, detail: `Too few requests to judge (${requests.length})`, quick: false };
  }
  let total = 0;
  let answered = 0;
  const hours: number[] = [];
  for (const r of byTime(requests)) {
    const w = weightAt(r.at, now);
    total += w;
    if (r.answeredAt) {
      answered += w;
      hours.push(Math.max(0, r.answeredAt.getTime() - r.at.getTime()) / HOUR_MS);
    }
  }
  const rate = answered / total;
  const median = medianOf(hours);
  const quick = median !== null && median <= QUICK_REPLY_HOURS;
  const slow = median === null || median > SLOW_REPLY_HOURS;
  const points = (rate - RESPONSE_EXPECTED_RATE) * RESPONSE_RATE_POINTS +
    (quick ? QUICK_REPLY_POINTS : slow ? -QUICK_REPLY_POINTS : 0);
  const time = median === null ? "no replies" : `median reply ${median.toFixed(1)} hours`;
  return {
    points,
    detail: `Answered ${Math.round(rate * 100)}% of ${requests.length} requests, ${time}`,
    quick,
  };
}

/** A subject's side in a booking, and what happened in it, for `ownFacts`. */
export interface BookingHistory {
  startsAt: Date;
  completedAt: Date | null;
  /** Who cancelled it, when. */
  cancelled: { at: Date; by: Party | "admin" | "system" } | null;
  /** A ruling on its dispute, and whom it went against. */
  ruling: { at: Date; against: Party } | null;
  /** Requests and offers made to each side, and their answers. */
  requests: Array<RequestAnswer & { to: Party }>;
  /** Payments the organizer made late. */
  latePayments: Date[];
}

/**
 * The facts about one side of these bookings: completions count for both
 * sides; cancellations, lost rulings, unanswered requests and late payments
 * only for the side that caused them.
 */
export function ownFacts(
  side: Party,
  bookings: BookingHistory[],
  about: { accountCreatedAt: Date; verified: boolean; reviews: Review[] },
): TrustFacts {
  const facts: TrustFacts = {
    ...about,
    completedBookings: [],
    cancellations: [],
    disputesLost: [],
    latePayments: [],
    requests: [],
  };
  for (const b of bookings) {
    if (b.completedAt) facts.completedBookings.push(b.completedAt);
    if (b.cancelled?.by === side) {
      facts.cancellations.push({
        at: b.cancelled.at,
        hoursBeforeStart: (b.startsAt.getTime() - b.cancelled.at.getTime()) / HOUR_MS,
      });
    }
    if (b.ruling?.against === side) facts.disputesLost.push(b.ruling.at);
    if (side === "organizer") facts.latePayments.push(...b.latePayments);
    for (const r of b.requests) {
      if (r.to === side) facts.requests.push({ at: r.at, answeredAt: r.answeredAt });
    }
  }
  return facts;
}

function weighted(dates: Date[], now: Date): number {
  let sum = 0;
  for (const d of [...dates].sort(compareDates)) sum += weightAt(d, now);
  return sum;
}

function byTime<T extends { at: Date }>(items: T[]): T[] {
  return [...items].sort((a, b) => compareDates(a.at, b.at));
}

function compareDates(a: Date, b: Date): number {
  return a.getTime() - b.getTime();
}

function medianOf(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function count(n: number, singular: string): string {
  return `${n} ${n === 1 ? singular : `${singular}s`}`;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
