/** The base of every list of bookings: with their act, their organizer and the open offer, if any. */
import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";

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
