import assert from "node:assert/strict";
import fc from "fast-check";
import type { BookingTerms } from "./booking_machine.ts";
import { cancellationRules } from "./cancellation_policy.ts";
import {
  buildContract,
  canonicalContract,
  type ContractDocument,
  contractHash,
  type ContractInput,
  editableClausesOf,
  HASH_PATTERN,
  sha256Hex,
} from "./contract_document.ts";
import { CANCELLATION_TIERS, depositAmount, feeShare, MAX_FEE } from "./negotiation.ts";

const DAY = 24 * 60 * 60 * 1000;
const ISSUED = new Date("2026-11-01T06:30:00Z");
/** 8:00 pm in India on Saturday 12 December 2026. */
const START = new Date("2026-12-12T14:30:00Z");

const TERMS: BookingTerms = {
  fee: 15_000_000,
  currency: "INR",
  depositBps: 2_500,
  startsAt: START,
  durationMinutes: 90,
  travel: "organizer",
  accommodation: "none",
  sound: "venue",
  cancellationTier: "standard",
};

const INPUT: ContractInput = {
  bookingId: "0b6f1c3e-6a53-4c7e-9d0e-1f2a3b4c5d6e",
  title: "The Raga Trio at Blue Tokai Sessions",
  version: 1,
  issuedAt: ISSUED,
  terms: TERMS,
  organizer: { userId: "org-user-1" },
  act: {
    id: "act-1",
    name: "The Raga Trio",
    kind: "band",
    signatory: { userId: "act-user-1", legalName: "Meera Iyer" },
    address: "12 Residency Road, Bengaluru",
    members: [
      { name: "Meera Iyer", role: "Vocals" },
      { name: "Arjun Rao", role: null },
    ],
  },
  place: { venue: "Blue Tokai", address: "Khar West", city: "Mumbai", venueTimeZone: null },
  clauses: {
    organizerLegalName: "Sessions Events LLP",
    organizerAddress: "4 Linking Road, Mumbai",
    rider: "Two vocal mics, one DI box",
    additionalTerms: null,
  },
};

function withTerms(terms: Partial<BookingTerms>, input: ContractInput = INPUT): ContractInput {
  return { ...input, terms: { ...input.terms, ...terms } };
}

Deno.test("the amounts are the booking's own, worked out by its money code", () => {
  fc.assert(
    fc.property(
      fc.oneof(fc.integer({ min: 1, max: 100_000_000 }), fc.integer({ min: 1, max: MAX_FEE })),
      fc.integer({ min: 0, max: 10_000 }),
      fc.constantFrom(...CANCELLATION_TIERS),
      (fee, depositBps, tier) => {
        const doc = buildContract(withTerms({ fee, depositBps, cancellationTier: tier }));
        assert.equal(doc.money.fee, fee);
        assert.equal(doc.money.deposit, depositAmount(fee, depositBps));
        assert.equal(doc.money.balance, fee - doc.money.deposit);
        assert.ok(doc.money.balance >= 0);
        assert.equal(doc.cancellation.tier, tier);
        const rules = cancellationRules(tier);
        assert.equal(doc.cancellation.byOrganizer.length, rules.length);
        doc.cancellation.byOrganizer.forEach((row, i) => {
          assert.equal(row.owedToActBps, rules[i].owedToActBps);
          assert.equal(row.owedToAct, feeShare(fee, rules[i].owedToActBps));
          assert.equal(row.label, rules[i].label);
          assert.equal(row.minNoticeDays * DAY, rules[i].minNoticeMs);
        });
      },
    ),
    { numRuns: 300 },
  );
});

