/**
 * What a person's calendar shows, for the month page, the API and the
 * iCalendar feed:
 * - an act's owner: every booking of their acts that is not cancelled, their
 *   blocks, and the holds organizers put on them;
 * - an organizer (promoter, venue manager): their bookings and their holds;
 * - a band member: the band's agreed gigs (occupying states) only.
 * Times are shown in the user's time zone (users.timezone, India by default).
 */
import { z } from "zod";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { BookingState } from "../../domain/booking_machine.ts";
import { type Actor, requireActor } from "../../domain/access.ts";
import { OCCUPYING_STATES } from "../../domain/booking_machine.ts";
import {
  addDays,
  isTimeZone,
  localDate,
  localTime,
  type MonthGrid,
  monthGrid,
  parseMonth,
  zonedInstant,
} from "../../domain/calendar_month.ts";
import type { WorkflowDeps } from "../notifications.ts";
import { parseInput } from "../validation.ts";
import { BOOKING_TIME_ZONE, dateText, dateValue } from "./shared.ts";
import { memberOfActSql } from "../../db/queries/act_side.ts";

const CLOSED_STATES: readonly BookingState[] = ["cancelled", "refunded"];

export type CalendarRole = "act" | "organizer" | "member";

export interface CalendarBooking {
  id: string;
  title: string;
  status: BookingState;
  role: CalendarRole;
  actId: string;
  actName: string;
  startsAt: Date;
  endsAt: Date;
  /** Venue name and city, or the address, when known. */
  location: string | null;
}

export interface CalendarBlock {
  id: string;
  actId: string;
  actName: string;
  startsAt: Date;
  endsAt: Date;
  reason: string | null;
}

export interface CalendarHold {
  id: string;
  actId: string;
  actName: string;
  holderId: string;
  holderName: string | null;
  /** "YYYY-MM-DD", a day in India. */
  holdDate: string;
  rank: number;
  expiresAt: Date;
  note: string | null;
  /** "organizer" for the viewer's own hold, "act" for a hold on the viewer's act. */
  role: CalendarRole;
  /** The holder, the act's owner or an admin may release it. */
  canRelease: boolean;
}

export interface CalendarItems {
  bookings: CalendarBooking[];
  blocks: CalendarBlock[];
  holds: CalendarHold[];
}

/**
 * The user's bookings and blocks overlapping [from, to) (to = null: no end)
 * and their active holds on the days in between. Cancelled bookings only
 * when `includeCancelled` (a feed must say an event is off, not drop it).
 */
