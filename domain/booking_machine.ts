/**
 * The life of a booking as a pure state machine. Services load a snapshot,
 * call `transition` with the event, the actor and the clock, then persist
 * `next` and carry out the effects in one transaction; nothing here reads the
 * clock or a database, so every rule is testable by itself.
 *
 * | event       | from         | actor             | to                     | when                   |
 * | ----------- | ------------ | ----------------- | ---------------------- | ---------------------- |
 * | offer       | inquiry      | party             | offered                | valid, same currency   |
 * | counter     | negotiation  | turn              | negotiating            | open; < MAX_OFFERS     |
 * | accept      | negotiation  | turn              | confirmed              | open                   |
 * | decline     | inquiry      | act               | cancelled              |                        |
 * | decline     | negotiation  | turn              | cancelled              | open                   |
 * | expire      | inquiry      | system            | cancelled              | now >= startsAt        |
 * | expire      | negotiation  | system            | cancelled              | expired                |
 * | expire      | confirmed    | system            | cancelled              | unsigned; now >= start |
 * | pay_deposit | confirmed    | system            | confirmed/paid_deposit | signed; paid <= fee    |
 * | pay_balance | paid         | system            | (unchanged)            | paid < fee; paid <= fee|
 * | schedule    | paid_deposit | party, system     | scheduled              |                        |
 * | complete    | scheduled    | organizer, system | completed              | now >= endsAt          |
 * | cancel      | inquiry      | party, admin      | cancelled              |                        |
 * | cancel      | negotiation  | party, admin      | cancelled              | withdraws the offer    |
 * | cancel      | booked       | party, admin      | cancelled              | now < startsAt; split  |
 * | dispute     | scheduled    | party, admin      | disputed               | now >= startsAt        |
 * | dispute     | completed    | party, admin      | disputed               | in the dispute window  |
 * | resolve     | disputed     | admin             | completed/refunded     | refund 1..paid         |
 * | refund      | cancelled    | system            | refunded               | amount = refundDue > 0 |
 *
 * negotiation = offered or negotiating, with an open offer; booked = confirmed, paid_deposit or
 * scheduled; paid = paid_deposit, scheduled or completed (the balance and milestones after the deposit); party = act or organizer (an event's `by` must be the actor); turn = the party the open
 * offer was made to (`turnOf`); open = the open offer has not reached its expiresAt; expired = it has.
 * pay_deposit moves to paid_deposit once paid >= depositAmount(fee, depositBps); signed = both
 * parties have signed the booking's contract (domain/contract_machine.ts): no deposit before that,
 * and a confirmed booking whose contract is still unsigned when the show starts lapses.
 * Accepting occupies the calendar and generates the contract; cancelling a booked booking or
 * resolving a dispute with a refund frees the calendar and voids a contract not yet signed by both
 * (a signed one stands: its cancellation terms were applied). Completing the show, or a ruling that
 * releases the money, completes the contract. The money held in escrow is released to the act
 * when the show is completed or a ruling says so (`release_escrow`, after any refund the ruling
 * orders), and a payment arriving after completion is released at once. An admin raises a dispute when voiding a signed
 * contract after the show has started. The dispute window is DISPUTE_WINDOW_MS from endsAt. A
 * booking is disputed at most once: an admin's ruling is final.
 *
 * Anything else is refused. Every success notifies whoever did not act (both
 * parties when the system or an admin acted).
 */
import type { FieldIssue } from "./errors.ts";
import { type CancellationSplit, cancellationSplit } from "./cancellation_policy.ts";
import {
  depositAmount,
  endsAt,
  MAX_OFFERS,
  offerIssues,
  type OfferTerms,
  otherParty,
  type Party,
} from "./negotiation.ts";

export const BOOKING_STATES = [
  "inquiry",
  "offered",
  "negotiating",
  "confirmed",
  "paid_deposit",
  "scheduled",
  "completed",
  "cancelled",
  "disputed",
  "refunded",
] as const;
export type BookingState = typeof BOOKING_STATES[number];

/** States in which the act's time is taken (the database's exclusion constraint uses the same list). */
export const OCCUPYING_STATES = ["confirmed", "paid_deposit", "scheduled", "completed", "disputed"] as const;

/** States of a request not yet agreed: someone still has to answer (the calendar shows them as tentative). */
export const AWAITING_REPLY_STATES = ["inquiry", "offered", "negotiating"] as const;

