/**
 * Gathering one subject's trust facts (domain/trust_score.ts) from the
 * bookings it took part in: their timelines read by `bookingHistory`, the
 * organizer's late payments, and then only this side's doing (`ownFacts`).
 *
 * Reviews count once they are revealed (both sides in, or the window
 * closed) and not hidden: a score that moved on a still-blind review would
 * give it away. Venues are not reviewed.
 */
import type { Kysely } from "kysely";
import {
  bookingsOfSubject,
  capturedPaymentsOfBookings,
  type PublicTrustCounts,
  subjectRow,
  timelinesOfBookings,
  type TrustSubject,
} from "../../db/queries/trust_facts.ts";
import type { Database } from "../../db/schema.ts";
import type { Party } from "../../domain/negotiation.ts";
import { bookingHistory, isLatePayment, type TimelineEntry } from "../../domain/trust_history.ts";
import { ownFacts, type Review, type TrustFacts } from "../../domain/trust_score.ts";
import { revealed, type ReviewSide } from "../../domain/reviews.ts";
import { unhiddenReviewsOf } from "../../db/queries/reviews.ts";

/** The overall ratings the public can read of a subject, dated when they were written. */
async function revealedReviewsOf(db: Kysely<Database>, subject: TrustSubject, now: Date): Promise<Review[]> {
  if (subject.type === "venue") return [];
  const rows = await unhiddenReviewsOf(
    db,
    subject.type === "act" ? { actId: subject.id } : { userId: subject.id },
  );
  return rows
    .filter((r) =>
      revealed(r.window_opened_at ? new Date(r.window_opened_at) : null, r.booking_sides as ReviewSide[], now)
    )
    .map((r) => ({ rating: r.overall, at: r.submitted_at }));
}

export interface GatheredFacts {
  currentScore: number;
  /** The public counts stored with the score. */
  currentCounts: PublicTrustCounts;
  facts: TrustFacts;
  /** The captured payments the organizer side made in these bookings, each late or not; none for an act. */
  payments: { at: Date; late: boolean }[];
}

/**
 * The subject's facts and its stored score; undefined when the subject no
 * longer exists. Its row is locked for the recomputation to follow, unless
 * `lock` is false (a page that only reads).
 */
export async function gatherTrustFacts(
  db: Kysely<Database>,
  subject: TrustSubject,
  now: Date,
  { lock = true }: { lock?: boolean } = {},
): Promise<GatheredFacts | undefined> {
  const row = await subjectRow(db, subject, lock);
  if (!row) return undefined;
  const bookings = await bookingsOfSubject(db, subject);
  const ids = bookings.map((b) => b.id);
  const timelines = groupBy(await timelinesOfBookings(db, ids), (e) => e.booking_id);
  const payments = groupBy(await capturedPaymentsOfBookings(db, ids), (p) => p.booking_id);
  const paid: GatheredFacts["payments"] = [];
  const histories = bookings.map((b) => {
    const show = { startsAt: b.starts_at, endsAt: b.ends_at };
    const made = (payments.get(b.id) ?? [])
      .map((p) => ({ at: p.completed_at!, late: isLatePayment(p.payment_type, p.completed_at!, show) }));
    paid.push(...made);
    const late = made.filter((p) => p.late).map((p) => p.at);
    const timeline: TimelineEntry[] = (timelines.get(b.id) ?? []).map((e) => ({
      event: e.event,
      party: e.party,
      at: e.created_at,
      detail: e.detail,
    }));
    return bookingHistory(b.starts_at, timeline, late);
  });
  const side: Party = subject.type === "act" ? "act" : "organizer";
  const facts = ownFacts(side, histories, {
    accountCreatedAt: row.accountCreatedAt,
    verified: row.verified,
    reviews: await revealedReviewsOf(db, subject, now),
  });
  return {
    currentScore: row.trustScore,
    currentCounts: row.counts,
    facts,
    payments: subject.type === "act" ? [] : paid,
  };
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
}