export async function calendarItems(
  db: Kysely<Database>,
  user: { userId: string; isAdmin?: boolean },
  range: { from: Date; to: Date | null; now: Date; includeCancelled?: boolean },
): Promise<CalendarItems> {
  const uid = user.userId;
  const memberOf = memberOfActSql(uid, "b.act_id");
  let bookings = db.selectFrom("bookings as b")
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
      "b.starts_at",
      "b.ends_at",
      "b.address",
      "venues.name as venue_name",
      "cities.name as city_name",
    ])
    .where((eb) =>
      eb.or([
        eb("acts.owner_id", "=", uid),
        eb("b.organizer_id", "=", uid),
        eb.and([eb("b.status", "in", OCCUPYING_STATES), memberOf]),
      ])
    )
    .where("b.ends_at", ">", range.from);
  if (range.to) bookings = bookings.where("b.starts_at", "<", range.to);
  if (!range.includeCancelled) bookings = bookings.where("b.status", "not in", CLOSED_STATES);

  let blocks = db.selectFrom("act_blocks").innerJoin("acts", "acts.id", "act_blocks.act_id")
    .select([
      "act_blocks.id",
      "act_blocks.act_id",
      "acts.name as act_name",
      "act_blocks.starts_at",
      "act_blocks.ends_at",
      "act_blocks.reason",
    ])
    .where("acts.owner_id", "=", uid).where("act_blocks.ends_at", ">", range.from);
  if (range.to) blocks = blocks.where("act_blocks.starts_at", "<", range.to);

  let holds = db.selectFrom("act_holds").innerJoin("acts", "acts.id", "act_holds.act_id")
    .innerJoin("users", "users.id", "act_holds.holder_id")
    .select([
      "act_holds.id",
      "act_holds.act_id",
      "acts.name as act_name",
      "acts.owner_id",
      "act_holds.holder_id",
      "users.display_name as holder_name",
      "act_holds.hold_date",
      "act_holds.rank",
      "act_holds.expires_at",
      "act_holds.note",
    ])
    .where((eb) => eb.or([eb("acts.owner_id", "=", uid), eb("act_holds.holder_id", "=", uid)]))
    .where("act_holds.status", "=", "active").where("act_holds.expires_at", ">", range.now)
    .where("act_holds.hold_date", ">=", dateValue(localDate(range.from, BOOKING_TIME_ZONE)));
  if (range.to) {
    holds = holds.where("act_holds.hold_date", "<=", dateValue(localDate(range.to, BOOKING_TIME_ZONE)));
  }

  const [bookingRows, blockRows, holdRows] = await Promise.all([
    bookings.orderBy("b.starts_at").orderBy("b.id").limit(1000).execute(),
    blocks.orderBy("act_blocks.starts_at").limit(1000).execute(),
    holds.orderBy("act_holds.hold_date").orderBy("act_holds.rank").limit(1000).execute(),
  ]);
  return {
    bookings: bookingRows.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      role: r.owner_id === uid ? "act" : r.organizer_id === uid ? "organizer" : "member",
      actId: r.act_id,
      actName: r.act_name,
      startsAt: new Date(r.starts_at),
      endsAt: new Date(r.ends_at),
      location: [r.venue_name, r.city_name].filter(Boolean).join(", ") || r.address,
    })),
    blocks: blockRows.map((r) => ({
      id: r.id,
      actId: r.act_id,
      actName: r.act_name,
      startsAt: new Date(r.starts_at),
      endsAt: new Date(r.ends_at),
      reason: r.reason,
    })),
    holds: holdRows.map((r) => ({
      id: r.id,
      actId: r.act_id,
      actName: r.act_name,
      holderId: r.holder_id,
      holderName: r.holder_name,
      holdDate: dateText(r.hold_date),
      rank: r.rank,
      expiresAt: new Date(r.expires_at),
      note: r.note,
      role: r.holder_id === uid ? "organizer" : "act",
      canRelease: r.holder_id === uid || r.owner_id === uid || user.isAdmin === true,
    })),
  };
}

export type EntryKind = "booking" | "block" | "hold";

/** One line of the month's list, in the viewer's time zone. */
export interface CalendarEntry {
  kind: EntryKind;
  id: string;
  title: string;
  /** The booking's status; null for blocks and holds. */
  status: BookingState | null;
  role: CalendarRole;
  actId: string;
  actName: string;
  startsAt: string;
  endsAt: string;
  /** "YYYY-MM-DD" of the first and last day it covers, in the viewer's time zone. */
  firstDate: string;
  lastDate: string;
  /** "HH:MM" local start; null for all-day entries (holds). */
  startTime: string | null;
  location: string | null;
  /** Where to see it: the booking page. */
  link: string | null;
  rank: number | null;
  canRelease: boolean;
  note: string | null;
}

export interface MonthCalendar {
  month: string;
  timeZone: string;
  grid: MonthGrid;
  entries: CalendarEntry[];
  /** Per day of the grid: the kinds of entries on it, for the dots. */
  days: Record<string, EntryKind[]>;
  /** The acts the viewer manages (they may block dates of these). */
  acts: { id: string; name: string }[];
}

export const MonthInput = z.string().refine((m) => parseMonth(m) !== null, "A month like 2026-12");

