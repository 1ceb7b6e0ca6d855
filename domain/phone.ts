/**
 * Phone numbers as people type them ("98765 43210", "098765 43210",
 * "+91 98765-43210", "+44 20 7946 0958") in E.164 ("+919876543210"), the one
 * form stored. A number without a country code is Indian unless told
 * otherwise. Pure and deliberately modest: it refuses numbers that cannot
 * exist (wrong length, a national number starting with 0, letters), not
 * every number that happens not to be assigned.
 */
export type PhoneParsed = { ok: true; value: string } | { ok: false; message: string };

const fail = (message: string): PhoneParsed => ({ ok: false, message });

/** E.164: a country code and a national number, 15 digits at most. */
const MAX_DIGITS = 15;
/** The shortest numbers in use (a few small territories) have 7 digits with their country code. */
const MIN_DIGITS = 7;

export function normalisePhone(typed: string, defaultCountryCode = "91"): PhoneParsed {
  const text = typed.trim();
  if (text === "") return fail("Enter a phone number");
  if (!/^\+?[\d\s().\-/]+$/.test(text)) {
    return fail("Only digits, spaces, dashes and a leading +, like +91 98765 43210");
  }
  // "+44 (0)20 ...": the bracketed 0 is dialled only within the country.
  const digits = text.replace(/\(0\)/, "").replace(/\D/g, "");
  if (text.startsWith("+")) return international(digits);
  if (digits.startsWith("00")) return international(digits.slice(2));
  // Within India a leading 0 is the trunk prefix; "91" in front is the country code without its +.
  let national = digits;
  if (national.length === 11 && national.startsWith("0")) national = national.slice(1);
  if (
    defaultCountryCode === "91" && national.length === 12 && national.startsWith("91") &&
    !national.startsWith("910")
  ) {
    national = national.slice(2);
  }
  return withCountry(defaultCountryCode, national);
}

function international(digits: string): PhoneParsed {
  if (digits.startsWith("0")) return fail("A country code never starts with 0");
  if (digits.startsWith("91")) return withCountry("91", digits.slice(2));
  if (digits.startsWith("1")) return withCountry("1", digits.slice(1));
  return whole(digits);
}

function withCountry(code: string, national: string): PhoneParsed {
  if (code === "91") {
    // "+91 098765 43210": the trunk 0 typed after the country code.
    const n = national.length === 11 && national.startsWith("0") ? national.slice(1) : national;
    if (n.length !== 10) {
      return fail(`An Indian number has 10 digits after +91; this has ${n.length}`);
    }
    if (n.startsWith("0")) return fail("An Indian number does not start with 0 after +91");
    return { ok: true, value: `+91${n}` };
  }
  if (code === "1") {
    // North America: a 3-digit area code and a 7-digit number, neither starting with 0 or 1.
    if (!/^[2-9]\d{2}[2-9]\d{6}$/.test(national)) {
      return fail("A +1 number has 10 digits: an area code and a number, like +1 415 555 0132");
    }
    return { ok: true, value: `+1${national}` };
  }
  if (national.startsWith("0")) national = national.slice(1);
  return whole(`${code}${national}`);
}

function whole(digits: string): PhoneParsed {
  if (digits.length < MIN_DIGITS) return fail("Too short for a phone number with its country code");
  if (digits.length > MAX_DIGITS) return fail("Too long: a phone number has at most 15 digits");
  return { ok: true, value: `+${digits}` };
}
