/**
 * The footer of every page: the contract's id, "Page N of M", and the full
 * SHA-256 of the document, so any single page, printed or forwarded on its
 * own, names the exact version it belongs to. Written after the last page is
 * laid out (pdfkit buffers the pages), when M is known.
 */
import { MUTED, type Pdf, TYPE } from "../pdf/page_style.ts";

export function drawFooters(pdf: Pdf, contractId: string, hash: string): void {
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    const { left, right, bottom } = pdf.page.margins;
    const width = pdf.page.width - left - right;
    // Below the bottom margin: with the margin in force pdfkit would open a new page instead.
    pdf.page.margins.bottom = 0;
    const y = pdf.page.height - bottom + 24;
    pdf.font("regular").fontSize(TYPE.footer).fillColor(MUTED);
    pdf.text(`Contract ${contractId}`, left, y, { width, lineBreak: false });
    pdf.text(`Page ${i - range.start + 1} of ${range.count}`, left, y, { width, align: "right" });
    pdf.text(`Document SHA-256: ${hash}`, left, y + TYPE.footer * 1.6, { width });
    pdf.page.margins.bottom = bottom;
  }
}
