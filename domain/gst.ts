/**
 * The rules of a GST tax invoice for an act's performance fee, as pure
 * functions: who the parties are (GSTIN), how the tax splits between the
 * Centre and the states, the amount in words and the invoice's number.
 *
 * Sources (Government of India, as in force from 1 July 2017):
 * - CGST Act 2017, s.31: a registered supplier of services issues a tax
 *   invoice; CGST Rules 2017, rule 46, lists what it must state: the
 *   supplier's name, address and GSTIN (a), a consecutive serial number of at
 *   most 16 characters unique for the financial year (b), the date (c), the
 *   recipient's name, address and GSTIN when registered (d), or name, address
 *   and state when not (e, f), the SAC (g), a description (h), the total value
 *   (j), the taxable value (k), the rate and amount of each tax (l, m), the
 *   place of supply with its state for an inter-state supply (n), whether tax
 *   is payable on reverse charge (p) and a signature (q).
 * - CGST Rules 2017, rule 35: when a price includes the tax, the tax is the
 *   price × rate / (100% + the sum of the rates), and the taxable value what
 *   is left.
 * - IGST Act 2017, s.7(3) and s.8(2): a supply of services is inter-state when
 *   the supplier's location and the place of supply are in different states,
 *   intra-state when they are in the same one. s.10 decides the place of supply
 *   of goods and does not apply here; s.12 decides it for services when both
 *   parties are in India (s.12(2): the recipient's location when registered,
 *   else the address on record, else the supplier's location). The caller
 *   decides the place of supply; this module only applies its consequence.
 * - Scheme of Classification of Services, annexure to Notification
 *   11/2017-Central Tax (Rate), entry 681: SAC 999631 "Services of performing
 *   artists including actors, readers, musicians, singers, dancers...", in
 *   group 99963 under heading 9996 (recreational, cultural and sporting
 *   services). (999692 in that heading is gambling and betting, not this.)
 * - The rate: Notification 11/2017-Central Tax (Rate), Sl. No. 34, heading
 *   9996: 9% CGST (with 9% SGST), i.e. 18%; 18% IGST by Notification
 *   8/2017-Integrated Tax (Rate). Not applied here: the exemption of
 *   Notification 12/2017-Central Tax (Rate) for folk or classical performances
 *   of ₹1,50,000 or less, which a caller must decide before invoicing tax.
 */
import { indiaWallClock } from "./india_time.ts";

/** SAC 999631: services of performing artists (see the sources above). */
export const PERFORMING_ARTIST_SAC = "999631";
/** 18% in basis points: Notification 11/2017-CT(Rate) Sl. No. 34 (9% + 9%) and 8/2017-IT(Rate) (18% IGST). */
export const PERFORMING_ARTS_GST_BPS = 1_800;
/** Rule 46(b): the invoice's serial number has at most 16 characters. */
export const MAX_INVOICE_NUMBER = 16;

const BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/**
 * The GST state codes: 01 to 38 (38 is Ladakh), 97 for other territory and 99
 * for the Centre's own jurisdiction.
 */
export function isGstStateCode(code: string): boolean {
  if (!/^\d{2}$/.test(code)) return false;
  const n = Number(code);
  return (n >= 1 && n <= 38) || n === 97 || n === 99;
}

/**
 * The check character of the first 14 characters of a GSTIN: the Luhn mod-36
 * algorithm the GST Network publishes. Each character's base-36 value is
 * multiplied by 1 and 2 alternately from the left; each product adds its
 * quotient and remainder by 36; the check is (36 − sum mod 36) mod 36.
 */
export function gstinCheckCharacter(first14: string): string {
  let sum = 0;
  for (let i = 0; i < first14.length; i++) {
    const value = BASE36.indexOf(first14[i]);
    if (value < 0) throw new RangeError("A GSTIN holds only digits and capital letters");
    const product = value * (i % 2 === 0 ? 1 : 2);
    sum += Math.floor(product / 36) + (product % 36);
  }
  return BASE36[(36 - (sum % 36)) % 36];
}

