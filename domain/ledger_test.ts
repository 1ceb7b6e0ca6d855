import assert from "node:assert/strict";
import { cancellationSplit } from "./cancellation_policy.ts";
import {
  account,
  applyPosting,
  applyPostings,
  type ApplyResult,
  balanceOf,
  balances,
  bandSplitPosting,
  cancellationPostings,
  capturePosting,
  completionPostings,
  emptyLedger,
  type Ledger,
  type LedgerErrorCode,
  payoutPosting,
  type Posting,
  refundPosting,
  releasePosting,
  reversalPosting,
  reversibleReleases,
  rulingPostings,
} from "./ledger.ts";

const B = "booking-1";
const base = (id: string) => ({ id, bookingId: B, currency: "INR" });

function applied(result: ApplyResult): Ledger {
  if (!result.ok) throw new Error(`refused: ${result.error.code} ${result.error.message}`);
  return result.ledger;
}

function refusedWith(result: ApplyResult, code: LedgerErrorCode) {
  assert.equal(result.ok ? "applied" : result.error.code, code);
}

/** A ledger in which the organizer paid 100000 and the gateway kept 2000. */
const paid = applied(
  applyPosting(emptyLedger, capturePosting({ ...base("pay-1"), amount: 100_000, gatewayFee: 2_000 })),
);

Deno.test("a capture puts the whole amount in escrow and the platform bears the gateway fee", () => {
  assert.deepEqual(Object.fromEntries(balances(paid)), {
    [account.organizerFunds(B)]: -100_000,
    [account.escrow(B)]: 100_000,
    [account.platformFee(B)]: -2_000,
    [account.gatewayFees(B)]: 2_000,
  });
});

Deno.test("a refund moves money from escrow back to the organizer", () => {
  const ledger = applied(applyPosting(paid, refundPosting({ ...base("refund-1"), amount: 30_000 })));
  assert.equal(balanceOf(ledger, account.escrow(B)), 70_000);
  assert.equal(balanceOf(ledger, account.organizerRefunds(B)), 30_000);
});

Deno.test("a completion releases what is held to the act less the floored platform fee", () => {
  const postings = completionPostings({ ...base("done"), held: 99_999, feeBps: 1_000 });
  assert.deepEqual(postings.map((p) => p.id), ["done:release"]);
  // 10% of 99999 is 9999.9: the platform takes 9999 and the act 90000.
  assert.deepEqual(postings[0].entries, [
    { account: account.escrow(B), amount: -99_999 },
    { account: account.actPayable(B), amount: 90_000 },
    { account: account.platformFee(B), amount: 9_999 },
  ]);
  assert.deepEqual(completionPostings({ ...base("none"), held: 0, feeBps: 1_000 }), []);
  const ledger = applied(
    applyPostings(paid, completionPostings({ ...base("done"), held: 100_000, feeBps: 1_000 })),
  );
  assert.equal(balanceOf(ledger, account.escrow(B)), 0);
  assert.equal(balanceOf(ledger, account.actPayable(B)), 90_000);
  assert.equal(balanceOf(ledger, account.platformFee(B)), 8_000);
});

Deno.test("a cancellation refunds the organizer and releases what the act retains", () => {
  const startsAt = new Date("2025-06-01T18:00:00Z");
  const split = cancellationSplit({
    tier: "standard",
    cancelledBy: "organizer",
    fee: 150_000,
    paid: 100_000,
    startsAt,
    now: new Date(startsAt.getTime() - 10 * 24 * 60 * 60 * 1000),
  });
  // 50% of 150000 is owed; 75000 is kept from the 100000 paid and 25000 refunded.
  const postings = cancellationPostings({ ...base("cancel"), split, feeBps: 0 });
  assert.deepEqual(postings.map((p) => [p.id, p.kind]), [["cancel:refund", "refund"], [
    "cancel:release",
    "release",
  ]]);
  const ledger = applied(applyPostings(paid, postings));
  assert.equal(balanceOf(ledger, account.organizerRefunds(B)), 25_000);
  assert.equal(balanceOf(ledger, account.actPayable(B)), 75_000);
  assert.equal(balanceOf(ledger, account.escrow(B)), 0);

  const byAct = cancellationSplit({
    tier: "strict",
    cancelledBy: "act",
    fee: 150_000,
    paid: 100_000,
    startsAt,
    now: startsAt,
  });
  assert.deepEqual(cancellationPostings({ ...base("c2"), split: byAct, feeBps: 0 }).map((p) => p.kind), [
    "refund",
  ]);
});

