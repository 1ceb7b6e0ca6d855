/**
 * Recomputing a subject's trust score in the caller's transaction: the score
 * column changes, with a row in `trust_score_history` saying why, only when
 * the score really changed, so recomputing twice records one change. The
 * public counts beside it (completed bookings, reviews counted, the "Quick
 * to respond" badge) are rewritten whenever they differ, history or not.
 */
import type { Kysely } from "kysely";
import {
  insertTrustHistory,
  type PublicTrustCounts,
  setTrustCounts,
  setTrustScore,
  type TrustSubject,
} from "../../db/queries/trust_facts.ts";
import type { Database } from "../../db/schema.ts";
import { trustScore } from "../../domain/trust_score.ts";
import { gatherTrustFacts } from "./facts.ts";

/** What caused a recomputation: a booking's event, or none (the nightly pass). */
export interface TrustEventRef {
  bookingId: string | null;
  event: string | null;
}

/** Returns the new score when it changed, null when it did not (or the subject is gone). */
export async function recomputeTrust(
  trx: Kysely<Database>,
  subject: TrustSubject,
  reason: string,
  eventRef: TrustEventRef,
  now: Date,
): Promise<number | null> {
  const gathered = await gatherTrustFacts(trx, subject, now);
  if (!gathered) return null;
  const { score, quickToRespond } = trustScore(gathered.facts, now);
  const counts: PublicTrustCounts = {
    completedBookings: gathered.facts.completedBookings.length,
    reviewCount: gathered.facts.reviews.length,
    quickToRespond,
  };
  if (!sameCounts(counts, gathered.currentCounts)) await setTrustCounts(trx, subject, counts);
  if (score === gathered.currentScore) return null;
  await setTrustScore(trx, subject, score);
  await insertTrustHistory(trx, {
    subject,
    oldScore: gathered.currentScore,
    newScore: score,
    reason,
    bookingId: eventRef.bookingId,
    event: eventRef.event,
  });
  return score;
}

function sameCounts(a: PublicTrustCounts, b: PublicTrustCounts): boolean {
  return a.completedBookings === b.completedBookings && a.reviewCount === b.reviewCount &&
    a.quickToRespond === b.quickToRespond;
}
