/**
 * The typeface of the platform's PDFs (contracts, tax invoices): Noto Sans
 * Devanagari, read and parsed once when this module loads. Its Google Fonts
 * build carries Latin, the rupee sign (U+20B9) and Devanagari in one file, so
 * a name typed in Hindi, an amount in rupees and the English text all print
 * in one font, and pdfkit (through fontkit) shapes the Devanagari conjuncts
 * and vowel signs.
 *
 * The files come from npm, resolved through the import map so that they are
 * found in `node_modules` wherever the app is started from. They are parsed
 * here rather than handed to pdfkit as bytes because parsing the shaping
 * tables is most of the cost of a document; the parsed font is read-only to
 * pdfkit, which keeps each document's subset on its own.
 */
// @ts-types="@types/fontkit"
import { create, type Font } from "fontkit";
import { Buffer } from "node:buffer";

const FAMILY = "@expo-google-fonts/noto-sans-devanagari";

async function loadFont(path: string): Promise<Font> {
  const bytes = await Deno.readFile(new URL(import.meta.resolve(`${FAMILY}/${path}`)));
  return create(Buffer.from(bytes)) as Font;
}

export const PDF_FONTS = {
  regular: await loadFont("400Regular/NotoSansDevanagari_400Regular.ttf"),
  bold: await loadFont("700Bold/NotoSansDevanagari_700Bold.ttf"),
};
