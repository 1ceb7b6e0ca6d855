/**
 * What a trust score is computed from (services/trust/recompute.ts), and
 * where it is kept: the subject's own row, the bookings it took part in as
 * one side, their timelines and the organizer's captured payments, and
 * `trust_score_history`.
 */
import type { Kysely } from "kysely";
import type { Database, TrustSubjectType } from "../schema.ts";

export interface TrustSubject {
  type: TrustSubjectType;
  id: string;
}

/** What the public reads beside a score (0026_public_trust), written with it; venues have no review count. */
export interface PublicTrustCounts {
  completedBookings: number;
  reviewCount: number;
  quickToRespond: boolean;
}

export interface SubjectRow {
  trustScore: number;
  verified: boolean;
  accountCreatedAt: Date;
  counts: PublicTrustCounts;
}

/**
 * The subject's current score, its public counts, verification and the age
 * of the account behind it; undefined if gone. Locked (unless `lock` is
 * false, for a page that only reads) so recomputations of one subject queue.
 * "No key update", the lock the score's own update takes: the booking
 * transaction already holds the key-share lock its foreign keys took on this
 * row, and a full update lock would wait on another transaction's key-share
 * lock while that one waits on ours.
 */
export async function subjectRow(
  db: Kysely<Database>,
  s: TrustSubject,
  lock = true,
): Promise<SubjectRow | undefined> {
  if (s.type === "organizer") {
    const query = db.selectFrom("users")
      .select([
        "trust_score",
        "created_at",
        "status",
        "completed_bookings",
        "review_count",
        "quick_to_respond",
      ])
      .where("id", "=", s.id);
    const row = await (lock ? query.forNoKeyUpdate() : query).executeTakeFirst();
    // Organizers have no document check (acts and venues do): a confirmed, active account is their verification.
    return row &&
      {
        trustScore: Number(row.trust_score),
        verified: row.status === "active",
        accountCreatedAt: row.created_at,
        counts: {
          completedBookings: row.completed_bookings,
          reviewCount: row.review_count,
          quickToRespond: row.quick_to_respond,
        },
      };
  }
  if (s.type === "act") {
    const query = db.selectFrom("acts").innerJoin("users", "users.id", "acts.owner_id")
      .select([
        "acts.trust_score as score",
        "acts.is_verified as verified",
        "users.created_at",
        "acts.completed_bookings",
        "acts.review_count",
        "acts.quick_to_respond",
      ])
      .where("acts.id", "=", s.id);
    const row = await (lock ? query.forNoKeyUpdate("acts") : query).executeTakeFirst();
    return row && {
      trustScore: Number(row.score),
      verified: row.verified,
      accountCreatedAt: row.created_at,
      counts: {
        completedBookings: row.completed_bookings,
        reviewCount: row.review_count,
        quickToRespond: row.quick_to_respond,
      },
    };
  }
  const query = db.selectFrom("venues").innerJoin("users", "users.id", "venues.owner_id")
    .select([
      "venues.trust_score as score",
      "venues.is_verified as verified",
      "users.created_at",
      "venues.completed_bookings",
      "venues.quick_to_respond",
    ])
    .where("venues.id", "=", s.id);
  const row = await (lock ? query.forNoKeyUpdate("venues") : query).executeTakeFirst();
  return row && {
    trustScore: Number(row.score),
    verified: row.verified,
    accountCreatedAt: row.created_at,
    counts: {
      completedBookings: row.completed_bookings,
      reviewCount: 0,
      quickToRespond: row.quick_to_respond,
    },
  };
}

export interface SubjectBooking {
  id: string;
  starts_at: Date;
  ends_at: Date;
}

/**
 * The bookings the subject took part in: an act's, an organizer's, and a
 * venue's own (those its owner organized there; bookings others organized at
 * the venue are theirs).
 */