/**
 * Whether `gstin` is well formed, as written (capitals, no spaces): a state
 * code, the holder's PAN (five letters, four digits, a letter), the entity's
 * number under that PAN (1–9, then A–Z), 'Z' (the only value in use; pass
 * `anyFourteenth` to accept any character there) and the check character.
 */
export function isValidGstin(gstin: string, { anyFourteenth = false } = {}): boolean {
  const m = /^(\d{2})[A-Z]{5}\d{4}[A-Z][1-9A-Z]([0-9A-Z])[0-9A-Z]$/.exec(gstin);
  if (m === null || !isGstStateCode(m[1])) return false;
  if (!anyFourteenth && m[2] !== "Z") return false;
  return gstinCheckCharacter(gstin.slice(0, 14)) === gstin[14];
}

export type TaxSplit =
  | { kind: "intra"; cgst: number; sgst: number; total: number }
  | { kind: "inter"; igst: number; total: number };

/**
 * The tax on `taxableValue` paise at `rateBps`, by where the supply happens
 * (IGST Act s.7(3), s.8(2)). The tax is worked out once on the whole value,
 * rounded to the nearest paisa (half a paisa up); within a state it is split
 * in two with CGST taking the odd paisa, so CGST + SGST is always that tax.
 * (CGST Act s.170 rounds to the rupee only what is paid or refunded in a
 * return, not each invoice's tax.)
 */
export function taxSplit(
  taxableValue: number,
  supplierState: string,
  placeOfSupplyState: string,
  rateBps: number,
): TaxSplit {
  if (!Number.isSafeInteger(taxableValue) || taxableValue < 0) {
    throw new RangeError("The taxable value must be a whole, non-negative number of paise");
  }
  checkRate(rateBps);
  checkStates(supplierState, placeOfSupplyState);
  const total = Number((BigInt(taxableValue) * BigInt(rateBps) * 2n + 10_000n) / 20_000n);
  return splitByPlace(total, supplierState, placeOfSupplyState);
}

/**
 * The taxable value and the tax within `inclusiveAmount` paise, a price that
 * includes the tax at `rateBps`, by rule 35: the tax is amount × rate /
 * (10000 + rate) basis points, rounded to the nearest paisa (half up), and
 * the taxable value is the rest, so the two always make up the amount to the
 * paisa. The tax then splits as `taxSplit`'s does.
 *
 * The tax is within 0.6 paise of the rate applied to the taxable value, but
 * not always `taxSplit`'s rounding of it: ₹1,18,000.10 paid holds
 * ₹18,000.02 of tax by rule 35 on ₹1,00,000.08, of which 18% rounds to
 * ₹18,000.01. No taxable value would do better there (₹1,00,000.08 and
 * ₹1,00,000.09 plus their rounded tax make ₹1,18,000.09 and ₹1,18,000.11), and
 * an invoice must add up to what was paid.
 */
export function inclusiveTaxSplit(
  inclusiveAmount: number,
  supplierState: string,
  placeOfSupplyState: string,
  rateBps: number,
): { taxableValue: number; tax: TaxSplit } {
  if (!Number.isSafeInteger(inclusiveAmount) || inclusiveAmount < 0) {
    throw new RangeError("The amount must be a whole, non-negative number of paise");
  }
  checkRate(rateBps);
  checkStates(supplierState, placeOfSupplyState);
  const grossBps = BigInt(10_000 + rateBps);
  const total = Number((BigInt(inclusiveAmount) * BigInt(rateBps) * 2n + grossBps) / (2n * grossBps));
  return {
    taxableValue: inclusiveAmount - total,
    tax: splitByPlace(total, supplierState, placeOfSupplyState),
  };
}

function checkRate(rateBps: number): void {
  if (!Number.isInteger(rateBps) || rateBps < 0 || rateBps > 10_000) {
    throw new RangeError("The rate must be whole basis points between 0 and 10000");
  }
}

function checkStates(supplierState: string, placeOfSupplyState: string): void {
  if (!isGstStateCode(supplierState) || !isGstStateCode(placeOfSupplyState)) {
    throw new RangeError("States are two-digit GST state codes");
  }
}

