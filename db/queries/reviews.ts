/**
 * Reviews of bookings and their reports. What a reader may see is decided in
 * domain/reviews.ts; these read the facts it needs (when the booking was
 * completed, which sides are in) alongside each review.
 */
import { type Insertable, type Kysely, sql } from "kysely";
import type { BookingState } from "../../domain/booking_machine.ts";
import type { ReviewSide } from "../../domain/reviews.ts";
import type { Database, ReviewsTable } from "../schema.ts";
import { ownerListed } from "./listings.ts";

/** The times the booking's timeline moved it to `completed`. */
export async function completionsOfBooking(
  db: Kysely<Database>,
  bookingId: string,
): Promise<{ toStatus: BookingState; at: Date }[]> {
  const rows = await db.selectFrom("booking_events").select(["to_status", "created_at"])
    .where("booking_id", "=", bookingId).where("to_status", "=", "completed").execute();
  return rows.map((r) => ({ toStatus: r.to_status, at: new Date(r.created_at) }));
}

function reviewColumns(db: Kysely<Database>) {
  return db.selectFrom("reviews as r")
    .leftJoin("users as u", "u.id", "r.author_id")
    .selectAll("r")
    .select([
      "u.display_name as author_name",
      sql<Date | null>`(select max(e.created_at) from booking_events e
        where e.booking_id = r.booking_id and e.to_status = 'completed')`.as("window_opened_at"),
      sql<string[]>`array(select s.side from reviews s where s.booking_id = r.booking_id order by s.side)`
        .as("booking_sides"),
    ]);
}

export type ReviewRow = Awaited<ReturnType<typeof reviewById>> & object;

export function reviewById(db: Kysely<Database>, id: string) {
  return reviewColumns(db).where("r.id", "=", id).executeTakeFirst();
}

/** The review, locked FOR UPDATE until the transaction ends. */
export function lockReview(trx: Kysely<Database>, id: string) {
  return trx.selectFrom("reviews").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
}

/**
 * Both sides' reviews of the booking (none, one or two) and when it was last completed, in one
 * statement: the time beside each review, or alone on a row when there is none.
 *
 *   select rv.*, w.completed_at
 *   from (select max(created_at) as completed_at from booking_events
 *          where booking_id = $1 and to_status = 'completed') w
 *     left join (<reviewColumns> where r.booking_id = $1) rv on true
 *   order by rv.side
 */
export async function reviewsAndCompletionOfBooking(
  db: Kysely<Database>,
  bookingId: string,
): Promise<{ completedAt: Date | null; reviews: ReviewRow[] }> {
  const lastCompletion = db.selectFrom("booking_events")
    .select((eb) => eb.fn.max("created_at").as("completed_at"))
    .where("booking_id", "=", bookingId).where("to_status", "=", "completed");
  const rows = await db.selectFrom(lastCompletion.as("w"))
    .leftJoin(reviewColumns(db).where("r.booking_id", "=", bookingId).as("rv"), (join) => join.onTrue())
    .selectAll("rv")
    .select("w.completed_at")
    .orderBy("rv.side")
    .execute();
  const completedAt = rows[0]?.completed_at;
  return {
    completedAt: completedAt ? new Date(completedAt) : null,
    reviews: rows.filter((r) => r.id !== null) as ReviewRow[],
  };
}

/** Whether the act (its owner listing publicly), or the active person, being asked about exists. */
export async function reviewSubjectExists(
  db: Kysely<Database>,
  subject: { actId: string } | { userId: string },
): Promise<boolean> {
  const row = "actId" in subject
    ? await db.selectFrom("acts").select("id").where("id", "=", subject.actId)
      .where(ownerListed("acts.owner_id")).executeTakeFirst()
    : await db.selectFrom("users").select("id").where("id", "=", subject.userId)
      .where("status", "=", "active").executeTakeFirst();
  return row !== undefined;
}

/** Every review not hidden of an act or of an organizer, newest first; the caller keeps the revealed ones. */
export function unhiddenReviewsOf(db: Kysely<Database>, subject: { actId: string } | { userId: string }) {
  const q = reviewColumns(db).where("r.hidden_at", "is", null);
  return ("actId" in subject ? q.where("r.subject_act_id", "=", subject.actId) : q.where(
    "r.subject_user_id",
    "=",
    subject.userId,
  )).orderBy("r.submitted_at", "desc").orderBy("r.id").execute();
}

/**
 * Every review not hidden that acts wrote of the organizers of bookings at the
 * venue (payment, hospitality and sound, communication), newest first; the
 * caller keeps the revealed ones.
 */
export function unhiddenReviewsAtVenue(db: Kysely<Database>, venueId: string) {
  return reviewColumns(db)
    .where("r.hidden_at", "is", null)
    .where("r.side", "=", "act")
    .where((eb) =>
      eb.exists(
        eb.selectFrom("bookings as b").select("b.id").whereRef("b.id", "=", "r.booking_id")
          .where("b.venue_id", "=", venueId),
      )
    )
    .orderBy("r.submitted_at", "desc").orderBy("r.id").execute();
}

