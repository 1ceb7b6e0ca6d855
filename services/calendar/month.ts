/**
 * What a person's calendar shows, for the month page, the API and the
 * iCalendar feed:
 * - an act's owner: every booking of their acts that is not cancelled, their
 *   blocks, and the holds organizers put on them;
 * - an organizer (promoter, venue manager): their bookings and their holds;
 * - a venue's manager: the confirmed shows and the open requests at their
 *   venues, whoever organizes them;
 * - a band member: the band's agreed gigs (occupying states) only.
 * Times are shown in the user's time zone (users.timezone, India by default).
 */
import { z } from "zod";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { actsOwnedBy } from "../../db/queries/acts.ts";
import {
  calendarBlocks,
  calendarBookings,
  calendarHolds,
  storedTimeZone,
} from "../../db/queries/calendar_entries.ts";
import type { BookingState } from "../../domain/booking_machine.ts";
import { type CalendarMark, calendarMark } from "../../domain/calendar_marks.ts";
import { type Actor, requireActor } from "../../domain/access.ts";
import {
  addDays,
  BOOKING_TIME_ZONE,
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
import { type BlockView, blockView } from "./blocks.ts";
import { type HoldView, holdView } from "./holds.ts";

export type CalendarRole = "act" | "organizer" | "venue" | "member";

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

export interface CalendarItems {
  bookings: CalendarBooking[];
  /** Each with the name of its act: the calendar shows all of the owner's acts. */
  blocks: (BlockView & { actName: string })[];
  holds: HoldView[];
}

/**
 * The user's bookings and blocks overlapping [from, to) (to = null: no end)
 * and their active holds on the days in between. Cancelled bookings only
 * when `includeCancelled` (a feed must say an event is off, not drop it).
 */
export async function calendarItems(
  db: Kysely<Database>,
  userId: string,
  range: { from: Date; to: Date | null; now: Date; includeCancelled?: boolean },
): Promise<CalendarItems> {
  const [bookings, blocks, holds] = await Promise.all([
    calendarBookings(db, userId, range),
    calendarBlocks(db, userId, range),
    calendarHolds(db, userId, {
      from: localDate(range.from, BOOKING_TIME_ZONE),
      to: range.to && localDate(range.to, BOOKING_TIME_ZONE),
      now: range.now,
    }),
  ]);
  return {
    bookings: bookings.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      role: r.owner_id === userId
        ? "act"
        : r.organizer_id === userId
        ? "organizer"
        : r.venue_owner_id === userId
        ? "venue"
        : "member",
      actId: r.act_id,
      actName: r.act_name,
      startsAt: new Date(r.starts_at),
      endsAt: new Date(r.ends_at),
      location: [r.venue_name, r.city_name].filter(Boolean).join(", ") || r.address,
    })),
    blocks: blocks.map((r) => ({ ...blockView(r), actName: r.act_name })),
    holds: holds.map(holdView),
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
  /** Per day of the grid: the kinds of entries on it (the API's answer). */
  days: Record<string, EntryKind[]>;
  /** Per day of the grid: its entries' marks, agreed shows apart from open requests, for the page's dots. */
  marks: Record<string, CalendarMark[]>;
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
  const items = await calendarItems(deps.db, a.userId, { from, to, now: deps.now() });
  const entries = toEntries(items, a.userId, timeZone);
  const days: Record<string, EntryKind[]> = {};
  const marks: Record<string, CalendarMark[]> = {};
  const addOnce = <T>(list: T[], item: T) => {
    if (!list.includes(item)) list.push(item);
  };
  for (const e of entries) {
    for (let d = e.firstDate; d <= e.lastDate && d <= grid.gridEnd; d = addDays(d, 1)) {
      if (d < grid.gridStart) continue;
      addOnce(days[d] ??= [], e.kind);
      addOnce(marks[d] ??= [], calendarMark(e.kind, e.status));
    }
  }
  const acts = await actsOwnedBy(deps.db, a.userId);
  return { month: m, timeZone, grid, entries, days, marks, acts };
}

function toEntries(items: CalendarItems, viewerId: string, timeZone: string): CalendarEntry[] {
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
      startsAt: b.startsAt,
      endsAt: b.endsAt,
      firstDate: localDate(new Date(b.startsAt), timeZone),
      lastDate: lastDay(new Date(b.endsAt)),
      startTime: localTime(new Date(b.startsAt), timeZone),
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
      role: h.holderId === viewerId ? "organizer" : "act",
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
      // Every hold here is the viewer's own or on their act: either may release it.
      canRelease: true,
      note: h.note,
    })),
  ];
  return entries.sort((x, y) =>
    x.firstDate.localeCompare(y.firstDate) || x.startsAt.localeCompare(y.startsAt)
  );
}

/** The user's time zone, India when unset or unknown to this runtime. */
export async function userTimeZone(db: Kysely<Database>, userId: string): Promise<string> {
  const timeZone = await storedTimeZone(db, userId);
  return timeZone && isTimeZone(timeZone) ? timeZone : BOOKING_TIME_ZONE;
}
