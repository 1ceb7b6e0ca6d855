/**
 * The terms an act and an organizer trade while they negotiate a booking, and
 * the rules every offer must meet. Pure: the caller passes `now`, so the same
 * checks run in the offer form, the API and the booking machine.
 */
import type { FieldIssue } from "./errors.ts";

export const PARTIES = ["act", "organizer"] as const;
export type Party = typeof PARTIES[number];

/** An offer is open until answered; a counter-offer marks the one it answers "countered". */
export const OFFER_STATUSES = ["open", "accepted", "declined", "countered", "expired", "withdrawn"] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

export const CANCELLATION_TIERS = ["flexible", "standard", "strict"] as const;
export type CancellationTier = typeof CANCELLATION_TIERS[number];

/** Who pays for getting the act there, and for a bed, and for the sound system. */
export const TRAVEL_TERMS = ["organizer", "act", "shared"] as const;
export type TravelTerm = typeof TRAVEL_TERMS[number];
export const ACCOMMODATION_TERMS = ["organizer", "act", "none"] as const;
export type AccommodationTerm = typeof ACCOMMODATION_TERMS[number];
export const SOUND_TERMS = ["venue", "organizer", "act"] as const;
export type SoundTerm = typeof SOUND_TERMS[number];

export interface OfferTerms {
  /** Minor units (paise, cents). */
  fee: number;
  currency: string;
  /** Share of the fee due as deposit, in basis points. */
  depositBps: number;
  /** Performance start. */
  startsAt: Date;
  durationMinutes: number;
  travel: TravelTerm;
  accommodation: AccommodationTerm;
  sound: SoundTerm;
  cancellationTier: CancellationTier;
  /** When this offer lapses if nobody answers it. */
  expiresAt: Date;
  note?: string | null;
}

/** ₹10^11: far above any real fee, and times 10^4 basis points still exact as a BigInt. */
export const MAX_FEE = 10_000_000_000_000;
export const MIN_DURATION_MINUTES = 15;
export const MAX_DURATION_MINUTES = 720;
export const MAX_NOTE_LENGTH = 2000;
/** The opening offer and five counters: after that someone has to say yes or no. */
export const MAX_OFFERS = 6;
/** An offer cannot hold the other party's calendar hostage for longer than a month. */
export const MAX_OFFER_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
/** Shows are booked at most two years ahead: further out, no fee or date means anything yet. */
export const MAX_BOOKING_HORIZON_MS = 2 * 366 * 24 * 60 * 60 * 1000;

const CURRENCY = /^[A-Z]{3}$/;

function isWholeIn(n: number, min: number, max: number): boolean {
  return Number.isSafeInteger(n) && n >= min && n <= max;
}

function isValidDate(d: unknown): d is Date {
  return d instanceof Date && !Number.isNaN(d.getTime());
}

/**
 * Every problem with an offer, one per field, keyed by the OfferTerms field
 * names so forms can show them beside the input. `opts.currency` is the
 * currency the negotiation started in: a counter cannot switch it.
 */
export function offerIssues(terms: OfferTerms, now: Date, opts: { currency?: string } = {}): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (field: keyof OfferTerms, message: string) => issues.push({ field, message });

  if (!isWholeIn(terms.fee, 1, MAX_FEE)) {
    add("fee", `The fee must be a whole number of minor units from 1 to ${MAX_FEE}`);
  }
  if (!CURRENCY.test(terms.currency)) {
    add("currency", "The currency must be a three-letter ISO code");
  } else if (opts.currency !== undefined && terms.currency !== opts.currency) {
    add("currency", `The negotiation is in ${opts.currency}`);
  }
  if (!isWholeIn(terms.depositBps, 0, 10_000)) {
    add("depositBps", "The deposit must be whole basis points from 0 to 10000");
  }
  const startsValid = isValidDate(terms.startsAt);
  if (!startsValid) {
    add("startsAt", "The start must be a valid date");
  } else if (terms.startsAt.getTime() <= now.getTime()) {
    add("startsAt", "The performance must start in the future");
  } else if (terms.startsAt.getTime() > now.getTime() + MAX_BOOKING_HORIZON_MS) {
    add("startsAt", "Bookings are taken at most two years ahead");
  }
  if (!isWholeIn(terms.durationMinutes, MIN_DURATION_MINUTES, MAX_DURATION_MINUTES)) {
    add(
      "durationMinutes",
      `The duration must be whole minutes from ${MIN_DURATION_MINUTES} to ${MAX_DURATION_MINUTES}`,
    );
  }
  if (!(TRAVEL_TERMS as readonly string[]).includes(terms.travel)) {
    add("travel", `Travel must be one of ${TRAVEL_TERMS.join(", ")}`);
  }
  if (!(ACCOMMODATION_TERMS as readonly string[]).includes(terms.accommodation)) {
    add("accommodation", `Accommodation must be one of ${ACCOMMODATION_TERMS.join(", ")}`);
  }
  if (!(SOUND_TERMS as readonly string[]).includes(terms.sound)) {
    add("sound", `Sound must be one of ${SOUND_TERMS.join(", ")}`);
  }
  if (!(CANCELLATION_TIERS as readonly string[]).includes(terms.cancellationTier)) {
    add("cancellationTier", `The cancellation tier must be one of ${CANCELLATION_TIERS.join(", ")}`);
  }
  if (!isValidDate(terms.expiresAt)) {
    add("expiresAt", "The expiry must be a valid date");
  } else if (terms.expiresAt.getTime() <= now.getTime()) {
    add("expiresAt", "The offer must expire in the future");
  } else if (startsValid && terms.expiresAt.getTime() > terms.startsAt.getTime()) {
    add("expiresAt", "The offer must expire before the performance starts");
  } else if (terms.expiresAt.getTime() > now.getTime() + MAX_OFFER_LIFETIME_MS) {
    add("expiresAt", "An offer can stay open for at most 30 days");
  }
  if (terms.note != null && [...terms.note].length > MAX_NOTE_LENGTH) {
    add("note", `The note can be at most ${MAX_NOTE_LENGTH} characters`);
  }
  return issues;
}

/**
 * floor(amount * bps / 10000). The product can pass 2^53 (fees up to 10^13
 * times 10^4), so it is computed in BigInt and is exact.
 */
export function feeShare(amount: number, bps: number): number {
  return Number((BigInt(amount) * BigInt(bps)) / 10_000n);
}

export function depositAmount(fee: number, depositBps: number): number {
  return feeShare(fee, depositBps);
}

export function endsAt(startsAt: Date, durationMinutes: number): Date {
  return new Date(startsAt.getTime() + durationMinutes * 60_000);
}

export function otherParty(p: Party): Party {
  return p === "act" ? "organizer" : "act";
}
