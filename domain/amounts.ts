/**
 * Amounts as people type them into forms: rupees written the Indian way
 * (1,00,000), the international way (100,000) or not grouped at all, with or
 * without ₹, Rs or INR in front; and whole numbers such as a capacity of
 * 1,200. Pure: the parsers answer a value in minor units (paise) or a
 * message to show next to the field, never a guess.
 */

export type Parsed = { ok: true; value: number } | { ok: false; message: string };

/** At most 13 digits of rupees: a paise amount stays a safe integer. */
const MAX_RUPEE_DIGITS = 13;

/** 1,00,000 and 1,23,45,678: two-digit groups, then the last three. */
const INDIAN_GROUPING = /^\d{1,2}(,\d{2})*,\d{3}$/;
/** 100,000 and 1,234,567: three-digit groups. */
const INTERNATIONAL_GROUPING = /^\d{1,3}(,\d{3})+$/;
const CURRENCY = /^(₹|rs\.?|inr)\s*/i;

const fail = (message: string): Parsed => ({ ok: false, message });

/** The digits of a whole number as typed, grouped or not; a message when it is not one. */
function wholeDigits(text: string, example: string): string | { message: string } {
  if (/^\d+$/.test(text)) return text;
  if (text.includes(",")) {
    if (/^\d[\d,]*\d$/.test(text) && (INDIAN_GROUPING.test(text) || INTERNATIONAL_GROUPING.test(text))) {
      return text.replaceAll(",", "");
    }
    if (/^[\d,]+$/.test(text)) {
      return { message: `The commas are in the wrong places; write it like ${example}` };
    }
  }
  if (/^-\s*\d/.test(text)) return { message: "Must not be negative" };
  return { message: `Only digits and commas, like ${example}` };
}

/**
 * Rupees as typed, in paise. `paise: true` lets the field take up to two
 * decimals (25000.50); otherwise a decimal point is refused. Blank is an
 * error too: a field that may be left empty checks for that first.
 */
export function parseRupees(typed: string, { paise = false }: { paise?: boolean } = {}): Parsed {
  let text = typed.trim();
  if (text === "") return fail("Enter an amount in rupees, like 1,00,000");
  if (/^-/.test(text)) return fail("Must not be negative");
  text = text.replace(CURRENCY, "").replace(/\s*\/-$/, "");
  const [whole, decimals, ...more] = text.split(".");
  if (more.length > 0) return fail("Only one decimal point, like 25,000.50");
  if (decimals !== undefined) {
    if (!paise) return fail("Whole rupees, without paise, like 1,00,000");
    if (!/^\d{1,2}$/.test(decimals)) return fail("At most two digits of paise, like 25,000.50");
  }
  const digits = wholeDigits(whole, "1,00,000");
  if (typeof digits !== "string") return fail(digits.message);
  if (digits.replace(/^0+/, "").length > MAX_RUPEE_DIGITS) return fail("That amount is too large");
  const fraction = decimals === undefined ? 0 : Number(decimals.padEnd(2, "0"));
  return { ok: true, value: Number(digits) * 100 + fraction };
}

/** A count of things as typed ("1200" or "1,200"), at most `max`. */
export function parseWholeNumber(typed: string, { max = 1_000_000_000 }: { max?: number } = {}): Parsed {
  const text = typed.trim();
  if (text === "") return fail("Enter a number, like 1,200");
  if (/^\d*\.\d*$/.test(text.replaceAll(",", ""))) return fail("A whole number, like 1,200");
  const digits = wholeDigits(text, "1,200");
  if (typeof digits !== "string") return fail(digits.message);
  const value = Number(digits);
  if (value > max) return fail(`At most ${max.toLocaleString("en-IN")}`);
  return { ok: true, value };
}

const grouped = new Intl.NumberFormat("en-IN", { maximumFractionDigits: 0 });

/** Paise as a form field's value in rupees, grouped the Indian way: 1,00,000 or 25,000.50. */
export function rupeesInput(minorUnits: number): string {
  const rupees = grouped.format(Math.trunc(minorUnits / 100));
  const paise = minorUnits % 100;
  return paise === 0 ? rupees : `${rupees}.${String(paise).padStart(2, "0")}`;
}
