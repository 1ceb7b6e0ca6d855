/**
 * Everything a gig's page shows, for whoever is looking: its poster (or an
 * admin) manages the applications; anyone else sees their own applications
 * and the acts they could apply with.
 */
import { agreedBookingsOf } from "../../db/queries/booking_applications.ts";
import type { Actor } from "../../domain/access.ts";
import type { BookingState } from "../../domain/booking_machine.ts";
import { applicationsClosedReason } from "../../domain/opportunity_rules.ts";
import type { WorkflowDeps } from "../notifications.ts";
import { listApplications, myApplicationsTo, ownedActs } from "./applications.ts";
import { getOpportunity, isPoster } from "./opportunities.ts";
import type { ApplicationView, OpportunityView } from "./views.ts";

/** A booking agreed through one of the gig's applications, as its poster sees it. */
export interface AgreedBooking {
  bookingId: string;
  actName: string;
  status: BookingState;
  /** The agreed fee, which replaces the one the act first asked. */
  fee: number;
  currency: string;
}

export interface OpportunityPage {
  opportunity: OpportunityView;
  /** The poster or an admin: sees the applications and manages the gig. */
  manages: boolean;
  applications: ApplicationView[];
  /** For whoever manages the gig: the bookings agreed through its applications. */
  agreed: AgreedBooking[];
  /** The viewer's own acts, to apply with. */
  acts: { id: string; name: string }[];
  /** The viewer's applications to this gig. */
  mine: ApplicationView[];
  /** Why no new application is taken, or null while it is open. */
  closedReason: string | null;
}

export async function opportunityPage(
  deps: Pick<WorkflowDeps, "db" | "now">,
  actor: Actor | null,
  id: string,
): Promise<OpportunityPage> {
  const { db } = deps;
  const opportunity = await getOpportunity(db, actor, id);
  const manages = actor !== null && isPoster(actor, { organizer_id: opportunity.organizer.id });
  const closedReason = applicationsClosedReason(
    { status: opportunity.status, applicationDeadline: new Date(opportunity.applicationDeadline) },
    deps.now(),
  );
  if (manages) {
    const [received, agreed] = await Promise.all([
      listApplications(db, actor, { opportunityId: opportunity.id, pageSize: 100 }),
      agreedBookingsOf(db, opportunity.id),
    ]);
    return {
      opportunity,
      manages,
      applications: received.items,
      agreed: agreed.map((b) => ({
        bookingId: b.id,
        actName: b.act_name,
        status: b.status,
        fee: Number(b.fee),
        currency: b.currency,
      })),
      acts: [],
      mine: [],
      closedReason,
    };
  }
  const [acts, mine] = await Promise.all([
    ownedActs(db, actor),
    myApplicationsTo(db, actor, opportunity.id),
  ]);
  return { opportunity, manages, applications: [], agreed: [], acts, mine, closedReason };
}
