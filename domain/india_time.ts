/**
 * India's wall clock. India keeps UTC+05:30 all year (no daylight saving), so
 * a date and time typed in a form map to one instant by a fixed offset, and
 * back: pure arithmetic, the same in the browser, on the server and in seeds.
 */
export const INDIA_OFFSET = "+05:30";
const OFFSET_MS = 330 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

/** The instant of `date` ("YYYY-MM-DD") at `time` ("HH:MM", default midnight) in India. */
export function instantInIndia(date: string, time = "00:00"): Date {
  return new Date(`${date}T${time}:00${INDIA_OFFSET}`);
}

/** `instant` as India reads it: "YYYY-MM-DD" and "HH:MM". */
export function indiaWallClock(instant: Date | string): { date: string; time: string } {
  const shifted = new Date(new Date(instant).getTime() + OFFSET_MS).toISOString();
  return { date: shifted.slice(0, 10), time: shifted.slice(11, 16) };
}

/** Midnight in India at the start of the day `instant` falls on, there. */
export function indiaMidnightOf(instant: Date): Date {
  return new Date(Math.floor((instant.getTime() + OFFSET_MS) / DAY_MS) * DAY_MS - OFFSET_MS);
}
