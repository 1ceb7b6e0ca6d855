import assert from "node:assert/strict";
import fc from "fast-check";
import { cancellationSplit } from "./cancellation_policy.ts";
import {
  account,
  accountKind,
  applyPostings,
  balanceOf,
  balances,
  bandSplitPosting,
  cancellationPostings,
  capturePosting,
  completionPostings,
  emptyLedger,
  type Ledger,
  type Posting,
  refundPosting,
  releasePosting,
  rulingPostings,
} from "./ledger.ts";
import { CANCELLATION_TIERS } from "./negotiation.ts";

const B = "booking-1";
const DAY = 24 * 60 * 60 * 1000;
const STARTS = new Date("2025-06-01T18:00:00Z");

/** Events a booking's payments can see, in any order: the ledger must hold up whatever comes. */
const stepArb = fc.oneof(
  fc.record({
    type: fc.constant("capture" as const),
    amount: fc.integer({ min: 1, max: 1_000_000 }),
    feePct: fc.integer({ min: 0, max: 5 }),
  }),
  // A payment the gateway reports as failed posts nothing.
  fc.record({ type: fc.constant("failure" as const) }),
  fc.record({ type: fc.constant("refund" as const), amount: fc.integer({ min: 1, max: 2_000_000 }) }),
  // A release of an arbitrary amount, as a stale or wrong caller would ask for.
  fc.record({ type: fc.constant("release" as const), amount: fc.integer({ min: 1, max: 2_000_000 }) }),
  fc.record({
    type: fc.constant("cancel" as const),
    tier: fc.constantFrom(...CANCELLATION_TIERS),
    by: fc.constantFrom("act" as const, "organizer" as const, "admin" as const),
    noticeDays: fc.integer({ min: 0, max: 90 }),
    fee: fc.integer({ min: 0, max: 3_000_000 }),
  }),
  fc.record({
    type: fc.constant("ruling" as const),
    refund: fc.option(fc.integer({ min: 1, max: 2_000_000 }), { nil: null }),
  }),
  fc.record({ type: fc.constant("complete" as const) }),
  fc.record({
    type: fc.constant("band_split" as const),
    shares: fc.array(fc.integer({ min: 0, max: 5_000 }), { maxLength: 2 }),
  }),
  fc.record({ type: fc.constant("replay" as const), pick: fc.nat() }),
);
type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

const FEE_BPS = 1_000;

function postingsFor(step: Step, ledger: Ledger, id: string): Posting[] {
  const base = { id, bookingId: B, currency: "INR" };
  const held = balanceOf(ledger, account.escrow(B));
  switch (step.type) {
    case "capture":
      return [
        capturePosting({
          ...base,
          amount: step.amount,
          gatewayFee: Math.floor(step.amount * step.feePct / 100),
        }),
      ];
    case "failure":
      return [];
    case "refund":
      return [refundPosting({ ...base, amount: step.amount })];
    case "release":
      return [releasePosting({ ...base, amount: step.amount, feeBps: FEE_BPS })];
    case "cancel": {
      const split = cancellationSplit({
        tier: step.tier,
        cancelledBy: step.by,
        fee: step.fee,
        paid: held,
        startsAt: STARTS,
        now: new Date(STARTS.getTime() - step.noticeDays * DAY),
      });
      return cancellationPostings({ ...base, split, feeBps: FEE_BPS });
    }
    case "ruling":
      return rulingPostings({
        ...base,
        ruling: step.refund === null ? { outcome: "release" } : { outcome: "refund", amount: step.refund },
        held,
        feeBps: FEE_BPS,
      });
    case "complete":
      return completionPostings({ ...base, held, feeBps: FEE_BPS });
    case "band_split":
      return [bandSplitPosting({
        ...base,
        amount: balanceOf(ledger, account.actPayable(B)),
        members: step.shares.map((feeShareBps, i) => ({ userId: `u${i}`, feeShareBps })),
      })];
    case "replay":
      return ledger.postings.length === 0 ? [] : [ledger.postings[step.pick % ledger.postings.length]];
  }
}

