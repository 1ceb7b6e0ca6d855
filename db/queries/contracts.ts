/**
 * A booking's contract row: creating it, finding the one in force, locking
 * it before it changes and writing what changed. Changes lock the booking
 * first (db/queries/bookings.ts `lockBooking`) and then the contract, the
 * one order every path keeps, so a signature and a booking's change never
 * deadlock.
 */
import type { Insertable, Kysely, Updateable } from "kysely";
import type { Contract, ContractsTable, Database } from "../schema.ts";

export function insertContract(trx: Kysely<Database>, values: Insertable<ContractsTable>): Promise<Contract> {
  return trx.insertInto("contracts").values(values).returningAll().executeTakeFirstOrThrow();
}

export function findContract(db: Kysely<Database>, id: string): Promise<Contract | undefined> {
  return db.selectFrom("contracts").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The contract, locked FOR UPDATE until the transaction ends. */
export function lockContract(trx: Kysely<Database>, id: string): Promise<Contract | undefined> {
  return trx.selectFrom("contracts").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
}

/** The booking's contract in force (any status but voided), if there is one. */
export function liveContractOfBooking(
  db: Kysely<Database>,
  bookingId: string,
): Promise<Contract | undefined> {
  return db.selectFrom("contracts").selectAll()
    .where("booking_id", "=", bookingId).where("status", "<>", "voided")
    .executeTakeFirst();
}

/** The booking's newest contract, voided or not: what its page shows. */
export function latestContractOfBooking(
  db: Kysely<Database>,
  bookingId: string,
): Promise<Contract | undefined> {
  return db.selectFrom("contracts").selectAll()
    .where("booking_id", "=", bookingId)
    .orderBy("created_at", "desc").orderBy("id", "desc")
    .limit(1).executeTakeFirst();
}

export async function setContractColumns(
  trx: Kysely<Database>,
  id: string,
  columns: Updateable<ContractsTable>,
): Promise<void> {
  await trx.updateTable("contracts").set(columns).where("id", "=", id).execute();
}

/** Contracts out for signature that wait for `userId`'s side: as organizer, or as an act's owner. */
export function contractsAwaitingSignatureOf(db: Kysely<Database>, userId: string) {
  return db.selectFrom("contracts")
    .innerJoin("bookings", "bookings.id", "contracts.booking_id")
    .innerJoin("acts", "acts.id", "bookings.act_id")
    .select([
      "contracts.id",
      "contracts.booking_id",
      "contracts.status",
      "bookings.title",
      "bookings.starts_at",
      "acts.name as act_name",
      "bookings.organizer_id",
      "acts.owner_id as act_owner_id",
    ])
    .where((eb) =>
      eb.or([
        eb.and([
          eb("bookings.organizer_id", "=", userId),
          eb("contracts.status", "in", ["sent", "signed_by_artist"]),
        ]),
        eb.and([
          eb("acts.owner_id", "=", userId),
          eb("contracts.status", "in", ["sent", "signed_by_promoter"]),
        ]),
      ])
    )
    .orderBy("bookings.starts_at").limit(50).execute();
}
