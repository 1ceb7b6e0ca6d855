/**
 * Words in an event's name that tie it to a day, a time or a season, and
 * whether its start (in India) fits them: no "New Year's Eve" on 11 January,
 * no Diwali party in mid-December, no "Sunday brunch" on a Wednesday. The
 * demo seed dates its events with these, and its test checks them.
 */
import { indiaWallClock } from "./india_time.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/**
 * The main day of the festivals whose date follows the lunar calendar, as
 * Indian calendars give it. Outside these years an event named for one has
 * no day that fits.
 */
const FESTIVAL_DAYS: Record<string, readonly string[]> = {
  Diwali: ["2025-10-20", "2026-11-08", "2027-10-29", "2028-10-17", "2029-11-05", "2030-10-26"],
  "Ganesh Chaturthi": ["2025-08-27", "2026-09-14", "2027-09-04", "2028-08-23", "2029-09-11", "2030-09-01"],
};

/** The days around a festival an event named for it may fall on: parties run in the weeks before Diwali. */
const FESTIVAL_SPAN: Record<string, [before: number, after: number]> = {
  Diwali: [21, 2],
  // The festival runs ten days, to Anant Chaturdashi.
  "Ganesh Chaturthi": [0, 10],
};

interface Moment {
  /** "YYYY-MM-DD" and "HH:MM" in India. */
  date: string;
  hour: number;
  weekday: string;
  month: number;
}

interface Rule {
  words: RegExp;
  fits(m: Moment): boolean;
  /** Why it does not fit, e.g. "New Year's Eve is on 31 December". */
  needs: string | ((m: Moment) => string);
}

const between = (hour: number, from: number, to: number) => hour >= from && hour < to;

const RULES: readonly Rule[] = [
  {
    words: /\bNew Year'?s Eve\b/i,
    fits: (m) => m.date.endsWith("-12-31"),
    needs: "New Year's Eve is on 31 December",
  },
  {
    words: /\bNew Year\b(?!'?s Eve)/i,
    fits: (m) => m.date.endsWith("-12-31") || m.date.endsWith("-01-01"),
    needs: "New Year is on 31 December or 1 January",
  },
  {
    words: /\bChristmas\b/i,
    fits: (m) => m.month === 12 && Number(m.date.slice(8)) >= 18 && Number(m.date.slice(8)) <= 25,
    needs: "Christmas events run from 18 to 25 December",
  },
  ...Object.keys(FESTIVAL_DAYS).map((festival): Rule => ({
    words: new RegExp(`\\b${festival}\\b`, "i"),
    fits: (m) => nearFestival(festival, m.date),
    needs: (m) => {
      const day = FESTIVAL_DAYS[festival].find((d) => d.startsWith(m.date.slice(0, 4)));
      return day ? `${festival} ${m.date.slice(0, 4)} is on ${day}` : `No known date for ${festival} then`;
    },
  })),
  ...WEEKDAYS.map((weekday): Rule => ({
    words: new RegExp(`\\b${weekday}s?\\b`, "i"),
    fits: (m) => m.weekday === weekday,
    needs: `A ${weekday} event starts on a ${weekday}`,
  })),
  {
    words: /\bweekend\b/i,
    fits: (m) =>
      m.weekday === "Saturday" || m.weekday === "Sunday" || (m.weekday === "Friday" && m.hour >= 17),
    needs: "A weekend runs from Friday evening to Sunday",
  },
  {
    words: /\bbrunch\b/i,
    fits: (m) => between(m.hour, 10, 14),
    needs: "A brunch starts between 10:00 and 14:00",
  },
  { words: /\bmorning\b/i, fits: (m) => between(m.hour, 5, 12), needs: "A morning starts before noon" },
  { words: /\bafternoon\b/i, fits: (m) => between(m.hour, 12, 17), needs: "An afternoon starts 12:00-17:00" },
  { words: /\bevening\b/i, fits: (m) => between(m.hour, 16, 23), needs: "An evening starts 16:00-23:00" },
  { words: /\bnight\b/i, fits: (m) => m.hour >= 18 || m.hour < 4, needs: "A night starts after 18:00" },
  // Season words count in lower case, or first in the name: mid-name, "The Monsoon Collective" is a name.
  {
    words: /(^|[^A-Za-z])monsoon\b|^Monsoon\b/,
    fits: (m) => m.month >= 6 && m.month <= 9,
    needs: "The monsoon runs from June to September",
  },
  {
    words: /(^|[^A-Za-z])winter\b|^Winter\b/,
    fits: (m) => m.month >= 11 || m.month <= 2,
    needs: "Winter runs from November to February",
  },
  {
    words: /(^|[^A-Za-z])summer\b|^Summer\b/,
    fits: (m) => m.month >= 3 && m.month <= 6,
    needs: "Summer runs from March to June",
  },
];

function momentOf(startsAt: Date): Moment {
  const { date, time } = indiaWallClock(startsAt);
  const [y, mo, d] = date.split("-").map(Number);
  return {
    date,
    hour: Number(time.slice(0, 2)),
    weekday: WEEKDAYS[new Date(Date.UTC(y, mo - 1, d)).getUTCDay()],
    month: mo,
  };
}

function nearFestival(festival: string, date: string): boolean {
  const [before, after] = FESTIVAL_SPAN[festival];
  const day = Date.parse(date);
  return FESTIVAL_DAYS[festival].some((d) => {
    const offset = (day - Date.parse(d)) / DAY_MS;
    return offset >= -before && offset <= after;
  });
}

/** What about `title` does not fit an event starting at `startsAt`; empty when it all fits. */
export function timingProblems(title: string, startsAt: Date): string[] {
  const m = momentOf(startsAt);
  const label = `${m.weekday} ${m.date} ${String(m.hour).padStart(2, "0")}h`;
  return RULES.filter((r) => r.words.test(title) && !r.fits(m))
    .map((r) => `"${title}" on ${label}: ${typeof r.needs === "string" ? r.needs : r.needs(m)}`);
}

/**
 * The first start on or after `earliest`, at the same time of day and at
 * most `days` days later, that fits `title`; null when none does.
 */
export function firstFittingStart(title: string, earliest: Date, days = 400): Date | null {
  for (let i = 0; i <= days; i++) {
    const start = new Date(earliest.getTime() + i * DAY_MS);
    if (timingProblems(title, start).length === 0) return start;
  }
  return null;
}
