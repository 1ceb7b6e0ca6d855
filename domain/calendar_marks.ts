/**
 * How a calendar tells its entries apart at a glance: a show both sides
 * agreed is firm, a request still waiting for an answer is not, and neither
 * is a hold or a block. Pages draw each mark differently (solid or outlined)
 * and always with its words, never by colour alone; the iCalendar feed makes
 * only the firm ones busy time.
 */
import { AWAITING_REPLY_STATES, type BookingState, OCCUPYING_STATES } from "./booking_machine.ts";

/** Agreed (the act's time is taken), a request awaiting a reply, or called off. */
export type BookingStanding = "confirmed" | "request" | "closed";
export type CalendarMark = BookingStanding | "hold" | "block";

export function bookingStanding(status: BookingState): BookingStanding {
  if ((OCCUPYING_STATES as readonly string[]).includes(status)) return "confirmed";
  return (AWAITING_REPLY_STATES as readonly string[]).includes(status) ? "request" : "closed";
}

/** The mark of a calendar entry: its kind, and for a booking its standing. */
export function calendarMark(kind: "booking" | "hold" | "block", status: BookingState | null): CalendarMark {
  if (kind !== "booking") return kind;
  return status ? bookingStanding(status) : "closed";
}
