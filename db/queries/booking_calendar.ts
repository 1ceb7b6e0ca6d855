/**
 * Whether an act is free for a booking about to be confirmed: no other
 * booking taking its time (with the travel buffer) and no block it set. The
 * exclusion constraint bookings_no_double_booking (db/migrations/0008) is the
 * guarantee; these let the service refuse first, with a clear message.
 */
import { type Kysely, sql } from "kysely";
import { OCCUPYING_STATES } from "../../domain/booking_machine.ts";
import type { Database } from "../schema.ts";

/**
 * Locks the act's row until the transaction ends: confirmations of one act
 * queue here (as changes to its holds do), so each sees every earlier one.
 */
export async function lockActForConfirmation(trx: Kysely<Database>, actId: string): Promise<void> {
  await trx.selectFrom("acts").select("id").where("id", "=", actId).forUpdate().execute();
}

/**
 * Another booking of the act in an occupying state whose time overlaps
 * [startsAt, endsAt) widened by `bufferMinutes` on each side, if any.
 */
export function clashingBooking(
  db: Kysely<Database>,
  slot: { actId: string; bookingId: string; startsAt: Date; endsAt: Date; bufferMinutes: number },
): Promise<{ id: string } | undefined> {
  const buffer = `${slot.bufferMinutes} minutes`;
  return db.selectFrom("bookings").select("id")
    .where("act_id", "=", slot.actId)
    .where("id", "<>", slot.bookingId)
    .where("status", "in", OCCUPYING_STATES)
    .where(sql<boolean>`occupancy && tstzrange(${slot.startsAt}::timestamptz - ${buffer}::interval,
      ${slot.endsAt}::timestamptz + ${buffer}::interval, '[)')`)
    .executeTakeFirst();
}

/** A block the act set on its calendar overlapping [startsAt, endsAt), if any. */
export function overlappingBlock(
  db: Kysely<Database>,
  actId: string,
  startsAt: Date,
  endsAt: Date,
): Promise<{ id: string } | undefined> {
  return db.selectFrom("act_blocks").select("id")
    .where("act_id", "=", actId)
    .where("starts_at", "<", endsAt)
    .where("ends_at", ">", startsAt)
    .executeTakeFirst();
}
