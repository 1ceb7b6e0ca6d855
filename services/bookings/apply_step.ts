/**
 * Carrying out one booking event on a booking already loaded and locked:
 * ask the booking machine, then persist what it decided (the bookings row,
 * offers, the timeline) and tell the other party, all in the caller's
 * transaction. A refusal becomes a domain error; nothing is written before
 * the machine has said yes, and a database refusal (the double-booking
 * constraint) rolls everything back.
 */
import type { Transaction } from "kysely";
import { insertBookingEvent } from "../../db/queries/booking_events.ts";
import {
  clashingBooking,
  lockActForConfirmation,
  overlappingBlock,
} from "../../db/queries/booking_calendar.ts";
import { closeOffer, insertOffer } from "../../db/queries/booking_offers.ts";
import { setBookingColumns } from "../../db/queries/bookings.ts";
import type { Booking, Database } from "../../db/schema.ts";
import {
  allowedEvents,
  type BookingEvent,
  type BookingSnapshot,
  type MachineActor,
  transition,
  type TransitionError,
  turnOf,
} from "../../domain/booking_machine.ts";
import { AppError, Conflict, DoubleBooked, Forbidden, ValidationError } from "../../domain/errors.ts";
import type { Party } from "../../domain/negotiation.ts";
import { settleHoldsForBooking } from "../calendar/holds.ts";
import { type BookingContractEffect, carryOutContractEffect } from "../contracts/booking_hooks.ts";
import { fillGigOf } from "./fill_gig.ts";
import { recomputeTrustAfterBookingEvent } from "../trust/booking_hook.ts";
import { type BookingMoneyEffect, carryOutMoneyEffects } from "../payments/booking_money.ts";
import type { ActivitySubject } from "../mail_templates.ts";
import { notify, type WorkflowDeps } from "../notifications.ts";
import { loadBooking, type LoadedBooking } from "./load_booking.ts";
import { offerColumns, termColumns } from "./snapshot.ts";
import { cancellationDetail, eventDetail, noticeText, SUBJECTS } from "./step_texts.ts";

export interface Step {
  event: BookingEvent;
  actor: MachineActor;
  /** The person behind the event; null for the system. */
  userId: string | null;
  /** Extra facts for the timeline row. */
  detail?: Record<string, unknown>;
  /** The notification's subject, when the event's usual one does not fit. */
  subject?: ActivitySubject;
  /** Who hears of it and what they read, when not the machine's choice and the usual text. */
  notifyTo?: Party[];
  text?: string;
}

/** Runs `step` on a booking loaded (and locked) in `trx`; returns the booking as it now is. */
export async function applyStep(
  trx: Transaction<Database>,
  deps: WorkflowDeps,
  loaded: LoadedBooking,
  step: Step,
): Promise<LoadedBooking> {
  const now = deps.now();
  const from = loaded.snapshot;
  const result = transition(from, step.event, step.actor, now);
  if (!result.ok) throw refusal(from, step, now, result.error);
  const { next, effects } = result;
  const bookingId = loaded.row.id;
  let cancellation: Record<string, unknown> | undefined;
  const contractEffects: BookingContractEffect[] = [];
  const moneyEffects: BookingMoneyEffect[] = [];

  for (const effect of effects) {
    switch (effect.type) {
      case "record_offer":
        await insertOffer(trx, {
          booking_id: bookingId,
          round: effect.round,
          made_by: effect.by,
          made_by_user: step.userId,
          ...offerColumns(effect.offer),
        });
        break;
      case "close_offer":
        await closeOffer(trx, bookingId, effect.round, effect.outcome, now);
        break;
      case "occupy_calendar":
        await checkCalendarIsFree(trx, loaded.row, next.terms.startsAt, next.terms.durationMinutes);
        // Holds on a day that is now booked have served their purpose.
        await settleHoldsForBooking(trx, deps, {
          act: loaded.act,
          holderId: loaded.row.organizer_id,
          date: next.terms.startsAt,
          bookingId,
        });
        // A gig booked through one of its applications is filled.
        await fillGigOf(trx, deps, loaded.row);
        break;
      case "settle_cancellation":
        cancellation = {
          ...effect.split,
          cancelledBy: step.actor,
          reason: "reason" in step.event ? step.event.reason ?? null : null,
          at: now.toISOString(),
        };
        moneyEffects.push(effect);
        break;
      case "refund_due":
        moneyEffects.push({
          type: "refund_due",
          amount: effect.amount,
          reason: step.event.type === "resolve" ? "ruling" : "cancellation",
        });
        break;
      case "release_escrow":
        moneyEffects.push(effect);
        break;
      // Done once the booking's row and timeline say what happened (below).
      case "generate_contract":
      case "complete_contract":
      case "withdraw_contract":
        contractEffects.push(effect.type);
        break;
      // Held in `next` (paid, status), written with the row below; the payment itself is
      // recorded by the payments service that took this step; the calendar is freed by the
      // status leaving the occupying states.
      case "record_payment":
      case "release_calendar":
      case "notify":
        break;
    }
  }

  await setBookingColumns(trx, bookingId, {
    status: next.status,
    ...termColumns(next.terms),
    offers_made: next.offersMade,
    paid: next.paid,
    refund_due: next.refundDue,
    disputed: next.disputed,
    ...(cancellation ? { cancellation: JSON.stringify(cancellation) } : {}),
  });
  await carryOutMoneyEffects(trx, deps, loaded, moneyEffects, step.userId);

  await insertBookingEvent(trx, {
    booking_id: bookingId,
    actor_id: step.userId,
    party: step.actor,
    event: step.event.type,
    from_status: from.status,
    to_status: next.status,
    detail: JSON.stringify({
      ...eventDetail(step.event, next),
      ...step.detail,
      ...cancellationDetail(cancellation),
    }),
  });
  await recomputeTrustAfterBookingEvent(trx, now, loaded.row, step.event.type, step.actor);

  const recipients = step.notifyTo ?? effects.flatMap((e) => e.type === "notify" ? partiesOf(e.to) : []);
  const subject = step.subject ?? SUBJECTS[step.event.type];
  const text = step.text ?? noticeText(step.event, step.actor, loaded, next);
  for (const party of recipients) {
    const userId = party === "act" ? loaded.people.actOwnerId : loaded.people.organizerId;
    await notify(trx, deps, { userId, subject, text, link: `/bookings/${bookingId}` });
  }
  let after = await loadBooking(trx, bookingId);
  if (contractEffects.length > 0) {
    for (const effect of contractEffects) {
      await carryOutContractEffect(trx, deps, after, effect, { userId: step.userId, actor: step.actor });
    }
    after = await loadBooking(trx, bookingId);
  }
  return after;
}