Deno.test("a deposit that falls between rupees keeps its paise, and the balance takes the rest", () => {
  const doc = buildContract(withTerms({ fee: 15_000_100 }));
  assert.equal(doc.money.deposit, 3_750_025);
  assert.equal(doc.money.balance, 11_250_075);
  assert.deepEqual(
    doc.cancellation.byOrganizer.map((r) => [r.minNoticeDays, r.owedToActBps, r.owedToAct]),
    [[30, 0, 0], [7, 5_000, 7_500_050], [0, 10_000, 15_000_100]],
  );
  const flexible = buildContract(withTerms({ cancellationTier: "flexible" }));
  assert.deepEqual(flexible.cancellation.byOrganizer.map((r) => r.minNoticeDays), [7, 2, 0]);
});

Deno.test("the hash is 64 hex digits of SHA-256 over the canonical form, and the same input gives the same hash", () => {
  assert.equal(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const first = buildContract(INPUT);
  const again = buildContract(structuredClone(INPUT));
  assert.notEqual(first, again);
  assert.match(contractHash(first), HASH_PATTERN);
  assert.equal(contractHash(first), sha256Hex(canonicalContract(first)));
  assert.equal(canonicalContract(again), canonicalContract(first));
  assert.equal(contractHash(again), contractHash(first));
});

Deno.test("a known contract keeps its known hash", () => {
  // The hash signatures are checked against. If this changes, a contract signed before the change no
  // longer hashes to what its parties signed: change the template's version and keep old documents'
  // bytes as they were stored, rather than just updating this value. The value was checked against a
  // second canonicalizer (sorted keys, no spaces, UTF-8: the same bytes for a document of integers and
  // plain strings).
  assert.equal(
    contractHash(buildContract(INPUT)),
    "b2d6e5e8e9b1565d47470187649cd292df0453d71706491ccb2024d6fdf9adde",
  );
});

/** The same value with the keys of every object in it rebuilt in an order drawn from `order`. */
function reorder(value: unknown, order: number[], at = { i: 0 }): unknown {
  if (Array.isArray(value)) return value.map((v) => reorder(v, order, at));
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value);
  for (let k = entries.length - 1; k > 0; k--) {
    const j = (order[at.i++ % Math.max(order.length, 1)] ?? 0) % (k + 1);
    [entries[k], entries[j]] = [entries[j], entries[k]];
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, reorder(v, order, at)]));
}

Deno.test("the order of keys does not change the canonical form", () => {
  const doc = buildContract(INPUT);
  const canonical = canonicalContract(doc);
  const reversed = JSON.parse(
    JSON.stringify(doc),
    (_key, v) =>
      v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
  );
  assert.notEqual(JSON.stringify(reversed), JSON.stringify(doc));
  assert.equal(canonicalContract(reversed), canonical);
  fc.assert(
    fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 50 }), (order) => {
      assert.equal(canonicalContract(reorder(doc, order) as ContractDocument), canonical);
    }),
    { numRuns: 200 },
  );
});

Deno.test("changing any clause the organizer edits, or the fee, changes the hash", () => {
  const base = contractHash(buildContract(INPUT));
  const changed: ContractInput[] = [
    withTerms({ fee: TERMS.fee + 1 }),
    withTerms({ depositBps: 5_000 }),
    withTerms({ cancellationTier: "strict" }),
    { ...INPUT, clauses: { ...INPUT.clauses, organizerLegalName: "Sessions Events Pvt Ltd" } },
    { ...INPUT, clauses: { ...INPUT.clauses, organizerAddress: "5 Linking Road, Mumbai" } },
    { ...INPUT, clauses: { ...INPUT.clauses, organizerAddress: null } },
    { ...INPUT, clauses: { ...INPUT.clauses, rider: "One vocal mic" } },
    { ...INPUT, clauses: { ...INPUT.clauses, rider: null } },
    { ...INPUT, clauses: { ...INPUT.clauses, additionalTerms: "Dinner for three" } },
    { ...INPUT, version: 2 },
  ];
  const hashes = changed.map((input) => contractHash(buildContract(input)));
  for (const [i, hash] of hashes.entries()) assert.notEqual(hash, base, `change ${i}`);
  assert.equal(new Set(hashes).size, hashes.length);
});

