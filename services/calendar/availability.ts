/** What anyone may see of an act's calendar: its busy days, without any detail. */
import { z } from "zod";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { busyDays } from "../../db/queries/act_availability.ts";
import { BOOKING_TIME_ZONE, daysBetween, isDate } from "../../domain/calendar_month.ts";
import { ValidationError } from "../../domain/errors.ts";
import { parseInput } from "../validation.ts";
import { loadAct } from "./shared.ts";

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
  const busy = await busyDays(db, act.id, from, span);
  return { actId: act.id, from, to, timeZone: BOOKING_TIME_ZONE, busy };
}
