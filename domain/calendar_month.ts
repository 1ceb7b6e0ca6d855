/**
 * Month-grid arithmetic for calendar pages: the weeks of a month "YYYY-MM",
 * Monday first, padded with the days of the neighbouring months, and the
 * local calendar date of an instant in a time zone. Dates are "YYYY-MM-DD"
 * strings throughout (a date has no time zone); nothing reads the clock.
 */

export interface GridDay {
  /** "YYYY-MM-DD". */
  date: string;
  /** Day of the month, 1..31. */
  day: number;
  /** False for the padding days of the previous and next month. */
  inMonth: boolean;
}

export interface MonthGrid {
  /** "YYYY-MM". */
  month: string;
  year: number;
  /** 1..12. */
  monthNumber: number;
  /** Weeks of 7 days, Monday to Sunday; 4 to 6 of them. */
  weeks: GridDay[][];
  /** First and last date shown, padding included. */
  gridStart: string;
  gridEnd: string;
  /** First and last date of the month itself. */
  first: string;
  last: string;
  prev: string;
  next: string;
}

export const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
/** Dates of holds and an act's public availability are days in India. */
export const BOOKING_TIME_ZONE = "Asia/Kolkata";
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** The month's year and number, or null for anything that is not "YYYY-MM" (years 1970..9999). */
export function parseMonth(text: string): { year: number; monthNumber: number } | null {
  const m = MONTH.exec(text);
  if (!m || Number(m[1]) < 1970) return null;
  return { year: Number(m[1]), monthNumber: Number(m[2]) };
}

/** True for a real calendar date "YYYY-MM-DD" (no 2026-02-30). */
export function isDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return toDate(d) === text;
}

/** `month` moved by `delta` months: shiftMonth("2026-12", 1) = "2027-01". */
export function shiftMonth(month: string, delta: number): string {
  const p = parseMonth(month);
  if (!p) throw new RangeError(`Not a month: ${month}`);
  const d = new Date(Date.UTC(p.year, p.monthNumber - 1 + delta, 1));
  return toDate(d).slice(0, 7);
}

/** `date` moved by `days` days. */
export function addDays(date: string, days: number): string {
  if (!isDate(date)) throw new RangeError(`Not a date: ${date}`);
  return toDate(new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function monthGrid(month: string): MonthGrid {
  const p = parseMonth(month);
  if (!p) throw new RangeError(`Not a month: ${month}`);
  const first = new Date(Date.UTC(p.year, p.monthNumber - 1, 1));
  const last = new Date(Date.UTC(p.year, p.monthNumber, 0));
  // getUTCDay: Sunday 0; the grid starts on Monday.
  const lead = (first.getUTCDay() + 6) % 7;
  const trail = 6 - (last.getUTCDay() + 6) % 7;
  const start = first.getTime() - lead * DAY_MS;
  const count = lead + last.getUTCDate() + trail;
  const weeks: GridDay[][] = [];
  for (let i = 0; i < count; i++) {
    const d = new Date(start + i * DAY_MS);
    if (i % 7 === 0) weeks.push([]);
    weeks[weeks.length - 1].push({
      date: toDate(d),
      day: d.getUTCDate(),
      inMonth: d.getUTCMonth() === p.monthNumber - 1,
    });
  }
  return {
    month,
    year: p.year,
    monthNumber: p.monthNumber,
    weeks,
    gridStart: weeks[0][0].date,
    gridEnd: weeks[weeks.length - 1][6].date,
    first: toDate(first),
    last: toDate(last),
    prev: shiftMonth(month, -1),
    next: shiftMonth(month, 1),
  };
}

/** The calendar date "YYYY-MM-DD" that `instant` falls on in `timeZone` (an IANA name). */
export function localDate(instant: Date, timeZone: string): string {
  const parts = zonedParts(instant, timeZone);
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** The wall-clock time "HH:MM" (24-hour) of `instant` in `timeZone`. */
export function localTime(instant: Date, timeZone: string): string {
  const parts = zonedParts(instant, timeZone);
  return `${parts.hour}:${parts.minute}`;
}

function zonedParts(instant: Date, timeZone: string): Record<string, string> {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) parts[p.type] = p.value;
  // Some engines write midnight as "24".
  if (parts.hour === "24") parts.hour = "00";
  return parts;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function toDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** True for a time zone name this runtime knows, e.g. "Asia/Kolkata". */
export function isTimeZone(name: string): boolean {
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * The instant at which the wall clock in `timeZone` shows `date` `time`
 * ("YYYY-MM-DD", "HH:MM"). In a gap (a clock moving forward) it lands just
 * after it; India has no such gaps.
 */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const wall = Date.parse(`${date}T${time}:00Z`);
  if (Number.isNaN(wall)) throw new RangeError(`Not a date and time: ${date} ${time}`);
  let guess = wall;
  // Two rounds settle the offset, even next to a change of offset.
  for (let i = 0; i < 2; i++) guess = wall - offsetMs(new Date(guess), timeZone);
  return new Date(guess);
}

function offsetMs(instant: Date, timeZone: string): number {
  const p = zonedParts(instant, timeZone);
  const asUtc = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
  );
  return asUtc - Math.floor(instant.getTime() / 60_000) * 60_000;
}
