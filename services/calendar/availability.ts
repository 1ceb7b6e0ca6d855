/** What anyone may see of an act's calendar: its busy days, without any detail. */
import { z } from "zod";
import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import { daysBetween, isDate } from "../../domain/calendar_month.ts";
import { ValidationError } from "../../domain/errors.ts";
import { parseInput } from "../validation.ts";
import { BOOKING_TIME_ZONE, dayEnd, dayStart, loadAct, occupiesBetween } from "./shared.ts";

/** The longest span the public availability answers for at once. */
export const MAX_AVAILABILITY_DAYS = 92;

export const AvailabilityInput = z.object({
  from: z.string().refine(isDate, "A date like 2026-12-01"),
  to: z.string().refine(isDate, "A date like 2026-12-31"),
}).strict();

export interface Availability {
  actId: string;
  from: string;
  to: string;
  timeZone: string;
  /** Days ("YYYY-MM-DD", in India) on which the act is blocked or booked. */
  busy: string[];
}

/**
 * Public: the days between `from` and `to` (inclusive) on which the act is
 * not available, and nothing about why.
 *
 *   select d.day::text from (select $from::date + i as day from generate_series(0, $n) g(i)) d
 *   where exists (select 1 from act_blocks b where b.act_id = $act
 *                 and b.starts_at < <end of day> and b.ends_at > <start of day>)
 *      or exists (select 1 from bookings k where k.act_id = $act and k.status in (<occupying>)
 *                 and k.starts_at < <end> and k.starts_at > <start> - 720 min and k.ends_at > <start>)
 */
export async function actAvailability(
  db: Kysely<Database>,
  actId: string,
  input: unknown,
): Promise<Availability> {
  const { from, to } = parseInput(AvailabilityInput, input);
  const span = daysBetween(from, to);
  if (span < 0) {
    throw new ValidationError("Invalid input data", [{ field: "to", message: "Must not be before from" }]);
  }
  if (span >= MAX_AVAILABILITY_DAYS) {
    throw new ValidationError("Invalid input data", [{
      field: "to",
      message: `At most ${MAX_AVAILABILITY_DAYS} days from from`,
    }]);
  }
  const act = await loadAct(db, actId);
  const day = sql`d.day`;
  const { rows } = await sql<{ day: string }>`
    select d.day::text as day
    from (select ${from}::date + g.i as day from generate_series(0, ${span}::int) as g(i)) d
    where exists (select 1 from act_blocks b where b.act_id = ${act.id}
                  and b.starts_at < ${dayEnd(day)} and b.ends_at > ${dayStart(day)})
       or exists (select 1 from bookings k where k.act_id = ${act.id}
                  and ${occupiesBetween("k", dayStart(day), dayEnd(day))})
    order by d.day`.execute(db);
  return { actId: act.id, from, to, timeZone: BOOKING_TIME_ZONE, busy: rows.map((r) => r.day) };
}