function sumOf(ledger: Ledger, kind: string): number {
  let sum = 0;
  for (const [id, balance] of balances(ledger)) if (accountKind(id) === kind) sum += balance;
  return sum;
}

function assertInvariants(ledger: Ledger, captured: number) {
  for (const posting of ledger.postings) {
    assert.ok(
      posting.entries.every((e) => Number.isSafeInteger(e.amount)),
      `${posting.id} has whole amounts`,
    );
    assert.equal(posting.entries.reduce((sum, e) => sum + e.amount, 0), 0, `${posting.id} is balanced`);
  }
  assert.equal([...balances(ledger).values()].reduce((a, b) => a + b, 0), 0);
  assert.equal(balanceOf(ledger, account.organizerFunds(B)) + captured, 0, `captured ${captured}`);
  const refunded = balanceOf(ledger, account.organizerRefunds(B));
  const held = balanceOf(ledger, account.escrow(B));
  assert.ok(refunded >= 0 && refunded <= captured, `refunded ${refunded} of ${captured}`);
  assert.ok(held >= 0, `escrow ${held}`);
  const toAct = sumOf(ledger, "act_payable") + sumOf(ledger, "member_payable");
  for (const [id, balance] of balances(ledger)) {
    if (accountKind(id) === "act_payable" || accountKind(id) === "member_payable") {
      assert.ok(balance >= 0, id);
    }
  }
  // What the act is owed and the platform's fee together never exceed what was paid and not refunded.
  const platformGross = balanceOf(ledger, account.platformFee(B)) + balanceOf(ledger, account.gatewayFees(B));
  assert.equal(toAct + platformGross + held + refunded, captured);
  assert.ok(toAct + held + refunded <= captured);
}

Deno.test("any sequence of payment events keeps the ledger balanced and within what was paid", () => {
  fc.assert(
    fc.property(fc.array(stepArb, { maxLength: 25 }), (steps) => {
      let ledger = emptyLedger;
      let captured = 0;
      steps.forEach((step, i) => {
        const before = ledger;
        const held = balanceOf(before, account.escrow(B));
        const postings = postingsFor(step, ledger, `event-${i}`);
        const result = applyPostings(ledger, postings);
        if (step.type === "replay" && postings.length > 0) {
          assert.equal(result.ok ? "applied" : result.error.code, "already_applied");
        }
        if (step.type === "refund" || step.type === "release") {
          // Refused exactly when it asks for more than escrow holds.
          assert.equal(result.ok, step.amount <= held, `${step.type} ${step.amount} with ${held} held`);
        }
        if (step.type === "ruling" && step.refund !== null) assert.equal(result.ok, step.refund <= held);
        if (step.type === "cancel" || step.type === "complete" || step.type === "capture") {
          assert.ok(result.ok);
        }
        if (result.ok) {
          ledger = result.ledger;
          if (step.type === "capture") captured += step.amount;
        }
        // A refused posting leaves the ledger as it was.
        if (!result.ok) assert.equal(ledger, before);
        assertInvariants(ledger, captured);
      });
    }),
    { numRuns: 300 },
  );
});

Deno.test("re-applying every applied posting changes nothing", () => {
  fc.assert(
    fc.property(fc.array(stepArb, { maxLength: 15 }), (steps) => {
      let ledger = emptyLedger;
      steps.forEach((step, i) => {
        const result = applyPostings(ledger, postingsFor(step, ledger, `event-${i}`));
        if (result.ok) ledger = result.ledger;
      });
      const snapshot = new Map(balances(ledger));
      for (const posting of ledger.postings) {
        const again = applyPostings(ledger, [posting]);
        assert.equal(again.ok ? "applied" : again.error.code, "already_applied");
      }
      assert.deepEqual(new Map(balances(ledger)), snapshot);
    }),
    { numRuns: 200 },
  );
});
