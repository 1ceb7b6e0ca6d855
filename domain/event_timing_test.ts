import assert from "node:assert/strict";
import { instantInIndia } from "./india_time.ts";
import { firstFittingStart, timingProblems } from "./event_timing.ts";

const fits = (title: string, date: string, time = "20:00") =>
  timingProblems(title, instantInIndia(date, time)).length === 0;

Deno.test("dated occasions fit their days only", () => {
  assert.ok(fits("New Year's Eve, Panaji", "2026-12-31", "22:00"));
  assert.ok(!fits("New Year's Eve, Panaji", "2027-01-11", "22:00"));
  assert.ok(fits("New Year countdown", "2027-01-01", "00:30"));
  assert.ok(fits("Christmas carols", "2026-12-24", "19:00"));
  assert.ok(!fits("Christmas carols", "2026-12-28", "19:00"));
});

Deno.test("festivals that move with the moon fit the weeks around their day that year", () => {
  assert.ok(fits("Corporate Diwali party", "2026-11-01", "19:00"));
  assert.ok(fits("Corporate Diwali party", "2027-10-20", "19:00"));
  assert.ok(!fits("Corporate Diwali party", "2026-12-15", "19:00"), "mid-December is not Diwali");
  assert.ok(!fits("Diwali unplugged", "2031-11-01", "19:00"), "no known date is no fit");
  assert.ok(fits("Ganesh Chaturthi celebration", "2027-09-10", "18:00"));
  assert.ok(!fits("Ganesh Chaturthi celebration", "2027-08-30", "18:00"));
  assert.match(
    timingProblems("Diwali party", instantInIndia("2026-12-15", "19:00"))[0],
    /Diwali 2026 is on 2026-11-08/,
  );
});

Deno.test("weekdays, times of day and seasons", () => {
  // 2026-12-06 is a Sunday, 2026-12-09 a Wednesday.
  assert.ok(fits("Sunday brunch set", "2026-12-06", "12:00"));
  assert.ok(!fits("Sunday brunch set", "2026-12-09", "12:00"));
  assert.ok(!fits("Sunday brunch set", "2026-12-06", "20:00"), "a brunch is not at 8 pm");
  assert.ok(fits("Weekend jam", "2026-12-05", "16:00"));
  assert.ok(!fits("Weekend jam", "2026-12-09", "16:00"));
  assert.ok(fits("Classical morning raga", "2026-12-09", "08:00"));
  assert.ok(!fits("Classical morning raga", "2026-12-09", "19:00"));
  assert.ok(fits("Metal night", "2026-12-09", "21:00"));
  assert.ok(!fits("Metal night", "2026-12-09", "11:00"));
  assert.ok(!fits("Monsoon Sessions at The Baradari", "2026-12-24"));
  assert.ok(fits("Monsoon Sessions at The Baradari", "2027-07-10"));
  assert.ok(fits("Indie night with The Monsoon Collective", "2026-12-24"), "a band's name is not a season");
  assert.ok(fits("A winter evening of ghazals", "2026-12-24", "19:00"));
  assert.ok(!fits("A winter evening of ghazals", "2027-05-24", "19:00"));
});

Deno.test("words that name no time fit any day", () => {
  assert.ok(fits("Wedding reception at the Lake Palace, Udaipur", "2027-01-18"));
});

Deno.test("the first fitting start keeps the time of day and looks forward only", () => {
  const from = instantInIndia("2026-12-04", "22:00");
  assert.deepEqual(firstFittingStart("New Year's Eve, Panaji", from), instantInIndia("2026-12-31", "22:00"));
  assert.deepEqual(
    firstFittingStart("Sunday brunch set", instantInIndia("2026-12-09", "12:00")),
    instantInIndia("2026-12-13", "12:00"),
  );
  assert.deepEqual(firstFittingStart("Indie showcase", from), from);
  assert.equal(firstFittingStart("Diwali party", from, 30), null);
  assert.equal(firstFittingStart("Brunch", from), null, "no day makes 22:00 a brunch");
});
