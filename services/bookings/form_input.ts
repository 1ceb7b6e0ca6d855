/**
 * HTML forms speak people's units: rupees (not paise), a deposit in percent,
 * dates as `datetime-local` in India's time. These turn posted fields into the
 * use cases' inputs and the use cases' field names back into the form's.
 * An amount the form cannot read is the field's error here; anything else
 * that does not parse is passed on as it came, so the service's schema
 * names the field.
 */
import { parseRupees } from "../../domain/amounts.ts";
import { type FieldIssue, ValidationError } from "../../domain/errors.ts";
import { INDIA_OFFSET, indiaWallClock } from "../../domain/india_time.ts";

/** "2026-11-08T20:00" (India time) -> ISO with offset; empty -> undefined. */
export function instantFromLocal(value: string | undefined): string | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d$/.test(v) ? `${v}:00${INDIA_OFFSET}` : v;
}

/** An instant as a `datetime-local` value in India's time. */
export function localFromInstant(iso: string | Date): string {
  const { date, time } = indiaWallClock(iso);
  return `${date}T${time}`;
}

/**
 * Rupees as typed ("75,000", "1,00,000", "₹75000.50") in paise; blank is
 * undefined, and an amount that cannot be read is `field`'s error.
 */
export function minorFromMajor(value: string | undefined, field: string): number | undefined {
  if (!value?.trim()) return undefined;
  const parsed = parseRupees(value, { paise: true });
  if (parsed.ok) return parsed.value;
  throw new ValidationError("Please check the highlighted fields", [{ field, message: parsed.message }]);
}

function whole(value: string | undefined): number | string | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  return /^\d+$/.test(v) ? Number(v) : v;
}

function percentToBps(value: string | undefined): number | string | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  return /^\d+(\.\d{1,2})?$/.test(v) ? Math.round(Number(v) * 100) : v;
}

const optional = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);

/** The offer form (fee in rupees, deposit in percent) as OfferInput. */
export function offerInputFromForm(f: Record<string, string>): Record<string, unknown> {
  const input: Record<string, unknown> = {
    fee: minorFromMajor(f.fee, "fee") ?? "",
    depositBps: percentToBps(f.deposit),
    startsAt: instantFromLocal(f.startsAt),
    durationMinutes: whole(f.durationMinutes),
    travel: optional(f.travel),
    accommodation: optional(f.accommodation),
    sound: optional(f.sound),
    cancellationTier: optional(f.cancellationTier),
    expiresAt: instantFromLocal(f.expiresAt),
    note: optional(f.note),
  };
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}

/** The request form as CreateBookingInput; the opening offer only when a fee is given. */
export function bookingInputFromForm(f: Record<string, string>): Record<string, unknown> {
  const input: Record<string, unknown> = {
    actId: f.actId ?? "",
    title: f.title ?? "",
    startsAt: instantFromLocal(f.startsAt) ?? "",
    durationMinutes: whole(f.durationMinutes) ?? "",
    venueId: optional(f.venueId),
    cityId: whole(f.cityId),
    address: optional(f.address),
    message: optional(f.message),
  };
  if (f.fee?.trim()) {
    const { startsAt: _s, durationMinutes: _d, ...offer } = offerInputFromForm(f);
    input.offer = offer;
  }
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}

const FORM_FIELD: Record<string, string> = { depositBps: "deposit", "offer.depositBps": "deposit" };

/** A service's field issues under the form's field names ("offer.fee" -> "fee", depositBps -> deposit). */
export function formFieldOf(issue: FieldIssue): string {
  return FORM_FIELD[issue.field] ?? issue.field.replace(/^offer\./, "");
}
