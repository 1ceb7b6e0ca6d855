import assert from "node:assert/strict";
import fc from "fast-check";
import {
  BASE_SCORE,
  type BookingHistory,
  cancellationCost,
  ownFacts,
  type TrustFacts,
  trustScore,
} from "../domain/trust_score.ts";

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;
const NOW = new Date("2026-06-01T12:00:00Z");

/** A date within five years before NOW (or a little after, as a clock skew would give). */
const dateArb = fc.integer({ min: -5 * 365, max: 3 }).map((d) => new Date(NOW.getTime() + d * DAY));

const factsArb: fc.Arbitrary<TrustFacts> = fc.record({
  accountCreatedAt: dateArb,
  verified: fc.boolean(),
  completedBookings: fc.array(dateArb, { maxLength: 30 }),
  reviews: fc.array(fc.record({ rating: fc.integer({ min: 1, max: 5 }), at: dateArb }), { maxLength: 30 }),
  cancellations: fc.array(
    fc.record({ at: dateArb, hoursBeforeStart: fc.double({ min: -48, max: 2000, noNaN: true }) }),
    { maxLength: 10 },
  ),
  disputesLost: fc.array(dateArb, { maxLength: 5 }),
  latePayments: fc.array(dateArb, { maxLength: 10 }),
  requests: fc.array(
    fc.record({
      at: dateArb,
      answeredAfterHours: fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }),
    }).map(({ at, answeredAfterHours }) => ({
      at,
      answeredAt: answeredAfterHours === null ? null : new Date(at.getTime() + answeredAfterHours * HOUR),
    })),
    { maxLength: 30 },
  ),
});

Deno.test("a trust score is between 0 and 100, with two decimals", () => {
  fc.assert(fc.property(factsArb, (facts) => {
    const { score } = trustScore(facts, NOW);
    assert.ok(score >= 0 && score <= 100, `score ${score}`);
    assert.equal(Math.round(score * 100) / 100, score);
  }));
});

Deno.test("the same facts and the same now give the same score and explanation", () => {
  fc.assert(fc.property(factsArb, (facts) => {
    const copy = structuredClone(facts);
    assert.deepEqual(trustScore(copy, NOW), trustScore(facts, NOW));
  }));
});

/** Facts of a subject whose reviews are all five stars, where one four-star review lowers the average most. */
const starFactsArb = factsArb.map((f) => ({ ...f, reviews: f.reviews.map((r) => ({ ...r, rating: 5 })) }));

Deno.test("a completed booking with a good review never lowers a score", () => {
  fc.assert(fc.property(
    fc.oneof(factsArb, starFactsArb),
    dateArb,
    fc.integer({ min: 4, max: 5 }),
    fc.integer({ min: 0, max: 14 }),
    (facts, completedAt, rating, reviewAfterDays) => {
      const before = trustScore(facts, NOW).score;
      const after = trustScore({
        ...facts,
        completedBookings: [...facts.completedBookings, completedAt],
        reviews: [...facts.reviews, { rating, at: new Date(completedAt.getTime() + reviewAfterDays * DAY) }],
      }, NOW).score;
      assert.ok(after >= before, `${before} → ${after}`);
    },
  ));
});

Deno.test("a later cancellation never costs less than an earlier one", () => {
  fc.assert(fc.property(
    factsArb,
    dateArb,
    fc.double({ min: -48, max: 2000, noNaN: true }),
    fc.double({ min: 0, max: 2000, noNaN: true }),
    (facts, at, hoursBefore, earlierBy) => {
      assert.ok(cancellationCost(hoursBefore) >= cancellationCost(hoursBefore + earlierBy));
      const withCancel = (h: number) =>
        trustScore({ ...facts, cancellations: [...facts.cancellations, { at, hoursBeforeStart: h }] }, NOW)
          .score;
      assert.ok(withCancel(hoursBefore) <= withCancel(hoursBefore + earlierBy));
    },
  ));
});

const partyArb = fc.constantFrom("act" as const, "organizer" as const);
const historyArb: fc.Arbitrary<BookingHistory> = fc.record({
  startsAt: dateArb,
  completedAt: fc.option(dateArb, { nil: null }),
  cancelled: fc.option(
    fc.record({ at: dateArb, by: fc.constantFrom("act" as const, "organizer" as const, "admin" as const) }),
    { nil: null },
  ),
  ruling: fc.option(fc.record({ at: dateArb, against: partyArb }), { nil: null }),
  requests: fc.array(
    fc.record({ at: dateArb, answeredAt: fc.option(dateArb, { nil: null }), to: partyArb }),
    { maxLength: 4 },
  ),
  latePayments: fc.array(dateArb, { maxLength: 2 }),
});

