/**
 * Carrying out a booking event: lock the booking, ask the booking machine,
 * then persist what it decided (the bookings row, offers, the timeline) and
 * tell the other party, all in the caller's transaction. A refusal becomes a
 * domain error; nothing is written before the machine has said yes, and a
 * database refusal (the double-booking constraint) rolls everything back.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type { Booking, BookingOffer, Database } from "../../db/schema.ts";
import type { BookingPeople } from "../../domain/booking_access.ts";
import {
  allowedEvents,
  type BookingEvent,
  type BookingSnapshot,
  type MachineActor,
  OCCUPYING_STATES,
  transition,
  type TransitionError,
  turnOf,
} from "../../domain/booking_machine.ts";
import { AppError, Conflict, Forbidden, NotFound, ValidationError } from "../../domain/errors.ts";
import { formatMoney } from "../../domain/money_format.ts";
import type { Party } from "../../domain/negotiation.ts";
import { settleHoldsForBooking } from "../calendar/holds.ts";
import type { ActivitySubject } from "../mail_templates.ts";
import { notify, type WorkflowDeps } from "../notifications.ts";
import { offerColumns, snapshotOf, termColumns } from "./snapshot.ts";
import { requireId } from "../validation.ts";
import { acceptedMemberIds } from "../../db/queries/act_side.ts";

export interface BookingAct {
  id: string;
  name: string;
  slug: string;
  kind: "solo" | "band";
  owner_id: string;
  currency: string;
}

/** A booking with everything the rules need: its open offer, its act and its people. */
export interface LoadedBooking {
  row: Booking;
  openOffer: BookingOffer | null;
  act: BookingAct;
  people: BookingPeople;
  snapshot: BookingSnapshot;
}

export const DOUBLE_BOOKED = "The act is already booked at that time";
const EXCLUSION_CONSTRAINT = "bookings_no_double_booking";

