/**
 * The application a negotiation starts from, and its opportunity. Locks are
 * taken opportunity first, then application, as applying and cancelling
 * take them: the same order everywhere, so they cannot deadlock.
 */
import type { Kysely } from "kysely";
import type { Application, Database, Opportunity } from "../schema.ts";

/** The opportunity an application answers, if the application exists. */
export function findOpportunityIdOfApplication(
  db: Kysely<Database>,
  applicationId: string,
): Promise<{ opportunity_id: string } | undefined> {
  return db.selectFrom("applications").select("opportunity_id").where("id", "=", applicationId)
    .executeTakeFirst();
}

/** The opportunity, locked FOR SHARE until the transaction ends. */
export function shareLockOpportunity(trx: Kysely<Database>, id: string): Promise<Opportunity> {
  return trx.selectFrom("opportunities").selectAll().where("id", "=", id).forShare()
    .executeTakeFirstOrThrow();
}

/** The application, locked FOR UPDATE. */
export function lockApplication(trx: Kysely<Database>, id: string): Promise<Application> {
  return trx.selectFrom("applications").selectAll().where("id", "=", id).forUpdate()
    .executeTakeFirstOrThrow();
}

/** The application is accepted into the negotiation that `bookingId` is. */
export async function markApplicationAccepted(
  trx: Kysely<Database>,
  applicationId: string,
  bookingId: string,
): Promise<void> {
  await trx.updateTable("applications").set({ status: "accepted", booking_id: bookingId })
    .where("id", "=", applicationId).execute();
}
