/**
 * One tax invoice PDF, as the platform makes it for a captured payment
 * (pdfkit, the Devanagari font, one A4 page), timed over RUNS runs after one
 * warm-up, which pays for loading and parsing the font once per process.
 * Figures only: times depend on the machine.
 */
import { renderTaxInvoicePdf } from "../integrations/invoice_pdf/render.ts";
import { sampleInterStateInvoice } from "../tests/support/sample_invoice.ts";
import { median, p95 } from "./login.ts";

const RUNS = 50;

export async function reportInvoicePdf(): Promise<void> {
  const invoice = sampleInterStateInvoice();
  let pdf = await renderTaxInvoicePdf(invoice);
  const render: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    pdf = await renderTaxInvoicePdf(invoice);
    render.push(performance.now() - t0);
  }
  console.log(`tax invoice PDF, ${RUNS} runs (IGST, a recipient named in Hindi):`);
  console.log(
    `  ${"render".padEnd(32)} median ${median(render).toFixed(1).padStart(6)} ms, p95 ${
      p95(render).toFixed(1).padStart(6)
    } ms (${(pdf.length / 1024).toFixed(1)} KB)`,
  );
}
