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
import { type Kysely, sql, type Transaction } from "kysely";
import { withAuditContext } from "../../db/audit.ts";
import type { Act, ActHold, Database } from "../../db/schema.ts";
import { type Actor, isStaffOrAdmin, requireActor } from "../../domain/access.ts";
import { isDate, localDate } from "../../domain/calendar_month.ts";
import { Conflict, type FieldIssue, Forbidden, NotFound, ValidationError } from "../../domain/errors.ts";
import { isOrganizerSide } from "../../domain/roles.ts";
import type { RequestMeta } from "../deps.ts";
import { notify, type WorkflowDeps } from "../notifications.ts";
import { parseInput, plainString, requireId } from "../validation.ts";
import {
  BOOKING_TIME_ZONE,
  dateText,
  dateValue,
  dayEnd,
  dayStart,
  loadAct,
  occupyingBooking,
} from "./shared.ts";
import { canEdit } from "../../domain/catalog_access.ts";

/** The organizer side: who may hold an act's date. */
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
    const booked = await occupyingBooking(trx, act.id, dayStart(data.holdDate), dayEnd(data.holdDate));
    if (booked) {
      throw new Conflict("This act is already booked on that date", [{
        field: "holdDate",
        message: "Already booked",
      }]);
    }
    await withAuditContext(trx, { ...meta, actorId: a.userId });
    // Lapsed holds the sweeper has not reached yet must not count towards the rank.
    await endHolds(trx, deps, act, await lapsedHolds(trx, act.id, now, data.holdDate), "expired", now);
    const active = await trx.selectFrom("act_holds").select(["holder_id"])
      .where("act_id", "=", act.id).where("hold_date", "=", dateValue(data.holdDate)).where(
        "status",
        "=",
        "active",
      )
      .execute();
    if (active.some((h) => h.holder_id === a.userId)) {
      throw new Conflict("You already hold this date", [{
        field: "holdDate",
        message: "Already held by you",
      }]);
    }
    const hold = await trx.insertInto("act_holds").values({
      act_id: act.id,
      holder_id: a.userId,
      hold_date: data.holdDate,
      rank: active.length + 1,
      expires_at: expiresAt,
      note: data.note || null,
    }).returningAll().executeTakeFirstOrThrow();
    const view = await holdView(trx, hold, act);
    await notify(trx, deps, {
      userId: act.owner_id,
      subject: "Hold update",
      text: `${view.holderName ?? "An organizer"} placed the ${ordinal(hold.rank)} hold on ${act.name} for ` +
        `${data.holdDate}.`,
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
    const found = await trx.selectFrom("act_holds").select("act_id").where("id", "=", holdId)
      .executeTakeFirst();
    if (!found) throw new NotFound("Hold not found");
    const act = await loadAct(trx, found.act_id, true);
    const hold = await trx.selectFrom("act_holds").selectAll().where("id", "=", holdId)
      .executeTakeFirstOrThrow();
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
        text: `Your hold on ${act.name} for ${dateText(hold.hold_date)} was released.`,
        link: calendarLink(dateText(hold.hold_date)),
      });
    }
    const ended = await trx.selectFrom("act_holds").selectAll().where("id", "=", holdId)
      .executeTakeFirstOrThrow();
    return await holdView(trx, ended, act);
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
  let query = deps.db.selectFrom("act_holds").selectAll()
    .where("act_id", "=", act.id).where("status", "=", "active").where("expires_at", ">", now);
  if (!all) query = query.where("holder_id", "=", a.userId);
  const rows = await query.orderBy("hold_date").orderBy("rank").execute();
  const { count } = await deps.db.selectFrom("act_holds").select((eb) => eb.fn.countAll<number>().as("count"))
    .where("act_id", "=", act.id).where("status", "=", "active").where("expires_at", ">", now)
    .executeTakeFirstOrThrow();
  return { holds: await holdViews(deps.db, rows, act), activeCount: Number(count) };
}

/**
 * Ends every lapsed hold and moves the ones below them up; the server runs it
 * every minute. One short transaction per act. Returns how many expired.
 */
