/**
 * The venue side of bookings: whether someone manages a venue, and the
 * bookings at the venues they manage (whoever organized them), for their
 * dashboard.
 */
import type { Kysely } from "kysely";
import type { BookingState } from "../../domain/booking_machine.ts";
import type { Database } from "../schema.ts";

/** Whether `userId` manages (owns) at least one venue. */
export async function managesAnyVenue(db: Kysely<Database>, userId: string): Promise<boolean> {
  const row = await db.selectFrom("venues").select("id").where("owner_id", "=", userId).limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export interface VenueBookingRow {
  id: string;
  title: string;
  status: BookingState;
  starts_at: Date;
  fee: number;
  currency: string;
  act_name: string;
  venue_name: string;
}

/** Bookings in `states` starting from `from` at the venues `userId` manages, soonest first. */
export function bookingsAtVenuesOf(
  db: Kysely<Database>,
  userId: string,
  q: { states: readonly BookingState[]; from: Date; limit: number },
): Promise<VenueBookingRow[]> {
  return db.selectFrom("bookings as b")
    .innerJoin("acts as a", "a.id", "b.act_id")
    .innerJoin("venues as v", "v.id", "b.venue_id")
    .select([
      "b.id",
      "b.title",
      "b.status",
      "b.starts_at",
      "b.fee",
      "b.currency",
      "a.name as act_name",
      "v.name as venue_name",
    ])
    .where("v.owner_id", "=", userId)
    .where("b.status", "in", q.states)
    .where("b.starts_at", ">=", q.from)
    .orderBy("b.starts_at").orderBy("b.id").limit(q.limit).execute();
}
