import assert from "node:assert/strict";
import type { BookingTerms } from "./booking_machine.ts";
import { buildContract, type ContractDocument, type ContractInput } from "./contract_document.ts";
import {
  actSignatoryRole,
  contractSections,
  placeLine,
  signatureBlocks,
  versionLine,
} from "./contract_text.ts";
import type { CancellationTier } from "./negotiation.ts";
import { formatDateTime } from "./time_format.ts";

const ISSUED = new Date("2026-11-01T06:30:00Z");
/** 8:00 pm in India on Saturday 12 December 2026. */
const START = new Date("2026-12-12T14:30:00Z");

const TERMS: BookingTerms = {
  fee: 15_000_000,
  currency: "INR",
  depositBps: 2_500,
  startsAt: START,
  durationMinutes: 90,
  travel: "shared",
  accommodation: "organizer",
  sound: "act",
  cancellationTier: "standard",
};

const SOLO: ContractInput = {
  bookingId: "booking-1",
  title: "Anoushka Sen live at The Quarter",
  version: 2,
  issuedAt: ISSUED,
  terms: TERMS,
  organizer: { userId: "org-user-1" },
  act: {
    id: "act-1",
    name: "Anoushka Sen",
    kind: "solo",
    signatory: { userId: "act-user-1", legalName: "Anoushka Sen" },
    address: null,
    members: [],
  },
  place: { venue: "The Quarter", address: "Royal Opera House", city: "Mumbai", venueTimeZone: null },
  clauses: {
    organizerLegalName: "Quarter Live Pvt Ltd",
    organizerAddress: null,
    rider: null,
    additionalTerms: null,
  },
};

const BAND: ContractInput = {
  ...SOLO,
  act: {
    ...SOLO.act,
    name: "The Raga Trio",
    kind: "band",
    signatory: { userId: "act-user-2", legalName: "Meera Iyer" },
    address: "12 Residency Road, Bengaluru",
    members: [{ name: "Meera Iyer", role: "Vocals" }, { name: "Arjun Rao", role: null }],
  },
};

function doc(input: ContractInput = SOLO, terms: Partial<BookingTerms> = {}): ContractDocument {
  return buildContract({ ...input, terms: { ...input.terms, ...terms } });
}

function section(d: ContractDocument, heading: string) {
  const found = contractSections(d).find((s) => s.heading.endsWith(heading));
  assert.ok(found, `no section "${heading}"`);
  return found;
}

Deno.test("the sections come numbered in order, the legal clauses after the terms", () => {
  const d = doc();
  assert.deepEqual(contractSections(d).map((s) => s.heading), [
    "1. The parties",
    "2. The performance",
    "3. The fee",
    "4. Cancellation by the organizer",
    "5. Travel, accommodation, sound and rider",
    ...d.clauses.map((c, i) => `${6 + i}. ${c.title}`),
  ]);
  for (const [i, c] of d.clauses.entries()) assert.deepEqual(contractSections(d)[5 + i].paragraphs, [c.text]);
});

Deno.test("the fee section states the rupee amounts with lakh grouping", () => {
  assert.deepEqual(section(doc(), "The fee").paragraphs, [
    "The organizer pays the act a fee of ₹1,50,000 (INR).",
    "A deposit of ₹37,500 (25% of the fee) is due within 7 days of both parties signing, and before the performance.",
    "The balance of ₹1,12,500 is due by Sat, 5 Dec 2026, 8:00 pm.",
    "No deposit can be paid before both parties have signed this agreement.",
  ]);
  const crore = section(doc(SOLO, { fee: 1_25_00_000_00, depositBps: 1_000 }), "The fee").paragraphs;
  assert.match(crore[0], /₹1,25,00,000 \(INR\)/);
  assert.match(crore[1], /₹12,50,000 \(10% of the fee\)/);
  assert.match(crore[2], /₹1,12,50,000/);
});

Deno.test("amounts that fall between rupees are stated to the paisa, never rounded", () => {
  // 25% of ₹1,50,001 is ₹37,500.25: the agreement must say what the hashed document holds.
  const d = doc(SOLO, { fee: 15_000_100 });
  assert.equal(d.money.deposit, 3_750_025);
  const fee = section(d, "The fee").paragraphs;
  assert.match(fee[0], /a fee of ₹1,50,001 \(INR\)/);
  assert.match(fee[1], /A deposit of ₹37,500\.25 \(25% of the fee\)/);
  assert.match(fee[2], /The balance of ₹1,12,500\.75 is due/);
  const table = section(d, "Cancellation by the organizer").table!.rows;
  assert.equal(table[1][2], "₹75,000.50");
  assert.match(section(doc(SOLO, { fee: 15_000_050 }), "The fee").paragraphs[0], /a fee of ₹1,50,000\.50 /);
});

