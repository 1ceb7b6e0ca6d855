import assert from "node:assert/strict";
import { type CancellationInput, cancellationRules, cancellationSplit } from "./cancellation_policy.ts";
import { CANCELLATION_TIERS } from "./negotiation.ts";

const STARTS = new Date("2025-06-01T18:00:00Z");
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const FEE = 10_000_000;

function split(overrides: Partial<CancellationInput> & { noticeMs: number }) {
  const { noticeMs, ...rest } = overrides;
  return cancellationSplit({
    tier: "standard",
    cancelledBy: "organizer",
    fee: FEE,
    paid: 2_500_000,
    startsAt: STARTS,
    now: new Date(STARTS.getTime() - noticeMs),
    ...rest,
  });
}

Deno.test("an organizer owes each tier's share at and just below every notice boundary", () => {
  const cases: [CancellationInput["tier"], number, number][] = [
    ["flexible", 7 * DAY, 0],
    ["flexible", 7 * DAY - 1, 2_500],
    ["flexible", 48 * HOUR, 2_500],
    ["flexible", 48 * HOUR - 1, 5_000],
    ["standard", 30 * DAY, 0],
    ["standard", 30 * DAY - 1, 5_000],
    ["standard", 7 * DAY, 5_000],
    ["standard", 7 * DAY - 1, 10_000],
    ["strict", 60 * DAY, 2_500],
    ["strict", 60 * DAY - 1, 7_500],
    ["strict", 14 * DAY, 7_500],
    ["strict", 14 * DAY - 1, 10_000],
    ["strict", 1, 10_000],
  ];
  for (const [tier, noticeMs, bps] of cases) {
    assert.equal(split({ tier, noticeMs }).owedToActBps, bps, `${tier} with ${noticeMs} ms notice`);
  }
});

Deno.test("what the act is owed comes out of what was paid; the rest is refunded", () => {
  assert.deepEqual(split({ noticeMs: 10 * DAY }), {
    noticeMs: 10 * DAY,
    ruleLabel: "standard: 7 to 30 days' notice, 50% of the fee",
    owedToActBps: 5_000,
    owedToAct: 5_000_000,
    retainedForAct: 2_500_000,
    refundToOrganizer: 0,
    outstandingFromOrganizer: 2_500_000,
  });
  const early = split({ noticeMs: 40 * DAY });
  assert.equal(early.refundToOrganizer, 2_500_000);
  assert.equal(early.retainedForAct, 0);
  const paidInFull = split({ tier: "flexible", noticeMs: 3 * DAY, paid: FEE });
  assert.equal(paidInFull.retainedForAct, 2_500_000);
  assert.equal(paidInFull.refundToOrganizer, 7_500_000);
  assert.equal(paidInFull.outstandingFromOrganizer, 0);
});

Deno.test("when the act or an admin cancels, the act is owed nothing and every paid unit is refunded", () => {
  for (const cancelledBy of ["act", "admin"] as const) {
    const s = split({ tier: "strict", cancelledBy, noticeMs: HOUR, paid: 7_000_000 });
    assert.equal(s.owedToActBps, 0);
    assert.equal(s.owedToAct, 0);
    assert.equal(s.refundToOrganizer, 7_000_000);
    assert.equal(s.outstandingFromOrganizer, 0);
    assert.match(s.ruleLabel, new RegExp(cancelledBy));
  }
});

Deno.test("notice after the start counts as the shortest notice", () => {
  assert.equal(split({ tier: "flexible", noticeMs: -HOUR }).owedToActBps, 5_000);
});

Deno.test("shares round down to whole minor units and stay exact for the largest fees", () => {
  assert.equal(split({ tier: "flexible", noticeMs: 3 * DAY, fee: 999, paid: 0 }).owedToAct, 249);
  const huge = split({ tier: "strict", noticeMs: 20 * DAY, fee: 9_999_999_999_999, paid: 0 });
  assert.equal(huge.owedToAct, 7_499_999_999_999);
});

Deno.test("money that is not whole non-negative minor units is refused", () => {
  assert.throws(() => split({ noticeMs: DAY, paid: -1 }), RangeError);
  assert.throws(() => split({ noticeMs: DAY, fee: 10.5 }), RangeError);
});

Deno.test("every tier's published rules run from the longest notice down to zero", () => {
  for (const tier of CANCELLATION_TIERS) {
    const rules = cancellationRules(tier);
    assert.equal(rules.length, 3);
    assert.equal(rules.at(-1)!.minNoticeMs, 0);
    for (let i = 1; i < rules.length; i++) assert.ok(rules[i].minNoticeMs < rules[i - 1].minNoticeMs);
    for (const rule of rules) {
      assert.ok(rule.label.startsWith(`${tier}: `));
      assert.ok(rule.label.endsWith(`${rule.owedToActBps / 100}% of the fee`));
      assert.equal(split({ tier, noticeMs: rule.minNoticeMs }).ruleLabel, rule.label);
    }
  }
});
