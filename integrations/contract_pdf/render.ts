/**
 * The performance agreement as a PDF: the same sections the contract page
 * shows (domain/contract_text.ts), the signature blocks, and a certificate of
 * completion as the last page, with the contract id, "Page N of M" and the
 * document's hash at the foot of every page.
 *
 * pdfkit, because it lays text out through fontkit, which shapes Devanagari
 * (a signatory named "आशा राव" prints and copies as typed). The output is a
 * function of the input: the creation date is the document's issue time and
 * pdfkit derives the file ID from it, so the same contract renders to the
 * same bytes.
 */
import { type ContractDocument, contractHash } from "../../domain/contract_document.ts";
import {
  type ContractSection,
  contractSections,
  signatureBlocks,
  type SignatureEvidence,
  versionLine,
} from "../../domain/contract_text.ts";
import type { Party } from "../../domain/negotiation.ts";
import { formatDateTime } from "../../domain/time_format.ts";
import { drawCertificatePage } from "./certificate_page.ts";
import { drawFooters } from "./page_footer.ts";
import { openDocument } from "../pdf/document.ts";
import { INK, keepTogether, MUTED, type Pdf, RULE, textWidth, TYPE } from "../pdf/page_style.ts";

export interface RenderContractInput {
  doc: ContractDocument;
  /** `contractHash(doc)`: checked, so a PDF never names a hash other than its document's. */
  hash: string;
  contractId: string;
  /** The signatures recorded on this version, in the order they were made. */
  signatures: SignatureEvidence[];
  /** The signers' account names, printed in the certificate beside the names they typed. */
  signerNames?: Partial<Record<Party, string>>;
}

export async function renderContractPdf(input: RenderContractInput): Promise<Uint8Array> {
  const { doc, hash, signatures } = input;
  if (contractHash(doc) !== hash) throw new RangeError("The hash given is not this contract document's");
  for (const s of signatures) {
    if (s.documentHash !== hash) {
      throw new RangeError(`The ${s.party}'s signature is on another version of this contract`);
    }
  }
  const { pdf, bytes } = openDocument({
    title: `Performance agreement: ${doc.title}`,
    subject: `Contract ${input.contractId}, version ${doc.version}, SHA-256 ${hash}`,
    createdAt: new Date(doc.issuedAt),
  });

  drawTitle(pdf, doc);
  for (const section of contractSections(doc)) drawSection(pdf, section);
  drawSignatures(pdf, doc, signatures);
  drawCertificatePage(pdf, hash, signatures, input.signerNames ?? {});
  drawFooters(pdf, input.contractId, hash);
  pdf.end();
  return await bytes;
}

function drawTitle(pdf: Pdf, doc: ContractDocument): void {
  const width = textWidth(pdf);
  pdf.font("bold").fontSize(TYPE.title).fillColor(INK).text("Performance agreement", { width });
  pdf.font("regular").fontSize(TYPE.heading).text(doc.title, { width });
  pdf.moveDown(0.2);
  pdf.fontSize(TYPE.small).fillColor(MUTED).text(versionLine(doc), { width });
  pdf.moveDown(1);
}

function drawSection(pdf: Pdf, section: ContractSection): void {
  const left = pdf.page.margins.left;
  const width = textWidth(pdf);
  // A heading never ends a page alone: it keeps at least its first lines with it.
  keepTogether(pdf, 70);
  pdf.font("bold").fontSize(TYPE.heading).fillColor(INK).text(section.heading, left, pdf.y, { width });
  pdf.moveDown(0.3);
  pdf.font("regular").fontSize(TYPE.body);
  for (const paragraph of section.paragraphs) {
    pdf.text(paragraph, left, pdf.y, { width, align: "left", lineGap: 1.5 });
    pdf.moveDown(0.4);
  }
  if (section.table) {
    const { head, rows } = section.table;
    pdf.fontSize(TYPE.small);
    pdf.table({
      position: { x: left },
      maxWidth: width,
      defaultStyle: { border: 0.5, borderColor: RULE, padding: 4 },
      rowStyles: (row) => row === 0 ? { backgroundColor: "#eeeeee" } : undefined,
      data: [head.map((text) => ({ text, type: "TH" as const, font: { src: "bold" } })), ...rows],
    });
    pdf.x = left;
    pdf.moveDown(0.4);
  }
  pdf.moveDown(0.6);
}

/** "for The Raga Collective, as its manager" on a line of its own: "For The Raga Collective, …". */
function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function drawSignatures(pdf: Pdf, doc: ContractDocument, signatures: SignatureEvidence[]): void {
  const left = pdf.page.margins.left;
  const width = textWidth(pdf);
  keepTogether(pdf, 200);
  pdf.font("bold").fontSize(TYPE.heading).fillColor(INK).text("Signatures", left, pdf.y, { width });
  pdf.moveDown(0.5);
  for (const block of signatureBlocks(doc)) {
    keepTogether(pdf, 80);
    const signed = signatures.find((s) => s.party === block.party);
    pdf.font("bold").fontSize(TYPE.body).fillColor(INK).text(block.name, left, pdf.y, { width });
    pdf.font("regular").fontSize(TYPE.small).fillColor(MUTED).text(sentenceCase(block.capacity), { width });
    pdf.moveDown(0.3);
    pdf.fontSize(TYPE.body).fillColor(INK).text(
      signed
        ? `Signed electronically by ${signed.typedName} on ${formatDateTime(signed.signedAt)} IST`
        : "Not signed yet",
      { width },
    );
    const ruleY = pdf.y + 6;
    pdf.moveTo(left, ruleY).lineTo(left + width / 2, ruleY).lineWidth(0.5).strokeColor(RULE).stroke();
    pdf.y = ruleY;
    pdf.moveDown(1.5);
  }
}