/** States of a show that is agreed and still to come (or not yet marked completed). */
export const UPCOMING_STATES = ["confirmed", "paid_deposit", "scheduled"] as const;

/** How long after the performance ends either party may still raise a dispute. */
export const DISPUTE_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

export type MachineActor = Party | "admin" | "system";

export interface OpenOffer {
  round: number;
  madeBy: Party;
  expiresAt: Date;
}

/** The terms a booking carries: an offer's terms without what only matters while it is open. */
export type BookingTerms = Omit<OfferTerms, "expiresAt" | "note">;

export interface BookingSnapshot {
  status: BookingState;
  /** The latest offer's terms (agreed once confirmed); for an inquiry, what was asked. */
  terms: BookingTerms;
  /** The offer awaiting an answer. */
  openOffer: OpenOffer | null;
  /** How many offers exist (rounds). */
  offersMade: number;
  /** Minor units received from the organizer so far (refunds do not lower it). */
  paid: number;
  /**
   * Minor units to return to the organizer: set by a cancellation (cleared by the
   * refund event) or by a dispute resolved with a refund (kept on the final state
   * as the amount the refund_due effect ordered).
   */
  refundDue: number;
  /** Whether a dispute was ever raised: there is one per booking, and the ruling on it is final. */
  disputed: boolean;
  /** Whether both parties have signed the booking's contract. */
  contractSigned: boolean;
}

export type BookingEvent =
  | { type: "offer"; by: Party; offer: OfferTerms }
  | { type: "counter"; by: Party; offer: OfferTerms }
  | { type: "accept"; by: Party }
  | { type: "decline"; by: Party; reason?: string }
  | { type: "expire" }
  | { type: "pay_deposit"; amount: number }
  | { type: "pay_balance"; amount: number }
  | { type: "schedule" }
  | { type: "complete" }
  | { type: "cancel"; reason: string }
  | { type: "dispute"; reason: string }
  | { type: "resolve"; outcome: "release" }
  | { type: "resolve"; outcome: "refund"; amount: number }
  | { type: "refund"; amount: number };
export type BookingEventType = BookingEvent["type"];

export type Effect =
  | { type: "record_offer"; offer: OfferTerms; round: number; by: Party }
  | {
    type: "close_offer";
    round: number;
    outcome: "accepted" | "declined" | "countered" | "expired" | "withdrawn";
  }
  | { type: "occupy_calendar" }
  | { type: "release_calendar" }
  | { type: "settle_cancellation"; split: CancellationSplit }
  | { type: "refund_due"; amount: number }
  | { type: "record_payment"; amount: number }
  /** What escrow holds, less refunds ordered, goes to the act (less the platform's fee). */
  | { type: "release_escrow" }
  /** Draft the contract from the terms just agreed. */
  | { type: "generate_contract" }
  /** The show is over (or the money released): the contract is fulfilled. */
  | { type: "complete_contract" }
  /** The booking ended early: a contract not yet signed by both is voided. */
  | { type: "withdraw_contract" }
  | { type: "notify"; to: Party | "both" };

export type TransitionErrorCode =
  | "not_allowed"
  | "not_your_turn"
  | "offer_expired"
  | "too_many_offers"
  | "invalid_offer"
  | "too_early"
  | "too_late"
  | "amount_mismatch"
  | "contract_unsigned";

export interface TransitionError {
  code: TransitionErrorCode;
  message: string;
  issues?: FieldIssue[];
}

export type TransitionResult =
  | { ok: true; next: BookingSnapshot; effects: Effect[] }
  | { ok: false; error: TransitionError };

/** Who must answer: the party the open offer was made to; in an inquiry, the act. */
export function turnOf(s: BookingSnapshot): Party | null {
  if (s.status === "inquiry") return "act";
  if ((s.status === "offered" || s.status === "negotiating") && s.openOffer) {
    return otherParty(s.openOffer.madeBy);
  }
  return null;
}

function isParty(actor: MachineActor): actor is Party {
  return actor === "act" || actor === "organizer";
}

function isOccupying(status: BookingState): boolean {
  return (OCCUPYING_STATES as readonly BookingState[]).includes(status);
}

function refuse(code: TransitionErrorCode, message: string, issues?: FieldIssue[]): TransitionResult {
  return { ok: false, error: issues ? { code, message, issues } : { code, message } };
}

type Guard = (s: BookingSnapshot, actor: MachineActor, now: Date) => TransitionError | null;

