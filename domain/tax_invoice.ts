/**
 * The GST tax invoice of a captured payment, as data: every particular CGST
 * Rules 2017, rule 46 asks of an invoice for a performance (gst.ts lists
 * them with their sources), worked out from the payment, the parties and
 * what was performed. Rendering it is someone else's job (the PDF, a page);
 * they print these values and work nothing out.
 *
 * Decisions, and the rules they follow:
 * - The platform is the supplier of record of the performance and invoices
 *   the organizer for it. Its name, address and GSTIN come from
 *   configuration, so a wrong one is the program's fault (a RangeError); the
 *   organizer's come from them, so a wrong GSTIN or a missing state is
 *   theirs to correct (a ValidationError naming the field).
 * - The place of supply is decided by IGST Act 2017, s.12(2): the recipient's
 *   location when registered (the state of their GSTIN), else the state of
 *   the address on record when there is one, else the supplier's location.
 *   Rule 46(e) asks an unregistered recipient's state on an invoice of
 *   ₹50,000 or more, so without one such an invoice is refused. Within one
 *   state the tax is CGST and SGST halves (`taxSplit`), UTGST for SGST in a
 *   union territory without a legislature (gst_states.ts).
 * - The fee an organizer pays includes the GST, so the tax is taken out of
 *   it by rule 35 (`inclusiveTaxSplit`): tax = amount × 1800 / 11800 rounded
 *   to the nearest paisa, the taxable value the rest. For 18% this is the
 *   same as rounding amount × 10000 / 11800 for the taxable value, since
 *   amount × 50 / 59 is never exactly half a paisa, and either way taxable
 *   value + taxes = amount paid to the paisa. An amount paid before tax is
 *   taxed on top (`taxSplit`), and the invoice's total is then more than it.
 * - Only rupees: GST is charged and invoiced in INR, so a payment in another
 *   currency has no tax invoice here (a RangeError).
 * - The invoice number is the caller's serial, allocated once per series and
 *   financial year (rule 46(b)), formatted by `invoiceNumber`; the financial
 *   year is the one the issue date falls in, in India.
 */
import { type FieldIssue, ValidationError } from "./errors.ts";
import {
  amountInWords,
  financialYearOf,
  inclusiveTaxSplit,
  invoiceNumber,
  isValidGstin,
  PERFORMING_ARTIST_SAC,
  PERFORMING_ARTS_GST_BPS,
  type TaxSplit,
  taxSplit,
} from "./gst.ts";
import { gstStateName, leviesUtgst } from "./gst_states.ts";
import { indiaWallClock } from "./india_time.ts";
import { formatDate } from "./time_format.ts";

/** Rule 46(e): from this taxable value (₹50,000) an unregistered recipient's state must be on the invoice. */
export const UNREGISTERED_STATE_REQUIRED_FROM = 5_000_000;

export interface InvoiceSupplier {
  legalName: string;
  address: string;
  /** The GST state code of its registration: the first two characters of its GSTIN. */
  stateCode: string;
  gstin: string;
}

export interface InvoiceRecipient {
  legalName: string;
  address: string;
  /** The GST state code of the address, or null when it is not known. */
  stateCode: string | null;
  /** Null when the recipient is not registered for GST. */
  gstin: string | null;
}

export interface TaxInvoiceInput {
  supplier: InvoiceSupplier;
  recipient: InvoiceRecipient;
  /** The prefix of the invoice series ("AS"); rule 46(b) allows one or several series. */
  series: string;
  /** The next serial of that series in the issue date's financial year, from 1. */
  serial: number;
  issuedAt: Date;
  payment: { amount: number; currency: string };
  supply: { bookingTitle: string; actName: string; performanceAt: Date };
  /** Whether `payment.amount` includes the GST, as a booking's fee does. */
  taxInclusive: boolean;
}

export interface InvoiceState {
  code: string;
  name: string;
}

export interface InvoiceTax {
  name: "CGST" | "SGST" | "UTGST" | "IGST";
  rateBps: number;
  amount: number;
}

export interface TaxInvoice {
  /** Rule 46(b): "AS/2026-27/00042". */
  number: string;
  /** "2026-27": the financial year the number's serial counts in. */
  financialYear: string;
  /** Rule 46(c): the day of issue in India, "YYYY-MM-DD". */
  date: string;
  /** The instant of issue (ISO 8601), by which the document dates itself. */
  issuedAt: string;
  supplier: { legalName: string; address: string; gstin: string; state: InvoiceState };
  recipient: { legalName: string; address: string; gstin: string | null; state: InvoiceState | null };
  /** Rule 46(n), decided by IGST Act s.12(2). */
  placeOfSupply: InvoiceState;
  /** Within one state (CGST and SGST, or UTGST) or across states (IGST): IGST Act s.7(3), s.8(2). */
  supplyKind: "intra-state" | "inter-state";
  /** Rule 46(g), (h), (k): the one thing supplied. */
  line: { sac: string; description: string; taxableValue: number };
  /** Rule 46(l), (m): each tax with its rate, CGST before SGST (or UTGST). */
  taxes: InvoiceTax[];
  taxableValue: number;
  totalTax: number;
  /** Rule 46(j): the taxable value and the taxes. */
  total: number;
  currency: "INR";
  /** The total in words, as Indian invoices write it. */
  amountInWords: string;
  /**
   * Rule 46(p): the supplier pays this tax itself; performing artists' services are not among those
   * Notification 13/2017-Central Tax (Rate) taxes on reverse charge.
   */
  reverseCharge: "No";
}

