/**
 * A gig is booked once a booking that came from one of its applications is
 * confirmed: in the same transaction the gig is filled (it takes no more
 * applications and leaves the public listings), and the acts still in the
 * running are told they were not selected. Other negotiations the organizer
 * started for the same gig go on; either side may still end them.
 */
import type { Transaction } from "kysely";
import {
  lockLiveApplications,
  lockOpportunity,
  markApplicationsRejected,
  setOpportunityStatus,
} from "../../db/queries/booking_applications.ts";
import type { Booking, Database } from "../../db/schema.ts";
import { statusOnceBooked } from "../../domain/opportunity_rules.ts";
import { notify, type WorkflowDeps } from "../notifications.ts";

/** Fills the gig `booking` came from, if it came from one; call in the confirming transaction. */
export async function fillGigOf(
  trx: Transaction<Database>,
  deps: WorkflowDeps,
  booking: Booking,
): Promise<void> {
  if (!booking.opportunity_id) return;
  // The gig first, then its applications: the order applying and starting a negotiation lock them in.
  const gig = await lockOpportunity(trx, booking.opportunity_id);
  const status = statusOnceBooked(gig.status);
  if (status !== gig.status) await setOpportunityStatus(trx, gig.id, status);
  const others = await lockLiveApplications(trx, gig.id);
  await markApplicationsRejected(trx, others.map((a) => a.id));
  for (const ownerId of new Set(others.map((a) => a.owner_id))) {
    await notify(trx, deps, {
      userId: ownerId,
      subject: "Application update",
      text: `"${gig.title}" has been booked with another act, so your application was not selected.`,
      link: `/opportunities/${gig.id}`,
    });
  }
}