Deno.test("a ruling releases everything, or refunds an amount and releases the rest", () => {
  const release = rulingPostings({
    ...base("rule"),
    ruling: { outcome: "release" },
    held: 100_000,
    feeBps: 500,
  });
  assert.deepEqual(release.map((p) => p.kind), ["release"]);
  const ledger = applied(
    applyPostings(
      paid,
      rulingPostings({
        ...base("rule"),
        ruling: { outcome: "refund", amount: 40_000 },
        held: 100_000,
        feeBps: 500,
      }),
    ),
  );
  assert.equal(balanceOf(ledger, account.organizerRefunds(B)), 40_000);
  assert.equal(balanceOf(ledger, account.actPayable(B)), 57_000);
  assert.equal(balanceOf(ledger, account.platformFee(B)), -2_000 + 3_000);
  const all = rulingPostings({
    ...base("r2"),
    ruling: { outcome: "refund", amount: 100_000 },
    held: 100_000,
    feeBps: 0,
  });
  assert.deepEqual(all.map((p) => p.kind), ["refund"]);
});

Deno.test("a band split pays members by share and leaves the remainder with the band", () => {
  const released = applied(
    applyPosting(paid, releasePosting({ ...base("rel"), amount: 100_000, feeBps: 0 })),
  );
  const split = bandSplitPosting({
    ...base("split"),
    amount: 100_001,
    members: [{ userId: "u1", feeShareBps: 5_000 }, { userId: "u2", feeShareBps: 5_000 }],
  });
  // Splitting more than the act is owed is refused; the exact amount splits.
  refusedWith(applyPosting(released, split), "payable_overdrawn");
  const ledger = applied(
    applyPosting(
      released,
      bandSplitPosting({
        ...base("split"),
        amount: 100_000,
        members: [{ userId: "u1", feeShareBps: 3_333 }, { userId: "u2", feeShareBps: 3_333 }],
      }),
    ),
  );
  assert.equal(balanceOf(ledger, account.memberPayable(B, "u1")), 33_330);
  assert.equal(balanceOf(ledger, account.memberPayable(B, "u2")), 33_330);
  assert.equal(balanceOf(ledger, account.actPayable(B)), 33_340);
});

Deno.test("the same posting applied twice is refused and changes nothing", () => {
  const posting = refundPosting({ ...base("refund-1"), amount: 10 });
  const once = applied(applyPosting(paid, posting));
  const twice = applyPosting(once, posting);
  refusedWith(twice, "already_applied");
  assert.equal(balanceOf(once, account.escrow(B)), 99_990);
});

const raw = (
  entries: [ReturnType<typeof account.escrow>, number][],
  over: Partial<Posting> = {},
): Posting => ({
  ...base("raw"),
  kind: "capture",
  entries: entries.map(([account, amount]) => ({ account, amount })),
  ...over,
});

Deno.test("a posting is refused when it is malformed, and the refusal names the rule", () => {
  refusedWith(applyPosting(paid, raw([])), "empty");
  refusedWith(
    applyPosting(paid, raw([[account.escrow(B), 1], [account.organizerFunds(B), -2]])),
    "unbalanced",
  );
  refusedWith(
    applyPosting(paid, raw([[account.escrow(B), 1.5], [account.organizerFunds(B), -1.5]])),
    "not_integer",
  );
  refusedWith(
    applyPosting(paid, raw([[account.escrow("other"), 1], [account.organizerFunds("other"), -1]])),
    "foreign_account",
  );
  refusedWith(
    applyPosting(paid, capturePosting({ ...base("usd"), currency: "USD", amount: 10, gatewayFee: 0 })),
    "mixed_currency",
  );
});

