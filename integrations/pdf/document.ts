/**
 * A new PDF of the platform's, and its bytes once it ends. Every document is
 * A4 in the shared page style with both weights of the shared font
 * registered, and is a function of its input: pdfkit derives the file ID
 * from the creation date, so a document created at a time its content states
 * (a contract's issue, an invoice's date) renders to the same bytes each time.
 * Pages stay buffered, so a document can go back to earlier pages (to write
 * footers that count them) before it ends.
 */
// @ts-types="@types/pdfkit"
import PDFDocument from "pdfkit";
import { PAGE, type Pdf, registerFonts } from "./page_style.ts";

export interface DocumentInfo {
  title: string;
  subject: string;
  createdAt: Date;
}

export interface OpenDocument {
  pdf: Pdf;
  /** Resolves with the whole file once `pdf.end()` is called. */
  bytes: Promise<Uint8Array>;
}

export function openDocument(info: DocumentInfo): OpenDocument {
  const pdf: Pdf = new PDFDocument({
    size: PAGE.size,
    margins: { ...PAGE.margins },
    bufferPages: true,
    lang: "en-IN",
    displayTitle: true,
    pdfVersion: "1.7",
    info: {
      Title: info.title,
      Author: "Artist Space",
      Subject: info.subject,
      Creator: "Artist Space",
      CreationDate: info.createdAt,
    },
  });
  const bytes = collect(pdf);
  registerFonts(pdf);
  return { pdf, bytes };
}

function collect(pdf: Pdf): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  return new Promise((resolve, reject) => {
    pdf.on("data", (chunk: Uint8Array) => chunks.push(chunk));
    pdf.on("error", reject);
    pdf.on("end", () => {
      const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      let at = 0;
      for (const c of chunks) {
        out.set(c, at);
        at += c.length;
      }
      resolve(out);
    });
  });
}
