/**
 * Tax invoices to render: the platform in Maharashtra invoicing a registered
 * organizer in Mumbai (CGST and SGST) for a band's ₹1,18,000 fee, and an
 * unregistered organizer in Bengaluru named in Hindi (IGST) for an odd
 * amount whose tax rule 35 rounds.
 */
import { gstinCheckCharacter } from "../../domain/gst.ts";
import { buildTaxInvoice, type TaxInvoice, type TaxInvoiceInput } from "../../domain/tax_invoice.ts";

const gstin = (first14: string) => first14 + gstinCheckCharacter(first14);

export const SUPPLIER_GSTIN = gstin("27AAKCA1234B1Z");
export const RECIPIENT_GSTIN = gstin("27AAQFM5678K1Z");
export const HINDI_RECIPIENT = "आशा राव इवेंट्स";

export function sampleInvoiceInput(): TaxInvoiceInput {
  return {
    supplier: {
      legalName: "Artist Space Technologies Private Limited",
      address: "7th floor, Kamala Mills, Senapati Bapat Marg, Lower Parel, Mumbai 400013",
      stateCode: "27",
      gstin: SUPPLIER_GSTIN,
    },
    recipient: {
      legalName: "Meera Kapoor Events LLP",
      address: "4th floor, Kamala Mills, Lower Parel, Mumbai 400013",
      stateCode: "27",
      gstin: RECIPIENT_GSTIN,
    },
    series: "AS",
    serial: 42,
    issuedAt: new Date("2026-11-05T10:00:00+05:30"),
    payment: { amount: 11_800_000, currency: "INR" },
    supply: {
      bookingTitle: "The Raga Collective live at Blue Frog",
      actName: "The Raga Collective",
      performanceAt: new Date("2026-12-12T20:00:00+05:30"),
    },
    taxInclusive: true,
  };
}

/** CGST and SGST: ₹1,00,000.00 taxable, ₹9,000.00 each. */
export function sampleInvoice(): TaxInvoice {
  return buildTaxInvoice(sampleInvoiceInput());
}

/** IGST, to an unregistered organizer in Karnataka: ₹1,18,000.10 holds ₹18,000.02 of tax on ₹1,00,000.08. */
export function sampleInterStateInvoice(): TaxInvoice {
  const input = sampleInvoiceInput();
  return buildTaxInvoice({
    ...input,
    serial: 43,
    recipient: {
      legalName: HINDI_RECIPIENT,
      address: "22 Church Street, Bengaluru 560001",
      stateCode: "29",
      gstin: null,
    },
    payment: { amount: 11_800_010, currency: "INR" },
  });
}
