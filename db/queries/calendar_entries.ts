/**
 * What a person's calendar shows (the month page, the API and the iCalendar
 * feed), each list at most 1000 long:
 * - bookings: those of acts they own, those they organize and those at venues
 *   they manage, whatever their state, and the agreed gigs (occupying states)
 *   of bands they play in;
 * - blocks of the acts they own;
 * - active holds they placed or that were placed on their acts.
 * A range's `to` is null for "no end".
 */
import type { Kysely } from "kysely";
import { type BookingState, OCCUPYING_STATES } from "../../domain/booking_machine.ts";
import type { Database } from "../schema.ts";
import { memberOfActSql } from "./act_side.ts";
import type { ActBlock } from "./act_blocks.ts";
import { dateValue, type NamedHold, namedHolds } from "./act_holds.ts";

const CLOSED_STATES: readonly BookingState[] = ["cancelled", "refunded"];

export interface CalendarBookingRow {
  id: string;
  title: string;
  status: BookingState;
  act_id: string;
  act_name: string;
  owner_id: string;
  organizer_id: string;
  /** The manager of the booking's venue, if it is at a listed one. */
  venue_owner_id: string | null;
  starts_at: Date;
  ends_at: Date;
  address: string | null;
  venue_name: string | null;
  city_name: string | null;
}

/**
 * `userId`'s bookings overlapping [from, to), by start; cancelled and
 * refunded ones only when `includeCancelled`.
 */
export async function calendarBookings(
  db: Kysely<Database>,
  userId: string,
  range: { from: Date; to: Date | null; includeCancelled?: boolean },
): Promise<CalendarBookingRow[]> {
  let query = db.selectFrom("bookings as b")
    .innerJoin("acts", "acts.id", "b.act_id")
    .leftJoin("venues", "venues.id", "b.venue_id")
    .leftJoin("cities", "cities.city_id", "b.city_id")
    .select([
      "b.id",
      "b.title",
      "b.status",
      "b.act_id",
      "acts.name as act_name",
      "acts.owner_id",
      "b.organizer_id",
      "venues.owner_id as venue_owner_id",
      "b.starts_at",
      "b.ends_at",
      "b.address",
      "venues.name as venue_name",
      "cities.name as city_name",
    ])
    .where((eb) =>
      eb.or([
        eb("acts.owner_id", "=", userId),
        eb("b.organizer_id", "=", userId),
        eb("venues.owner_id", "=", userId),
        eb.and([eb("b.status", "in", OCCUPYING_STATES), memberOfActSql(userId, "b.act_id")]),
      ])
    )
    .where("b.ends_at", ">", range.from);
  if (range.to) query = query.where("b.starts_at", "<", range.to);
  if (!range.includeCancelled) query = query.where("b.status", "not in", CLOSED_STATES);
  return await query.orderBy("b.starts_at").orderBy("b.id").limit(1000).execute();
}

/** The blocks of `userId`'s acts overlapping [from, to), with the act's name, by start. */
export async function calendarBlocks(
  db: Kysely<Database>,
  userId: string,
  range: { from: Date; to: Date | null },
): Promise<(ActBlock & { act_name: string })[]> {
  let query = db.selectFrom("act_blocks").innerJoin("acts", "acts.id", "act_blocks.act_id")
    .selectAll("act_blocks").select("acts.name as act_name")
    .where("acts.owner_id", "=", userId).where("act_blocks.ends_at", ">", range.from);
  if (range.to) query = query.where("act_blocks.starts_at", "<", range.to);
  return await query.orderBy("act_blocks.starts_at").limit(1000).execute();
}

/**
 * The active holds `userId` placed or that are on their acts, not lapsed by
 * `now`, on the dates ("YYYY-MM-DD", in India) from `from` to `to`
 * (inclusive), by date and rank.
 */
export async function calendarHolds(
  db: Kysely<Database>,
  userId: string,
  range: { from: string; to: string | null; now: Date },
): Promise<NamedHold[]> {
  let query = namedHolds(db)
    .where((eb) => eb.or([eb("acts.owner_id", "=", userId), eb("h.holder_id", "=", userId)]))
    .where("h.status", "=", "active").where("h.expires_at", ">", range.now)
    .where("h.hold_date", ">=", dateValue(range.from));
  if (range.to) query = query.where("h.hold_date", "<=", dateValue(range.to));
  return await query.orderBy("h.hold_date").orderBy("h.rank").limit(1000).execute();
}

/** The time zone `userId` chose (users.timezone), as stored. */
export async function storedTimeZone(db: Kysely<Database>, userId: string): Promise<string | null> {
  const row = await db.selectFrom("users").select("timezone").where("id", "=", userId).executeTakeFirst();
  return row?.timezone ?? null;
}
