/**
 * GST tax invoices: one for each captured rupee payment, issued in the
 * capture's transaction so its serial is allocated exactly when the money
 * is counted (db/queries/invoices.ts keeps the series gapless), and printed
 * as a PDF from the stored document whenever someone downloads it.
 *
 * The recipient is the payer as their billing details name them (legal name,
 * address, state and GSTIN when registered: /account/billing). A payer who
 * has given none is invoiced as unregistered, by the legal name on the signed
 * contract, at the address on it or else at the city of the performance: the
 * state the place of supply falls back to (IGST Act s.12(2)(b) takes the
 * address on record). An invoice the tax rules refuse
 * (a large one without any state) does not stop the capture: the payment
 * keeps the reason in its metadata and has no invoice.
 */
import type { Kysely, Transaction } from "kysely";
import {
  insertInvoice,
  invoiceOfPayment,
  nextInvoiceSerial,
  stateOfBookingCity,
} from "../../db/queries/invoices.ts";
import { setPaymentColumns } from "../../db/queries/payments.ts";
import { billingDetailsOf } from "../../db/queries/billing_details.ts";
import type { Database, Payment } from "../../db/schema.ts";
import type { Actor } from "../../domain/access.ts";
import type { ContractDocument } from "../../domain/contract_document.ts";
import { NotFound, ValidationError } from "../../domain/errors.ts";
import { financialYearOf } from "../../domain/gst.ts";
import { gstStateCodeOf } from "../../domain/gst_states.ts";
import { buildTaxInvoice, type TaxInvoice } from "../../domain/tax_invoice.ts";
import { renderTaxInvoicePdf } from "../../integrations/invoice_pdf/render.ts";
import type { LoadedBooking } from "../bookings/load_booking.ts";
import { readablePayment } from "./reads.ts";
import type { WorkflowDeps } from "../notifications.ts";
import { moneySettingsOf } from "./settings.ts";

/** The invoice series of the platform's payments (rule 46(b) allows one or more series). */
const SERIES = "AS";

/** Issues the invoice of a payment just captured, in the capture's transaction. */
export async function issueInvoice(
  trx: Transaction<Database>,
  deps: WorkflowDeps,
  payment: Payment,
  booking: LoadedBooking,
): Promise<void> {
  const supplier = moneySettingsOf(deps).invoiceSupplier;
  if (!supplier || payment.currency !== "INR") return;
  const issuedAt = deps.now();
  const document = booking.contract?.terms as ContractDocument | undefined;
  const billing = await billingDetailsOf(trx, payment.payer_id);
  const place = await stateOfBookingCity(trx, booking.row.id);
  const address = document?.parties.organizer.address ??
    (place ? `${place.city}, ${place.state}` : null);
  const build = (serial: number) =>
    buildTaxInvoice({
      supplier: { ...supplier, stateCode: supplier.gstin.slice(0, 2) },
      recipient: billing
        ? {
          legalName: billing.legal_name,
          address: billing.address,
          stateCode: billing.state_code,
          gstin: billing.gstin,
        }
        : {
          legalName: document?.parties.organizer.legalName ?? "The organizer",
          address: address ?? "Not on record",
          stateCode: place ? gstStateCodeOf(place.state) : null,
          gstin: null,
        },
      series: SERIES,
      serial,
      issuedAt,
      payment: { amount: payment.amount, currency: payment.currency },
      supply: {
        bookingTitle: booking.row.title,
        actName: booking.act.name,
        performanceAt: booking.row.starts_at,
      },
      taxInclusive: true,
    });
  try {
    // Checked before a serial is allocated: a refused invoice must not use up a number.
    build(1);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    await setPaymentColumns(trx, payment.id, {
      metadata: JSON.stringify({ ...payment.metadata, invoiceRefused: err.message }),
    });
    return;
  }
  const serial = await nextInvoiceSerial(trx, financialYearOf(issuedAt));
  const numbered = build(serial);
  await insertInvoice(trx, {
    payment_id: payment.id,
    number: numbered.number,
    financial_year: numbered.financialYear,
    serial,
    issued_at: issuedAt,
    document: JSON.stringify(numbered),
  });
}

export interface InvoicePdf {
  number: string;
  bytes: Uint8Array;
}

/** The invoice of a payment as a PDF, for the booking's organizer, its act's owner, admins and staff. */
export async function invoicePdf(
  db: Kysely<Database>,
  actor: Actor | null,
  paymentId: string,
): Promise<InvoicePdf> {
  const payment = await readablePayment(db, actor, paymentId);
  const invoice = await invoiceOfPayment(db, payment.id);
  if (!invoice) throw new NotFound("This payment has no tax invoice");
  return {
    number: invoice.number,
    bytes: await renderTaxInvoicePdf(invoice.document as unknown as TaxInvoice),
  };
}
