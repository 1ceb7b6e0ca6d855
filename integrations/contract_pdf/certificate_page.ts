/**
 * The last page of every contract PDF: the certificate of completion, the
 * platform's record of how and when each party signed the document whose
 * hash it states.
 */
import type { Party } from "../../domain/negotiation.ts";
import type { SignatureEvidence } from "../../domain/contract_text.ts";
import { certificateEntry } from "./certificate.ts";
import { INK, keepTogether, MUTED, type Pdf, textWidth, TYPE } from "../pdf/page_style.ts";

const LABEL_WIDTH = 130;

export function drawCertificatePage(
  pdf: Pdf,
  hash: string,
  signatures: SignatureEvidence[],
  accountNames: Partial<Record<Party, string>>,
): void {
  pdf.addPage();
  const left = pdf.page.margins.left;
  const width = textWidth(pdf);
  pdf.font("bold").fontSize(TYPE.title - 4).fillColor(INK).text("Certificate of completion", { width });
  pdf.moveDown(0.5);
  pdf.font("regular").fontSize(TYPE.body).text(
    "Artist Space records how each party signed this agreement. Both signatures bind the document with " +
      "this SHA-256 hash, printed at the foot of every page:",
    { width },
  );
  pdf.moveDown(0.3);
  pdf.font("bold").fontSize(TYPE.small).text(hash, { width });
  if (signatures.length === 0) {
    pdf.moveDown().font("regular").fontSize(TYPE.body).text("No party has signed yet.", { width });
  }
  for (const evidence of signatures) {
    const entry = certificateEntry(evidence, accountNames[evidence.party]);
    pdf.moveDown(1.2);
    keepTogether(pdf, entry.lines.length * 16 + 30);
    pdf.font("bold").fontSize(TYPE.heading).fillColor(INK).text(entry.heading, left, pdf.y, { width });
    pdf.moveDown(0.3);
    for (const line of entry.lines) {
      const y = pdf.y;
      pdf.font("regular").fontSize(TYPE.small).fillColor(MUTED);
      pdf.text(line.label, left, y, { width: LABEL_WIDTH - 8 });
      const labelBottom = pdf.y;
      pdf.fillColor(INK).text(line.value, left + LABEL_WIDTH, y, { width: width - LABEL_WIDTH });
      pdf.y = Math.max(pdf.y, labelBottom) + 2;
    }
  }
  pdf.x = left;
}