const error = (code: TransitionErrorCode, message: string): TransitionError => ({ code, message });

function notFrom(s: BookingSnapshot, type: BookingEventType): TransitionError {
  return error("not_allowed", `A booking that is ${s.status} cannot take "${type}"`);
}

/** The checks shared by counter, accept and decline of an open offer. */
function answerGuard(s: BookingSnapshot, actor: MachineActor, now: Date): TransitionError | null {
  if (!isParty(actor)) return error("not_allowed", "Only the act or the organizer can answer an offer");
  if (actor !== turnOf(s)) return error("not_your_turn", "The other party has to answer this offer");
  if (s.openOffer!.expiresAt.getTime() <= now.getTime()) {
    return error("offer_expired", "The offer has expired");
  }
  return null;
}

const negotiating = (s: BookingSnapshot) =>
  (s.status === "offered" || s.status === "negotiating") && s.openOffer !== null;

/**
 * Everything about an event that does not depend on its payload. `transition`
 * runs these first and `allowedEvents` runs only these, so the two agree: any
 * event that passes its guard has a payload that succeeds.
 */
const GUARDS: Record<BookingEventType, Guard> = {
  offer: (s, actor) => {
    if (s.status !== "inquiry") return notFrom(s, "offer");
    return isParty(actor) ? null : error("not_allowed", "Only the act or the organizer can make an offer");
  },
  counter: (s, actor, now) => {
    if (!negotiating(s)) return notFrom(s, "counter");
    const refused = answerGuard(s, actor, now);
    if (refused) return refused;
    if (s.offersMade >= MAX_OFFERS) {
      return error("too_many_offers", `After ${MAX_OFFERS} offers the booking must be accepted or declined`);
    }
    return null;
  },
  accept: (s, actor, now) => negotiating(s) ? answerGuard(s, actor, now) : notFrom(s, "accept"),
  decline: (s, actor, now) => {
    if (negotiating(s)) return answerGuard(s, actor, now);
    if (s.status !== "inquiry") return notFrom(s, "decline");
    if (!isParty(actor)) return error("not_allowed", "Only the act can decline an inquiry");
    // The organizer withdraws an inquiry with cancel; declining is the act's answer.
    return actor === "act" ? null : error("not_your_turn", "Only the act can decline an inquiry");
  },
  expire: (s, actor, now) => {
    // A request nobody answered lapses when its date comes: it can no longer be played.
    if (s.status === "inquiry") {
      if (actor !== "system") return error("not_allowed", "Requests lapse on their own");
      return s.terms.startsAt.getTime() <= now.getTime()
        ? null
        : error("too_early", "The requested date has not come yet");
    }
    if (s.status === "confirmed" && !s.contractSigned) {
      if (actor !== "system") return error("not_allowed", "Unsigned bookings lapse on their own");
      return s.terms.startsAt.getTime() <= now.getTime()
        ? null
        : error("too_early", "The contract can still be signed before the show");
    }
    if (!negotiating(s)) return notFrom(s, "expire");
    if (actor !== "system") return error("not_allowed", "Offers expire on their own");
    return s.openOffer!.expiresAt.getTime() <= now.getTime()
      ? null
      : error("too_early", "The offer has not expired yet");
  },
  pay_deposit: (s, actor) => {
    if (s.status !== "confirmed") return notFrom(s, "pay_deposit");
    if (actor !== "system") return error("not_allowed", "Only the payments ledger records payments");
    return s.contractSigned
      ? null
      : error("contract_unsigned", "No deposit can be paid before both parties have signed the contract");
  },
  pay_balance: (s, actor) => {
    if (s.status !== "paid_deposit" && s.status !== "scheduled" && s.status !== "completed") {
      return notFrom(s, "pay_balance");
    }
    if (actor !== "system") return error("not_allowed", "Only the payments ledger records payments");
    return s.paid < s.terms.fee ? null : error("not_allowed", "The fee has been paid in full");
  },
  schedule: (s, actor) => {
    if (s.status !== "paid_deposit") return notFrom(s, "schedule");
    return actor === "admin" ? error("not_allowed", "An admin does not schedule bookings") : null;
  },
  complete: (s, actor, now) => {
    if (s.status !== "scheduled") return notFrom(s, "complete");
    if (actor !== "organizer" && actor !== "system") {
      return error("not_allowed", "Only the organizer or the system marks a booking completed");
    }
    return now.getTime() >= endsAt(s.terms.startsAt, s.terms.durationMinutes).getTime()
      ? null
      : error("too_early", "The performance has not ended yet");
  },
  cancel: (s, actor, now) => {
    if (actor === "system") return error("not_allowed", "The system does not cancel bookings");
    if (s.status === "inquiry" || s.status === "offered" || s.status === "negotiating") return null;
    if (s.status !== "confirmed" && s.status !== "paid_deposit" && s.status !== "scheduled") {
      return notFrom(s, "cancel");
    }
    return now.getTime() < s.terms.startsAt.getTime()
      ? null
      : error("too_late", "The performance has started: raise a dispute instead");
  },
  dispute: (s, actor, now) => {
    if (s.status !== "scheduled" && s.status !== "completed") return notFrom(s, "dispute");
    if (!isParty(actor) && actor !== "admin") {
      return error("not_allowed", "Only the act, the organizer or an admin can raise a dispute");
    }
    if (s.disputed) {
      return error("not_allowed", "This booking was disputed once already; the ruling is final");
    }
    if (s.status === "scheduled") {
      return now.getTime() >= s.terms.startsAt.getTime()
        ? null
        : error("too_early", "Before the performance starts, cancel instead");
    }
    const deadline = endsAt(s.terms.startsAt, s.terms.durationMinutes).getTime() + DISPUTE_WINDOW_MS;
    return now.getTime() < deadline ? null : error("too_late", "The dispute window has closed");
  },
  resolve: (s, actor) => {
    if (s.status !== "disputed") return notFrom(s, "resolve");
    return actor === "admin" ? null : error("not_allowed", "Only an admin resolves disputes");
  },
  refund: (s, actor) => {
    if (s.status !== "cancelled" || s.refundDue <= 0) return error("not_allowed", "No refund is due");
    return actor === "system" ? null : error("not_allowed", "Only the payments ledger records refunds");
  },
};

