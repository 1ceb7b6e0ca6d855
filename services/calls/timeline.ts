/**
 * A call on its booking's timeline, when its conversation belongs to a
 * booking: started, who joined and left, and how long it lasted. The
 * timeline's party is the person's side of the booking.
 */
import type { Kysely } from "kysely";
import { insertBookingEvent } from "../../db/queries/booking_events.ts";
import { findBooking } from "../../db/queries/bookings.ts";
import type { Database } from "../../db/schema.ts";

export type CallTimelineEvent =
  | "call_started"
  | "call_joined"
  | "call_left"
  | "call_ended"
  | "call_missed"
  | "call_declined";

export async function onBookingTimeline(
  trx: Kysely<Database>,
  bookingId: string | null,
  entry: { event: CallTimelineEvent; actorId: string | null; detail: Record<string, unknown>; at: Date },
): Promise<void> {
  if (!bookingId) return;
  const booking = await findBooking(trx, bookingId);
  if (!booking) return;
  await insertBookingEvent(trx, {
    booking_id: booking.id,
    actor_id: entry.actorId,
    party: entry.actorId === null ? "system" : entry.actorId === booking.organizer_id ? "organizer" : "act",
    event: entry.event,
    from_status: booking.status,
    to_status: booking.status,
    detail: JSON.stringify(entry.detail),
    created_at: entry.at,
  });
}
