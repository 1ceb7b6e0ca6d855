/**
 * CSV for spreadsheets (RFC 4180): every cell quoted, quotes doubled, lines ended with CRLF. A cell that
 * starts with = + - @ (or a tab or carriage return, which some programs skip before reading a formula) gets
 * a leading apostrophe, so a value someone typed (a name, a user agent) cannot run as a formula when the
 * file is opened in Excel, LibreOffice or Google Sheets (OWASP "CSV injection").
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: null and undefined are empty. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '""';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.replaceAll('"', '""')}"`;
}

/** One record, with its line ending. */
export function csvLine(values: readonly (string | number | boolean | null | undefined)[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

/** Put first in a file: spreadsheet programs then read it as UTF-8 (names in Devanagari, ₹). */
export const UTF8_BOM = "\uFEFF";