/** Whether `side` has reviewed the booking. */
export async function hasReviewBy(
  db: Kysely<Database>,
  bookingId: string,
  side: ReviewSide,
): Promise<boolean> {
  const row = await db.selectFrom("reviews").select("id")
    .where("booking_id", "=", bookingId).where("side", "=", side).executeTakeFirst();
  return row !== undefined;
}

export async function insertReview(trx: Kysely<Database>, values: Insertable<ReviewsTable>): Promise<string> {
  const row = await trx.insertInto("reviews").values(values).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

export async function setReviewReply(
  trx: Kysely<Database>,
  id: string,
  reply: string,
  at: Date,
): Promise<void> {
  await trx.updateTable("reviews").set({ reply, replied_at: at }).where("id", "=", id).execute();
}

export async function setReviewHidden(
  trx: Kysely<Database>,
  id: string,
  hidden: { by: string; reason: string; at: Date },
): Promise<void> {
  await trx.updateTable("reviews")
    .set({ hidden_at: hidden.at, hidden_by: hidden.by, hidden_reason: hidden.reason })
    .where("id", "=", id).execute();
}

/** Records the report; false when this person had already reported the review. */
export async function insertReviewReport(
  trx: Kysely<Database>,
  values: { reviewId: string; reporterId: string; reason: string; at: Date },
): Promise<boolean> {
  const row = await trx.insertInto("review_reports").values({
    review_id: values.reviewId,
    reporter_id: values.reporterId,
    reason: values.reason,
    created_at: values.at,
  }).onConflict((oc) => oc.columns(["review_id", "reporter_id"]).doNothing()).returning("id")
    .executeTakeFirst();
  return row !== undefined;
}

/** The moderation queue: reviews with reports not yet handled, not hidden, most reported first. */
export function reportedReviews(db: Kysely<Database>) {
  return db.selectFrom("review_reports as rr")
    .innerJoin("reviews as r", "r.id", "rr.review_id")
    .where("r.hidden_at", "is", null)
    .where("rr.dismissed_at", "is", null)
    .groupBy("r.id")
    .select(["r.id", "r.booking_id", "r.side", "r.overall", "r.text"])
    .select((eb) => [
      eb.fn.countAll<string>().as("reports"),
      eb.fn.max("rr.created_at").as("last_reported_at"),
    ])
    .orderBy("reports", "desc").orderBy("last_reported_at", "desc").execute();
}

/** Marks the review's open reports handled; returns how many there were. */
export async function dismissOpenReports(
  trx: Kysely<Database>,
  reviewId: string,
  dismissed: { by: string; at: Date },
): Promise<number> {
  const rows = await trx.updateTable("review_reports")
    .set({ dismissed_at: dismissed.at, dismissed_by: dismissed.by })
    .where("review_id", "=", reviewId).where("dismissed_at", "is", null)
    .returning("id").execute();
  return rows.length;
}

/** Reviews with what moderators need beside them: the booking's title and the reviewed act or person. */
function reviewsWithContext(db: Kysely<Database>) {
  return reviewColumns(db)
    .innerJoin("bookings as b", "b.id", "r.booking_id")
    .leftJoin("acts as sa", "sa.id", "r.subject_act_id")
    .leftJoin("users as su", "su.id", "r.subject_user_id")
    .leftJoin("users as hb", "hb.id", "r.hidden_by")
    .select([
      "b.title as booking_title",
      sql<string | null>`coalesce(sa.name, su.display_name)`.as("subject_name"),
      "hb.display_name as hidden_by_name",
    ]);
}

export function reviewsForModeration(db: Kysely<Database>, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return reviewsWithContext(db).where("r.id", "in", ids).execute();
}

/** Hidden reviews, most recently hidden first. */
export function hiddenReviews(db: Kysely<Database>, limit: number) {
  return reviewsWithContext(db).where("r.hidden_at", "is not", null)
    .orderBy("r.hidden_at", "desc").orderBy("r.id").limit(limit).execute();
}

/** The open reports of these reviews, oldest first, with who made them. */
export function openReportsOf(db: Kysely<Database>, reviewIds: string[]) {
  if (reviewIds.length === 0) return Promise.resolve([]);
  return db.selectFrom("review_reports as rr")
    .leftJoin("users as u", "u.id", "rr.reporter_id")
    .select(["rr.id", "rr.review_id", "rr.reason", "rr.created_at", "u.display_name as reporter_name"])
    .where("rr.review_id", "in", reviewIds).where("rr.dismissed_at", "is", null)
    .orderBy("rr.created_at").orderBy("rr.id").execute();
}
