import assert from "node:assert/strict";
import fc from "fast-check";
import {
  allowedEvents,
  type BookingEvent,
  type BookingEventType,
  type BookingSnapshot,
  type Effect,
  isFinal,
  type MachineActor,
  OCCUPYING_STATES,
  transition,
} from "./booking_machine.ts";
import { cancellationSplit } from "./cancellation_policy.ts";
import {
  CANCELLATION_TIERS,
  depositAmount,
  MAX_FEE,
  MAX_OFFER_LIFETIME_MS,
  MAX_OFFERS,
  type OfferTerms,
  otherParty,
  type Party,
} from "./negotiation.ts";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const T0 = new Date("2025-03-01T10:00:00Z").getTime();
const ACTORS: readonly MachineActor[] = ["act", "organizer", "admin", "system"];
const EVENT_TYPES: readonly BookingEventType[] = [
  "offer",
  "counter",
  "accept",
  "decline",
  "expire",
  "pay_deposit",
  "schedule",
  "complete",
  "cancel",
  "dispute",
  "resolve",
  "refund",
];
const isParty = (actor: MachineActor): actor is Party => actor === "act" || actor === "organizer";
const isOccupying = (s: BookingSnapshot) => (OCCUPYING_STATES as readonly string[]).includes(s.status);

/** What a step's event carries, decided up front and turned into an event against the state it meets. */
const payloadArb = fc.record({
  validOffer: fc.integer({ min: 0, max: 9 }).map((n) => n > 0),
  wrongParty: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
  startInMs: fc.integer({ min: HOUR, max: 60 * DAY }),
  expiryPermille: fc.integer({ min: 1, max: 1000 }),
  fee: fc.oneof(fc.integer({ min: 1, max: 50_000_000 }), fc.integer({ min: 1, max: MAX_FEE })),
  depositBps: fc.oneof(fc.constantFrom(0, 2_500, 5_000, 10_000), fc.integer({ min: 0, max: 10_000 })),
  durationMinutes: fc.integer({ min: 15, max: 720 }),
  tier: fc.constantFrom(...CANCELLATION_TIERS),
  amountKind: fc.integer({ min: 0, max: 5 }),
  amountPermille: fc.integer({ min: 0, max: 1000 }),
});
type Payload = typeof payloadArb extends fc.Arbitrary<infer P> ? P : never;

const stepArb = fc.record({
  // Mostly small steps so offers get answered before they lapse; some long ones so performances end.
  dtMs: fc.oneof(
    { arbitrary: fc.integer({ min: 0, max: 2 * HOUR }), weight: 4 },
    { arbitrary: fc.integer({ min: 0, max: 3 * DAY }), weight: 3 },
    { arbitrary: fc.integer({ min: 0, max: 30 * DAY }), weight: 1 },
  ),
  actor: fc.constantFrom(...ACTORS),
  // Picking among the allowed events most of the time is what takes sequences deep.
  followAllowed: fc.integer({ min: 0, max: 9 }).map((n) => n < 8),
  pick: fc.nat(),
  end: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
  // Counter whenever possible on some steps, so negotiations run into MAX_OFFERS.
  haggle: fc.boolean(),
  // Both parties sign the contract before this step (it happens outside the booking machine).
  signs: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
  type: fc.constantFrom(...EVENT_TYPES),
  payload: payloadArb,
});

type Step = typeof stepArb extends fc.Arbitrary<infer S> ? S : never;

const inquiryArb = fc.record({
  startInMs: fc.integer({ min: HOUR, max: 60 * DAY }),
  payload: payloadArb,
}).map(({ startInMs, payload }): BookingSnapshot => ({
  status: "inquiry",
  terms: {
    fee: payload.fee,
    currency: "INR",
    depositBps: payload.depositBps,
    startsAt: new Date(T0 + startInMs),
    durationMinutes: payload.durationMinutes,
    travel: "organizer",
    accommodation: "none",
    sound: "venue",
    cancellationTier: payload.tier,
  },
  openOffer: null,
  offersMade: 0,
  paid: 0,
  refundDue: 0,
  disputed: false,
  contractSigned: false,
}));

