/**
 * A small iCalendar (RFC 5545) writer for the calendar feeds: one VCALENDAR of
 * VEVENTs with UTC times. It does the three things clients are strict about:
 * CRLF line endings, lines folded at 75 octets (counting UTF-8 bytes and never
 * cutting a character in two), and TEXT values escaped (section 3.3.11).
 */

export type EventStatus = "CONFIRMED" | "TENTATIVE" | "CANCELLED";

export interface CalendarEvent {
  /** Globally unique and stable across feed refreshes, e.g. "<bookingId>@artistspace". */
  uid: string;
  /** When this version of the event was written. */
  stamp: Date;
  start: Date;
  end: Date;
  summary: string;
  location?: string | null;
  description?: string | null;
  status?: EventStatus;
  /** An absolute URL. */
  url?: string | null;
  /** TRANSPARENT events do not count as busy time. */
  transparent?: boolean;
}

export interface CalendarDocument {
  /** Shown by clients as the subscription's name (X-WR-CALNAME). */
  name: string;
  /** "-//Company//Product//EN". */
  prodId: string;
  events: readonly CalendarEvent[];
}

const CRLF = "\r\n";
const MAX_OCTETS = 75;
const encoder = new TextEncoder();

/** TEXT escaping: backslash first, then `;` and `,`, and every line break as `\n`. */
export function escapeText(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/**
 * Folds one content line: at most 75 octets per physical line, continuation
 * lines starting with one space (which counts towards their 75). Splits only
 * between code points, so no UTF-8 sequence is cut.
 */
export function foldLine(line: string): string {
  const lines: string[] = [];
  let current = "";
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    if (octets + size > MAX_OCTETS) {
      lines.push(current);
      current = " ";
      octets = 1;
    }
    current += char;
    octets += size;
  }
  lines.push(current);
  return lines.join(CRLF);
}

/** A DATE-TIME in UTC ("form #2"): 20261205T143000Z. */
export function formatUtc(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}/, "").replace(/[-:]/g, "");
}

/** The whole document, CRLF-terminated. */
export function writeCalendar(doc: CalendarDocument): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    `PRODID:${doc.prodId}`,
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${escapeText(doc.name)}`,
  ];
  for (const event of doc.events) lines.push(...eventLines(event));
  lines.push("END:VCALENDAR");
  return lines.map(foldLine).join(CRLF) + CRLF;
}

function eventLines(e: CalendarEvent): string[] {
  const lines = [
    "BEGIN:VEVENT",
    `UID:${escapeText(e.uid)}`,
    `DTSTAMP:${formatUtc(e.stamp)}`,
    `DTSTART:${formatUtc(e.start)}`,
    `DTEND:${formatUtc(e.end)}`,
    `SUMMARY:${escapeText(e.summary)}`,
  ];
  if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
  if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
  if (e.status) lines.push(`STATUS:${e.status}`);
  // A URI value is not TEXT: it is written as is.
  if (e.url) lines.push(`URL:${e.url}`);
  lines.push(`TRANSP:${e.transparent ? "TRANSPARENT" : "OPAQUE"}`);
  lines.push("END:VEVENT");
  return lines;
}
