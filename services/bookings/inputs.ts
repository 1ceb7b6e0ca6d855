/**
 * What clients send to the booking use cases, as zod schemas shared by the
 * services, the API (and its OpenAPI document) and the pages. Zod checks
 * shapes; the rules of an offer (future dates, ranges, expiry before the
 * show) are the booking domain's, checked by `offerIssues` in the machine.
 */
import { z } from "zod";
import { idField, plainString } from "../validation.ts";
import { BOOKING_STATES } from "../../domain/booking_machine.ts";
import type { BookingTerms } from "../../domain/booking_machine.ts";
import {
  ACCOMMODATION_TERMS,
  CANCELLATION_TIERS,
  MAX_NOTE_LENGTH,
  MAX_OFFERS,
  type OfferTerms,
  SOUND_TERMS,
  TRAVEL_TERMS,
} from "../../domain/negotiation.ts";

const Instant = z.iso.datetime({ offset: true, message: "A date and time like 2026-11-21T19:30:00+05:30" });
const Whole = (what: string) => z.number({ error: `${what} must be a number` }).int(`${what} must be whole`);
const Text = (max: number) => plainString().max(max);

export const OfferInput = z.object({
  /** Minor units (paise); the currency is the negotiation's. */
  fee: Whole("The fee"),
  depositBps: Whole("The deposit").optional(),
  startsAt: Instant.optional(),
  durationMinutes: Whole("The duration").optional(),
  travel: z.enum(TRAVEL_TERMS).optional(),
  accommodation: z.enum(ACCOMMODATION_TERMS).optional(),
  sound: z.enum(SOUND_TERMS).optional(),
  cancellationTier: z.enum(CANCELLATION_TIERS).optional(),
  expiresAt: Instant.optional(),
  note: Text(MAX_NOTE_LENGTH).nullable().optional(),
}).strict();
export type OfferInput = z.infer<typeof OfferInput>;

export const CreateBookingInput = z.object({
  actId: idField("Choose an act"),
  title: Text(160).min(2, "Give the event a title"),
  startsAt: Instant,
  durationMinutes: Whole("The duration").min(15, "At least 15 minutes").max(720, "At most 12 hours"),
  venueId: idField("Not a venue").nullable().optional(),
  cityId: Whole("The city").min(1).max(2_147_483_647).nullable().optional(),
  address: Text(500).nullable().optional(),
  message: Text(2000).nullable().optional(),
  offer: OfferInput.optional(),
}).strict().superRefine((v, ctx) => {
  if (!v.venueId && !v.cityId) {
    ctx.addIssue({ code: "custom", path: ["cityId"], message: "Choose a venue, or a city and an address" });
  }
});

export const UpdateBookingInput = z.object({
  title: Text(160).min(2, "Give the event a title").optional(),
  address: Text(500).nullable().optional(),
  message: Text(2000).nullable().optional(),
}).strict();

export const ReasonInput = z.object({
  reason: Text(1000).min(3, "Say briefly why"),
}).strict();

export const DeclineInput = z.object({ reason: Text(1000).optional() }).strict();

const NOT_AN_OFFER = "Not an offer of this booking";

/**
 * What is being accepted: the open offer's round (an offer's id within its
 * booking). When given and a counter-offer has replaced that offer since,
 * nothing is accepted (409); pages always send it.
 */
export const AcceptInput = z.object({
  round: Whole("The round").min(1, NOT_AN_OFFER).max(MAX_OFFERS, NOT_AN_OFFER).optional(),
}).strict();

/** An admin's ruling on a dispute: the act keeps its fee, or the organizer gets `refundAmount` back. */
/** The ruling's written reason: both parties read it, and the timeline keeps it. */
const RulingReason = Text(1000).min(3, "Write the reason for the ruling");

export const ResolveInput = z.discriminatedUnion("outcome", [
  z.object({ outcome: z.literal("release"), reason: RulingReason }).strict(),
  z.object({
    outcome: z.literal("refund"),
    refundAmount: Whole("The refund").min(1, "The refund must be more than zero"),
    reason: RulingReason,
  }).strict(),
]);

export const StartNegotiationInput = z.object({
  applicationId: idField("Not an application"),
  offer: OfferInput.optional(),
}).strict();

export const ListBookingsInput = z.object({
  status: z.enum(BOOKING_STATES).optional(),
  /** Only bookings where the user is the organizer, on the act's side, or the venue's manager. */
  as: z.enum(["organizer", "act", "venue"]).optional(),
  cursor: z.string().max(512).optional(),
  limit: z.number().int().min(1).max(100).default(20),
}).strict();

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** The full terms of an offer: what the input gives, the current terms for the rest. */
export function offerTerms(input: OfferInput, base: BookingTerms, now: Date): OfferTerms {
  const startsAt = input.startsAt ? new Date(input.startsAt) : base.startsAt;
  return {
    fee: input.fee,
    currency: base.currency,
    depositBps: input.depositBps ?? base.depositBps,
    startsAt,
    durationMinutes: input.durationMinutes ?? base.durationMinutes,
    travel: input.travel ?? base.travel,
    accommodation: input.accommodation ?? base.accommodation,
    sound: input.sound ?? base.sound,
    cancellationTier: input.cancellationTier ?? base.cancellationTier,
    expiresAt: input.expiresAt ? new Date(input.expiresAt) : defaultExpiry(startsAt, now),
    note: input.note ?? null,
  };
}

/** A week to answer, or until the show if that comes sooner. */
export function defaultExpiry(startsAt: Date, now: Date): Date {
  return new Date(Math.min(now.getTime() + WEEK_MS, startsAt.getTime()));
}