/** The signed-in user's month "YYYY-MM", grid padding included. */
export async function monthCalendar(
  deps: WorkflowDeps,
  actor: Actor | null,
  month: string,
): Promise<MonthCalendar> {
  const a = requireActor(actor);
  const m = parseInput(MonthInput, month);
  const grid = monthGrid(m);
  const timeZone = await userTimeZone(deps.db, a.userId);
  const from = zonedInstant(grid.gridStart, "00:00", timeZone);
  const to = zonedInstant(addDays(grid.gridEnd, 1), "00:00", timeZone);
  const items = await calendarItems(deps.db, { userId: a.userId, isAdmin: a.roles.includes("admin") }, {
    from,
    to,
    now: deps.now(),
  });
  const entries = toEntries(items, timeZone);
  const days: Record<string, EntryKind[]> = {};
  for (const e of entries) {
    for (let d = e.firstDate; d <= e.lastDate && d <= grid.gridEnd; d = addDays(d, 1)) {
      if (d < grid.gridStart) continue;
      const kinds = days[d] ??= [];
      if (!kinds.includes(e.kind)) kinds.push(e.kind);
    }
  }
  const acts = await deps.db.selectFrom("acts").select(["id", "name"]).where("owner_id", "=", a.userId)
    .orderBy("name").execute();
  return { month: m, timeZone, grid, entries, days, acts };
}

function toEntries(items: CalendarItems, timeZone: string): CalendarEntry[] {
  const lastDay = (end: Date) => localDate(new Date(end.getTime() - 1), timeZone);
  const entries: CalendarEntry[] = [
    ...items.bookings.map((b): CalendarEntry => ({
      kind: "booking",
      id: b.id,
      title: b.title,
      status: b.status,
      role: b.role,
      actId: b.actId,
      actName: b.actName,
      startsAt: b.startsAt.toISOString(),
      endsAt: b.endsAt.toISOString(),
      firstDate: localDate(b.startsAt, timeZone),
      lastDate: localDate(b.startsAt, timeZone),
      startTime: localTime(b.startsAt, timeZone),
      location: b.location,
      link: `/bookings/${b.id}`,
      rank: null,
      canRelease: false,
      note: null,
    })),
    ...items.blocks.map((b): CalendarEntry => ({
      kind: "block",
      id: b.id,
      title: b.reason || "Unavailable",
      status: null,
      role: "act",
      actId: b.actId,
      actName: b.actName,
      startsAt: b.startsAt.toISOString(),
      endsAt: b.endsAt.toISOString(),
      firstDate: localDate(b.startsAt, timeZone),
      lastDate: lastDay(b.endsAt),
      startTime: localTime(b.startsAt, timeZone),
      location: null,
      link: null,
      rank: null,
      canRelease: false,
      note: null,
    })),
    ...items.holds.map((h): CalendarEntry => ({
      kind: "hold",
      id: h.id,
      title: h.holderName ? `Hold by ${h.holderName}` : "Hold",
      status: null,
      role: h.role,
      actId: h.actId,
      actName: h.actName,
      startsAt: zonedInstant(h.holdDate, "00:00", BOOKING_TIME_ZONE).toISOString(),
      endsAt: zonedInstant(addDays(h.holdDate, 1), "00:00", BOOKING_TIME_ZONE).toISOString(),
      // A hold is on a date in India, whatever the viewer's zone.
      firstDate: h.holdDate,
      lastDate: h.holdDate,
      startTime: null,
      location: null,
      link: null,
      rank: h.rank,
      canRelease: h.canRelease,
      note: h.note,
    })),
  ];
  return entries.sort((x, y) =>
    x.firstDate.localeCompare(y.firstDate) || x.startsAt.localeCompare(y.startsAt)
  );
}

/** The user's time zone, India when unset or unknown to this runtime. */
export async function userTimeZone(db: Kysely<Database>, userId: string): Promise<string> {
  const row = await db.selectFrom("users").select("timezone").where("id", "=", userId).executeTakeFirst();
  return row?.timezone && isTimeZone(row.timezone) ? row.timezone : BOOKING_TIME_ZONE;
}