export function bookingsOfSubject(db: Kysely<Database>, s: TrustSubject): Promise<SubjectBooking[]> {
  const q = db.selectFrom("bookings").select(["bookings.id", "bookings.starts_at", "bookings.ends_at"]);
  if (s.type === "act") return q.where("bookings.act_id", "=", s.id).orderBy("bookings.id").execute();
  if (s.type === "organizer") {
    return q.where("bookings.organizer_id", "=", s.id).orderBy("bookings.id").execute();
  }
  return q.innerJoin("venues", "venues.id", "bookings.venue_id")
    .where("bookings.venue_id", "=", s.id)
    .whereRef("venues.owner_id", "=", "bookings.organizer_id")
    .orderBy("bookings.id").execute();
}

/** The timelines of these bookings, each oldest first. */
export async function timelinesOfBookings(db: Kysely<Database>, bookingIds: string[]) {
  if (bookingIds.length === 0) return [];
  return await db.selectFrom("booking_events")
    .select(["booking_id", "event", "party", "detail", "created_at"])
    .where("booking_id", "in", bookingIds)
    .orderBy("booking_id").orderBy("id").execute();
}

/** The organizer's captured payments on these bookings, with when they came. */
export async function capturedPaymentsOfBookings(db: Kysely<Database>, bookingIds: string[]) {
  if (bookingIds.length === 0) return [];
  return await db.selectFrom("payments")
    .select(["booking_id", "payment_type", "completed_at"])
    .where("booking_id", "in", bookingIds)
    .where("status", "in", ["captured", "refunded"])
    .where("completed_at", "is not", null)
    .orderBy("booking_id").orderBy("completed_at").execute();
}

export async function setTrustScore(db: Kysely<Database>, s: TrustSubject, score: number): Promise<void> {
  const table = s.type === "act" ? "acts" : s.type === "venue" ? "venues" : "users";
  await db.updateTable(table).set({ trust_score: score.toFixed(2) }).where("id", "=", s.id).execute();
}

export async function setTrustCounts(db: Kysely<Database>, s: TrustSubject, counts: PublicTrustCounts) {
  const values = { completed_bookings: counts.completedBookings, quick_to_respond: counts.quickToRespond };
  if (s.type === "venue") {
    await db.updateTable("venues").set(values).where("id", "=", s.id).execute();
  } else {
    await db.updateTable(s.type === "act" ? "acts" : "users").set({
      ...values,
      review_count: counts.reviewCount,
    })
      .where("id", "=", s.id).execute();
  }
}

export async function insertTrustHistory(
  db: Kysely<Database>,
  values: {
    subject: TrustSubject;
    oldScore: number;
    newScore: number;
    reason: string;
    bookingId: string | null;
    event: string | null;
  },
): Promise<void> {
  await db.insertInto("trust_score_history").values({
    subject_type: values.subject.type,
    subject_id: values.subject.id,
    old_score: values.oldScore.toFixed(2),
    new_score: values.newScore.toFixed(2),
    reason: values.reason,
    booking_id: values.bookingId,
    event: values.event,
  }).execute();
}

/** A subject's score changes, newest first. */
export function trustHistoryOf(db: Kysely<Database>, s: TrustSubject) {
  return db.selectFrom("trust_score_history").selectAll()
    .where("subject_type", "=", s.type).where("subject_id", "=", s.id)
    .orderBy("at", "desc").orderBy("id").execute();
}

/**
 * Every subject that can have a score, in a stable order: every act and
 * venue, and every person who has organized a booking (until then a person's
 * organizer score is the starting one, with nothing to judge).
 */
export async function allTrustSubjects(db: Kysely<Database>): Promise<TrustSubject[]> {
  const acts = await db.selectFrom("acts").select("id").orderBy("id").execute();
  const venues = await db.selectFrom("venues").select("id").orderBy("id").execute();
  const organizers = await db.selectFrom("bookings").select("organizer_id").distinct().orderBy("organizer_id")
    .execute();
  return [
    ...acts.map(({ id }) => ({ type: "act" as const, id })),
    ...venues.map(({ id }) => ({ type: "venue" as const, id })),
    ...organizers.map(({ organizer_id }) => ({ type: "organizer" as const, id: organizer_id })),
  ];
}
