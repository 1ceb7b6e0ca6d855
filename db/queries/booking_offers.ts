/** The offers made on a booking, one per round; at most one is open (the one awaiting an answer). */
import type { Insertable, Kysely } from "kysely";
import type { BookingOffer, BookingOffersTable, Database } from "../schema.ts";
import type { OfferStatus } from "../../domain/negotiation.ts";

/** Every offer made on the booking, first round first. */
export function offersOfBooking(db: Kysely<Database>, bookingId: string): Promise<BookingOffer[]> {
  return db.selectFrom("booking_offers").selectAll().where("booking_id", "=", bookingId)
    .orderBy("round").execute();
}

export async function insertOffer(
  trx: Kysely<Database>,
  values: Insertable<BookingOffersTable>,
): Promise<void> {
  await trx.insertInto("booking_offers").values(values).execute();
}

/** Closes round `round` of the booking's offers with `outcome`, at `at`. */
export async function closeOffer(
  trx: Kysely<Database>,
  bookingId: string,
  round: number,
  outcome: Exclude<OfferStatus, "open">,
  at: Date,
): Promise<void> {
  await trx.updateTable("booking_offers").set({ status: outcome, closed_at: at })
    .where("booking_id", "=", bookingId).where("round", "=", round).execute();
}
