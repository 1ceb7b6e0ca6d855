import assert from "node:assert/strict";
import fc from "fast-check";
import { buildContract, type ContractInput } from "./contract_document.ts";
import { ValidationError } from "./errors.ts";
import { MAX_FEE } from "./negotiation.ts";
import { type Milestone, nextDue, paymentSchedule } from "./payment_schedule.ts";

const DAY = 24 * 60 * 60 * 1000;
const ISSUED = new Date("2026-11-01T06:30:00Z");
const SIGNED = new Date("2026-11-02T10:00:00Z");
/** 8:00 pm in India on Saturday 12 December 2026. */
const START = new Date("2026-12-12T14:30:00Z");

function contract(fee: number, depositBps: number, startsAt = START, issuedAt = ISSUED) {
  const input: ContractInput = {
    bookingId: "booking-1",
    title: "The Raga Trio at Blue Tokai Sessions",
    version: 1,
    issuedAt,
    terms: {
      fee,
      currency: "INR",
      depositBps,
      startsAt,
      durationMinutes: 90,
      travel: "organizer",
      accommodation: "none",
      sound: "venue",
      cancellationTier: "standard",
    },
    organizer: { userId: "org-user-1" },
    act: {
      id: "act-1",
      name: "The Raga Trio",
      kind: "solo",
      signatory: { userId: "act-user-1", legalName: "Meera Iyer" },
      address: null,
      members: [],
    },
    place: { venue: "Blue Tokai", address: null, city: "Mumbai", venueTimeZone: null },
    clauses: {
      organizerLegalName: "Sessions Events LLP",
      organizerAddress: null,
      rider: null,
      additionalTerms: null,
    },
  };
  return buildContract(input);
}

const sum = (xs: { amount: number }[]) => xs.reduce((s, x) => s + x.amount, 0);

Deno.test("a deposit due a week after signing, and the balance a week before the show", () => {
  const s = paymentSchedule(contract(15_000_000, 2_500), SIGNED);
  assert.deepEqual(s.instalments, [
    {
      kind: "deposit",
      label: "Deposit",
      amount: 3_750_000,
      currency: "INR",
      dueAt: new Date(SIGNED.getTime() + 7 * DAY),
    },
    {
      kind: "balance",
      label: "Balance",
      amount: 11_250_000,
      currency: "INR",
      dueAt: new Date(START.getTime() - 7 * DAY),
    },
  ]);
  assert.equal(s.fee, 15_000_000);
});

Deno.test("the deposit is never due after the show starts, nor the balance before the signing", () => {
  const start = new Date(SIGNED.getTime() + 3 * DAY);
  const s = paymentSchedule(contract(1_000_000, 5_000, start, ISSUED), SIGNED);
  assert.deepEqual(s.instalments.map((i) => i.dueAt), [start, SIGNED]);
});

Deno.test("milestones come out of the balance, rounded down; the balance takes the remainder", () => {
  const milestones: Milestone[] = [
    { label: " Travel booked ", bps: 3_333, dueAt: new Date("2026-11-20T00:00:00Z") },
    { label: "Poster", bps: 1_000, dueAt: new Date("2026-11-25T00:00:00Z") },
  ];
  // Balance 10_001 paise: 3_333 bps is 3_333.3333 → 3_333; 1_000 bps is 1_000.1 → 1_000.
  const s = paymentSchedule(contract(10_001, 0), SIGNED, { milestones, balanceDue: "completion" });
  assert.deepEqual(
    s.instalments.map((i) => [i.kind, i.label, i.amount, i.dueAt?.toISOString() ?? null]),
    [
      ["milestone", "Travel booked", 3_333, "2026-11-20T00:00:00.000Z"],
      ["milestone", "Poster", 1_000, "2026-11-25T00:00:00.000Z"],
      ["balance", "Balance", 5_668, null],
    ],
  );
  assert.equal(sum(s.instalments), 10_001);
});