/** A whole tax as IGST across states, or as CGST and SGST halves within one, CGST taking the odd paisa. */
function splitByPlace(total: number, supplierState: string, placeOfSupplyState: string): TaxSplit {
  if (supplierState !== placeOfSupplyState) return { kind: "inter", igst: total, total };
  const sgst = Math.floor(total / 2);
  return { kind: "intra", cgst: total - sgst, sgst, total };
}

const ONES = [
  "",
  "One",
  "Two",
  "Three",
  "Four",
  "Five",
  "Six",
  "Seven",
  "Eight",
  "Nine",
  "Ten",
  "Eleven",
  "Twelve",
  "Thirteen",
  "Fourteen",
  "Fifteen",
  "Sixteen",
  "Seventeen",
  "Eighteen",
  "Nineteen",
];
const TENS = ["", "", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety"];

/** 1–99: "Seven", "Nineteen", "Twenty-Five". */
function belowHundred(n: number): string {
  if (n < 20) return ONES[n];
  return n % 10 === 0 ? TENS[n / 10] : `${TENS[Math.floor(n / 10)]}-${ONES[n % 10]}`;
}

/** A positive whole number the Indian way: hundreds, thousands, lakhs, crores, then crores of those. */
function indianWords(n: number): string {
  const parts: string[] = [];
  if (n >= 10_000_000) {
    parts.push(`${indianWords(Math.floor(n / 10_000_000))} Crore`);
    n %= 10_000_000;
  }
  for (const [size, name] of [[100_000, "Lakh"], [1_000, "Thousand"], [100, "Hundred"]] as const) {
    if (n >= size) {
      parts.push(`${belowHundred(Math.floor(n / size))} ${name}`);
      n %= size;
    }
  }
  if (n > 0) parts.push(belowHundred(n));
  return parts.join(" ");
}

/**
 * Paise in words as an Indian invoice writes them: "Rupees One Lakh Fifty
 * Thousand and Twenty-Five Paise Only", "Rupees Ten Thousand Crore Only",
 * "Fifty Paise Only", "Rupees Zero Only".
 */
export function amountInWords(minorUnits: number): string {
  if (!Number.isSafeInteger(minorUnits) || minorUnits < 0) {
    throw new RangeError("An amount in words needs a whole, non-negative number of paise");
  }
  const rupees = Math.floor(minorUnits / 100);
  const paise = minorUnits % 100;
  if (paise === 0) return `Rupees ${rupees === 0 ? "Zero" : indianWords(rupees)} Only`;
  const inPaise = `${belowHundred(paise)} Paise`;
  return rupees === 0 ? `${inPaise} Only` : `Rupees ${indianWords(rupees)} and ${inPaise} Only`;
}

/** India's financial year of an instant, from 1 April in India: "2026-27". */
export function financialYearOf(instant: Date): string {
  const { date } = indiaWallClock(instant);
  const year = Number(date.slice(0, 4));
  const start = Number(date.slice(5, 7)) >= 4 ? year : year - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, "0")}`;
}

/**
 * The invoice number `prefix/fy/serial`, with the serial zero-padded to fill
 * the 16 characters rule 46(b) allows, so numbers of one series sort in
 * order: ("AS", "2026-27", 123) is "AS/2026-27/00123". The prefix holds
 * letters, digits and hyphens (the slash separates the parts). Throws when
 * the serial's digits do not fit.
 */
export function invoiceNumber(prefix: string, fy: string, serial: number): string {
  if (!/^[A-Za-z0-9-]+$/.test(prefix)) throw new RangeError("The prefix holds letters, digits and hyphens");
  const fyMatch = /^(\d{4})-(\d{2})$/.exec(fy);
  if (fyMatch === null || (Number(fyMatch[1]) + 1) % 100 !== Number(fyMatch[2])) {
    throw new RangeError('The financial year is written like "2026-27"');
  }
  if (!Number.isSafeInteger(serial) || serial < 1) {
    throw new RangeError("The serial is a positive whole number");
  }
  const width = MAX_INVOICE_NUMBER - prefix.length - fy.length - 2;
  const digits = String(serial);
  if (digits.length > width) {
    throw new RangeError(
      `Serial ${serial} does not fit in ${MAX_INVOICE_NUMBER} characters with this prefix`,
    );
  }
  return `${prefix}/${fy}/${digits.padStart(width, "0")}`;
}
