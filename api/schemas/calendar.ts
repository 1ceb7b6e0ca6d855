/** Response shapes of blocks, holds, availability, the month view and the feed link, for the OpenAPI document. */
import { z } from "@hono/zod-openapi";
import { BOOKING_STATES } from "../../domain/booking_machine.ts";
import { HOLD_STATUSES } from "../../domain/holds.ts";

const Instant = z.string().openapi({ example: "2026-12-05T13:30:00.000Z" });
const Day = (example: string) => z.string().openapi({ description: "A date, YYYY-MM-DD", example });

export const BlockSchema = z.object({
  id: z.uuid(),
  actId: z.uuid(),
  startsAt: Instant,
  endsAt: Instant,
  reason: z.string().nullable().openapi({ example: "Family wedding" }),
  createdAt: Instant,
}).openapi("Block");

export const HoldSchema = z.object({
  id: z.uuid(),
  actId: z.uuid(),
  actName: z.string().openapi({ example: "The Raga Collective" }),
  holderId: z.uuid(),
  holderName: z.string().nullable().openapi({ example: "Mumbai Jazz Festival" }),
  holdDate: Day("2026-12-05"),
  rank: z.number().int().min(1).openapi({ description: "1 is the first hold", example: 1 }),
  status: z.enum(HOLD_STATUSES),
  expiresAt: Instant,
  note: z.string().nullable(),
  createdAt: Instant,
  endedAt: Instant.nullable(),
}).openapi("Hold");

export const HoldListSchema = z.object({
  holds: z.array(HoldSchema),
  activeCount: z.number().int().openapi({
    description: "Active holds on the act, including those the caller may not see",
    example: 3,
  }),
}).openapi("HoldList");

export const AvailabilitySchema = z.object({
  actId: z.uuid(),
  from: Day("2026-12-01"),
  to: Day("2026-12-31"),
  timeZone: z.string().openapi({ example: "Asia/Kolkata" }),
  busy: z.array(z.string()).openapi({
    description: "Days (in timeZone) on which the act is blocked or booked",
    example: ["2026-12-05", "2026-12-24"],
  }),
}).openapi("Availability");

export const CalendarEntrySchema = z.object({
  kind: z.enum(["booking", "block", "hold"]),
  id: z.uuid(),
  title: z.string().openapi({ example: "NH7 Weekender, Pune" }),
  status: z.enum(BOOKING_STATES).nullable(),
  role: z.enum(["act", "organizer", "venue", "member"]),
  actId: z.uuid(),
  actName: z.string(),
  startsAt: Instant,
  endsAt: Instant,
  firstDate: Day("2026-12-05"),
  lastDate: Day("2026-12-05"),
  startTime: z.string().nullable().openapi({ description: "Local HH:MM; null all day", example: "19:00" }),
  location: z.string().nullable(),
  link: z.string().nullable().openapi({ example: "/bookings/4f1c…" }),
  rank: z.number().int().nullable(),
  canRelease: z.boolean(),
  note: z.string().nullable(),
}).openapi("CalendarEntry");

export const MonthCalendarSchema = z.object({
  month: z.string().openapi({ example: "2026-12" }),
  timeZone: z.string().openapi({ example: "Asia/Kolkata" }),
  entries: z.array(CalendarEntrySchema),
  days: z.record(z.string(), z.array(z.enum(["booking", "block", "hold"]))).openapi({
    description: "Per day shown: the kinds of entries on it",
    example: { "2026-12-05": ["booking"] },
  }),
}).openapi("MonthCalendar");

export const FeedLinkSchema = z.object({
  path: z.string().openapi({ example: "/calendar/feed/9b2f….1.Qm9…ics" }),
  url: z.string().openapi({ example: "https://artistspace.in/calendar/feed/9b2f….1.Qm9….ics" }),
  webcal: z.string(),
  version: z.number().int(),
}).openapi("CalendarFeedLink");