Deno.test("milestones are refused unless whole, positive, dated within the deal and below 100% in total", () => {
  const doc = contract(1_000_000, 2_000);
  const at = new Date("2026-11-20T00:00:00Z");
  const fieldsOf = (milestones: Milestone[]) => {
    try {
      paymentSchedule(doc, SIGNED, { milestones });
    } catch (e) {
      assert.ok(e instanceof ValidationError);
      return e.details.map((d) => d.field);
    }
    assert.fail("expected a ValidationError");
  };
  assert.deepEqual(fieldsOf([{ label: "a", bps: 12.5, dueAt: at }]), ["milestones[0].bps"]);
  assert.deepEqual(fieldsOf([{ label: "a", bps: 0, dueAt: at }]), ["milestones[0].bps"]);
  assert.deepEqual(fieldsOf([{ label: "a", bps: -5, dueAt: at }]), ["milestones[0].bps"]);
  assert.deepEqual(fieldsOf([{ label: "  ", bps: 5, dueAt: at }]), ["milestones[0].label"]);
  assert.deepEqual(fieldsOf([{ label: "a", bps: 5, dueAt: new Date(SIGNED.getTime() - 1) }]), [
    "milestones[0].dueAt",
  ]);
  assert.deepEqual(fieldsOf([{ label: "a", bps: 5, dueAt: new Date(START.getTime() + 1) }]), [
    "milestones[0].dueAt",
  ]);
  assert.deepEqual(
    fieldsOf([{ label: "a", bps: 6_000, dueAt: at }, { label: "b", bps: 4_000, dueAt: at }]),
    ["milestones"],
  );
  // 99.99% is allowed: one basis point of the balance is left.
  const s = paymentSchedule(doc, SIGNED, { milestones: [{ label: "a", bps: 9_999, dueAt: at }] });
  assert.deepEqual(s.instalments.map((i) => i.amount), [200_000, 799_920, 80]);
});

Deno.test("nextDue applies payments in order and says what is left of the instalment owed", () => {
  const s = paymentSchedule(contract(15_000_000, 2_500), SIGNED);
  const [deposit, balance] = s.instalments;
  assert.deepEqual(nextDue(s, 0), { instalment: deposit, owed: 3_750_000 });
  assert.deepEqual(nextDue(s, 1_000_000), { instalment: deposit, owed: 2_750_000 });
  assert.deepEqual(nextDue(s, 3_750_000), { instalment: balance, owed: 11_250_000 });
  assert.deepEqual(nextDue(s, 14_999_999), { instalment: balance, owed: 1 });
  assert.equal(nextDue(s, 15_000_000), null);
  assert.equal(nextDue(s, 20_000_000), null);
  assert.throws(() => nextDue(s, -1), RangeError);
  assert.throws(() => nextDue(s, 0.5), RangeError);
});

Deno.test("the instalments always add up to the fee exactly, and nextDue agrees", () => {
  const at = new Date("2026-11-20T00:00:00Z");
  fc.assert(
    fc.property(
      fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: MAX_FEE })),
      fc.integer({ min: 0, max: 10_000 }),
      fc.array(fc.integer({ min: 1, max: 3_000 }), { maxLength: 3 }),
      fc.boolean(),
      (fee, depositBps, bps, atCompletion) => {
        const milestones = bps.map((b, i) => ({ label: `Part ${i + 1}`, bps: b, dueAt: at }));
        const s = paymentSchedule(contract(fee, depositBps), SIGNED, {
          milestones,
          balanceDue: atCompletion ? "completion" : "due_date",
        });
        assert.equal(sum(s.instalments), fee);
        assert.ok(s.instalments.every((i) => Number.isSafeInteger(i.amount) && i.amount > 0));
        assert.equal(nextDue(s, fee), null);
        if (fee > 0) assert.equal(nextDue(s, fee - 1)?.owed, 1);
      },
    ),
  );
});