/** Which events the actor could make now: the buttons a page shows. */
export function allowedEvents(s: BookingSnapshot, actor: MachineActor, now: Date): BookingEventType[] {
  return (Object.keys(GUARDS) as BookingEventType[]).filter((type) => GUARDS[type](s, actor, now) === null);
}

/** Nothing can happen to the booking any more, whoever asks. */
export function isFinal(s: BookingSnapshot, now: Date): boolean {
  switch (s.status) {
    case "refunded":
      return true;
    case "cancelled":
      return s.refundDue === 0;
    case "completed":
      // A balance still owed can be paid after the show, so the booking is not over until it is.
      return s.paid >= s.terms.fee && (s.disputed ||
        now.getTime() >= endsAt(s.terms.startsAt, s.terms.durationMinutes).getTime() + DISPUTE_WINDOW_MS);
    default:
      return false;
  }
}

function termsOf({ expiresAt: _expiresAt, note: _note, ...terms }: OfferTerms): BookingTerms {
  return terms;
}

function notify(actor: MachineActor): Effect {
  return { type: "notify", to: isParty(actor) ? otherParty(actor) : "both" };
}

function closeOpenOffer(s: BookingSnapshot, outcome: "declined" | "withdrawn" | "expired"): Effect[] {
  return s.openOffer ? [{ type: "close_offer", round: s.openOffer.round, outcome }] : [];
}

function ok(next: BookingSnapshot, effects: Effect[]): TransitionResult {
  return { ok: true, next, effects };
}