/** Writes the first timeline row of a new booking. */
export async function recordCreation(
  trx: Transaction<Database>,
  booking: Booking,
  userId: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await insertBookingEvent(trx, {
    booking_id: booking.id,
    actor_id: userId,
    party: "organizer",
    event: "request",
    from_status: null,
    to_status: booking.status,
    detail: JSON.stringify(detail),
  });
}

/**
 * A booking that has lapsed (its open offer past its expiry, or a request
 * nobody answered before its date) is expired by the system before anyone
 * acts on it, so a lapsed offer can never be accepted. Returns whether it
 * did so.
 */
export async function expireIfLapsed(
  trx: Transaction<Database>,
  deps: WorkflowDeps,
  loaded: LoadedBooking,
): Promise<boolean> {
  if (!allowedEvents(loaded.snapshot, "system", deps.now()).includes("expire")) return false;
  await applyStep(trx, deps, loaded, { event: { type: "expire" }, actor: "system", userId: null });
  return true;
}

/**
 * Confirmations of one act queue on the act's row (as changes to its holds
 * do, services/calendar/holds.ts), so the checks below see every earlier
 * confirmation and refuse with a clear message; the exclusion constraint
 * stays the guarantee should anything skip this path.
 */
async function checkCalendarIsFree(
  trx: Transaction<Database>,
  booking: Booking,
  startsAt: Date,
  durationMinutes: number,
): Promise<void> {
  await lockActForConfirmation(trx, booking.act_id);
  const endsAt = new Date(startsAt.getTime() + durationMinutes * 60_000);
  const clash = await clashingBooking(trx, {
    actId: booking.act_id,
    bookingId: booking.id,
    startsAt,
    endsAt,
    bufferMinutes: booking.travel_buffer_minutes,
  });
  if (clash) throw new DoubleBooked();
  if (await overlappingBlock(trx, booking.act_id, startsAt, endsAt)) {
    throw new Conflict("The act has marked itself unavailable at that time");
  }
}

function partiesOf(to: Party | "both"): Party[] {
  return to === "both" ? ["organizer", "act"] : [to];
}

const OTHERS: readonly MachineActor[] = ["act", "organizer", "admin", "system"];

/** The machine's refusal as the error callers see. */
function refusal(s: BookingSnapshot, step: Step, now: Date, error: TransitionError): AppError {
  switch (error.code) {
    case "invalid_offer":
      return new ValidationError(error.message, error.issues ?? []);
    case "amount_mismatch":
      return new ValidationError(error.message, [{ field: "amount", message: error.message }]);
    case "not_your_turn": {
      const turn = turnOf(s);
      return new Conflict(turn ? `It is the ${turn}'s turn to answer` : error.message);
    }
    case "not_allowed": {
      // Someone else could do it now: it is not this person's to do.
      const type = step.event.type;
      const someoneElse = OTHERS.some((a) => a !== step.actor && allowedEvents(s, a, now).includes(type));
      return someoneElse ? new Forbidden(error.message) : new Conflict(error.message);
    }
    default:
      return new Conflict(error.message);
  }
}
