/**
 * A booking's own row: reading it, locking it before it changes, creating
 * it and writing what changed. Every change to an existing booking starts
 * with `lockBooking`, so changes to one booking never interleave.
 */
import type { Insertable, Kysely, Updateable } from "kysely";
import type { Booking, BookingsTable, Database } from "../schema.ts";

/** The booking, if it exists. */
export function findBooking(db: Kysely<Database>, id: string): Promise<Booking | undefined> {
  return db.selectFrom("bookings").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The booking, locked FOR UPDATE until the transaction ends, if it exists. */
export function lockBooking(trx: Kysely<Database>, id: string): Promise<Booking | undefined> {
  return trx.selectFrom("bookings").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
}

export function insertBooking(trx: Kysely<Database>, values: Insertable<BookingsTable>): Promise<Booking> {
  return trx.insertInto("bookings").values(values).returningAll().executeTakeFirstOrThrow();
}

/** Writes `columns` (at least one) to the booking. */
export async function setBookingColumns(
  trx: Kysely<Database>,
  id: string,
  columns: Updateable<BookingsTable>,
): Promise<void> {
  await trx.updateTable("bookings").set(columns).where("id", "=", id).execute();
}