export function transition(
  s: BookingSnapshot,
  event: BookingEvent,
  actor: MachineActor,
  now: Date,
): TransitionResult {
  const refused = GUARDS[event.type](s, actor, now);
  if (refused) return { ok: false, error: refused };
  if ("by" in event && event.by !== actor) {
    return refuse("not_allowed", "An event can only be made by the party it names");
  }

  switch (event.type) {
    case "offer":
    case "counter": {
      const issues = offerIssues(event.offer, now, { currency: s.terms.currency });
      if (issues.length > 0) return refuse("invalid_offer", "The offer is not valid", issues);
      const round = s.offersMade + 1;
      const closed: Effect[] = s.openOffer
        ? [{ type: "close_offer", round: s.openOffer.round, outcome: "countered" }]
        : [];
      return ok({
        ...s,
        status: event.type === "offer" ? "offered" : "negotiating",
        terms: termsOf(event.offer),
        openOffer: { round, madeBy: event.by, expiresAt: event.offer.expiresAt },
        offersMade: round,
      }, [...closed, { type: "record_offer", offer: event.offer, round, by: event.by }, notify(actor)]);
    }
    case "accept":
      return ok({ ...s, status: "confirmed", openOffer: null }, [
        { type: "close_offer", round: s.openOffer!.round, outcome: "accepted" },
        { type: "occupy_calendar" },
        { type: "generate_contract" },
        notify(actor),
      ]);
    case "decline":
      return ok({ ...s, status: "cancelled", openOffer: null }, [
        ...closeOpenOffer(s, "declined"),
        notify(actor),
      ]);
    case "expire":
      if (s.status === "confirmed") {
        return ok({ ...s, status: "cancelled" }, [
          { type: "release_calendar" },
          { type: "withdraw_contract" },
          notify(actor),
        ]);
      }
      return ok({ ...s, status: "cancelled", openOffer: null }, [
        ...closeOpenOffer(s, "expired"),
        notify(actor),
      ]);
    case "pay_deposit": {
      const { amount } = event;
      const deposit = depositAmount(s.terms.fee, s.terms.depositBps);
      // A zero amount only makes sense to move a booking whose deposit is zero.
      const minimum = s.paid >= deposit ? 0 : 1;
      if (!Number.isSafeInteger(amount) || amount < minimum || s.paid + amount > s.terms.fee) {
        return refuse("amount_mismatch", `A payment must be whole minor units from ${minimum} up to the fee`);
      }
      const paid = s.paid + amount;
      const recorded: Effect[] = amount > 0 ? [{ type: "record_payment", amount }] : [];
      return ok({ ...s, status: paid >= deposit ? "paid_deposit" : "confirmed", paid }, [
        ...recorded,
        notify(actor),
      ]);
    }
    case "pay_balance": {
      const { amount } = event;
      if (!Number.isSafeInteger(amount) || amount < 1 || s.paid + amount > s.terms.fee) {
        return refuse(
          "amount_mismatch",
          `A payment must be whole minor units from 1 up to ${s.terms.fee - s.paid}`,
        );
      }
      const released: Effect[] = s.status === "completed" ? [{ type: "release_escrow" }] : [];
      return ok({ ...s, paid: s.paid + amount }, [
        { type: "record_payment", amount },
        ...released,
        notify(actor),
      ]);
    }
    case "schedule":
      return ok({ ...s, status: "scheduled" }, [notify(actor)]);
    case "complete":
      return ok({ ...s, status: "completed" }, [
        { type: "complete_contract" },
        { type: "release_escrow" },
        notify(actor),
      ]);
    case "cancel": {
      if (!isOccupying(s.status)) {
        return ok({ ...s, status: "cancelled", openOffer: null }, [
          ...closeOpenOffer(s, "withdrawn"),
          notify(actor),
        ]);
      }
      const split = cancellationSplit({
        tier: s.terms.cancellationTier,
        // The cancel guard has already refused the system.
        cancelledBy: actor as Party | "admin",
        fee: s.terms.fee,
        paid: s.paid,
        startsAt: s.terms.startsAt,
        now,
      });
      const refund = split.refundToOrganizer;
      return ok({ ...s, status: "cancelled", refundDue: refund }, [
        { type: "settle_cancellation", split },
        ...(refund > 0 ? [{ type: "refund_due", amount: refund } as const] : []),
        { type: "release_calendar" },
        { type: "withdraw_contract" },
        notify(actor),
      ]);
    }
    case "dispute":
      return ok({ ...s, status: "disputed", disputed: true }, [notify(actor)]);
    case "resolve": {
      if (event.outcome === "release") {
        return ok({ ...s, status: "completed" }, [
          { type: "complete_contract" },
          { type: "release_escrow" },
          notify(actor),
        ]);
      }
      const { amount } = event;
      if (!Number.isSafeInteger(amount) || amount < 1 || amount > s.paid) {
        return refuse("amount_mismatch", `A refund must be whole minor units from 1 to ${s.paid}`);
      }
      return ok({ ...s, status: "refunded", refundDue: amount }, [
        { type: "refund_due", amount },
        { type: "release_escrow" },
        { type: "release_calendar" },
        notify(actor),
      ]);
    }
    case "refund":
      if (event.amount !== s.refundDue) {
        return refuse("amount_mismatch", `The refund due is ${s.refundDue}, not ${event.amount}`);
      }
      return ok({ ...s, status: "refunded", refundDue: 0 }, [notify(actor)]);
  }
}