function offerFrom(s: BookingSnapshot, now: number, p: Payload): OfferTerms {
  const startsAt = now + p.startInMs;
  const lifetime = Math.min(p.startInMs, MAX_OFFER_LIFETIME_MS);
  const expiresAt = p.validOffer
    ? now + Math.max(1, Math.floor((lifetime * p.expiryPermille) / 1000))
    : startsAt + 1;
  return {
    fee: p.fee,
    currency: s.terms.currency,
    depositBps: p.depositBps,
    startsAt: new Date(startsAt),
    durationMinutes: p.durationMinutes,
    travel: "shared",
    accommodation: "organizer",
    sound: "act",
    cancellationTier: p.tier,
    expiresAt: new Date(expiresAt),
    note: null,
  };
}

/** An event of the given type with a payload that is sometimes right and sometimes deliberately wrong. */
function eventFrom(
  type: BookingEventType,
  s: BookingSnapshot,
  actor: MachineActor,
  now: number,
  p: Payload,
): BookingEvent {
  const self: Party = isParty(actor) ? actor : "act";
  const by = p.wrongParty ? otherParty(self) : self;
  const deposit = depositAmount(s.terms.fee, s.terms.depositBps);
  const fraction = (n: number) => Math.floor((n * p.amountPermille) / 1000);
  switch (type) {
    case "offer":
    case "counter":
      return { type, by, offer: offerFrom(s, now, p) } as BookingEvent;
    case "accept":
    case "decline":
      return { type, by } as BookingEvent;
    case "expire":
    case "schedule":
    case "complete":
      return { type } as BookingEvent;
    case "cancel":
    case "dispute":
      return { type, reason: "because" } as BookingEvent;
    case "pay_deposit": {
      const remaining = Math.max(0, deposit - s.paid);
      const amounts = [
        remaining,
        Math.max(1, fraction(remaining)),
        0,
        s.terms.fee - s.paid + 1,
        s.terms.fee - s.paid,
      ];
      return { type, amount: amounts[p.amountKind % amounts.length] };
    }
    case "pay_balance": {
      const remaining = s.terms.fee - s.paid;
      const amounts = [remaining, Math.max(1, fraction(remaining)), 0, remaining + 1, remaining, -1];
      return { type, amount: amounts[p.amountKind % amounts.length] };
    }
    case "resolve":
      if (p.amountKind < 2) return { type, outcome: "release" };
      return { type, outcome: "refund", amount: p.amountKind === 5 ? s.paid + 1 : fraction(s.paid) };
    case "refund": {
      const amounts = [s.refundDue, s.refundDue, s.refundDue, s.refundDue + 1, 0, s.refundDue - 1];
      return { type, amount: amounts[p.amountKind] };
    }
  }
}

/** An event of the type that succeeds whenever its guard passes: the witness for allowedEvents. */
function wellFormed(
  type: BookingEventType,
  s: BookingSnapshot,
  actor: MachineActor,
  now: number,
): BookingEvent {
  const witness: Payload = {
    validOffer: true,
    wrongParty: false,
    startInMs: 10 * DAY,
    expiryPermille: 100,
    fee: 5_000_000,
    depositBps: 1_000,
    durationMinutes: 60,
    tier: "standard",
    amountKind: 0,
    amountPermille: 1000,
  };
  return eventFrom(type, s, actor, now, witness);
}

const reached = new Map<string, number>();
const count = (key: string) => reached.set(key, (reached.get(key) ?? 0) + 1);

/** 1. refunded takes nothing; cancelled only a refund of what is due; completed only a dispute. */
function assertMayLeave(s: BookingSnapshot, type: BookingEventType) {
  assert.notEqual(s.status, "refunded");
  if (s.status === "cancelled") assert.ok(type === "refund" && s.refundDue > 0);
  // A completed booking may still be disputed, and its balance still paid.
  if (s.status === "completed") assert.ok(type === "dispute" || type === "pay_balance");
}

