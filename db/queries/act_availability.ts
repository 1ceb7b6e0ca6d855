/**
 * When an act is taken: by a booking in an occupying state, or by a block its
 * owner put on its calendar. Days are days in India, from midnight to
 * midnight there.
 */
import { type Kysely, type RawBuilder, sql, type SqlBool } from "kysely";
import { BOOKING_TIME_ZONE } from "../../domain/calendar_month.ts";
import type { Database } from "../schema.ts";
import { occupyingStates } from "./booking_states.ts";

/** A booking lasts at most 720 minutes: the lower bound that keeps overlap checks on (act_id, starts_at). */
const LONGEST_BOOKING = sql`interval '720 minutes'`;

/** Midnight starting `date` ("YYYY-MM-DD" or a date expression) in India, as timestamptz. */
function dayStart(date: string | RawBuilder<unknown>): RawBuilder<Date> {
  const d = typeof date === "string" ? sql`${date}::date` : date;
  return sql<Date>`((${d})::timestamp at time zone ${sql.lit(BOOKING_TIME_ZONE)})`;
}

/** Midnight ending `date` in India. */
function dayEnd(date: string | RawBuilder<unknown>): RawBuilder<Date> {
  const d = typeof date === "string" ? sql`${date}::date` : date;
  return sql<Date>`(((${d}) + 1)::timestamp at time zone ${sql.lit(BOOKING_TIME_ZONE)})`;
}

/**
 * True where the booking row `alias` takes the act's time between `from` and
 * `to` (the performance itself). The lower bound on starts_at is implied by
 * the longest booking, so the check is a range scan of (act_id, starts_at).
 */
function occupiesBetween(
  alias: string,
  from: RawBuilder<unknown>,
  to: RawBuilder<unknown>,
): RawBuilder<SqlBool> {
  const b = sql.ref(alias);
  return sql<SqlBool>`(${b}.status in (${occupyingStates})
    and ${b}.starts_at < ${to} and ${b}.starts_at > ${from} - ${LONGEST_BOOKING}
    and ${b}.ends_at > ${from})`;
}

export interface OccupyingBooking {
  id: string;
  title: string;
}

async function firstOccupying(
  db: Kysely<Database>,
  actId: string,
  from: RawBuilder<unknown>,
  to: RawBuilder<unknown>,
): Promise<OccupyingBooking | undefined> {
  return await db.selectFrom("bookings as b").select(["b.id", "b.title"])
    .where("b.act_id", "=", actId).where(occupiesBetween("b", from, to))
    .orderBy("b.starts_at").limit(1).executeTakeFirst();
}

/** The first occupying booking of the act overlapping [from, to), if any. */
export async function occupyingBookingBetween(
  db: Kysely<Database>,
  actId: string,
  from: Date,
  to: Date,
): Promise<OccupyingBooking | undefined> {
  return await firstOccupying(db, actId, sql`${from}::timestamptz`, sql`${to}::timestamptz`);
}

/** The first occupying booking of the act on `date` ("YYYY-MM-DD", in India), if any. */
export async function occupyingBookingOn(
  db: Kysely<Database>,
  actId: string,
  date: string,
): Promise<OccupyingBooking | undefined> {
  return await firstOccupying(db, actId, dayStart(date), dayEnd(date));
}

/**
 * The days ("YYYY-MM-DD", in India) from `from` to `span` days later on which
 * the act is blocked or booked, in order.
 *
 *   select d.day::text from (select $from::date + i as day from generate_series(0, $span) g(i)) d
 *   where exists (select 1 from act_blocks b where b.act_id = $act
 *                 and b.starts_at < <end of day> and b.ends_at > <start of day>)
 *      or exists (select 1 from bookings k where k.act_id = $act and k.status in (<occupying>)
 *                 and k.starts_at < <end> and k.starts_at > <start> - 720 min and k.ends_at > <start>)
 */
export async function busyDays(
  db: Kysely<Database>,
  actId: string,
  from: string,
  span: number,
): Promise<string[]> {
  const day = sql`d.day`;
  const { rows } = await sql<{ day: string }>`
    select d.day::text as day
    from (select ${from}::date + g.i as day from generate_series(0, ${span}::int) as g(i)) d
    where exists (select 1 from act_blocks b where b.act_id = ${actId}
                  and b.starts_at < ${dayEnd(day)} and b.ends_at > ${dayStart(day)})
       or exists (select 1 from bookings k where k.act_id = ${actId}
                  and ${occupiesBetween("k", dayStart(day), dayEnd(day))})
    order by d.day`.execute(db);
  return rows.map((r) => r.day);
}