Deno.test("blank and padded clauses are read as what they say, so they change nothing", () => {
  const base = contractHash(buildContract(INPUT));
  const padded = {
    ...INPUT,
    clauses: {
      organizerLegalName: "  Sessions Events LLP ",
      organizerAddress: "\t4 Linking Road, Mumbai\n",
      rider: " Two vocal mics, one DI box ",
      additionalTerms: "   ",
    },
  };
  assert.equal(contractHash(buildContract(padded)), base);
  const blank = buildContract({ ...INPUT, clauses: { ...INPUT.clauses, organizerAddress: " ", rider: "" } });
  assert.equal(blank.parties.organizer.address, null);
  assert.equal(blank.logistics.rider, null);
  assert.deepEqual(editableClausesOf(buildContract(padded)), { ...INPUT.clauses });
});

Deno.test("a band lists its members; a solo act lists none", () => {
  const band = buildContract(INPUT);
  assert.deepEqual(band.parties.act.members, [
    { name: "Meera Iyer", role: "Vocals" },
    { name: "Arjun Rao", role: null },
  ]);
  const solo = buildContract({ ...INPUT, act: { ...INPUT.act, kind: "solo" } });
  assert.equal(solo.parties.act.kind, "solo");
  assert.deepEqual(solo.parties.act.members, []);
});

Deno.test("the balance is due seven days before the show, or at issue when the show is sooner", () => {
  assert.equal(buildContract(INPUT).money.balanceDueAt, "2026-12-05T14:30:00.000Z");
  const inFiveDays = new Date(ISSUED.getTime() + 5 * DAY);
  assert.equal(buildContract(withTerms({ startsAt: inFiveDays })).money.balanceDueAt, ISSUED.toISOString());
  const inSevenDays = new Date(ISSUED.getTime() + 7 * DAY);
  assert.equal(buildContract(withTerms({ startsAt: inSevenDays })).money.balanceDueAt, ISSUED.toISOString());
  const inEightDays = new Date(ISSUED.getTime() + 8 * DAY);
  assert.equal(
    buildContract(withTerms({ startsAt: inEightDays })).money.balanceDueAt,
    new Date(ISSUED.getTime() + DAY).toISOString(),
  );
});

Deno.test("the performance states its times in India and its end from its length", () => {
  const doc = buildContract({
    ...INPUT,
    place: { ...INPUT.place, venueTimeZone: "Asia/Dubai" },
  });
  assert.equal(doc.performance.startsAt, "2026-12-12T14:30:00.000Z");
  assert.equal(doc.performance.endsAt, "2026-12-12T16:00:00.000Z");
  assert.equal(doc.performance.timeZone, "Asia/Kolkata");
  assert.equal(doc.performance.venueTimeZone, "Asia/Dubai");
  assert.equal(doc.issuedAt, ISSUED.toISOString());
});

Deno.test("the canonical form is RFC 8785's: sorted keys, ECMAScript numbers, minimal escapes", () => {
  const canonical = (value: unknown) => canonicalContract(value as ContractDocument);
  // The example of the RFC's section 3.2.2.
  assert.equal(
    canonical({
      numbers: [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      string: "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      literals: [null, true, false],
    }),
    String
      .raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`,
  );
  // Keys sort by UTF-16 code units, so the emoji's surrogates come before U+FB33 (section 3.2.3).
  assert.equal(
    canonical({
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis",
    }),
    '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis",' +
      '"€":"Euro Sign","😀":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
  );
  assert.equal(
    canonical({ b: [1e21, 1e20, 0.1, -0, 5e-7, 0.000001, -1.5], a: { z: "₹1,50,000", y: "\u2028" } }),
    '{"a":{"y":"\u2028","z":"₹1,50,000"},"b":[1e+21,100000000000000000000,0.1,0,5e-7,0.000001,-1.5]}',
  );
  assert.throws(() => canonical(undefined), TypeError);
});
