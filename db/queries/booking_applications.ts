/**
 * The application a negotiation starts from, and its opportunity; and the
 * gig a confirmed booking fills, with the applications still in the running
 * for it. Locks are taken opportunity first, then application, as applying
 * and cancelling take them: the same order everywhere, so they cannot
 * deadlock.
 */
import type { Kysely } from "kysely";
import { type BookingState, OCCUPYING_STATES } from "../../domain/booking_machine.ts";
import { LIVE_APPLICATION_STATUSES, type OpportunityStatus } from "../../domain/opportunity_rules.ts";
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

/** The opportunity, locked FOR UPDATE until the transaction ends (applying waits for it). */
export function lockOpportunity(trx: Kysely<Database>, id: string): Promise<Opportunity> {
  return trx.selectFrom("opportunities").selectAll().where("id", "=", id).forUpdate()
    .executeTakeFirstOrThrow();
}

export async function setOpportunityStatus(
  trx: Kysely<Database>,
  id: string,
  status: OpportunityStatus,
): Promise<void> {
  await trx.updateTable("opportunities").set({ status }).where("id", "=", id).execute();
}

/** The applications to an opportunity still in the running, with their act's owner; locked FOR UPDATE. */
export function lockLiveApplications(
  trx: Kysely<Database>,
  opportunityId: string,
): Promise<{ id: string; owner_id: string }[]> {
  return trx.selectFrom("applications").innerJoin("acts", "acts.id", "applications.act_id")
    .select(["applications.id", "acts.owner_id"])
    .where("applications.opportunity_id", "=", opportunityId)
    .where("applications.status", "in", LIVE_APPLICATION_STATUSES)
    .orderBy("applications.id")
    .forUpdate("applications")
    .execute();
}

/** The applications were not selected. */
export async function markApplicationsRejected(trx: Kysely<Database>, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await trx.updateTable("applications").set({ status: "rejected" }).where("id", "in", ids).execute();
}

/** The bookings that came from an opportunity and were agreed (occupying states), soonest first. */
export function agreedBookingsOf(
  db: Kysely<Database>,
  opportunityId: string,
): Promise<{ id: string; status: BookingState; fee: number; currency: string; act_name: string }[]> {
  return db.selectFrom("bookings").innerJoin("acts", "acts.id", "bookings.act_id")
    .select(["bookings.id", "bookings.status", "bookings.fee", "bookings.currency", "acts.name as act_name"])
    .where("bookings.opportunity_id", "=", opportunityId)
    .where("bookings.status", "in", OCCUPYING_STATES)
    .orderBy("bookings.starts_at").orderBy("bookings.id")
    .execute();
}