/** The booking (locked FOR UPDATE when it is about to change), or NotFound. */
export async function loadBooking(
  db: Kysely<Database>,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<LoadedBooking> {
  let query = db.selectFrom("bookings").selectAll().where("id", "=", requireId(id, "Booking"));
  if (opts.lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw new NotFound("Booking not found");
  const [openOffer, act, members] = await Promise.all([
    db.selectFrom("booking_offers").selectAll().where("booking_id", "=", row.id).where("status", "=", "open")
      .executeTakeFirst(),
    db.selectFrom("acts").select(["id", "name", "slug", "kind", "owner_id", "currency"])
      .where("id", "=", row.act_id).executeTakeFirstOrThrow(),
    acceptedMemberIds(db, row.act_id),
  ]);
  return {
    row,
    openOffer: openOffer ?? null,
    act,
    people: {
      organizerId: row.organizer_id,
      actOwnerId: act.owner_id,
      memberIds: members,
    },
    snapshot: snapshotOf(row, openOffer ?? null),
  };
}

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

  for (const effect of effects) {
    switch (effect.type) {
      case "record_offer":
        await trx.insertInto("booking_offers").values({
          booking_id: bookingId,
          round: effect.round,
          made_by: effect.by,
          made_by_user: step.userId,
          ...offerColumns(effect.offer),
        }).execute();
        break;
      case "close_offer":
        await trx.updateTable("booking_offers").set({ status: effect.outcome, closed_at: now })
          .where("booking_id", "=", bookingId).where("round", "=", effect.round).execute();
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
        break;
      case "settle_cancellation":
        cancellation = {
          ...effect.split,
          cancelledBy: step.actor,
          reason: "reason" in step.event ? step.event.reason ?? null : null,
          at: now.toISOString(),
        };
        break;
      // Held in `next` (paid, refundDue, status), written with the row below;
      // the calendar is freed by the status leaving the occupying states.
      case "record_payment":
      case "refund_due":
      case "release_calendar":
      case "notify":
        break;
    }
  }

  await trx.updateTable("bookings").set({
    status: next.status,
    ...termColumns(next.terms),
    offers_made: next.offersMade,
    paid: next.paid,
    refund_due: next.refundDue,
    disputed: next.disputed,
    ...(cancellation ? { cancellation: JSON.stringify(cancellation) } : {}),
  }).where("id", "=", bookingId).execute();

  await trx.insertInto("booking_events").values({
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
  }).execute();

  const recipients = step.notifyTo ?? effects.flatMap((e) => e.type === "notify" ? partiesOf(e.to) : []);
  const subject = step.subject ?? SUBJECTS[step.event.type];
  const text = step.text ?? noticeText(step, loaded, next);
  for (const party of recipients) {
    const userId = party === "act" ? loaded.people.actOwnerId : loaded.people.organizerId;
    await notify(trx, deps, { userId, subject, text, link: `/bookings/${bookingId}` });
  }
  return await loadBooking(trx, bookingId);
}

/** Writes the first timeline row of a new booking. */
export async function recordCreation(
  trx: Transaction<Database>,
  booking: Booking,
  userId: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await trx.insertInto("booking_events").values({
    booking_id: booking.id,
    actor_id: userId,
    party: "organizer",
    event: "request",
    from_status: null,
    to_status: booking.status,
    detail: JSON.stringify(detail),
  }).execute();
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
 * Runs a transaction that changes bookings, turning the database's refusal
 * of a double booking into the domain's Conflict with a clear message.
 */
export async function bookingTransaction<T>(
  deps: WorkflowDeps,
  fn: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  try {
    return await deps.db.transaction().execute(fn);
  } catch (err) {
    if (isExclusionViolation(err)) throw new Conflict(DOUBLE_BOOKED);
    throw err;
  }
}

function isExclusionViolation(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const { code, constraint, message } = err as { code?: unknown; constraint?: unknown; message?: unknown };
  return code === "23P01" &&
    (constraint === EXCLUSION_CONSTRAINT || String(message ?? "").includes(EXCLUSION_CONSTRAINT));
}

/**
 * Confirmations of one act queue on the act's row (as changes to its holds
 * do, services/calendar/holds.ts), so the checks below see
 * every earlier confirmation and refuse with a clear message; the exclusion
 * constraint stays the guarantee should anything skip this path.
 */
async function checkCalendarIsFree(
  trx: Transaction<Database>,
  booking: Booking,
  startsAt: Date,
  durationMinutes: number,
): Promise<void> {
  await trx.selectFrom("acts").select("id").where("id", "=", booking.act_id).forUpdate().execute();
  const endsAt = new Date(startsAt.getTime() + durationMinutes * 60_000);
  const buffer = `${booking.travel_buffer_minutes} minutes`;
  const clash = await trx.selectFrom("bookings").select("id")
    .where("act_id", "=", booking.act_id)
    .where("id", "<>", booking.id)
    .where("status", "in", OCCUPYING_STATES)
    .where(sql<boolean>`occupancy && tstzrange(${startsAt}::timestamptz - ${buffer}::interval,
      ${endsAt}::timestamptz + ${buffer}::interval, '[)')`)
    .executeTakeFirst();
  if (clash) throw new Conflict(DOUBLE_BOOKED);
  const block = await trx.selectFrom("act_blocks").select("id")
    .where("act_id", "=", booking.act_id)
    .where("starts_at", "<", endsAt)
    .where("ends_at", ">", startsAt)
    .executeTakeFirst();
  if (block) throw new Conflict("The act has marked itself unavailable at that time");
}

function partiesOf(to: Party | "both"): Party[] {
  return to === "both" ? ["organizer", "act"] : [to];
}

const SUBJECTS: Record<BookingEvent["type"], ActivitySubject> = {
  offer: "New offer on your booking",
  counter: "New offer on your booking",
  accept: "Booking confirmed",
  decline: "Booking declined",
  expire: "Offer expired",
  pay_deposit: "Booking update",
  schedule: "Booking update",
  complete: "Booking update",
  cancel: "Booking cancelled",
  dispute: "Booking update",
  resolve: "Booking update",
  refund: "Booking update",
};

const WHO: Record<MachineActor, string> = {
  act: "The act",
  organizer: "The organizer",
  admin: "An admin",
  system: "Artist Space",
};

function noticeText(step: Step, loaded: LoadedBooking, next: BookingSnapshot): string {
  const title = `"${loaded.row.title}" with ${loaded.act.name}`;
  const who = WHO[step.actor];
  const fee = formatMoney(next.terms.fee, next.terms.currency);
  const e = step.event;
  switch (e.type) {
    case "offer":
    case "counter":
      return `${who} offered ${fee} for ${title}.`;
    case "accept":
      return `${who} accepted ${fee} for ${title}. The booking is confirmed.`;
    case "decline":
      return `${who} declined ${title}.${e.reason ? ` Reason: ${e.reason}` : ""}`;
    case "expire":
      return loaded.row.status === "inquiry"
        ? `The request for ${title} was not answered before its date, so it is closed.`
        : `The offer on ${title} expired without an answer, so the booking is closed.`;
    case "cancel":
      return `${who} cancelled ${title}. Reason: ${e.reason}`;
    case "dispute":
      return `${who} raised a dispute about ${title}: ${e.reason}`;
    default:
      return `${title} is now ${next.status.replace("_", " ")}.`;
  }
}

function eventDetail(e: BookingEvent, next: BookingSnapshot): Record<string, unknown> {
  switch (e.type) {
    case "offer":
    case "counter":
      return {
        round: next.offersMade,
        fee: e.offer.fee,
        currency: e.offer.currency,
        depositBps: e.offer.depositBps,
        startsAt: e.offer.startsAt.toISOString(),
        expiresAt: e.offer.expiresAt.toISOString(),
        ...(e.offer.note ? { note: e.offer.note } : {}),
      };
    case "accept":
      return { fee: next.terms.fee, currency: next.terms.currency };
    case "decline":
      return e.reason ? { reason: e.reason } : {};
    case "cancel":
    case "dispute":
      return { reason: e.reason };
    case "pay_deposit":
    case "refund":
      return { amount: e.amount, paid: next.paid };
    case "resolve":
      return e.outcome === "refund" ? { outcome: e.outcome, amount: e.amount } : { outcome: e.outcome };
    default:
      return {};
  }
}

function cancellationDetail(cancellation: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!cancellation) return {};
  const { ruleLabel, owedToAct, refundToOrganizer, outstandingFromOrganizer } = cancellation;
  return { ruleLabel, owedToAct, refundToOrganizer, outstandingFromOrganizer };
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