export function buildTaxInvoice(input: TaxInvoiceInput): TaxInvoice {
  const { payment, supplier } = input;
  if (payment.currency !== "INR") {
    throw new RangeError(`A GST tax invoice is in rupees; this payment is in ${payment.currency}`);
  }
  if (!Number.isSafeInteger(payment.amount) || payment.amount <= 0) {
    throw new RangeError("The amount paid must be a whole, positive number of paise");
  }
  const supplierState = checkSupplier(supplier);
  const recipient = checkRecipient(input.recipient);
  const placeOfSupply = recipient.state ?? supplierState;

  const { taxableValue, tax } = input.taxInclusive
    ? inclusiveTaxSplit(payment.amount, supplierState.code, placeOfSupply.code, PERFORMING_ARTS_GST_BPS)
    : {
      taxableValue: payment.amount,
      tax: taxSplit(payment.amount, supplierState.code, placeOfSupply.code, PERFORMING_ARTS_GST_BPS),
    };
  if (
    recipient.gstin === null && recipient.state === null && taxableValue >= UNREGISTERED_STATE_REQUIRED_FROM
  ) {
    throw new ValidationError("The recipient's state is needed for this invoice", [{
      field: "recipient.stateCode",
      message:
        "An invoice for ₹50,000 or more of taxable value to a recipient not registered for GST names their state",
    }]);
  }

  const financialYear = financialYearOf(input.issuedAt);
  const total = taxableValue + tax.total;
  return {
    number: invoiceNumber(input.series, financialYear, input.serial),
    financialYear,
    date: indiaWallClock(input.issuedAt).date,
    issuedAt: input.issuedAt.toISOString(),
    supplier: {
      legalName: supplier.legalName.trim(),
      address: supplier.address.trim(),
      gstin: supplier.gstin,
      state: supplierState,
    },
    recipient,
    placeOfSupply,
    supplyKind: tax.kind === "intra" ? "intra-state" : "inter-state",
    line: { sac: PERFORMING_ARTIST_SAC, description: describe(input.supply), taxableValue },
    taxes: taxLines(tax, placeOfSupply.code),
    taxableValue,
    totalTax: tax.total,
    total,
    currency: "INR",
    amountInWords: amountInWords(total),
    reverseCharge: "No",
  };
}

function checkSupplier(supplier: InvoiceSupplier): InvoiceState {
  if (!supplier.legalName.trim() || !supplier.address.trim()) {
    throw new RangeError("The supplier's legal name and address are required");
  }
  if (!isValidGstin(supplier.gstin)) {
    throw new RangeError(`The supplier's GSTIN ${supplier.gstin} is not valid`);
  }
  if (supplier.gstin.slice(0, 2) !== supplier.stateCode) {
    throw new RangeError(`The supplier's GSTIN is registered in state ${supplier.gstin.slice(0, 2)}`);
  }
  const name = gstStateName(supplier.stateCode);
  if (name === null) throw new RangeError(`The supplier's state code ${supplier.stateCode} names no state`);
  return { code: supplier.stateCode, name };
}

/** The recipient as the invoice states it, or every problem with what they gave at once. */
function checkRecipient(recipient: InvoiceRecipient): TaxInvoice["recipient"] {
  const issues: FieldIssue[] = [];
  const legalName = recipient.legalName.trim();
  const address = recipient.address.trim();
  if (!legalName) {
    issues.push({ field: "recipient.legalName", message: "The recipient's legal name is required" });
  }
  if (!address) issues.push({ field: "recipient.address", message: "The recipient's address is required" });

  let stateCode = recipient.stateCode;
  if (stateCode !== null && gstStateName(stateCode) === null) {
    issues.push({ field: "recipient.stateCode", message: `${stateCode} is not a GST state code` });
  }
  const { gstin } = recipient;
  if (gstin !== null) {
    const registeredIn = gstin.slice(0, 2);
    if (!isValidGstin(gstin)) {
      issues.push({ field: "recipient.gstin", message: "This is not a valid GSTIN: check each character" });
    } else if (gstStateName(registeredIn) === null) {
      issues.push({ field: "recipient.gstin", message: "This GSTIN is registered in no state" });
    } else if (stateCode !== null && stateCode !== registeredIn) {
      issues.push({
        field: "recipient.stateCode",
        message: `The GSTIN is registered in ${gstStateName(registeredIn)} (${registeredIn})`,
      });
    } else {
      stateCode = registeredIn;
    }
  }
  if (issues.length > 0) {
    throw new ValidationError("The recipient's details cannot go on a tax invoice", issues);
  }
  return {
    legalName,
    address,
    gstin,
    state: stateCode === null ? null : { code: stateCode, name: gstStateName(stateCode)! },
  };
}

/** Rule 46(h): "Live performance by The Raga Collective: The Raga Collective live at Blue Frog, Sat, 12 Dec 2026". */
function describe(supply: TaxInvoiceInput["supply"]): string {
  return `Live performance by ${supply.actName.trim()}: ${supply.bookingTitle.trim()}, ${
    formatDate(supply.performanceAt)
  }`;
}

function taxLines(tax: TaxSplit, placeOfSupply: string): InvoiceTax[] {
  if (tax.kind === "inter") return [{ name: "IGST", rateBps: PERFORMING_ARTS_GST_BPS, amount: tax.igst }];
  const half = PERFORMING_ARTS_GST_BPS / 2;
  return [
    { name: "CGST", rateBps: half, amount: tax.cgst },
    { name: leviesUtgst(placeOfSupply) ? "UTGST" : "SGST", rateBps: half, amount: tax.sgst },
  ];
}
