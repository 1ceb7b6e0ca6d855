/** Lists of bookings: the base every list starts from, one person's bookings, and those due to lapse. */
import type { Kysely } from "kysely";
import type { BookingState } from "../../domain/booking_machine.ts";
import type { Database } from "../schema.ts";
import { onActSideSql } from "./act_side.ts";

/** Bookings `b` joined to their act `a`, organizer `u` and open offer `offer` (null when none is open). */
export function bookingsWithOpenOffer(db: Kysely<Database>) {
  return db.selectFrom("bookings as b")
    .innerJoin("acts as a", "a.id", "b.act_id")
    .innerJoin("users as u", "u.id", "b.organizer_id")
    .leftJoin(
      "booking_offers as offer",
      (join) => join.onRef("offer.booking_id", "=", "b.id").on("offer.status", "=", "open"),
    );
}

export interface BookingsOfUserQuery {
  userId: string;
  /** Only those they organize, on an act's side, or at a venue they manage; all of these when absent. */
  as?: "organizer" | "act" | "venue";
  status?: BookingState;
  /** Keyset: only bookings after this one in (starts_at, id) order. */
  after?: { startsAt: Date; id: string };
  limit: number;
}

/**
 * A person's bookings, as organizer, on the act's side or at a venue they
 * manage, soonest first (then by id).
 */
export function bookingsOfUser(db: Kysely<Database>, q: BookingsOfUserQuery) {
  const me = q.userId;
  const onActSide = onActSideSql(me, "a");
  let query = bookingsWithOpenOffer(db)
    .leftJoin("venues as v", "v.id", "b.venue_id")
    .select([
      "b.id",
      "b.status",
      "b.title",
      "b.organizer_id",
      "b.starts_at",
      "b.duration_minutes",
      "b.fee",
      "b.currency",
      "a.id as act_id",
      "a.name as act_name",
      "a.slug as act_slug",
      "a.owner_id",
      "v.owner_id as venue_owner_id",
      "u.display_name",
      "offer.made_by",
      "offer.expires_at",
    ]);
  query = q.as === "organizer"
    ? query.where("b.organizer_id", "=", me)
    : q.as === "act"
    ? query.where(onActSide)
    : q.as === "venue"
    ? query.where("v.owner_id", "=", me)
    : query.where((eb) => eb.or([eb("b.organizer_id", "=", me), onActSide, eb("v.owner_id", "=", me)]));
  if (q.status) query = query.where("b.status", "=", q.status);
  const after = q.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb("b.starts_at", ">", after.startsAt),
        eb.and([eb("b.starts_at", "=", after.startsAt), eb("b.id", ">", after.id)]),
      ])
    );
  }
  return query.orderBy("b.starts_at").orderBy("b.id").limit(q.limit).execute();
}

/**
 * Up to `batch` bookings whose open offer has passed its expiry, then up to
 * `batch` requests nobody answered before their date: the bookings due to
 * lapse at `now`.
 */
export async function bookingsDueToLapse(db: Kysely<Database>, now: Date, batch: number): Promise<string[]> {
  const offers = await db.selectFrom("booking_offers").select("booking_id")
    .where("status", "=", "open").where("expires_at", "<=", now)
    .orderBy("expires_at").limit(batch).execute();
  const requests = await db.selectFrom("bookings").select("id as booking_id")
    .where("status", "=", "inquiry").where("starts_at", "<=", now)
    .orderBy("starts_at").limit(batch).execute();
  // Confirmed, but its contract was never signed by both before the show.
  const unsigned = await db.selectFrom("bookings").select("id as booking_id")
    .where("status", "=", "confirmed").where("starts_at", "<=", now)
    .where((eb) =>
      eb.not(eb.exists(
        eb.selectFrom("contracts").select("contracts.id")
          .whereRef("contracts.booking_id", "=", "bookings.id")
          .where("contracts.status", "in", ["signed", "completed"]),
      ))
    )
    .orderBy("starts_at").limit(batch).execute();
  return [...offers, ...requests, ...unsigned].map((r) => r.booking_id);
}
