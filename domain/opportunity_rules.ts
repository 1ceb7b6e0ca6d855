/**
 * The rules of opportunities and applications that need no database: when an
 * opportunity's dates and budget make sense, when it takes applications, and
 * which application changes each side may make. Pure: the caller passes `now`,
 * so forms, the API and tests get the same answers.
 */
import type { FieldIssue } from "./errors.ts";
import { MAX_BOOKING_HORIZON_MS } from "./negotiation.ts";

export const OPPORTUNITY_STATUSES = ["open", "closed", "filled", "cancelled"] as const;
export type OpportunityStatus = (typeof OPPORTUNITY_STATUSES)[number];
export const APPLICATION_STATUSES = [
  "submitted",
  "shortlisted",
  "rejected",
  "accepted",
  "withdrawn",
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export interface OpportunityPlan {
  startsAt: Date;
  applicationDeadline: Date;
  budgetMin: number;
  budgetMax: number;
}

/**
 * What is wrong with an opportunity's dates and budget, by field. `changed`
 * limits the "in the future" checks to the dates being set now, so editing
 * the title of an opportunity whose deadline has passed is still possible.
 */
export function opportunityPlanIssues(
  plan: OpportunityPlan,
  now: Date,
  changed: { startsAt: boolean; applicationDeadline: boolean } = {
    startsAt: true,
    applicationDeadline: true,
  },
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (changed.startsAt && plan.startsAt.getTime() <= now.getTime()) {
    issues.push({ field: "startsAt", message: "Must be in the future" });
  } else if (changed.startsAt && plan.startsAt.getTime() > now.getTime() + MAX_BOOKING_HORIZON_MS) {
    issues.push({ field: "startsAt", message: "Gigs are posted at most two years ahead" });
  }
  if (changed.applicationDeadline && plan.applicationDeadline.getTime() <= now.getTime()) {
    issues.push({ field: "applicationDeadline", message: "Must be in the future" });
  } else if (plan.applicationDeadline.getTime() > plan.startsAt.getTime()) {
    issues.push({ field: "applicationDeadline", message: "Must not be after the event starts" });
  }
  if (plan.budgetMax < plan.budgetMin) {
    issues.push({ field: "budgetMax", message: "Must not be below budgetMin" });
  }
  return issues;
}

/** Why an opportunity takes no applications now, or null when it does. */
export function applicationsClosedReason(
  opportunity: { status: OpportunityStatus; applicationDeadline: Date },
  now: Date,
): string | null {
  if (opportunity.status === "cancelled") return "This opportunity was cancelled";
  if (opportunity.status === "filled") return "This gig has been booked";
  if (opportunity.status !== "open") return "This opportunity no longer takes applications";
  if (opportunity.applicationDeadline.getTime() <= now.getTime()) {
    return "The application deadline has passed";
  }
  return null;
}

/**
 * What a gig becomes once a booking that came from one of its applications is
 * confirmed: filled (no more applications, off the public listings), unless
 * it was cancelled meanwhile, which stays as it is.
 */
export function statusOnceBooked(status: OpportunityStatus): OpportunityStatus {
  return status === "cancelled" ? "cancelled" : "filled";
}

/** Still in the running: counts towards "one live application per act". */
export const LIVE_APPLICATION_STATUSES: readonly ApplicationStatus[] = ["submitted", "shortlisted"];

export function isLive(status: ApplicationStatus): boolean {
  return LIVE_APPLICATION_STATUSES.includes(status);
}

/** The act may change its pitch and fee only until the organizer has looked at it. */
export function actMayEdit(status: ApplicationStatus): boolean {
  return status === "submitted";
}

export function actMayWithdraw(status: ApplicationStatus): boolean {
  return isLive(status);
}

/** The statuses an organizer may set by hand; "accepted" comes only with a negotiation. */
export const ORGANIZER_DECISIONS = ["shortlisted", "rejected"] as const;
export type OrganizerDecision = typeof ORGANIZER_DECISIONS[number];

export function organizerMayDecide(from: ApplicationStatus, to: OrganizerDecision): boolean {
  if (to === "shortlisted") return from === "submitted";
  return isLive(from);
}