Deno.test("what the other party did never changes this side's score", () => {
  const about = { accountCreatedAt: new Date("2024-01-01T00:00:00Z"), verified: false, reviews: [] };
  fc.assert(fc.property(
    partyArb,
    fc.array(historyArb, { maxLength: 8 }),
    fc.array(fc.record({ at: dateArb, hoursBeforeStart: fc.integer({ min: -10, max: 1000 }) }), {
      maxLength: 5,
    }),
    (side, histories, otherFaults) => {
      const other = side === "act" ? "organizer" : "act";
      const before = trustScore(ownFacts(side, histories, about), NOW);
      // The other side (or an admin) cancels, loses rulings and ignores requests, on these and new bookings.
      const worse: BookingHistory[] = histories.map((h) => ({
        ...h,
        cancelled: h.cancelled && h.cancelled.by !== side ? { ...h.cancelled, by: other } : h.cancelled,
        ruling: h.ruling?.against === side ? h.ruling : { at: NOW, against: other },
        requests: [...h.requests, { at: NOW, answeredAt: null, to: other }],
        latePayments: side === "organizer" ? h.latePayments : [...h.latePayments, NOW],
      }));
      for (const f of otherFaults) {
        worse.push({
          startsAt: new Date(f.at.getTime() + f.hoursBeforeStart * HOUR),
          completedAt: null,
          cancelled: { at: f.at, by: other },
          ruling: null,
          requests: [],
          latePayments: [],
        });
      }
      assert.deepEqual(trustScore(ownFacts(side, worse, about), NOW), before);
    },
  ));
});

const NEW_ACCOUNT: TrustFacts = {
  accountCreatedAt: NOW,
  verified: false,
  completedBookings: [],
  reviews: [],
  cancellations: [],
  disputesLost: [],
  latePayments: [],
  requests: [],
};

Deno.test("a new account with no history scores the base score", () => {
  const result = trustScore(NEW_ACCOUNT, NOW);
  assert.equal(result.score, BASE_SCORE);
  assert.ok(result.toRaise.some((t) => t.startsWith("Get verified")));
});

Deno.test("fifty 4.5-star reviews beat two five-star ones", () => {
  const at = new Date(NOW.getTime() - 10 * DAY);
  const many = Array.from({ length: 50 }, (_, i) => ({ rating: i % 2 === 0 ? 5 : 4, at }));
  const two = [{ rating: 5, at }, { rating: 5, at }];
  const score = (reviews: TrustFacts["reviews"]) => trustScore({ ...NEW_ACCOUNT, reviews }, NOW);
  assert.ok(score(many).score > score(two).score);
  // (3.5×5 + 225) / 55 = 4.409… → +9.09; (3.5×5 + 10) / 7 = 3.928… → +4.29 (weights a little under 1).
  assert.equal(Math.round(score(many).components.find((c) => c.key === "reviews")!.points), 9);
  assert.equal(Math.round(score(two).components.find((c) => c.key === "reviews")!.points), 4);
});

Deno.test("example: verified act, ten shows this week, and one cancellation at the start of a show today", () => {
  const recent = new Date(NOW.getTime());
  const result = trustScore({
    ...NEW_ACCOUNT,
    accountCreatedAt: new Date(NOW.getTime() - 365 * DAY),
    verified: true,
    completedBookings: Array.from({ length: 10 }, () => recent),
    cancellations: [{ at: recent, hoursBeforeStart: 0 }],
  }, NOW);
  // 50 + 10×2.5 + 5 (verified) + 2.5 (one year) − (4 + 8) = 70.5
  assert.equal(result.score, 70.5);
  assert.deepEqual(
    result.components.map((c) => [c.key, c.points]),
    [
      ["base", 50],
      ["completions", 25],
      ["reviews", 0],
      ["cancellations", -12],
      ["disputes", 0],
      ["late_payments", 0],
      ["responses", 0],
      ["verification", 5],
      ["account_age", 2.5],
    ],
  );
});

Deno.test("a cancellation a year ago costs half what one today does", () => {
  const cancelled = (daysAgo: number) =>
    trustScore({
      ...NEW_ACCOUNT,
      cancellations: [{ at: new Date(NOW.getTime() - daysAgo * DAY), hoursBeforeStart: 24 * 60 }],
    }, NOW).score;
  assert.equal(cancelled(0), 46);
  assert.equal(cancelled(365), 48);
});

Deno.test("quick, reliable answers earn points and the badge", () => {
  const requests = Array.from({ length: 4 }, (_, i) => {
    const at = new Date(NOW.getTime() - (i + 1) * DAY);
    return { at, answeredAt: new Date(at.getTime() + 2 * HOUR) };
  });
  const result = trustScore({ ...NEW_ACCOUNT, requests }, NOW);
  assert.equal(result.quickToRespond, true);
  // (100% − 80%) × 20 + 3
  assert.equal(result.components.find((c) => c.key === "responses")!.points, 7);
});
