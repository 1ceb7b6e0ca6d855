/**
 * Between the database rows of a booking and the booking machine's snapshot:
 * the machine reasons about `BookingSnapshot`, the services store its parts
 * in the bookings row (terms, counters, money) and in booking_offers (the
 * open offer).
 */
import type { Booking, BookingOffer } from "../../db/schema.ts";
import type { BookingSnapshot, BookingTerms } from "../../domain/booking_machine.ts";
import type { OfferTerms } from "../../domain/negotiation.ts";

export function termsOfRow(row: Booking | BookingOffer): BookingTerms {
  return {
    fee: Number(row.fee),
    currency: row.currency,
    depositBps: row.deposit_bps,
    startsAt: new Date(row.starts_at),
    durationMinutes: row.duration_minutes,
    travel: row.travel,
    accommodation: row.accommodation,
    sound: row.sound,
    cancellationTier: row.cancellation_tier,
  };
}

export function snapshotOf(
  booking: Booking,
  openOffer: BookingOffer | null,
  contractSigned: boolean,
): BookingSnapshot {
  return {
    status: booking.status,
    terms: termsOfRow(booking),
    openOffer: openOffer
      ? { round: openOffer.round, madeBy: openOffer.made_by, expiresAt: new Date(openOffer.expires_at) }
      : null,
    offersMade: booking.offers_made,
    paid: Number(booking.paid),
    refundDue: Number(booking.refund_due),
    disputed: booking.disputed,
    contractSigned,
  };
}

/** The bookings columns that hold a snapshot's terms. */
export function termColumns(terms: BookingTerms) {
  return {
    fee: terms.fee,
    currency: terms.currency,
    deposit_bps: terms.depositBps,
    starts_at: terms.startsAt,
    duration_minutes: terms.durationMinutes,
    travel: terms.travel,
    accommodation: terms.accommodation,
    sound: terms.sound,
    cancellation_tier: terms.cancellationTier,
  };
}

/** The booking_offers columns of an offer. */
export function offerColumns(offer: OfferTerms) {
  return { ...termColumns(offer), expires_at: offer.expiresAt, note: offer.note ?? null };
}
