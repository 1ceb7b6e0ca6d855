import assert from "node:assert/strict";
import {
  allowedEvents,
  type BookingEvent,
  type BookingSnapshot,
  type BookingTerms,
  DISPUTE_WINDOW_MS,
  type Effect,
  isFinal,
  type MachineActor,
  transition,
  type TransitionErrorCode,
  turnOf,
} from "./booking_machine.ts";
import { MAX_OFFERS, type OfferTerms } from "./negotiation.ts";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const T0 = new Date("2025-03-01T10:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const START = at(40 * DAY);
/** 90 minutes after START. */
const END = new Date(START.getTime() + 90 * 60_000);

const ASKED: BookingTerms = {
  fee: 10_000_000,
  currency: "INR",
  depositBps: 2_500,
  startsAt: START,
  durationMinutes: 90,
  travel: "organizer",
  accommodation: "organizer",
  sound: "venue",
  cancellationTier: "standard",
};

const INQUIRY: BookingSnapshot = {
  status: "inquiry",
  terms: ASKED,
  openOffer: null,
  offersMade: 0,
  paid: 0,
  refundDue: 0,
  disputed: false,
  contractSigned: false,
};

function offerMadeAt(now: Date, overrides: Partial<OfferTerms> = {}): OfferTerms {
  return { ...ASKED, expiresAt: new Date(now.getTime() + 2 * DAY), note: null, ...overrides };
}

function step(s: BookingSnapshot, event: BookingEvent, actor: MachineActor, now: Date) {
  const result = transition(s, event, actor, now);
  if (!result.ok) throw new Error(`${event.type} by ${actor} refused: ${result.error.message}`);
  return result;
}

function refusal(
  s: BookingSnapshot,
  event: BookingEvent,
  actor: MachineActor,
  now: Date,
): TransitionErrorCode {
  const result = transition(s, event, actor, now);
  assert.equal(result.ok, false, `${event.type} by ${actor} in ${s.status} should be refused`);
  return result.ok ? "not_allowed" : result.error.code;
}

// One booking walked down the happy path; each test starts from the state it needs.
const OFFERED =
  step(INQUIRY, { type: "offer", by: "organizer", offer: offerMadeAt(T0) }, "organizer", T0).next;
const NEGOTIATING = step(
  OFFERED,
  { type: "counter", by: "act", offer: offerMadeAt(at(HOUR), { fee: 12_000_000 }) },
  "act",
  at(HOUR),
).next;
const ACCEPTED = step(NEGOTIATING, { type: "accept", by: "organizer" }, "organizer", at(DAY)).next;
// Both parties signed the contract the accept generated (domain/contract_machine.ts).
const CONFIRMED = { ...ACCEPTED, contractSigned: true };
const PAID_DEPOSIT = step(CONFIRMED, { type: "pay_deposit", amount: 3_000_000 }, "system", at(DAY)).next;
const SCHEDULED = step(PAID_DEPOSIT, { type: "schedule" }, "system", at(DAY)).next;
const COMPLETED = step(SCHEDULED, { type: "complete" }, "organizer", END).next;
const DISPUTED = step(COMPLETED, { type: "dispute", reason: "Played half the set" }, "organizer", END).next;
const CANCELLED = step(PAID_DEPOSIT, { type: "cancel", reason: "Act is ill" }, "act", at(2 * DAY)).next;

Deno.test("offer: either party answers an inquiry with the first offer, round 1", () => {
  const offer = offerMadeAt(T0, { note: "Happy to talk" });
  const { next, effects } = step(INQUIRY, { type: "offer", by: "act", offer }, "act", T0);
  assert.equal(next.status, "offered");
  assert.deepEqual(next.openOffer, { round: 1, madeBy: "act", expiresAt: offer.expiresAt });
  assert.equal(next.offersMade, 1);
  assert.deepEqual(next.terms, ASKED);
  assert.deepEqual(effects, [
    { type: "record_offer", offer, round: 1, by: "act" },
    { type: "notify", to: "organizer" },
  ]);
  assert.equal(OFFERED.openOffer?.madeBy, "organizer");
});

Deno.test("offer: only a party may offer, only as itself, only in an inquiry", () => {
  const event: BookingEvent = { type: "offer", by: "act", offer: offerMadeAt(T0) };
  assert.equal(refusal(INQUIRY, event, "admin", T0), "not_allowed");
  assert.equal(refusal(INQUIRY, event, "system", T0), "not_allowed");
  assert.equal(refusal(INQUIRY, event, "organizer", T0), "not_allowed");
  assert.equal(refusal(OFFERED, event, "act", T0), "not_allowed");
});

Deno.test("offer: an invalid offer is refused with its field issues", () => {
  const result = transition(
    INQUIRY,
    { type: "offer", by: "act", offer: offerMadeAt(T0, { currency: "USD", durationMinutes: 5 }) },
    "act",
    T0,
  );
  assert.ok(!result.ok);
  assert.equal(result.error.code, "invalid_offer");
  assert.deepEqual(result.error.issues?.map((issue) => issue.field), ["currency", "durationMinutes"]);
});

Deno.test("counter: the party whose turn it is replaces the open offer with the next round", () => {
  const offer = offerMadeAt(at(HOUR), { fee: 12_000_000, note: "More please" });
  const { next, effects } = step(OFFERED, { type: "counter", by: "act", offer }, "act", at(HOUR));
  assert.equal(next.status, "negotiating");
  assert.deepEqual(next.openOffer, { round: 2, madeBy: "act", expiresAt: offer.expiresAt });
  assert.equal(next.offersMade, 2);
  assert.deepEqual(next.terms, { ...ASKED, fee: 12_000_000 });
  assert.deepEqual(effects, [
    { type: "close_offer", round: 1, outcome: "countered" },
    { type: "record_offer", offer, round: 2, by: "act" },
    { type: "notify", to: "organizer" },
  ]);
});

Deno.test("counter: refused out of turn, to non-parties, after expiry and when invalid", () => {
  const counter = (
    by: "act" | "organizer",
    now: Date,
    overrides: Partial<OfferTerms> = {},
  ): BookingEvent => ({
    type: "counter",
    by,
    offer: offerMadeAt(now, overrides),
  });
  assert.equal(refusal(OFFERED, counter("organizer", T0), "organizer", T0), "not_your_turn");
  assert.equal(refusal(OFFERED, counter("act", T0), "admin", T0), "not_allowed");
  assert.equal(refusal(OFFERED, counter("act", T0), "organizer", T0), "not_your_turn");
  assert.equal(refusal(OFFERED, counter("act", at(2 * DAY)), "act", at(2 * DAY)), "offer_expired");
  assert.equal(refusal(OFFERED, counter("act", T0, { currency: "EUR" }), "act", T0), "invalid_offer");
  assert.equal(refusal(INQUIRY, counter("act", T0), "act", T0), "not_allowed");
});

Deno.test("counter: after MAX_OFFERS offers only accept or decline remain", () => {
  let s = OFFERED;
  let now = T0;
  while (s.offersMade < MAX_OFFERS) {
    now = new Date(now.getTime() + HOUR);
    const by = turnOf(s)!;
    s = step(s, { type: "counter", by, offer: offerMadeAt(now) }, by, now).next;
  }
  const by = turnOf(s)!;
  assert.equal(refusal(s, { type: "counter", by, offer: offerMadeAt(now) }, by, now), "too_many_offers");
  assert.deepEqual(allowedEvents(s, by, now), ["accept", "decline", "cancel"]);
  assert.equal(step(s, { type: "accept", by }, by, now).next.status, "confirmed");
});

Deno.test("accept: confirms the open offer's terms and takes the act's calendar", () => {
  const { next, effects } = step(NEGOTIATING, { type: "accept", by: "organizer" }, "organizer", at(DAY));
  assert.deepEqual(next, { ...NEGOTIATING, status: "confirmed", openOffer: null });
  assert.deepEqual(effects, [
    { type: "close_offer", round: 2, outcome: "accepted" },
    { type: "occupy_calendar" },
    { type: "generate_contract" },
    { type: "notify", to: "act" },
  ]);
});

Deno.test("pay_deposit: no deposit before both parties have signed the contract", () => {
  assert.equal(
    refusal(ACCEPTED, { type: "pay_deposit", amount: 3_000_000 }, "system", at(DAY)),
    "contract_unsigned",
  );
  assert.ok(!allowedEvents(ACCEPTED, "system", at(DAY)).includes("pay_deposit"));
  assert.ok(allowedEvents(CONFIRMED, "system", at(DAY)).includes("pay_deposit"));
});

Deno.test("expire: a confirmed booking whose contract is unsigned when the show starts lapses", () => {
  assert.equal(refusal(ACCEPTED, { type: "expire" }, "system", new Date(START.getTime() - 1)), "too_early");
  assert.equal(refusal(ACCEPTED, { type: "expire" }, "organizer", START), "not_allowed");
  const { next, effects } = step(ACCEPTED, { type: "expire" }, "system", START);
  assert.equal(next.status, "cancelled");
  assert.deepEqual(effects.map((e) => e.type), ["release_calendar", "withdraw_contract", "notify"]);
  // Signed, it is the show's to complete, not to lapse.
  assert.equal(refusal(CONFIRMED, { type: "expire" }, "system", START), "not_allowed");
});

Deno.test("contract effects: completing the show completes it, an early end withdraws an unsigned one", () => {
  const completed = step(SCHEDULED, { type: "complete" }, "organizer", END).effects;
  assert.ok(completed.some((e) => e.type === "complete_contract"));
  const cancelled = step(CONFIRMED, { type: "cancel", reason: "Flood" }, "admin", at(DAY)).effects;
  assert.ok(cancelled.some((e) => e.type === "withdraw_contract"));
  const ruled = step(DISPUTED, { type: "resolve", outcome: "release" }, "admin", END).effects;
  assert.ok(ruled.some((e) => e.type === "complete_contract"));
});

Deno.test("accept: refused by the offer's maker, by non-parties and from the moment it expires", () => {
  const expiry = NEGOTIATING.openOffer!.expiresAt;
  assert.equal(refusal(NEGOTIATING, { type: "accept", by: "act" }, "act", at(DAY)), "not_your_turn");
  assert.equal(refusal(NEGOTIATING, { type: "accept", by: "organizer" }, "system", at(DAY)), "not_allowed");
  assert.equal(
    refusal(NEGOTIATING, { type: "accept", by: "organizer" }, "organizer", expiry),
    "offer_expired",
  );
  const justBefore = new Date(expiry.getTime() - 1);
  assert.ok(transition(NEGOTIATING, { type: "accept", by: "organizer" }, "organizer", justBefore).ok);
  assert.equal(refusal(CONFIRMED, { type: "accept", by: "organizer" }, "organizer", at(DAY)), "not_allowed");
});

Deno.test("decline: the act turns down an inquiry; no offer to close", () => {
  const { next, effects } = step(INQUIRY, { type: "decline", by: "act", reason: "Busy" }, "act", T0);
  assert.equal(next.status, "cancelled");
  assert.deepEqual(effects, [{ type: "notify", to: "organizer" }]);
  assert.equal(refusal(INQUIRY, { type: "decline", by: "organizer" }, "organizer", T0), "not_your_turn");
  assert.equal(refusal(INQUIRY, { type: "decline", by: "act" }, "admin", T0), "not_allowed");
});

Deno.test("decline: the party whose turn it is turns down the open offer", () => {
  const { next, effects } = step(OFFERED, { type: "decline", by: "act" }, "act", T0);
  assert.deepEqual(next, { ...OFFERED, status: "cancelled", openOffer: null });
  assert.deepEqual(effects, [
    { type: "close_offer", round: 1, outcome: "declined" },
    { type: "notify", to: "organizer" },
  ]);
  assert.equal(refusal(OFFERED, { type: "decline", by: "organizer" }, "organizer", T0), "not_your_turn");
  assert.equal(refusal(OFFERED, { type: "decline", by: "act" }, "act", at(2 * DAY)), "offer_expired");
  assert.equal(refusal(CONFIRMED, { type: "decline", by: "act" }, "act", at(DAY)), "not_allowed");
});

Deno.test("expire: the system lapses an open offer once its expiry is reached, not before", () => {
  const expiry = OFFERED.openOffer!.expiresAt;
  assert.equal(refusal(OFFERED, { type: "expire" }, "system", new Date(expiry.getTime() - 1)), "too_early");
  assert.equal(refusal(OFFERED, { type: "expire" }, "organizer", expiry), "not_allowed");
  const { next, effects } = step(OFFERED, { type: "expire" }, "system", expiry);
  assert.deepEqual(next, { ...OFFERED, status: "cancelled", openOffer: null });
  assert.deepEqual(effects, [
    { type: "close_offer", round: 1, outcome: "expired" },
    { type: "notify", to: "both" },
  ]);
  assert.equal(refusal(CONFIRMED, { type: "expire" }, "system", expiry), "not_allowed");
});

Deno.test("expire: an unanswered request lapses when its date comes, on the system's word only", () => {
  const date = INQUIRY.terms.startsAt;
  assert.equal(refusal(INQUIRY, { type: "expire" }, "system", new Date(date.getTime() - 1)), "too_early");
  assert.equal(refusal(INQUIRY, { type: "expire" }, "act", date), "not_allowed");
  const { next, effects } = step(INQUIRY, { type: "expire" }, "system", date);
  assert.deepEqual(next, { ...INQUIRY, status: "cancelled" });
  assert.deepEqual(effects, [{ type: "notify", to: "both" }]);
});

Deno.test("pay_deposit: partial payments add up until the deposit is covered", () => {
  // Deposit: 25% of 12,000,000 = 3,000,000.
  const partial = step(CONFIRMED, { type: "pay_deposit", amount: 1_000_000 }, "system", at(DAY));
  assert.equal(partial.next.status, "confirmed");
  assert.equal(partial.next.paid, 1_000_000);
  assert.deepEqual(partial.effects, [{ type: "record_payment", amount: 1_000_000 }, {
    type: "notify",
    to: "both",
  }]);
  const rest = step(partial.next, { type: "pay_deposit", amount: 2_000_000 }, "system", at(DAY));
  assert.equal(rest.next.status, "paid_deposit");
  assert.equal(rest.next.paid, 3_000_000);
});

Deno.test("pay_deposit: only the system records payments, of whole units, never above the fee", () => {
  assert.equal(refusal(CONFIRMED, { type: "pay_deposit", amount: 100 }, "organizer", at(DAY)), "not_allowed");
  assert.equal(refusal(CONFIRMED, { type: "pay_deposit", amount: 0 }, "system", at(DAY)), "amount_mismatch");
  assert.equal(refusal(CONFIRMED, { type: "pay_deposit", amount: -5 }, "system", at(DAY)), "amount_mismatch");
  assert.equal(
    refusal(CONFIRMED, { type: "pay_deposit", amount: 1.5 }, "system", at(DAY)),
    "amount_mismatch",
  );
  assert.equal(
    refusal(CONFIRMED, { type: "pay_deposit", amount: 12_000_001 }, "system", at(DAY)),
    "amount_mismatch",
  );
  assert.ok(transition(CONFIRMED, { type: "pay_deposit", amount: 12_000_000 }, "system", at(DAY)).ok);
  assert.equal(refusal(PAID_DEPOSIT, { type: "pay_deposit", amount: 1 }, "system", at(DAY)), "not_allowed");
});

Deno.test("pay_deposit: a booking with no deposit moves on with a zero payment and records none", () => {
  const noDeposit = { ...CONFIRMED, terms: { ...CONFIRMED.terms, depositBps: 0 } };
  const { next, effects } = step(noDeposit, { type: "pay_deposit", amount: 0 }, "system", at(DAY));
  assert.equal(next.status, "paid_deposit");
  assert.deepEqual(effects, [{ type: "notify", to: "both" }]);
});

Deno.test("schedule: either party or the system schedules a booking whose deposit is paid", () => {
  for (const actor of ["act", "organizer", "system"] as const) {
    const { next, effects } = step(PAID_DEPOSIT, { type: "schedule" }, actor, at(DAY));
    assert.equal(next.status, "scheduled");
    assert.deepEqual(effects, [{
      type: "notify",
      to: actor === "system" ? "both" : actor === "act" ? "organizer" : "act",
    }]);
  }
  assert.equal(refusal(PAID_DEPOSIT, { type: "schedule" }, "admin", at(DAY)), "not_allowed");
  assert.equal(refusal(CONFIRMED, { type: "schedule" }, "system", at(DAY)), "not_allowed");
});

Deno.test("complete: the organizer or the system completes once the performance has ended", () => {
  const justBefore = new Date(END.getTime() - 1);
  assert.equal(refusal(SCHEDULED, { type: "complete" }, "organizer", justBefore), "too_early");
  assert.equal(refusal(SCHEDULED, { type: "complete" }, "act", END), "not_allowed");
  const { next, effects } = step(SCHEDULED, { type: "complete" }, "system", END);
  assert.equal(next.status, "completed");
  assert.deepEqual(effects, [
    { type: "complete_contract" },
    { type: "release_escrow" },
    { type: "notify", to: "both" },
  ]);
  assert.equal(refusal(PAID_DEPOSIT, { type: "complete" }, "system", END), "not_allowed");
});

Deno.test("cancel: before confirmation nothing is owed; an open offer is withdrawn", () => {
  const inquiry = step(INQUIRY, { type: "cancel", reason: "Venue closed" }, "organizer", T0);
  assert.deepEqual(inquiry.next, { ...INQUIRY, status: "cancelled" });
  assert.deepEqual(inquiry.effects, [{ type: "notify", to: "act" }]);
  const offered = step(NEGOTIATING, { type: "cancel", reason: "Fraud" }, "admin", at(2 * HOUR));
  assert.deepEqual(offered.next, { ...NEGOTIATING, status: "cancelled", openOffer: null });
  assert.deepEqual(offered.effects, [
    { type: "close_offer", round: 2, outcome: "withdrawn" },
    { type: "notify", to: "both" },
  ]);
  assert.equal(refusal(OFFERED, { type: "cancel", reason: "x" }, "system", T0), "not_allowed");
});

Deno.test("cancel: an organizer cancelling after paying is refunded per tier; the calendar is freed", () => {
  // Standard tier, 38 days' notice: nothing owed, the 3,000,000 deposit goes back.
  const { next, effects } = step(PAID_DEPOSIT, { type: "cancel", reason: "Rain" }, "organizer", at(2 * DAY));
  assert.equal(next.status, "cancelled");
  assert.equal(next.refundDue, 3_000_000);
  assert.deepEqual(effects.map((e) => e.type), [
    "settle_cancellation",
    "refund_due",
    "release_calendar",
    "withdraw_contract",
    "notify",
  ]);
  assert.deepEqual(effects[1], { type: "refund_due", amount: 3_000_000 });
  assert.deepEqual(effects[4], { type: "notify", to: "act" });
  // Three days before: 100% of the fee owed, the deposit is kept and 9,000,000 is claimed.
  const late = step(
    SCHEDULED,
    { type: "cancel", reason: "Rain" },
    "organizer",
    new Date(START.getTime() - 3 * DAY),
  );
  assert.equal(late.next.refundDue, 0);
  const settle = late.effects[0] as Extract<Effect, { type: "settle_cancellation" }>;
  assert.equal(settle.split.retainedForAct, 3_000_000);
  assert.equal(settle.split.outstandingFromOrganizer, 9_000_000);
  assert.deepEqual(late.effects.map((e) => e.type), [
    "settle_cancellation",
    "release_calendar",
    "withdraw_contract",
    "notify",
  ]);
});

Deno.test("cancel: an act cancelling returns all that was paid; unpaid, the booking is final at once", () => {
  assert.equal(CANCELLED.refundDue, 3_000_000);
  const unpaid = step(CONFIRMED, { type: "cancel", reason: "Double booked" }, "act", at(2 * DAY)).next;
  assert.equal(unpaid.refundDue, 0);
  assert.ok(isFinal(unpaid, at(2 * DAY)));
});

Deno.test("cancel: refused from the performance start on, and from finished states", () => {
  assert.equal(refusal(SCHEDULED, { type: "cancel", reason: "x" }, "organizer", START), "too_late");
  assert.equal(refusal(CONFIRMED, { type: "cancel", reason: "x" }, "admin", START), "too_late");
  assert.equal(refusal(COMPLETED, { type: "cancel", reason: "x" }, "organizer", END), "not_allowed");
  assert.equal(refusal(CANCELLED, { type: "cancel", reason: "x" }, "organizer", END), "not_allowed");
});

Deno.test("dispute: scheduled ones from the start, completed ones until 7 days after the end", () => {
  const dispute: BookingEvent = { type: "dispute", reason: "No show" };
  assert.equal(refusal(SCHEDULED, dispute, "organizer", new Date(START.getTime() - 1)), "too_early");
  const { next, effects } = step(SCHEDULED, dispute, "organizer", START);
  assert.equal(next.status, "disputed");
  assert.deepEqual(effects, [{ type: "notify", to: "act" }]);
  const lastMoment = new Date(END.getTime() + DISPUTE_WINDOW_MS - 1);
  assert.ok(transition(COMPLETED, dispute, "act", lastMoment).ok);
  assert.equal(refusal(COMPLETED, dispute, "act", new Date(END.getTime() + DISPUTE_WINDOW_MS)), "too_late");
  // An admin raises one when voiding a signed contract after the show started.
  assert.ok(transition(COMPLETED, dispute, "admin", END).ok);
  assert.equal(refusal(COMPLETED, dispute, "system", END), "not_allowed");
  assert.equal(refusal(PAID_DEPOSIT, dispute, "organizer", END), "not_allowed");
});

Deno.test("dispute: once per booking; after a ruling to release, the booking is final", () => {
  const { next } = step(COMPLETED, { type: "dispute", reason: "Short set" }, "organizer", END);
  assert.equal(next.disputed, true);
  const released = step(next, { type: "resolve", outcome: "release" }, "admin", END).next;
  assert.equal(released.status, "completed");
  assert.equal(refusal(released, { type: "dispute", reason: "Again" }, "act", END), "not_allowed");
  assert.deepEqual(allowedEvents(released, "act", END), []);
  // Final once the balance still owed is paid.
  assert.ok(!isFinal(released, END));
  assert.deepEqual(allowedEvents(released, "system", END), ["pay_balance"]);
  const paid = step(
    released,
    { type: "pay_balance", amount: released.terms.fee - released.paid },
    "system",
    END,
  );
  assert.ok(isFinal(paid.next, END));
});

Deno.test("resolve: an admin releases the fee to the act or refunds part or all of what was paid", () => {
  const released = step(DISPUTED, { type: "resolve", outcome: "release" }, "admin", END);
  assert.equal(released.next.status, "completed");
  assert.deepEqual(released.effects, [
    { type: "complete_contract" },
    { type: "release_escrow" },
    { type: "notify", to: "both" },
  ]);
  const refunded = step(DISPUTED, { type: "resolve", outcome: "refund", amount: 3_000_000 }, "admin", END);
  assert.deepEqual(refunded.next, { ...DISPUTED, status: "refunded", refundDue: 3_000_000 });
  assert.deepEqual(refunded.effects, [
    { type: "refund_due", amount: 3_000_000 },
    { type: "release_escrow" },
    { type: "release_calendar" },
    { type: "notify", to: "both" },
  ]);
});

Deno.test("resolve: refused to parties, and for refunds outside 1..paid", () => {
  assert.equal(refusal(DISPUTED, { type: "resolve", outcome: "release" }, "act", END), "not_allowed");
  for (const amount of [0, 3_000_001, 2.5]) {
    assert.equal(
      refusal(DISPUTED, { type: "resolve", outcome: "refund", amount }, "admin", END),
      "amount_mismatch",
    );
  }
  assert.equal(refusal(COMPLETED, { type: "resolve", outcome: "release" }, "admin", END), "not_allowed");
});

Deno.test("refund: the system closes a cancellation by refunding exactly what is due", () => {
  const { next, effects } = step(CANCELLED, { type: "refund", amount: 3_000_000 }, "system", at(3 * DAY));
  assert.deepEqual(next, { ...CANCELLED, status: "refunded", refundDue: 0 });
  assert.deepEqual(effects, [{ type: "notify", to: "both" }]);
  assert.equal(
    refusal(CANCELLED, { type: "refund", amount: 2_999_999 }, "system", at(3 * DAY)),
    "amount_mismatch",
  );
  assert.equal(
    refusal(CANCELLED, { type: "refund", amount: 3_000_000 }, "admin", at(3 * DAY)),
    "not_allowed",
  );
  const nothingDue = { ...CANCELLED, refundDue: 0 };
  assert.equal(refusal(nothingDue, { type: "refund", amount: 0 }, "system", at(3 * DAY)), "not_allowed");
  assert.equal(refusal(next, { type: "refund", amount: 0 }, "system", at(3 * DAY)), "not_allowed");
});

Deno.test("turnOf: the act answers an inquiry; the other party answers an offer; nobody otherwise", () => {
  assert.equal(turnOf(INQUIRY), "act");
  assert.equal(turnOf(OFFERED), "act");
  assert.equal(turnOf(NEGOTIATING), "organizer");
  assert.equal(turnOf(CONFIRMED), null);
});

Deno.test("allowedEvents lists the buttons each actor may press", () => {
  assert.deepEqual(allowedEvents(INQUIRY, "act", T0), ["offer", "decline", "cancel"]);
  assert.deepEqual(allowedEvents(INQUIRY, "organizer", T0), ["offer", "cancel"]);
  assert.deepEqual(allowedEvents(OFFERED, "act", T0), ["counter", "accept", "decline", "cancel"]);
  assert.deepEqual(allowedEvents(OFFERED, "organizer", T0), ["cancel"]);
  assert.deepEqual(allowedEvents(OFFERED, "system", at(2 * DAY)), ["expire"]);
  assert.deepEqual(allowedEvents(SCHEDULED, "organizer", END), ["complete", "dispute"]);
  assert.deepEqual(allowedEvents(DISPUTED, "admin", END), ["resolve"]);
  assert.deepEqual(allowedEvents(CANCELLED, "system", END), ["refund"]);
});

Deno.test("isFinal: refunded, cancelled with nothing due, and completed past the dispute window", () => {
  const closed = new Date(END.getTime() + DISPUTE_WINDOW_MS);
  assert.ok(!isFinal(CANCELLED, END));
  assert.ok(isFinal({ ...CANCELLED, status: "refunded", refundDue: 0 }, END));
  const paidInFull = { ...COMPLETED, paid: COMPLETED.terms.fee };
  assert.ok(!isFinal(paidInFull, new Date(closed.getTime() - 1)));
  assert.ok(isFinal(paidInFull, closed));
  assert.ok(!isFinal(COMPLETED, closed), "a balance is still owed");
  assert.ok(!isFinal(DISPUTED, closed));
});

Deno.test("transition never changes the snapshot it was given", () => {
  const before = structuredClone(NEGOTIATING);
  step(NEGOTIATING, { type: "accept", by: "organizer" }, "organizer", at(DAY));
  step(NEGOTIATING, { type: "counter", by: "organizer", offer: offerMadeAt(at(DAY)) }, "organizer", at(DAY));
  assert.deepEqual(NEGOTIATING, before);
});

Deno.test("pay_balance: the rest of the fee after the deposit, up to the fee; released at once after the show", () => {
  const { next, effects } = step(SCHEDULED, { type: "pay_balance", amount: 2_000_000 }, "system", at(DAY));
  assert.deepEqual(next, { ...SCHEDULED, paid: SCHEDULED.paid + 2_000_000 });
  assert.deepEqual(effects, [{ type: "record_payment", amount: 2_000_000 }, { type: "notify", to: "both" }]);
  const owed = SCHEDULED.terms.fee - SCHEDULED.paid;
  assert.equal(
    refusal(SCHEDULED, { type: "pay_balance", amount: owed + 1 }, "system", at(DAY)),
    "amount_mismatch",
  );
  assert.equal(refusal(SCHEDULED, { type: "pay_balance", amount: 0 }, "system", at(DAY)), "amount_mismatch");
  assert.equal(refusal(SCHEDULED, { type: "pay_balance", amount: 1 }, "organizer", at(DAY)), "not_allowed");
  assert.equal(refusal(CONFIRMED, { type: "pay_balance", amount: 1 }, "system", at(DAY)), "not_allowed");

  const late = step(COMPLETED, { type: "pay_balance", amount: owed }, "system", END);
  assert.deepEqual(late.effects, [
    { type: "record_payment", amount: owed },
    { type: "release_escrow" },
    { type: "notify", to: "both" },
  ]);
  assert.equal(refusal(late.next, { type: "pay_balance", amount: 1 }, "system", END), "not_allowed");
  // The dispute window closing ends a completed booking only once the fee is paid in full.
  const afterWindow = new Date(END.getTime() + DISPUTE_WINDOW_MS);
  assert.equal(isFinal(COMPLETED, afterWindow), false);
  assert.equal(isFinal(late.next, afterWindow), true);
});
