import assert from "node:assert/strict";
import {
  addDays,
  daysBetween,
  isDate,
  localDate,
  localTime,
  monthGrid,
  parseMonth,
  shiftMonth,
  zonedInstant,
} from "./calendar_month.ts";

Deno.test("a month grid starts on Monday and pads with the neighbouring months", () => {
  // 1 December 2026 is a Tuesday; the 31st a Thursday.
  const grid = monthGrid("2026-12");
  assert.equal(grid.weeks.length, 5);
  assert.ok(grid.weeks.every((w) => w.length === 7));
  assert.deepEqual(grid.weeks[0][0], { date: "2026-11-30", day: 30, inMonth: false });
  assert.deepEqual(grid.weeks[0][1], { date: "2026-12-01", day: 1, inMonth: true });
  assert.equal(grid.gridEnd, "2027-01-03");
  assert.equal(grid.weeks.flat().filter((d) => d.inMonth).length, 31);
  assert.equal(grid.first, "2026-12-01");
  assert.equal(grid.last, "2026-12-31");
  assert.equal(grid.prev, "2026-11");
  assert.equal(grid.next, "2027-01");
});

Deno.test("a February starting on Monday fills exactly four weeks; leap years have a 29th", () => {
  const feb = monthGrid("2027-02");
  assert.equal(feb.weeks.length, 4);
  assert.equal(feb.gridStart, "2027-02-01");
  assert.equal(feb.gridEnd, "2027-02-28");
  assert.equal(monthGrid("2028-02").last, "2028-02-29");
  // March 2026 starts on a Sunday: six rows.
  assert.equal(monthGrid("2026-03").weeks.length, 6);
});

Deno.test("months and dates are parsed strictly and shifted across years", () => {
  assert.deepEqual(parseMonth("2026-12"), { year: 2026, monthNumber: 12 });
  for (const bad of ["2026-13", "2026-1", "26-12", "", "2026-12-01", "1900-01"]) {
    assert.equal(parseMonth(bad), null);
  }
  assert.equal(shiftMonth("2026-01", -1), "2025-12");
  assert.equal(shiftMonth("2026-12", 13), "2028-01");
  assert.ok(isDate("2028-02-29"));
  assert.ok(!isDate("2026-02-29"));
  assert.ok(!isDate("2026-2-1"));
  assert.equal(addDays("2026-12-31", 1), "2027-01-01");
  assert.equal(daysBetween("2026-12-01", "2027-03-02"), 91);
});

Deno.test("local dates and wall-clock instants follow the time zone", () => {
  const late = new Date("2026-12-18T19:00:00Z");
  assert.equal(localDate(late, "Asia/Kolkata"), "2026-12-19");
  assert.equal(localTime(late, "Asia/Kolkata"), "00:30");
  assert.equal(localDate(late, "UTC"), "2026-12-18");
  assert.equal(zonedInstant("2026-12-05", "00:00", "Asia/Kolkata").toISOString(), "2026-12-04T18:30:00.000Z");
  assert.equal(
    zonedInstant("2026-07-01", "09:00", "Europe/London").toISOString(),
    "2026-07-01T08:00:00.000Z",
  );
  assert.equal(
    zonedInstant("2026-01-01", "09:00", "Europe/London").toISOString(),
    "2026-01-01T09:00:00.000Z",
  );
});
