/**
 * Ranked holds on an act's date: an organizer pencils a date in before the
 * booking is agreed. The first hold on a date has rank 1, the next rank 2,
 * and so on; when a hold ends (released, expired, converted into a booking)
 * every hold below it moves up one rank, in one statement (the rank
 * constraint is deferred to commit), and whoever moved up hears of it.
 *
 * Every change to an act's holds first locks the act row, so two organizers
 * holding the same date at once queue up and get distinct ranks.
 */
import { z } from "zod";
import type { Transaction } from "kysely";
import { withAuditContext } from "../../db/audit.ts";
import type { Act, ActHold, Database } from "../../db/schema.ts";
import { occupyingBookingOn } from "../../db/queries/act_availability.ts";
import {
  activeHolderIds,
  activeHoldsOfAct,
  actsWithLapsedHolds,
  closeRanks,
  countActiveHolds,
  insertHold,
  lapsedHolds,
  markHoldsEnded,
  type NamedHold,
  namedHold,
  settleHoldsOn,
} from "../../db/queries/act_holds.ts";
import { type Actor, isStaffOrAdmin, requireActor } from "../../domain/access.ts";
import { BOOKING_TIME_ZONE, isDate, localDate } from "../../domain/calendar_month.ts";
import { Conflict, type FieldIssue, Forbidden, NotFound, ValidationError } from "../../domain/errors.ts";
import { isOrganizerSide } from "../../domain/roles.ts";
import { formatDay } from "../../domain/time_format.ts";
import type { RequestMeta } from "../deps.ts";
import { notify, type WorkflowDeps } from "../notifications.ts";
import { parseInput, plainString, requireId } from "../validation.ts";
import { dateText, loadAct } from "./shared.ts";
import { canEdit } from "../../domain/catalog_access.ts";

/** A hold is a short promise: it lapses within this time. */
export const MAX_HOLD_MS = 14 * 24 * 60 * 60 * 1000;

export const PlaceHoldInput = z.object({
  holdDate: z.string().refine(isDate, "A date like 2026-12-05"),
  expiresAt: z.iso.datetime({ offset: true, message: "A date and time like 2026-11-20T18:00:00+05:30" }),
  note: plainString().max(500).nullish(),
}).strict();

export interface HoldView {
  id: string;
  actId: string;
  actName: string;
  holderId: string;
  holderName: string | null;
  /** "YYYY-MM-DD", a day in India. */
  holdDate: string;
  /** 1 is the first hold. */
  rank: number;
  status: ActHold["status"];
  expiresAt: string;
  note: string | null;
  createdAt: string;
  endedAt: string | null;
}

export interface HoldList {
  holds: HoldView[];
  /** Active holds on the act, including those the caller may not see. */
  activeCount: number;
}

