/**
 * Dates and times for people, one way on every page: "Sat, 12 Dec 2026,
 * 8:00 pm". Day before month, as India writes it; the weekday, because a gig
 * is planned by the weekend it falls on; a 12-hour clock with am/pm. Instants
 * are read on India's wall clock (bookings happen in India); the calendar,
 * which shows the viewer's own time zone, hands in its local dates and times.
 *
 * Built by hand rather than with Intl.DateTimeFormat, whose output for the
 * same options differs between ICU versions ("Sat, 12 Dec, 2026" in one,
 * "Sat, 12 Dec 2026" in another; a narrow no-break space before "pm" in some),
 * so what a page shows is exactly what the tests read.
 */
import { isDate } from "./calendar_month.ts";
import { indiaWallClock } from "./india_time.ts";

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;
const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;
const CLOCK = /^(\d{2}):(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

/** "Sat, 12 Dec 2026, 8:00 pm": an instant on India's wall clock. */
export function formatDateTime(instant: Date | string): string {
  const { date, time } = indiaWallClock(instant);
  return `${formatDay(date)}, ${formatClock(time)}`;
}

/** "Sat, 12 Dec 2026": the day an instant falls on in India. */
export function formatDate(instant: Date | string): string {
  return formatDay(indiaWallClock(instant).date);
}

/** "Sat, 12 Dec 2026" of a calendar date "YYYY-MM-DD" (a date has no time zone). */
export function formatDay(date: string): string {
  if (!isDate(date)) throw new RangeError(`Not a date: ${date}`);
  const [year, month, day] = date.split("-").map(Number);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return `${WEEKDAYS[weekday]}, ${day} ${MONTHS[month - 1]} ${year}`;
}

/** "8:00 pm" of a wall-clock time "HH:MM"; midnight is "12:00 am", noon "12:00 pm". */
export function formatClock(time: string): string {
  const m = CLOCK.exec(time);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new RangeError(`Not a time: ${time}`);
  const hour = Number(m[1]);
  return `${hour % 12 || 12}:${m[2]} ${hour < 12 ? "am" : "pm"}`;
}

/** "December 2026" of a month "YYYY-MM". */
export function formatMonth(month: string): string {
  const m = MONTH.exec(month);
  const index = m ? Number(m[2]) - 1 : -1;
  if (!m || !MONTH_NAMES[index]) throw new RangeError(`Not a month: ${month}`);
  return `${MONTH_NAMES[index]} ${m[1]}`;
}
