/**
 * Tax invoices: the next serial of a financial year, and the invoice rows.
 *
 * The serial is one row per financial year, incremented in the transaction
 * of the capture: concurrent captures queue on that row, and a capture that
 * rolls back takes its increment with it, so the series has no gaps and no
 * repeats (CGST Rules, rule 46(b)).
 */
import type { Insertable, Kysely } from "kysely";
import type { Database, InvoicesTable } from "../schema.ts";

export async function nextInvoiceSerial(trx: Kysely<Database>, financialYear: string): Promise<number> {
  const row = await trx.insertInto("invoice_serials")
    .values({ financial_year: financialYear, last_serial: 1 })
    .onConflict((oc) =>
      oc.column("financial_year").doUpdateSet((eb) => ({
        last_serial: eb("invoice_serials.last_serial", "+", 1),
      }))
    )
    .returning("last_serial").executeTakeFirstOrThrow();
  return row.last_serial;
}

export async function insertInvoice(trx: Kysely<Database>, values: Insertable<InvoicesTable>): Promise<void> {
  await trx.insertInto("invoices").values(values).execute();
}

export function invoiceOfPayment(db: Kysely<Database>, paymentId: string) {
  return db.selectFrom("invoices").selectAll().where("payment_id", "=", paymentId).executeTakeFirst();
}

/** Where the booking is played: its city's state, for an organizer with no address on record. */
export function stateOfBookingCity(db: Kysely<Database>, bookingId: string) {
  return db.selectFrom("bookings")
    .innerJoin("cities", "cities.city_id", "bookings.city_id")
    .innerJoin("states", "states.state_id", "cities.state_id")
    .select(["cities.name as city", "states.name as state"])
    .where("bookings.id", "=", bookingId)
    .executeTakeFirst();
}
