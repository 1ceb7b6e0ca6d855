/**
 * The page and type of the platform's PDFs, shared by the parts that draw
 * them: A4 with margins wide enough to read and to punch, and a bottom margin
 * that leaves room for the two-line footer a contract's pages carry.
 */
// @ts-types="@types/pdfkit"
import type PDFDocument from "pdfkit";
import { PDF_FONTS } from "./fonts.ts";

export type Pdf = InstanceType<typeof PDFDocument>;

export const PAGE = {
  size: "A4",
  margins: { top: 60, bottom: 80, left: 64, right: 64 },
} as const;

export const TYPE = {
  title: 20,
  heading: 12,
  body: 10.5,
  small: 9,
  footer: 7.5,
} as const;

export const INK = "#111111";
export const MUTED = "#555555";
export const RULE = "#999999";

/**
 * Registers the two weights under the names the drawing code uses. pdfkit
 * takes a parsed fontkit font as a source (it only needs its `layout`), though
 * its types list only paths and bytes.
 */
export function registerFonts(pdf: Pdf): void {
  pdf.registerFont("regular", PDF_FONTS.regular as unknown as string);
  pdf.registerFont("bold", PDF_FONTS.bold as unknown as string);
}

/** Starts a new page unless `height` points of content still fit above the bottom margin. */
export function keepTogether(pdf: Pdf, height: number): void {
  if (pdf.y + height > pdf.page.height - pdf.page.margins.bottom) pdf.addPage();
}

/** The width between the margins. */
export function textWidth(pdf: Pdf): number {
  return pdf.page.width - pdf.page.margins.left - pdf.page.margins.right;
}
