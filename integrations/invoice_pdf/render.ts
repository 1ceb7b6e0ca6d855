/**
 * A GST tax invoice (domain/tax_invoice.ts) as a one-page A4 PDF: the number,
 * date and place of supply; the supplier and the recipient side by side;
 * the service with its SAC, the taxable value, each tax and the total in a
 * table; the total in words, the reverse-charge statement and a line for the
 * supplier's authorised signatory. It prints the invoice's values and works
 * nothing out, so the PDF says exactly what the data says.
 *
 * The font and page are the contract's (integrations/pdf/), so a recipient
 * named in Hindi and the ₹ sign print and copy as typed. Amounts always show
 * their paise: an invoice's figures are exact. The document is dated by the
 * invoice's issue, so one invoice renders to the same bytes each time.
 *
 * "Original for recipient": rule 48(2) of the CGST Rules has a service's
 * invoice made out in two copies, this one the recipient's.
 */
import { formatMoneyWithPaise } from "../../domain/money_format.ts";
import type { InvoiceState, TaxInvoice } from "../../domain/tax_invoice.ts";
import { formatDay } from "../../domain/time_format.ts";
import { openDocument } from "../pdf/document.ts";
import { INK, MUTED, type Pdf, RULE, textWidth, TYPE } from "../pdf/page_style.ts";

const LABEL_WIDTH = 110;
const COLUMN_GAP = 24;

export async function renderTaxInvoicePdf(invoice: TaxInvoice): Promise<Uint8Array> {
  const { pdf, bytes } = openDocument({
    title: `Tax invoice ${invoice.number}`,
    subject:
      `Tax invoice ${invoice.number} of ${invoice.supplier.legalName} to ${invoice.recipient.legalName}`,
    createdAt: new Date(invoice.issuedAt),
  });
  drawHeading(pdf, invoice);
  drawParties(pdf, invoice);
  drawSupply(pdf, invoice);
  drawClosing(pdf, invoice);
  pdf.end();
  return await bytes;
}

const money = (minorUnits: number) => formatMoneyWithPaise(minorUnits, "INR");
const stateLine = (state: InvoiceState) => `${state.name} (${state.code})`;
const percent = (bps: number) => `${bps / 100}%`;

function drawHeading(pdf: Pdf, invoice: TaxInvoice): void {
  const left = pdf.page.margins.left;
  const width = textWidth(pdf);
  const top = pdf.y;
  pdf.font("bold").fontSize(TYPE.title).fillColor(INK).text("Tax Invoice", left, top, { width });
  pdf.font("regular").fontSize(TYPE.small).fillColor(MUTED);
  pdf.text("Original for recipient", left, top + 6, { width, align: "right" });
  pdf.y = top + TYPE.title * 1.6;
  for (
    const [label, value] of [
      ["Invoice number", invoice.number],
      ["Invoice date", formatDay(invoice.date)],
      ["Place of supply", stateLine(invoice.placeOfSupply)],
      ["Supply", invoice.supplyKind === "intra-state" ? "Intra-state" : "Inter-state"],
    ]
  ) drawField(pdf, label, value);
  pdf.moveDown(1);
}

/** A muted label and its value on one line, the value aligned past the labels. */
function drawField(
  pdf: Pdf,
  label: string,
  value: string,
  x = pdf.page.margins.left,
  width = textWidth(pdf),
) {
  const y = pdf.y;
  pdf.font("regular").fontSize(TYPE.body).fillColor(MUTED).text(label, x, y, { width: LABEL_WIDTH - 8 });
  const labelBottom = pdf.y;
  pdf.fillColor(INK).text(value, x + LABEL_WIDTH, y, { width: width - LABEL_WIDTH });
  pdf.y = Math.max(pdf.y, labelBottom) + 1;
}

interface PartyBlock {
  heading: string;
  legalName: string;
  address: string;
  lines: [label: string, value: string][];
}