export async function placeHold(
  deps: WorkflowDeps,
  actor: Actor | null,
  actId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<HoldView> {
  const a = requireActor(actor);
  if (!isOrganizerSide(a.roles)) {
    throw new Forbidden("Only promoters, organizers and venue managers can hold a date");
  }
  const data = parseInput(PlaceHoldInput, input);
  const now = deps.now();
  const expiresAt = new Date(data.expiresAt);
  const issues = holdIssues(data.holdDate, expiresAt, now);
  if (issues.length) throw new ValidationError("Invalid input data", issues);

  return await deps.db.transaction().execute(async (trx) => {
    const act = await loadAct(trx, actId, true);
    if (act.owner_id === a.userId) throw new Forbidden("You cannot hold dates of an act you manage");
    const booked = await occupyingBookingOn(trx, act.id, data.holdDate);
    if (booked) {
      throw new Conflict("This act is already booked on that date", [{
        field: "holdDate",
        message: "Already booked",
      }]);
    }
    await withAuditContext(trx, { ...meta, actorId: a.userId });
    // Lapsed holds the sweeper has not reached yet must not count towards the rank.
    await endHolds(trx, deps, act, await lapsedHolds(trx, act.id, now, data.holdDate), "expired", now);
    const holders = await activeHolderIds(trx, act.id, data.holdDate);
    if (holders.includes(a.userId)) {
      throw new Conflict("You already hold this date", [{
        field: "holdDate",
        message: "Already held by you",
      }]);
    }
    const hold = await insertHold(trx, {
      actId: act.id,
      holderId: a.userId,
      date: data.holdDate,
      rank: holders.length + 1,
      expiresAt,
      note: data.note || null,
    });
    const view = holdView(await namedHoldOrThrow(trx, hold.id));
    await notify(trx, deps, {
      userId: act.owner_id,
      subject: "Hold update",
      text: `${view.holderName ?? "An organizer"} placed the ${ordinal(hold.rank)} hold on ${act.name} for ` +
        `${formatDay(data.holdDate)}.`,
      link: calendarLink(data.holdDate),
    });
    return view;
  });
}

/** The holder, the act's owner or an admin ends a hold; the holds below it move up. */
export async function releaseHold(
  deps: WorkflowDeps,
  actor: Actor | null,
  rawHoldId: string,
  meta: RequestMeta,
): Promise<HoldView> {
  const a = requireActor(actor);
  const holdId = requireId(rawHoldId, "Hold");
  return await deps.db.transaction().execute(async (trx) => {
    const found = await namedHold(trx, holdId);
    if (!found) throw new NotFound("Hold not found");
    const act = await loadAct(trx, found.act_id, true);
    // Read again under the act's lock: the hold may have ended or moved meanwhile.
    const hold = await namedHoldOrThrow(trx, holdId);
    if (hold.holder_id !== a.userId && !canEdit(a, act)) {
      throw new Forbidden("Only the holder, the act's owner or an admin can release a hold");
    }
    if (hold.status !== "active") throw new Conflict(`This hold has already ended (${hold.status})`);
    await withAuditContext(trx, { ...meta, actorId: a.userId });
    const now = deps.now();
    await endHolds(trx, deps, act, [hold], "released", now);
    if (hold.holder_id !== a.userId) {
      await notify(trx, deps, {
        userId: hold.holder_id,
        subject: "Hold update",
        text: `Your hold on ${act.name} for ${formatDay(dateText(hold.hold_date))} was released.`,
        link: calendarLink(dateText(hold.hold_date)),
      });
    }
    return holdView(await namedHoldOrThrow(trx, holdId));
  });
}

/**
 * The act's active holds: its owner, admins and staff see all of them; anyone
 * else signed in sees their own and how many there are.
 */
export async function listHolds(
  deps: WorkflowDeps,
  actor: Actor | null,
  actId: string,
): Promise<HoldList> {
  const a = requireActor(actor);
  const act = await loadAct(deps.db, actId);
  const all = canEdit(a, act) || isStaffOrAdmin(a);
  const now = deps.now();
  const holds = await activeHoldsOfAct(deps.db, act.id, now, all ? undefined : a.userId);
  return { holds: holds.map(holdView), activeCount: await countActiveHolds(deps.db, act.id, now) };
}

/**
 * Ends every lapsed hold and moves the ones below them up; the server runs it
 * every minute. One short transaction per act. Returns how many expired.
 */
export async function expireDueHolds(deps: WorkflowDeps): Promise<number> {
  const now = deps.now();
  let expired = 0;
  for (const act_id of await actsWithLapsedHolds(deps.db, now)) {
    expired += await deps.db.transaction().execute(async (trx) => {
      const act = await loadAct(trx, act_id, true);
      const holds = await lapsedHolds(trx, act.id, now);
      await withAuditContext(trx, {});
      await endHolds(trx, deps, act, holds, "expired", now);
      for (const hold of holds) {
        await notify(trx, deps, {
          userId: hold.holder_id,
          subject: "Hold update",
          text: `Your hold on ${act.name} for ${formatDay(dateText(hold.hold_date))} has expired.`,
          link: calendarLink(dateText(hold.hold_date)),
        });
      }
      return holds.length;
    });
  }
  return expired;
}

/**
 * For the bookings service, inside the transaction that confirms a booking:
 * the act is now taken on that day (in India; a Date is the instant the
 * booking starts), so every active hold on it ends. The confirming
 * organizer's own hold is converted; everyone else's is released and they
 * are told, since a hold on a booked date is worth nothing.
 */
export async function settleHoldsForBooking(
  trx: Transaction<Database>,
  deps: WorkflowDeps,
  input: { act: { id: string; name: string }; holderId: string; date: Date; bookingId: string },
): Promise<{ converted: boolean; released: string[] }> {
  const date = localDate(input.date, BOOKING_TIME_ZONE);
  const now = deps.now();
  const ended = await settleHoldsOn(trx, {
    actId: input.act.id,
    date,
    holderId: input.holderId,
    bookingId: input.bookingId,
    now,
  });
  const released = ended.filter((h) => h.status === "released").map((h) => h.holder_id);
  for (const holderId of released) {
    await notify(trx, deps, {
      userId: holderId,
      subject: "Hold update",
      text: `${input.act.name} is now booked on ${formatDay(date)}, so your hold on that date was released.`,
      link: calendarLink(date),
    });
  }
  return { converted: ended.length > released.length, released };
}

/** Ends `holds` of `act` and closes the gaps they leave, telling each holder who moved up. */
async function endHolds(
  trx: Transaction<Database>,
  deps: WorkflowDeps,
  act: Act,
  holds: readonly ActHold[],
  status: "released" | "expired",
  now: Date,
): Promise<void> {
  if (holds.length === 0) return;
  await markHoldsEnded(trx, holds.map((h) => h.id), status, now);
  for (const date of new Set(holds.map((h) => dateText(h.hold_date)))) {
    for (const moved of await closeRanks(trx, act.id, date)) {
      await notify(trx, deps, {
        userId: moved.holder_id,
        subject: "Hold update",
        text: `You now have the ${ordinal(moved.rank)} hold on ${act.name} for ${formatDay(date)}.`,
        link: calendarLink(date),
      });
    }
  }
}

function holdIssues(holdDate: string, expiresAt: Date, now: Date): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (holdDate <= localDate(now, BOOKING_TIME_ZONE)) {
    issues.push({ field: "holdDate", message: "Must be a future date" });
  }
  if (expiresAt <= now) {
    issues.push({ field: "expiresAt", message: "Must be in the future" });
  } else if (expiresAt.getTime() - now.getTime() > MAX_HOLD_MS) {
    issues.push({ field: "expiresAt", message: "At most 14 days from now" });
  } else if (localDate(expiresAt, BOOKING_TIME_ZONE) >= holdDate) {
    issues.push({ field: "expiresAt", message: "Must end before the held date" });
  }
  return issues;
}

async function namedHoldOrThrow(trx: Transaction<Database>, holdId: string): Promise<NamedHold> {
  const hold = await namedHold(trx, holdId);
  if (!hold) throw new NotFound("Hold not found");
  return hold;
}

/** A hold as its holder, the act and the API see it. */
export function holdView(h: NamedHold): HoldView {
  return {
    id: h.id,
    actId: h.act_id,
    actName: h.act_name,
    holderId: h.holder_id,
    holderName: h.holder_name,
    holdDate: dateText(h.hold_date),
    rank: h.rank,
    status: h.status,
    expiresAt: new Date(h.expires_at).toISOString(),
    note: h.note,
    createdAt: new Date(h.created_at).toISOString(),
    endedAt: h.ended_at ? new Date(h.ended_at).toISOString() : null,
  };
}

export function ordinal(rank: number): string {
  const suffix = rank % 100 >= 11 && rank % 100 <= 13
    ? "th"
    : ({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[rank % 10] ?? "th";
  return `${rank}${suffix}`;
}

function calendarLink(date: string): string {
  return `/calendar?month=${date.slice(0, 7)}`;
}
