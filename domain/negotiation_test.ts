import assert from "node:assert/strict";
import {
  depositAmount,
  endsAt,
  MAX_BOOKING_HORIZON_MS,
  MAX_FEE,
  MAX_OFFER_LIFETIME_MS,
  offerIssues,
  type OfferTerms,
  otherParty,
} from "./negotiation.ts";

const NOW = new Date("2025-03-01T10:00:00Z");
const DAY = 24 * 60 * 60 * 1000;
const at = (ms: number) => new Date(NOW.getTime() + ms);

function offer(overrides: Partial<OfferTerms> = {}): OfferTerms {
  return {
    fee: 15_000_000,
    currency: "INR",
    depositBps: 2_500,
    startsAt: at(40 * DAY),
    durationMinutes: 90,
    travel: "organizer",
    accommodation: "organizer",
    sound: "venue",
    cancellationTier: "standard",
    expiresAt: at(3 * DAY),
    note: "Two sets, one break",
    ...overrides,
  };
}

const fields = (terms: OfferTerms, opts?: { currency?: string }) =>
  offerIssues(terms, NOW, opts).map((issue) => issue.field);

Deno.test("a sensible offer has no issues", () => {
  assert.deepEqual(offerIssues(offer(), NOW), []);
  assert.deepEqual(
    offerIssues(offer({ note: null, depositBps: 0, fee: MAX_FEE }), NOW, { currency: "INR" }),
    [],
  );
});

Deno.test("the fee must be a positive whole number of minor units, at most MAX_FEE", () => {
  for (const fee of [0, -1, 1.5, MAX_FEE + 1, Number.NaN]) assert.deepEqual(fields(offer({ fee })), ["fee"]);
  assert.deepEqual(fields(offer({ fee: 1 })), []);
});

Deno.test("the currency is a three-letter code and cannot change during a negotiation", () => {
  assert.deepEqual(fields(offer({ currency: "inr" })), ["currency"]);
  assert.deepEqual(fields(offer({ currency: "RUPEE" })), ["currency"]);
  const [issue] = offerIssues(offer({ currency: "USD" }), NOW, { currency: "INR" });
  assert.deepEqual(issue, { field: "currency", message: "The negotiation is in INR" });
});

Deno.test("the deposit is whole basis points from 0 to 10000", () => {
  for (const depositBps of [-1, 10_001, 12.5]) {
    assert.deepEqual(fields(offer({ depositBps })), ["depositBps"]);
  }
  assert.deepEqual(fields(offer({ depositBps: 10_000 })), []);
});

Deno.test("the duration is whole minutes from 15 to 720", () => {
  for (const durationMinutes of [14, 721, 60.5]) {
    assert.deepEqual(fields(offer({ durationMinutes })), ["durationMinutes"]);
  }
  assert.deepEqual(fields(offer({ durationMinutes: 15 })), []);
  assert.deepEqual(fields(offer({ durationMinutes: 720 })), []);
});

Deno.test("the performance must start after now", () => {
  assert.deepEqual(fields(offer({ startsAt: NOW, expiresAt: NOW })), ["startsAt", "expiresAt"]);
  assert.deepEqual(fields(offer({ startsAt: new Date(Number.NaN) })), ["startsAt"]);
});

Deno.test("an offer expires after now, no later than the start and within 30 days", () => {
  assert.deepEqual(fields(offer({ expiresAt: NOW })), ["expiresAt"]);
  assert.deepEqual(fields(offer({ startsAt: at(DAY), expiresAt: at(DAY + 1) })), ["expiresAt"]);
  assert.deepEqual(fields(offer({ startsAt: at(DAY), expiresAt: at(DAY) })), []);
  assert.deepEqual(fields(offer({ expiresAt: at(MAX_OFFER_LIFETIME_MS) })), []);
  assert.deepEqual(fields(offer({ expiresAt: at(MAX_OFFER_LIFETIME_MS + 1) })), ["expiresAt"]);
  assert.deepEqual(fields(offer({ expiresAt: new Date("soon") })), ["expiresAt"]);
});

Deno.test("travel, accommodation, sound and tier must be known terms", () => {
  const bad = offer({
    travel: "train" as OfferTerms["travel"],
    accommodation: "tent" as OfferTerms["accommodation"],
    sound: "none" as OfferTerms["sound"],
    cancellationTier: "lenient" as OfferTerms["cancellationTier"],
  });
  assert.deepEqual(fields(bad), ["travel", "accommodation", "sound", "cancellationTier"]);
});

Deno.test("the note holds at most 2000 characters, counting code points not UTF-16 units", () => {
  assert.deepEqual(fields(offer({ note: "x".repeat(2000) })), []);
  assert.deepEqual(fields(offer({ note: "x".repeat(2001) })), ["note"]);
  assert.deepEqual(fields(offer({ note: "🎸".repeat(2000) })), []);
});

Deno.test("the deposit rounds down and stays exact where fee times basis points passes 2^53", () => {
  assert.equal(depositAmount(15_000_000, 2_500), 3_750_000);
  assert.equal(depositAmount(999, 3_333), 332);
  assert.equal(depositAmount(MAX_FEE - 1, 9_999), 9_998_999_999_999);
  assert.equal(depositAmount(MAX_FEE, 10_000), MAX_FEE);
  assert.equal(depositAmount(123, 0), 0);
});

Deno.test("a performance ends its duration after it starts", () => {
  assert.deepEqual(endsAt(new Date("2025-03-01T20:00:00Z"), 150), new Date("2025-03-01T22:30:00Z"));
});

Deno.test("the other party of the act is the organizer and back", () => {
  assert.equal(otherParty("act"), "organizer");
  assert.equal(otherParty("organizer"), "act");
});

Deno.test("a show is booked at most two years ahead", () => {
  assert.deepEqual(fields(offer({ startsAt: at(MAX_BOOKING_HORIZON_MS) })), []);
  assert.deepEqual(fields(offer({ startsAt: at(MAX_BOOKING_HORIZON_MS + 1) })), ["startsAt"]);
});