function drawParties(pdf: Pdf, invoice: TaxInvoice): void {
  const { supplier, recipient } = invoice;
  const blocks: PartyBlock[] = [
    {
      heading: "Supplier",
      legalName: supplier.legalName,
      address: supplier.address,
      lines: [["GSTIN", supplier.gstin], ["State", stateLine(supplier.state)]],
    },
    {
      heading: "Recipient",
      legalName: recipient.legalName,
      address: recipient.address,
      lines: [
        ["GSTIN", recipient.gstin ?? "Not registered"],
        ["State", recipient.state ? stateLine(recipient.state) : "Not stated"],
      ],
    },
  ];
  const left = pdf.page.margins.left;
  const columnWidth = (textWidth(pdf) - COLUMN_GAP) / 2;
  const top = pdf.y;
  let bottom = top;
  blocks.forEach((block, i) => {
    const x = left + i * (columnWidth + COLUMN_GAP);
    pdf.font("regular").fontSize(TYPE.small).fillColor(MUTED).text(block.heading.toUpperCase(), x, top, {
      width: columnWidth,
      characterSpacing: 0.5,
    });
    pdf.moveDown(0.2);
    pdf.font("bold").fontSize(TYPE.body).fillColor(INK).text(block.legalName, x, pdf.y, {
      width: columnWidth,
    });
    pdf.font("regular").text(block.address, x, pdf.y, { width: columnWidth });
    pdf.moveDown(0.3);
    for (const [label, value] of block.lines) {
      pdf.fillColor(MUTED).text(`${label}: `, x, pdf.y, { width: columnWidth, continued: true });
      pdf.fillColor(INK).text(value);
    }
    bottom = Math.max(bottom, pdf.y);
  });
  pdf.x = left;
  pdf.y = bottom;
  pdf.moveDown(1.5);
}

function drawSupply(pdf: Pdf, invoice: TaxInvoice): void {
  const left = pdf.page.margins.left;
  const bold = { src: "bold" } as const;
  const sum = (text: string, strong = false) => ({ text, colSpan: 2, ...(strong ? { font: bold } : {}) });
  pdf.font("regular").fontSize(TYPE.body).fillColor(INK);
  pdf.table({
    position: { x: left },
    maxWidth: textWidth(pdf),
    columnStyles: [{ width: "*" }, { width: 70 }, { width: 110, align: { x: "right" } }],
    defaultStyle: { border: 0.5, borderColor: RULE, padding: 6 },
    rowStyles: (row) => row === 0 ? { backgroundColor: "#eeeeee" } : undefined,
    data: [
      ["Description of service", "SAC", "Amount"].map((text) => ({ text, type: "TH" as const, font: bold })),
      [invoice.line.description, invoice.line.sac, money(invoice.line.taxableValue)],
      [sum("Taxable value"), money(invoice.taxableValue)],
      ...invoice.taxes.map((tax) => [sum(`${tax.name} at ${percent(tax.rateBps)}`), money(tax.amount)]),
      [sum("Total", true), { text: money(invoice.total), font: bold }],
    ],
  });
  pdf.x = left;
  pdf.moveDown(1);
}

function drawClosing(pdf: Pdf, invoice: TaxInvoice): void {
  const left = pdf.page.margins.left;
  const width = textWidth(pdf);
  pdf.font("regular").fontSize(TYPE.small).fillColor(MUTED).text("Amount in words", left, pdf.y, { width });
  pdf.font("bold").fontSize(TYPE.body).fillColor(INK).text(invoice.amountInWords, { width });
  pdf.moveDown(0.8);
  pdf.font("regular").text(`Whether tax is payable on reverse charge: ${invoice.reverseCharge}`, { width });
  pdf.moveDown(3);

  // The signatory's block, at the right: rule 46(q) asks the supplier's or its representative's signature.
  const blockWidth = width / 2;
  const x = left + width - blockWidth;
  pdf.text(`For ${invoice.supplier.legalName}`, x, pdf.y, { width: blockWidth, align: "right" });
  pdf.moveDown(3);
  const ruleY = pdf.y;
  pdf.moveTo(x, ruleY).lineTo(x + blockWidth, ruleY).lineWidth(0.5).strokeColor(RULE).stroke();
  pdf.y = ruleY + 4;
  pdf.text("Authorised signatory", x, pdf.y, { width: blockWidth, align: "right" });
  pdf.x = left;
}