Deno.test("a posting is refused when it would break a balance rule", () => {
  refusedWith(
    applyPosting(paid, refundPosting({ ...base("too-much"), amount: 100_001 })),
    "refund_exceeds_paid",
  );
  const refunded = applied(applyPosting(paid, refundPosting({ ...base("half"), amount: 50_000 })));
  refusedWith(
    applyPosting(refunded, releasePosting({ ...base("rel"), amount: 50_001, feeBps: 0 })),
    "escrow_overdrawn",
  );
  refusedWith(
    applyPosting(emptyLedger, releasePosting({ ...base("rel"), amount: 1, feeBps: 0 })),
    "escrow_overdrawn",
  );
  refusedWith(
    applyPosting(paid, raw([[account.organizerFunds(B), 100_001], [account.escrow(B), -100_001]])),
    "wrong_sign",
  );
});

Deno.test("builders refuse amounts that are not minor units", () => {
  assert.throws(() => capturePosting({ ...base("x"), amount: 0, gatewayFee: 0 }), RangeError);
  assert.throws(() => capturePosting({ ...base("x"), amount: 10, gatewayFee: -1 }), RangeError);
  assert.throws(() => refundPosting({ ...base("x"), amount: 0.5 }), RangeError);
  assert.throws(() => releasePosting({ ...base("x"), amount: 10, feeBps: 10_001 }), RangeError);
  assert.throws(() => account.escrow("a:b"), RangeError);
});

Deno.test("a ruling after completion reverses the releases, newest first, back into escrow", () => {
  const b = "0b8c6f0e-5d4a-4c1e-9d7e-2f1a0b3c4d5e";
  const m = "1b8c6f0e-5d4a-4c1e-9d7e-2f1a0b3c4d5e";
  const base = { bookingId: b, currency: "INR" };
  const release = releasePosting({ ...base, id: "rel", amount: 100_000, feeBps: 1_000 });
  const split = bandSplitPosting({
    ...base,
    id: "rel:split",
    amount: 90_000,
    members: [{ userId: m, feeShareBps: 5_000 }],
  });
  const start = applyPostings(emptyLedger, [
    capturePosting({ ...base, id: "cap", amount: 100_000, gatewayFee: 2_000 }),
    release,
    split,
  ]);
  assert.ok(start.ok);
  const toReverse = reversibleReleases(start.ledger, b);
  assert.deepEqual(toReverse.map((p) => p.id), ["rel:split", "rel"]);
  const back = applyPostings(start.ledger, toReverse.map((p) => reversalPosting(p, `${p.id}:reversal`)));
  assert.ok(back.ok);
  assert.equal(balanceOf(back.ledger, account.escrow(b)), 100_000);
  assert.equal(balanceOf(back.ledger, account.actPayable(b)), 0);
  assert.equal(balanceOf(back.ledger, account.memberPayable(b, m)), 0);
  assert.deepEqual(reversibleReleases(back.ledger, b), []);
  assert.throws(
    () => reversalPosting(capturePosting({ ...base, id: "x", amount: 1, gatewayFee: 0 }), "y"),
    RangeError,
  );
});

Deno.test("a payout moves a payable to paid out, and what was paid out can no longer be reversed", () => {
  const b = "0b8c6f0e-5d4a-4c1e-9d7e-2f1a0b3c4d5e";
  const owner = "2b8c6f0e-5d4a-4c1e-9d7e-2f1a0b3c4d5e";
  const base = { bookingId: b, currency: "INR" };
  const release = releasePosting({ ...base, id: "rel", amount: 100_000, feeBps: 1_000 });
  const paidOut = applyPostings(emptyLedger, [
    capturePosting({ ...base, id: "cap", amount: 100_000, gatewayFee: 0 }),
    release,
    payoutPosting({ ...base, id: "pay", amount: 90_000, userId: owner, fromMemberShare: false }),
  ]);
  assert.ok(paidOut.ok);
  assert.equal(balanceOf(paidOut.ledger, account.paidOut(b, owner)), 90_000);
  const reversed = applyPosting(paidOut.ledger, reversalPosting(release, "rel:reversal"));
  assert.ok(!reversed.ok && reversed.error.code === "payable_overdrawn");
  const tooMuch = applyPosting(
    paidOut.ledger,
    payoutPosting({ ...base, id: "pay2", amount: 1, userId: owner, fromMemberShare: false }),
  );
  assert.ok(!tooMuch.ok && tooMuch.error.code === "payable_overdrawn");
});
