/**
 * An organizer's public page: anyone who has organized a booking and whose
 * account is active (a suspended or deleted person has no page, nor does
 * someone who has only signed up). It shows what the public may know: the
 * score with the counts and badge stored beside it, how many of their
 * payments came on time (from the very facts the score reads,
 * domain/trust_history.ts isLatePayment), the acts' reviews of them, and a
 * city from what they published themselves. Never which bookings, with whom,
 * for how much, or what was cancelled.
 */
import type { Kysely } from "kysely";
import { organizerBySlug, organizerCity } from "../../db/queries/trust_organizers.ts";
import type { Database } from "../../db/schema.ts";
import { NotFound } from "../../domain/errors.ts";
import { indiaWallClock } from "../../domain/india_time.ts";
import { type PublicReviews, reviewsOf } from "../reviews/read.ts";
import { gatherTrustFacts } from "./facts.ts";

export interface OrganizerProfile {
  id: string;
  slug: string;
  /** Never the e-mail address: a person without a display name is "An organizer". */
  name: string;
  city: string | null;
  state: string | null;
  country: string | null;
  /** The month they joined, "YYYY-MM" in India. */
  memberSince: string;
  trustScore: number;
  quickToRespond: boolean;
  completedBookings: number;
  /** Captured payments made on time of all they made; `total` 0: none yet. */
  payments: { onTime: number; total: number };
  reviews: PublicReviews;
}

/** Slugs are lower-case words joined by hyphens (a CHECK in the schema); anything else cannot exist. */
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export async function organizerProfile(
  db: Kysely<Database>,
  slug: string,
  now: Date,
): Promise<OrganizerProfile> {
  const row = SLUG.test(slug) ? await organizerBySlug(db, slug) : undefined;
  if (!row || row.status !== "active" || !row.hasOrganized) throw new NotFound("No organizer by that name");
  const gathered = await gatherTrustFacts(db, { type: "organizer", id: row.id }, now, { lock: false });
  if (!gathered) throw new NotFound("No organizer by that name");
  const place = await organizerCity(db, row.id);
  return {
    id: row.id,
    slug: row.slug,
    name: row.displayName ?? "An organizer",
    city: place?.city ?? null,
    state: place?.state ?? null,
    country: place?.country ?? null,
    memberSince: indiaWallClock(row.createdAt).date.slice(0, 7),
    trustScore: row.trustScore,
    quickToRespond: row.quickToRespond,
    completedBookings: row.completedBookings,
    payments: {
      onTime: gathered.payments.filter((p) => !p.late).length,
      total: gathered.payments.length,
    },
    reviews: await reviewsOf(db, { userId: row.id }, now),
  };
}
