import assert from "node:assert/strict";
import fc from "fast-check";
import { formatClock, formatDate, formatDateTime, formatDay, formatMonth } from "./time_format.ts";

Deno.test("an instant reads as India's weekday, date and 12-hour time", () => {
  assert.equal(formatDateTime("2026-12-12T14:30:00Z"), "Sat, 12 Dec 2026, 8:00 pm");
  assert.equal(formatDateTime(new Date("2027-01-01T04:15:00Z")), "Fri, 1 Jan 2027, 9:45 am");
  assert.equal(formatDate("2026-12-12T14:30:00Z"), "Sat, 12 Dec 2026");
});

Deno.test("late evening in UTC is already the next day in India", () => {
  assert.equal(formatDateTime("2026-12-31T18:30:00Z"), "Fri, 1 Jan 2027, 12:00 am");
  assert.equal(formatDate("2026-12-31T18:29:59Z"), "Thu, 31 Dec 2026");
});

Deno.test("midnight is 12 am, noon 12 pm, and minutes keep their zero", () => {
  assert.equal(formatClock("00:00"), "12:00 am");
  assert.equal(formatClock("00:05"), "12:05 am");
  assert.equal(formatClock("11:59"), "11:59 am");
  assert.equal(formatClock("12:00"), "12:00 pm");
  assert.equal(formatClock("13:07"), "1:07 pm");
  assert.equal(formatClock("23:59"), "11:59 pm");
});

Deno.test("calendar dates and months", () => {
  assert.equal(formatDay("2028-02-29"), "Tue, 29 Feb 2028");
  assert.equal(formatDay("2026-08-15"), "Sat, 15 Aug 2026");
  assert.equal(formatMonth("2026-12"), "December 2026");
  assert.equal(formatMonth("2027-01"), "January 2027");
});

Deno.test("what is not a date, time or month is refused, not shown wrong", () => {
  for (const bad of ["2026-02-30", "2026-13-01", "12/12/2026", ""]) {
    assert.throws(() => formatDay(bad), RangeError, bad);
  }
  for (const bad of ["24:00", "8:00", "12:60", "noon"]) {
    assert.throws(() => formatClock(bad), RangeError, bad);
  }
  for (const bad of ["2026-00", "2026-13", "2026-1"]) assert.throws(() => formatMonth(bad), RangeError, bad);
});

// The parts agree with the platform's own calendar for India, whatever the instant; the punctuation
// and the month's abbreviation ("Sept" in en-IN), which differ between ICU versions, are ours.
Deno.test("every part agrees with Intl's reading in Asia/Kolkata", () => {
  const intl = new Intl.DateTimeFormat("en-GB", {
    weekday: "short",
    day: "numeric",
    month: "numeric",
    year: "numeric",
    hour: "numeric",
    minute: "2-digit",
    hour12: true,
    timeZone: "Asia/Kolkata",
  });
  const months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");
  const instants = fc.date({
    min: new Date("1971-01-01T00:00:00Z"),
    max: new Date("2999-12-31T00:00:00Z"),
    noInvalidDate: true,
  });
  fc.assert(fc.property(instants, (instant) => {
    const p = Object.fromEntries(intl.formatToParts(instant).map((part) => [part.type, part.value]));
    const date = `${p.weekday}, ${Number(p.day)} ${months[Number(p.month) - 1]} ${p.year}`;
    assert.equal(formatDateTime(instant), `${date}, ${p.hour}:${p.minute} ${p.dayPeriod.toLowerCase()}`);
  }));
});
