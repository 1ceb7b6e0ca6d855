import assert from "node:assert/strict";
import { indiaMidnightOf, indiaWallClock, instantInIndia } from "./india_time.ts";

Deno.test("a date and time in India is the instant 5½ hours earlier in UTC, and back", () => {
  const instant = instantInIndia("2026-12-31", "23:30");
  assert.equal(instant.toISOString(), "2026-12-31T18:00:00.000Z");
  assert.deepEqual(indiaWallClock(instant), { date: "2026-12-31", time: "23:30" });
  assert.equal(instantInIndia("2026-12-31").toISOString(), "2026-12-30T18:30:00.000Z");
});

Deno.test("India's day can begin on the previous UTC date", () => {
  // 20:00 UTC on the 1st is already 01:30 on the 2nd in India.
  const late = new Date("2026-03-01T20:00:00Z");
  assert.deepEqual(indiaWallClock(late), { date: "2026-03-02", time: "01:30" });
  assert.equal(indiaMidnightOf(late).toISOString(), "2026-03-01T18:30:00.000Z");
  assert.equal(indiaMidnightOf(new Date("2026-03-01T18:29:59Z")).toISOString(), "2026-02-28T18:30:00.000Z");
});
