/**
 * A payer's billing details as GST invoices name them (CGST Rules, rule
 * 46(d) and (e)): a legal name, the address on record, its state's GST code,
 * and the GSTIN when the payer is registered. A GSTIN must pass its check
 * character and belong to the state given (its first two digits are the
 * state's code), so an invoice never carries one the GST portal would
 * refuse.
 */
import type { FieldIssue } from "./errors.ts";
import { isValidGstin } from "./gst.ts";
import { gstStateName } from "./gst_states.ts";

export interface BillingDetails {
  legalName: string;
  address: string;
  /** The GST state code of the address ("27" is Maharashtra). */
  stateCode: string;
  /** Null when the payer is not registered for GST. */
  gstin: string | null;
}

export const LEGAL_NAME_LENGTH = { min: 2, max: 200 } as const;
export const ADDRESS_LENGTH = { min: 10, max: 500 } as const;

/** The details tidied the way they are stored: trimmed, the GSTIN in capitals, blank as none. */
export function normalBillingDetails(input: BillingDetails): BillingDetails {
  const gstin = input.gstin?.replace(/\s+/g, "").toUpperCase() ?? "";
  return {
    legalName: input.legalName.trim().replace(/\s+/g, " "),
    address: input.address.trim(),
    stateCode: input.stateCode.trim(),
    gstin: gstin === "" ? null : gstin,
  };
}

/** What is wrong with (normalised) billing details, field by field. */
export function billingIssues(d: BillingDetails): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (d.legalName.length < LEGAL_NAME_LENGTH.min || d.legalName.length > LEGAL_NAME_LENGTH.max) {
    issues.push({ field: "legalName", message: "The name as registered, 2 to 200 characters" });
  }
  if (d.address.length < ADDRESS_LENGTH.min || d.address.length > ADDRESS_LENGTH.max) {
    issues.push({ field: "address", message: "The full address, with city and PIN code" });
  }
  if (gstStateName(d.stateCode) === null) {
    issues.push({ field: "stateCode", message: "Choose the state or union territory of the address" });
  }
  if (d.gstin !== null) {
    if (!isValidGstin(d.gstin)) {
      issues.push({ field: "gstin", message: "Not a valid GSTIN: check the 15 characters" });
    } else if (d.gstin.slice(0, 2) !== d.stateCode) {
      issues.push({ field: "gstin", message: "This GSTIN is registered in another state than the address" });
    }
  }
  return issues;
}
