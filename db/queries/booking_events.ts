/** A booking's timeline: one append-only row per thing that happened to it. */
import type { Insertable, Kysely } from "kysely";
import type { BookingEventsTable, Database } from "../schema.ts";

export async function insertBookingEvent(
  trx: Kysely<Database>,
  values: Insertable<BookingEventsTable>,
): Promise<void> {
  await trx.insertInto("booking_events").values(values).execute();
}

/** The booking's timeline, oldest first, with the display name of whoever acted. */
export function timelineOfBooking(db: Kysely<Database>, bookingId: string) {
  return db.selectFrom("booking_events")
    .leftJoin("users", "users.id", "booking_events.actor_id")
    .select([
      "booking_events.id",
      "booking_events.event",
      "booking_events.party",
      "booking_events.actor_id",
      "users.display_name",
      "booking_events.from_status",
      "booking_events.to_status",
      "booking_events.detail",
      "booking_events.created_at",
    ])
    .where("booking_events.booking_id", "=", bookingId)
    .orderBy("booking_events.id").execute();
}
