/**
 * The booking events that change trust facts (a completion, a cancellation, a
 * ruling) recompute, in their own transaction, the scores of both sides and of
 * the venue when its owner organized the booking.
 */
import type { Kysely } from "kysely";
import type { TrustSubject } from "../../db/queries/trust_facts.ts";
import type { Database } from "../../db/schema.ts";
import type { BookingEventType, MachineActor } from "../../domain/booking_machine.ts";
import { recomputeTrust } from "./recompute.ts";

const WHO: Record<MachineActor, string> = {
  act: "the act",
  organizer: "the organizer",
  admin: "an admin",
  system: "the platform",
};

function reasonFor(event: BookingEventType, by: MachineActor, title: string): string | null {
  switch (event) {
    case "complete":
      return `The booking “${title}” was completed`;
    case "cancel":
      return `The booking “${title}” was cancelled by ${WHO[by]}`;
    case "resolve":
      return `The dispute over “${title}” was ruled on`;
    default:
      return null;
  }
}

export interface BookingParties {
  id: string;
  title: string;
  act_id: string;
  organizer_id: string;
  venue_id: string | null;
}

/** Recomputes the scores the event may have changed; other events change no trust fact. */
export async function recomputeTrustAfterBookingEvent(
  trx: Kysely<Database>,
  now: Date,
  booking: BookingParties,
  event: BookingEventType,
  by: MachineActor,
): Promise<void> {
  const reason = reasonFor(event, by, booking.title);
  if (!reason) return;
  const subjects: TrustSubject[] = [
    { type: "act", id: booking.act_id },
    { type: "organizer", id: booking.organizer_id },
    ...(booking.venue_id ? [{ type: "venue" as const, id: booking.venue_id }] : []),
  ];
  for (const subject of subjects) {
    await recomputeTrust(trx, subject, reason, { bookingId: booking.id, event }, now);
  }
}
