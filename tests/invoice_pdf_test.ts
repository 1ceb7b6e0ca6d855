/**
 * The tax invoice PDF as its readers see it: rendered by the real code, its
 * structure checked by qpdf, its text read back by pdftotext as a viewer's
 * copy-and-paste would, and its pages counted by pdfinfo. Every figure the
 * test looks for is printed the way the invoice prints it, from the data.
 */
import assert from "node:assert/strict";
import { formatMoneyWithPaise } from "../domain/money_format.ts";
import type { TaxInvoice } from "../domain/tax_invoice.ts";
import { renderTaxInvoicePdf } from "../integrations/invoice_pdf/render.ts";
import { pdfTool } from "./support/pdf_tools.ts";
import {
  HINDI_RECIPIENT,
  RECIPIENT_GSTIN,
  sampleInterStateInvoice,
  sampleInvoice,
  SUPPLIER_GSTIN,
} from "./support/sample_invoice.ts";

const dir = await Deno.makeTempDir({ prefix: "invoice-pdf-" });
Deno.test.afterAll(() => Deno.remove(dir, { recursive: true }));

const intra = sampleInvoice();
const inter = sampleInterStateInvoice();
const files = {
  intra: await write("intra", await renderTaxInvoicePdf(intra)),
  inter: await write("inter", await renderTaxInvoicePdf(inter)),
};

async function write(name: string, pdf: Uint8Array): Promise<string> {
  const file = `${dir}/${name}.pdf`;
  await Deno.writeFile(file, pdf);
  return file;
}

async function text(file: string): Promise<string> {
  const { code, out } = await pdfTool("pdftotext", "-layout", file, "-");
  assert.equal(code, 0, out);
  return out;
}

function assertHas(out: string, expected: string[]): void {
  for (const e of expected) assert.ok(out.includes(e), `missing ${JSON.stringify(e)} in:\n${out}`);
}

const money = (minorUnits: number) => formatMoneyWithPaise(minorUnits, "INR");

/** What every invoice prints, whatever its taxes. */
function common(invoice: TaxInvoice): string[] {
  return [
    "Tax Invoice",
    `Invoice number       ${invoice.number}`,
    "Thu, 5 Nov 2026",
    `GSTIN: ${invoice.supplier.gstin}`,
    "SAC",
    "999631",
    "Live performance by The Raga Collective",
    "Taxable value",
    money(invoice.taxableValue),
    money(invoice.total),
    invoice.amountInWords,
    "Whether tax is payable on reverse charge: No",
    `For ${invoice.supplier.legalName}`,
    "Authorised signatory",
  ];
}

Deno.test("qpdf finds nothing wrong, and each invoice is one A4 page", async () => {
  for (const file of Object.values(files)) {
    const check = await pdfTool("qpdf", "--check", file);
    assert.equal(check.code, 0, check.out);
    assert.match(check.out, /No syntax or stream encoding errors found/);
    const info = await pdfTool("pdfinfo", file);
    assert.match(info.out, /^Pages:\s+1$/m);
    assert.match(info.out, /^Page size:\s+595\.28 x 841\.89 pts \(A4\)$/m);
    assert.match(info.out, /^Title:\s+Tax invoice AS\/2026-27\/0004[23]$/m);
  }
});

Deno.test("within a state the text has both GSTINs, CGST and SGST at 9% and the figures", async () => {
  const out = await text(files.intra);
  assert.equal(intra.number, "AS/2026-27/00042");
  assertHas(out, [
    ...common(intra),
    `GSTIN: ${SUPPLIER_GSTIN}`,
    `GSTIN: ${RECIPIENT_GSTIN}`,
    "Place of supply      Maharashtra (27)",
    "₹1,00,000.00",
    "CGST at 9%",
    "SGST at 9%",
    "₹9,000.00",
    "₹1,18,000.00",
    "Rupees One Lakh Eighteen Thousand Only",
  ]);
  assert.ok(!out.includes("IGST"), out);
});

Deno.test("across states the text has IGST at 18%, the Hindi name as typed and an unregistered recipient", async () => {
  const out = await text(files.inter);
  assertHas(out, [
    ...common(inter),
    HINDI_RECIPIENT,
    "GSTIN: Not registered",
    "Place of supply      Karnataka (29)",
    "IGST at 18%",
    "₹1,00,000.08",
    "₹18,000.02",
    "₹1,18,000.10",
    "Rupees One Lakh Eighteen Thousand and Ten Paise Only",
  ]);
  assert.ok(!/CGST|SGST/.test(out), out);
});

Deno.test("the same invoice renders to the same bytes, another to others", async () => {
  assert.deepEqual(await renderTaxInvoicePdf(sampleInvoice()), await Deno.readFile(files.intra));
  assert.notDeepEqual(await Deno.readFile(files.inter), await Deno.readFile(files.intra));
});
