import assert from "node:assert/strict";
import { BALANCE_GRACE_MS, bookingHistory, isLatePayment, type TimelineEntry } from "./trust_history.ts";

const HOUR = 3_600_000;
const T0 = new Date("2026-03-01T10:00:00Z");
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);
const entry = (hours: number, event: string, party: TimelineEntry["party"], detail = {}): TimelineEntry => ({
  event,
  party,
  at: at(hours),
  detail,
});
const STARTS = at(30 * 24);

Deno.test("requests are answered by the side they were made to, or lapse", () => {
  const h = bookingHistory(STARTS, [
    entry(0, "request", "organizer"),
    entry(5, "offer", "act"),
    entry(30, "counter", "organizer"),
    entry(40, "expire", "system"),
  ], []);
  assert.deepEqual(h.requests, [
    { at: at(0), to: "act", answeredAt: at(5) },
    { at: at(5), to: "organizer", answeredAt: at(30) },
    { at: at(30), to: "act", answeredAt: null },
  ]);
});

Deno.test("a request withdrawn by its maker counts for no one", () => {
  const h = bookingHistory(STARTS, [entry(0, "request", "organizer"), entry(2, "cancel", "organizer")], []);
  assert.deepEqual(h.requests, []);
  assert.deepEqual(h.cancelled, { at: at(2), by: "organizer" });
});

Deno.test("a refund ruling goes against the act, a release against the organizer and completes the show", () => {
  const refund = bookingHistory(
    STARTS,
    [entry(800, "resolve", "admin", { outcome: "refund", amount: 5 })],
    [],
  );
  assert.deepEqual([refund.ruling?.against, refund.completedAt], ["act", null]);
  const release = bookingHistory(STARTS, [entry(800, "resolve", "admin", { outcome: "release" })], []);
  assert.deepEqual([release.ruling?.against, release.completedAt], ["organizer", at(800)]);
});

Deno.test("deposits are late after the start, the balance after the grace period", () => {
  const show = { startsAt: STARTS, endsAt: new Date(STARTS.getTime() + 2 * HOUR) };
  assert.equal(isLatePayment("deposit", STARTS, show), false);
  assert.equal(isLatePayment("milestone", new Date(STARTS.getTime() + 1), show), true);
  assert.equal(isLatePayment("final", new Date(show.endsAt.getTime() + BALANCE_GRACE_MS), show), false);
  assert.equal(isLatePayment("final", new Date(show.endsAt.getTime() + BALANCE_GRACE_MS + 1), show), true);
});