Deno.test("the performance is dated on India's clock, with the venue's own zone named when abroad", () => {
  const d = doc();
  const when = section(d, "The performance").paragraphs;
  assert.deepEqual(when, [
    "Anoushka Sen live at The Quarter.",
    "Where: The Quarter, Royal Opera House, Mumbai.",
    "When: from Sat, 12 Dec 2026, 8:00 pm to Sat, 12 Dec 2026, 9:30 pm India time (IST, UTC+05:30), 1 hour 30 minutes on stage.",
  ]);
  assert.ok(when[2].includes(formatDateTime(d.performance.startsAt)));
  assert.ok(when[2].includes(formatDateTime(d.performance.endsAt)));

  const abroad = buildContract({ ...SOLO, place: { ...SOLO.place, venueTimeZone: "Asia/Dubai" } });
  assert.match(
    section(abroad, "The performance").paragraphs[2],
    /on stage\. Local time at the venue \(Asia\/Dubai\) applies to the day of the show\.$/,
  );
  assert.match(
    section(doc(SOLO, { durationMinutes: 120 }), "The performance").paragraphs[2],
    /, 2 hours on stage/,
  );
  assert.match(
    section(doc(SOLO, { durationMinutes: 45 }), "The performance").paragraphs[2],
    /, 45 minutes on stage/,
  );
  // Set lengths are any whole number of minutes, so one minute is counted in the singular.
  assert.match(
    section(doc(SOLO, { durationMinutes: 61 }), "The performance").paragraphs[2],
    /, 1 hour 1 minute on stage/,
  );
});

Deno.test("the version line dates the issue on India's clock", () => {
  assert.equal(
    versionLine(doc()),
    "Version 2, issued Sun, 1 Nov 2026, 12:00 pm (template performance-agreement v1)",
  );
});

Deno.test("the cancellation table has one row per rule of the tier, with its notice in words", () => {
  const rows = (tier: CancellationTier) =>
    section(doc(SOLO, { cancellationTier: tier }), "Cancellation by the organizer").table!.rows;
  assert.deepEqual(rows("standard"), [
    ["30 days or more", "0%", "₹0"],
    ["7 to 30 days", "50%", "₹75,000"],
    ["under 7 days", "100%", "₹1,50,000"],
  ]);
  assert.deepEqual(rows("strict"), [
    ["60 days or more", "25%", "₹37,500"],
    ["14 to 60 days", "75%", "₹1,12,500"],
    ["under 14 days", "100%", "₹1,50,000"],
  ]);
  assert.deepEqual(rows("flexible").map((r) => r[0]), ["7 days or more", "2 to 7 days", "under 2 days"]);
  const cancellation = section(doc(), "Cancellation by the organizer");
  assert.deepEqual(cancellation.table!.head, [
    "Notice before the show",
    "Share of the fee",
    "Owed to the act",
  ]);
  assert.match(cancellation.paragraphs[0], /^The standard cancellation terms apply\./);
});

Deno.test("the rider and the additional terms appear only when there are some", () => {
  const none = doc();
  assert.deepEqual(section(none, "Travel, accommodation, sound and rider").paragraphs, [
    "The organizer and the act share the cost of travel equally.",
    "The organizer provides accommodation for the act on the night of the performance.",
    "The act brings its own sound system.",
    "The act has no rider beyond the above.",
  ]);
  assert.ok(!contractSections(none).some((s) => s.heading.endsWith("Additional terms")));

  const some = buildContract({
    ...SOLO,
    clauses: { ...SOLO.clauses, rider: "A tanpura stand", additionalTerms: "Dinner for the act" },
  });
  const logistics = section(some, "Travel, accommodation, sound and rider").paragraphs;
  assert.equal(logistics.at(-1), "Rider: A tanpura stand");
  const sections = contractSections(some);
  assert.deepEqual(sections.at(-1), {
    heading: `${6 + some.clauses.length}. Additional terms`,
    paragraphs: ["Dinner for the act"],
  });
  assert.equal(sections.length, contractSections(none).length + 1);
});

Deno.test("a band's members are tabled under the parties; a solo act has no table", () => {
  const solo = section(doc(), "The parties");
  assert.equal(solo.table, undefined);
  assert.deepEqual(solo.paragraphs, [
    "Organizer: Quarter Live Pvt Ltd.",
    "Act: Anoushka Sen, represented by Anoushka Sen (the artist).",
  ]);

  const band = section(doc(BAND), "The parties");
  assert.deepEqual(band.table, {
    head: ["Band member", "Role"],
    rows: [["Meera Iyer", "Vocals"], ["Arjun Rao", "—"]],
  });
  assert.equal(
    band.paragraphs[1],
    "Act: The Raga Trio, represented by Meera Iyer (for The Raga Trio, as its manager), of 12 Residency Road, Bengaluru.",
  );
  const unlisted = section(doc({ ...BAND, act: { ...BAND.act, members: [] } }), "The parties");
  assert.deepEqual(unlisted.table?.rows, [["As listed by the band", "—"]]);
});

Deno.test("the signature blocks name each signatory and the capacity they sign in", () => {
  assert.deepEqual(signatureBlocks(doc(BAND)), [
    { party: "organizer", name: "Quarter Live Pvt Ltd", capacity: "the organizer" },
    { party: "act", name: "Meera Iyer", capacity: "for The Raga Trio, as its manager" },
  ]);
  assert.equal(actSignatoryRole(doc()), "the artist");
});

Deno.test("a place not yet known is to be agreed", () => {
  const nowhere = buildContract({
    ...SOLO,
    place: { venue: null, address: " ", city: null, venueTimeZone: null },
  });
  assert.equal(placeLine(nowhere), "To be agreed");
  assert.equal(
    placeLine(buildContract({ ...SOLO, place: { ...SOLO.place, address: null } })),
    "The Quarter, Mumbai",
  );
});