export async function expireDueHolds(deps: WorkflowDeps): Promise<number> {
  const now = deps.now();
  const due = await deps.db.selectFrom("act_holds").select("act_id").distinct()
    .where("status", "=", "active").where("expires_at", "<=", now).execute();
  let expired = 0;
  for (const { act_id } of due) {
    expired += await deps.db.transaction().execute(async (trx) => {
      const act = await loadAct(trx, act_id, true);
      const holds = await lapsedHolds(trx, act.id, now);
      await withAuditContext(trx, {});
      await endHolds(trx, deps, act, holds, "expired", now);
      for (const hold of holds) {
        await notify(trx, deps, {
          userId: hold.holder_id,
          subject: "Hold update",
          text: `Your hold on ${act.name} for ${dateText(hold.hold_date)} has expired.`,
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
  const ended = await trx.updateTable("act_holds")
    .set((eb) => ({
      status: eb.case().when("holder_id", "=", input.holderId).then("converted" as const)
        .else("released" as const).end(),
      ended_at: now,
      booking_id: eb.case().when("holder_id", "=", input.holderId).then(input.bookingId)
        .else(eb.ref("booking_id")).end(),
    }))
    .where("act_id", "=", input.act.id).where("hold_date", "=", dateValue(date)).where(
      "status",
      "=",
      "active",
    )
    .returning(["holder_id", "status"]).execute();
  const released = ended.filter((h) => h.status === "released").map((h) => h.holder_id);
  for (const holderId of released) {
    await notify(trx, deps, {
      userId: holderId,
      subject: "Hold update",
      text: `${input.act.name} is now booked on ${date}, so your hold on that date was released.`,
      link: calendarLink(date),
    });
  }
  return { converted: ended.length > released.length, released };
}

interface PromotedHold {
  id: string;
  holderId: string;
  rank: number;
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
  await trx.updateTable("act_holds").set({ status, ended_at: now })
    .where("id", "in", holds.map((h) => h.id)).execute();
  for (const date of new Set(holds.map((h) => dateText(h.hold_date)))) {
    for (const moved of await closeRanks(trx, act.id, date)) {
      await notify(trx, deps, {
        userId: moved.holderId,
        subject: "Hold update",
        text: `You now have the ${ordinal(moved.rank)} hold on ${act.name} for ${date}.`,
        link: calendarLink(date),
      });
    }
  }
}

/**
 * Renumbers the active holds of one act and date 1, 2, 3… in their current
 * order, in one statement: "2 -> 1, 3 -> 2" passes through a moment with two
 * rank-1 rows, which the deferred constraint allows until commit.
 *
 *   update act_holds h set rank = r.rank
 *   from (select id, row_number() over (order by rank, created_at) as rank from act_holds
 *         where act_id = $1 and hold_date = $2 and status = 'active') r
 *   where h.id = r.id and h.rank <> r.rank
 *   returning h.id, h.holder_id, h.rank
 */
async function closeRanks(trx: Kysely<Database>, actId: string, date: string): Promise<PromotedHold[]> {
  const { rows } = await sql<{ id: string; holder_id: string; rank: number }>`
    update act_holds h set rank = r.rank
    from (select id, row_number() over (order by rank, created_at, id)::int as rank from act_holds
          where act_id = ${actId} and hold_date = ${date}::date and status = 'active') r
    where h.id = r.id and h.rank <> r.rank
    returning h.id, h.holder_id, h.rank`.execute(trx);
  return rows.sort((x, y) => x.rank - y.rank).map((r) => ({
    id: r.id,
    holderId: r.holder_id,
    rank: Number(r.rank),
  }));
}

async function lapsedHolds(
  trx: Kysely<Database>,
  actId: string,
  now: Date,
  date?: string,
): Promise<ActHold[]> {
  let query = trx.selectFrom("act_holds").selectAll().where("act_id", "=", actId)
    .where("status", "=", "active").where("expires_at", "<=", now);
  if (date) query = query.where("hold_date", "=", dateValue(date));
  return await query.execute();
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

async function holdView(db: Kysely<Database>, hold: ActHold, act: Act): Promise<HoldView> {
  return (await holdViews(db, [hold], act))[0];
}

async function holdViews(db: Kysely<Database>, holds: readonly ActHold[], act: Act): Promise<HoldView[]> {
  if (holds.length === 0) return [];
  const names = new Map(
    (await db.selectFrom("users").select(["id", "display_name"])
      .where("id", "in", [...new Set(holds.map((h) => h.holder_id))]).execute())
      .map((u) => [u.id, u.display_name]),
  );
  return holds.map((h) => ({
    id: h.id,
    actId: act.id,
    actName: act.name,
    holderId: h.holder_id,
    holderName: names.get(h.holder_id) ?? null,
    holdDate: dateText(h.hold_date),
    rank: h.rank,
    status: h.status,
    expiresAt: new Date(h.expires_at).toISOString(),
    note: h.note,
    createdAt: new Date(h.created_at).toISOString(),
    endedAt: h.ended_at ? new Date(h.ended_at).toISOString() : null,
  }));
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