function checkStep(
  s: BookingSnapshot,
  now: number,
  event: BookingEvent,
  actor: MachineActor,
): BookingSnapshot {
  const clock = new Date(now);

  // 2. Never scheduled without the deposit.
  if (s.status === "scheduled") assert.ok(s.paid >= depositAmount(s.terms.fee, s.terms.depositBps));
  // 7. No deposit before both parties have signed the contract.
  if (s.paid > 0 || s.status === "paid_deposit") assert.ok(s.contractSigned);
  assert.ok(s.offersMade <= MAX_OFFERS);
  assert.ok(0 <= s.refundDue && s.refundDue <= s.paid && s.paid <= s.terms.fee);

  // 6. allowedEvents agrees with transition, for every actor and every event type;
  // 1. and nothing but a due refund leaves cancelled, nothing but a dispute leaves completed.
  for (const a of ACTORS) {
    const allowed = allowedEvents(s, a, clock);
    for (const type of EVENT_TYPES) {
      const result = transition(s, wellFormed(type, s, a, now), a, clock);
      assert.equal(result.ok, allowed.includes(type), `${type} by ${a} in ${s.status}`);
      if (result.ok) assertMayLeave(s, type);
    }
  }
  // Final means nobody can do anything any more.
  assert.equal(isFinal(s, clock), ACTORS.every((a) => allowedEvents(s, a, clock).length === 0));

  // 7. A confirmed booking takes no deposit until both parties have signed its contract.
  if (s.status === "confirmed" && !s.contractSigned) {
    const result = transition(s, wellFormed("pay_deposit", s, "system", now), "system", clock);
    assert.ok(!result.ok && result.error.code === "contract_unsigned");
    count("deposit refused unsigned");
  }

  // 4. The maker of the open offer can never answer it.
  if (s.openOffer) {
    const maker = s.openOffer.madeBy;
    for (const type of ["accept", "counter", "decline"] as const) {
      const result = transition(s, wellFormed(type, s, maker, now), maker, clock);
      assert.ok(!result.ok && result.error.code === "not_your_turn");
      count("maker refused");
    }
  }

  // 4. Once MAX_OFFERS exist, the party whose turn it is can only accept or decline.
  if (s.openOffer && s.offersMade >= MAX_OFFERS && s.openOffer.expiresAt.getTime() > now) {
    const turn = otherParty(s.openOffer.madeBy);
    const result = transition(s, wellFormed("counter", s, turn, now), turn, clock);
    assert.ok(!result.ok && result.error.code === "too_many_offers");
    count("offer limit refused");
  }

  const result = transition(s, event, actor, clock);
  const answersOwnOffer = s.openOffer?.madeBy === actor &&
    ["accept", "counter", "decline"].includes(event.type);
  if (answersOwnOffer) assert.ok(!result.ok && result.error.code === "not_your_turn");
  if (!result.ok) {
    count(result.error.code);
    return s;
  }
  const { next, effects } = result;
  assert.ok(allowedEvents(s, actor, clock).includes(event.type), "an event that succeeds is always listed");
  assertMayLeave(s, event.type);
  // 3. refunded is entered only from cancelled or disputed.
  if (next.status === "refunded") {
    assert.ok(s.status === "cancelled" || s.status === "disputed");
    count(`refunded from ${s.status}`);
  }

  const notifications = effects.filter((e): e is Extract<Effect, { type: "notify" }> => e.type === "notify");
  assert.deepEqual(notifications.map((e) => e.to), [isParty(actor) ? otherParty(actor) : "both"]);
  const occupies = effects.some((e) => e.type === "occupy_calendar");
  const releases = effects.some((e) => e.type === "release_calendar");
  assert.equal(occupies, !isOccupying(s) && isOccupying(next), "calendar taken exactly when entering");
  assert.equal(releases, isOccupying(s) && !isOccupying(next), "calendar freed exactly when leaving");

  count(next.status);
  return next;
}

const ENDINGS: readonly BookingEventType[] = ["cancel", "decline"];

/**
 * An allowed event for the first actor, counting from the step's, who has one. Endings count only on
 * steps that ask for them: otherwise every history would stop at "cancelled" (a scheduled booking
 * before its start allows nothing else). With no choice the step's own, usually refused, event runs.
 */
