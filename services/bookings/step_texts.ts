/**
 * What a booking step says: the notification's subject and text for the
 * other party, and the facts its timeline row keeps.
 */
import type { BookingEvent, BookingSnapshot, MachineActor } from "../../domain/booking_machine.ts";
import { formatMoney, formatMoneyExact } from "../../domain/money_format.ts";
import type { ActivitySubject } from "../mail_templates.ts";
import type { LoadedBooking } from "./load_booking.ts";

export const SUBJECTS: Record<BookingEvent["type"], ActivitySubject> = {
  offer: "New offer on your booking",
  counter: "New offer on your booking",
  accept: "Booking confirmed",
  decline: "Booking declined",
  expire: "Offer expired",
  pay_deposit: "Payment received",
  pay_balance: "Payment received",
  schedule: "Booking update",
  complete: "Booking update",
  cancel: "Booking cancelled",
  dispute: "Booking update",
  resolve: "Booking update",
  refund: "Booking update",
};

const WHO: Record<MachineActor, string> = {
  act: "The act",
  organizer: "The organizer",
  admin: "An admin",
  system: "Artist Space",
};

/** The notification's text for `e` by `actor`, moving the booking in `loaded` to `next`. */
export function noticeText(
  e: BookingEvent,
  actor: MachineActor,
  loaded: LoadedBooking,
  next: BookingSnapshot,
): string {
  const title = `"${loaded.row.title}" with ${loaded.act.name}`;
  const who = WHO[actor];
  const fee = formatMoney(next.terms.fee, next.terms.currency);
  switch (e.type) {
    case "offer":
    case "counter":
      return `${who} offered ${fee} for ${title}.`;
    case "accept":
      return `${who} accepted ${fee} for ${title}. The booking is confirmed.`;
    case "decline":
      return `${who} declined ${title}.${e.reason ? ` Reason: ${e.reason}` : ""}`;
    case "expire":
      if (loaded.row.status === "confirmed") {
        return `The contract for ${title} was not signed by both parties before the show, so the booking is closed.`;
      }
      return loaded.row.status === "inquiry"
        ? `The request for ${title} was not answered before its date, so it is closed.`
        : `The offer on ${title} expired without an answer, so the booking is closed.`;
    case "cancel":
      return `${who} cancelled ${title}. Reason: ${e.reason}`;
    case "dispute":
      return `${who} raised a dispute about ${title}: ${e.reason}`;
    case "pay_deposit":
    case "pay_balance":
      return `${formatMoney(e.amount, next.terms.currency)} was paid for ${title}: ${
        formatMoney(next.paid, next.terms.currency)
      } of ${fee} so far, held until the show.`;
    default:
      return `${title} is now ${next.status.replace("_", " ")}.`;
  }
}

/** What both parties are told of an admin's ruling: its outcome and its reason. */
export function rulingText(
  loaded: LoadedBooking,
  e: Extract<BookingEvent, { type: "resolve" }>,
  reason: string,
): string {
  const title = `"${loaded.row.title}" with ${loaded.act.name}`;
  const outcome = e.outcome === "release"
    ? "the act keeps the fee"
    : `${formatMoneyExact(e.amount, loaded.row.currency)} is refunded to the organizer`;
  return `An admin ruled on the dispute over ${title}: ${outcome}. Reason: ${reason}`;
}

/** The facts of `e` the timeline row keeps. */
export function eventDetail(e: BookingEvent, next: BookingSnapshot): Record<string, unknown> {
  switch (e.type) {
    case "offer":
    case "counter":
      return {
        round: next.offersMade,
        fee: e.offer.fee,
        currency: e.offer.currency,
        depositBps: e.offer.depositBps,
        startsAt: e.offer.startsAt.toISOString(),
        expiresAt: e.offer.expiresAt.toISOString(),
        ...(e.offer.note ? { note: e.offer.note } : {}),
      };
    case "accept":
      return { fee: next.terms.fee, currency: next.terms.currency };
    case "decline":
      return e.reason ? { reason: e.reason } : {};
    case "cancel":
    case "dispute":
      return { reason: e.reason };
    case "pay_deposit":
    case "pay_balance":
    case "refund":
      return { amount: e.amount, paid: next.paid };
    case "resolve":
      return e.outcome === "refund" ? { outcome: e.outcome, amount: e.amount } : { outcome: e.outcome };
    default:
      return {};
  }
}

/** The parts of a cancellation split the timeline row repeats. */
export function cancellationDetail(
  cancellation: Record<string, unknown> | undefined,
): Record<string, unknown> {
  if (!cancellation) return {};
  const { ruleLabel, owedToAct, refundToOrganizer, outstandingFromOrganizer } = cancellation;
  return { ruleLabel, owedToAct, refundToOrganizer, outstandingFromOrganizer };
}
