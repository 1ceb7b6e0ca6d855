/**
 * What the calendar use cases share: who manages an act's calendar, the act
 * row lock that serializes every change to its holds and blocks, and the SQL
 * for "an occupying booking overlaps this time".
 */
import { requireId } from "../validation.ts";
import { type Kysely, type RawBuilder, sql, type SqlBool } from "kysely";
import type { Act, Database } from "../../db/schema.ts";
import { type Actor, isStaffOrAdmin } from "../../domain/access.ts";
import { occupyingStates } from "../../db/queries/booking_states.ts";
import { NotFound } from "../../domain/errors.ts";
import { isAcceptedMember } from "../../db/queries/act_side.ts";
import { canEdit } from "../../domain/catalog_access.ts";

/** Dates of holds and the public availability are days in India. */
export const BOOKING_TIME_ZONE = "Asia/Kolkata";

/** A booking lasts at most 720 minutes: the lower bound that keeps overlap checks on (act_id, starts_at). */
const LONGEST_BOOKING = sql`interval '720 minutes'`;

/** Who may see the act's private calendar: its managers, staff and the band's accepted members. */
export async function seesActCalendar(db: Kysely<Database>, actor: Actor, act: Act): Promise<boolean> {
  return canEdit(actor, act) || isStaffOrAdmin(actor) || await isAcceptedMember(db, act.id, actor.userId);
}

/**
 * The act, locked FOR UPDATE when `lock`: holds and blocks of one act change
 * one transaction at a time, which is what makes hold ranks distinct.
 */
export async function loadAct(db: Kysely<Database>, actId: string, lock = false): Promise<Act> {
  let query = db.selectFrom("acts").selectAll().where("id", "=", requireId(actId, "Act"));
  if (lock) query = query.forUpdate();
  const act = await query.executeTakeFirst();
  if (!act) throw new NotFound("Act not found");
  return act;
}

/** Midnight starting `date` ("YYYY-MM-DD" or a date expression) in India, as timestamptz. */
export function dayStart(date: string | RawBuilder<unknown>): RawBuilder<Date> {
  const d = typeof date === "string" ? sql`${date}::date` : date;
  return sql<Date>`((${d})::timestamp at time zone ${sql.lit(BOOKING_TIME_ZONE)})`;
}

/** Midnight ending `date` in India. */
export function dayEnd(date: string | RawBuilder<unknown>): RawBuilder<Date> {
  const d = typeof date === "string" ? sql`${date}::date` : date;
  return sql<Date>`(((${d}) + 1)::timestamp at time zone ${sql.lit(BOOKING_TIME_ZONE)})`;
}

/**
 * True where the booking row `alias` takes the act's time between `from` and
 * `to` (the performance itself). The lower bound on starts_at is implied by
 * the longest booking, so the check is a range scan of (act_id, starts_at).
 */
export function occupiesBetween(
  alias: string,
  from: RawBuilder<unknown>,
  to: RawBuilder<unknown>,
): RawBuilder<SqlBool> {
  const b = sql.ref(alias);
  return sql<SqlBool>`(${b}.status in (${occupyingStates})
    and ${b}.starts_at < ${to} and ${b}.starts_at > ${from} - ${LONGEST_BOOKING}
    and ${b}.ends_at > ${from})`;
}

/** The first occupying booking of the act overlapping [from, to), if any. */
export async function occupyingBooking(
  db: Kysely<Database>,
  actId: string,
  from: RawBuilder<unknown>,
  to: RawBuilder<unknown>,
): Promise<{ id: string; title: string } | undefined> {
  return await db.selectFrom("bookings as b").select(["b.id", "b.title"])
    .where("b.act_id", "=", actId).where(occupiesBetween("b", from, to))
    .orderBy("b.starts_at").limit(1).executeTakeFirst();
}

/** "YYYY-MM-DD" of a `date` column, which the drivers read as UTC midnight. */
export function dateText(value: Date | string): string {
  return typeof value === "string" ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}

/** A "YYYY-MM-DD" date as a `date` value to compare a date column with. */
export function dateValue(date: string): RawBuilder<Date> {
  return sql<Date>`${date}::date`;
}