function chooseAllowed(s: BookingSnapshot, now: Date, step: Pick<Step, "actor" | "pick" | "end" | "haggle">) {
  const first = ACTORS.indexOf(step.actor);
  for (let i = 0; i < ACTORS.length; i++) {
    const actor = ACTORS[(first + i) % ACTORS.length];
    const allowed = allowedEvents(s, actor, now).filter((t) => step.end || !ENDINGS.includes(t));
    if (step.haggle && allowed.includes("counter")) return { actor, type: "counter" as const };
    if (allowed.length > 0) return { actor, type: allowed[step.pick % allowed.length] };
  }
  return null;
}

Deno.test("random booking histories keep every machine invariant and reach every deep state", () => {
  fc.assert(
    fc.property(inquiryArb, fc.array(stepArb, { maxLength: 30, size: "max" }), (inquiry, steps) => {
      let s = inquiry;
      let now = T0;
      for (const step of steps) {
        now += step.dtMs;
        if (step.signs && s.status !== "inquiry") s = { ...s, contractSigned: true };
        const chosen = step.followAllowed ? chooseAllowed(s, new Date(now), step) : null;
        const actor = chosen?.actor ?? step.actor;
        const type = chosen?.type ?? step.type;
        s = checkStep(s, now, eventFrom(type, s, actor, now, step.payload), actor);
      }
    }),
    { numRuns: 1000 },
  );
  // Without these the properties above could pass on shallow histories.
  for (
    const key of [
      "negotiating",
      "confirmed",
      "paid_deposit",
      "scheduled",
      "completed",
      "disputed",
      "refunded from cancelled",
      "refunded from disputed",
      "maker refused",
      "offer limit refused",
      "invalid_offer",
      "amount_mismatch",
      "deposit refused unsigned",
    ]
  ) {
    assert.ok((reached.get(key) ?? 0) >= 5, `${key} reached ${reached.get(key) ?? 0} times`);
  }
});

Deno.test("every cancellation split conserves money in whole non-negative minor units", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: MAX_FEE }),
      fc.integer({ min: 0, max: 10_000 }),
      fc.constantFrom(...CANCELLATION_TIERS),
      fc.constantFrom("act", "organizer", "admin" as const),
      fc.integer({ min: -10 * DAY, max: 120 * DAY }),
      (fee, paidBps, tier, cancelledBy, noticeMs) => {
        const paid = depositAmount(fee, paidBps);
        const split = cancellationSplit({
          tier,
          cancelledBy,
          fee,
          paid,
          startsAt: new Date(T0 + noticeMs),
          now: new Date(T0),
        });
        const amounts = [
          split.owedToAct,
          split.retainedForAct,
          split.refundToOrganizer,
          split.outstandingFromOrganizer,
        ];
        for (const amount of amounts) assert.ok(Number.isSafeInteger(amount) && amount >= 0);
        assert.equal(split.retainedForAct + split.refundToOrganizer, paid);
        assert.equal(split.retainedForAct + split.outstandingFromOrganizer, split.owedToAct);
        assert.equal(BigInt(split.owedToAct), (BigInt(fee) * BigInt(split.owedToActBps)) / 10_000n);
        assert.ok(split.owedToAct <= fee);
        if (cancelledBy !== "organizer") assert.equal(split.refundToOrganizer, paid);
      },
    ),
    { numRuns: 1000 },
  );
});

Deno.test("an organizer never owes more for cancelling earlier", () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...CANCELLATION_TIERS),
      fc.integer({ min: 0, max: 120 * DAY }),
      fc.integer({ min: 0, max: 120 * DAY }),
      (tier, a, b) => {
        const owed = (noticeMs: number) =>
          cancellationSplit({
            tier,
            cancelledBy: "organizer",
            fee: 1_000_000,
            paid: 0,
            startsAt: new Date(T0 + noticeMs),
            now: new Date(T0),
          }).owedToAct;
        assert.ok(owed(Math.max(a, b)) <= owed(Math.min(a, b)));
      },
    ),
  );
});
