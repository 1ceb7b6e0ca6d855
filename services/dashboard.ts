/**
 * What a signed-in user sees first: on the organizer side, their
 * opportunities with application counts, their bookings by state and what
 * waits for them; on the act side, their applications, the offers waiting
 * for their answer and their upcoming gigs, and the acts whose earnings they
 * see (those they own, the bands they play in); for whoever manages a venue, the
 * requests and shows at their venues, whoever organized them; for admins and
 * staff, the disputes waiting for a ruling. On both sides, the contracts
 * waiting for the user's signature. Read-only, own data only
 * (disputes aside); a user with several kinds of role gets each part.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { BookingState } from "../domain/booking_machine.ts";
import type { ActKind } from "../domain/catalog.ts";
import { type Actor, isStaffOrAdmin, requireActor } from "../domain/access.ts";
import { isOrganizerSide, ownsActs, type RoleName } from "../domain/roles.ts";
import { contractsAwaitingSignatureOf } from "../db/queries/contracts.ts";
import {
  actsOnSideOf,
  dashboardBookingLists,
  type DashboardBookingRow,
  type DashboardList,
  upcomingApplicationsOf,
  upcomingOpportunitiesOf,
} from "../db/queries/dashboard_lists.ts";
import { findProgress } from "../db/queries/onboarding.ts";
import type { ContractState } from "../domain/contract_machine.ts";
import { nextStep, type Step } from "../domain/onboarding.ts";

const LIST_LIMIT = 20;

export interface BookingLine {
  id: string;
  title: string;
  /** The other side: the act's name for an organizer, the organizer's name for an act. */
  counterpart: string;
  status: BookingState;
  startsAt: Date;
  fee: number;
  currency: string;
  /** When the offer waiting for an answer lapses, if there is one. */
  offerExpiresAt: Date | null;
}

/** A contract out for signature that waits for the user's side. */
export interface ContractLine {
  contractId: string;
  bookingId: string;
  title: string;
  actName: string;
  status: ContractState;
  startsAt: Date;
}

export interface OpportunityLine {
  id: string;
  title: string;
  startsAt: Date;
  status: string;
  applications: number;
  /** Submitted and not yet shortlisted or rejected. */
  unreviewed: number;
}

export interface ApplicationLine {
  id: string;
  opportunityId: string;
  opportunityTitle: string;
  actName: string;
  status: string;
  proposedFee: number;
  currency: string;
  startsAt: Date;
}

export interface OrganizerHalf {
  /** Books acts only as a venue's manager, not as a promoter or organizer. */
  venueManagerOnly: boolean;
  opportunities: OpportunityLine[];
  bookingsByState: Partial<Record<BookingState, number>>;
  /** Bookings where it is the organizer's turn to answer. */
  awaitingAnswer: BookingLine[];
  /** Contracts of the user's bookings waiting for their signature as the organizer. */
  awaitingSignature: ContractLine[];
  upcoming: BookingLine[];
}

/** An act the user owns or plays in, whose earnings page they may open. */
export interface ActLink {
  name: string;
  slug: string;
  kind: ActKind;
  /** Owned: the user sees every member's share; otherwise their own. */
  owned: boolean;
}

export interface ActHalf {
  /** The user's own acts and the bands they are a member of, by name. */
  acts: ActLink[];
  applications: ApplicationLine[];
  awaitingAnswer: BookingLine[];
  /** Contracts waiting for the user's signature for an act they own (members do not sign). */
  awaitingSignature: ContractLine[];
  upcoming: BookingLine[];
}

/** The bookings at the venues the user manages, whoever organized them. */
export interface VenueHalf {
  /** Requests and offers still being negotiated. */
  requests: BookingLine[];
  upcoming: BookingLine[];
}

export interface Dashboard {
  /** What the person should set up next, if anything (domain/onboarding.ts). */
  step: Step | null;
  organizer: OrganizerHalf | null;
  act: ActHalf | null;
  venue: VenueHalf | null;
  /** For admins and staff: the disputes waiting for a ruling, oldest show first. */
  disputes: BookingLine[] | null;
}

/**
 * In few statements, whatever the roles: what the person has set up (which decides the halves), then side
 * by side the contracts to sign, every booking list in one statement, and each half's own lists.
 */
export async function dashboard(db: Kysely<Database>, actor: Actor | null, now: Date): Promise<Dashboard> {
  const a = requireActor(actor);
  const progress = await findProgress(db, a.userId);
  const organizerSide = isOrganizerSide(a.roles);
  const actSide = ownsActs(a.roles) || progress.bandsJoined > 0;
  const venueSide = progress.venues > 0;
  const staff = isStaffOrAdmin(a);
  const lists: DashboardList[] = [
    ...(organizerSide ? ["organizerAwaiting", "organizerUpcoming"] as const : []),
    ...(actSide ? ["actAwaiting", "actUpcoming"] as const : []),
    ...(venueSide ? ["venueRequests", "venueUpcoming"] as const : []),
    ...(staff ? ["disputes"] as const : []),
  ];
  const [toSign, bookings, opportunities, act] = await Promise.all([
    contractsAwaitingSignatureOf(db, a.userId),
    dashboardBookingLists(db, a.userId, now, lists, LIST_LIMIT),
    organizerSide ? upcomingOpportunities(db, a.userId, now) : null,
    actSide ? actHalf(db, a.userId, now) : null,
  ]);
  const signFor = (side: "organizer_id" | "act_owner_id") =>
    toSign.filter((c) => c[side] === a.userId).map((c): ContractLine => ({
      contractId: c.id,
      bookingId: c.booking_id,
      title: c.title,
      actName: c.act_name,
      status: c.status,
      startsAt: c.starts_at,
    }));
  const lines = (list: DashboardList, counterpart: (r: DashboardBookingRow) => string | null) =>
    (bookings[list] ?? []).map((r) => bookingLine(r, counterpart(r)));
  const actName = (r: DashboardBookingRow) => r.act_name;
  const organizerName = (r: DashboardBookingRow) => r.organizer_name;
  return {
    step: nextStep(a.roles, progress),
    organizer: opportunities && {
      opportunities,
      bookingsByState: progress.bookingsByState,
      awaitingAnswer: lines("organizerAwaiting", actName),
      upcoming: lines("organizerUpcoming", actName),
      awaitingSignature: signFor("organizer_id"),
      venueManagerOnly: isVenueManagerOnly(a.roles),
    },
    act: act && {
      ...act,
      awaitingAnswer: lines("actAwaiting", organizerName),
      upcoming: lines("actUpcoming", organizerName),
      awaitingSignature: signFor("act_owner_id"),
    },
    // The venue follows these; the parties answer the offers, so no "answer by" here.
    venue: venueSide
      ? {
        requests: lines("venueRequests", venueCounterpart).map(withoutExpiry),
        upcoming: lines("venueUpcoming", venueCounterpart).map(withoutExpiry),
      }
      : null,
    disputes: staff ? lines("disputes", actName) : null,
  };
}

const venueCounterpart = (r: DashboardBookingRow) => `${r.act_name} at ${r.venue_name}`;
const withoutExpiry = (line: BookingLine): BookingLine => ({ ...line, offerExpiresAt: null });

/** The organizer's gigs still to come, soonest first, with their applications. */
async function upcomingOpportunities(
  db: Kysely<Database>,
  userId: string,
  now: Date,
): Promise<OpportunityLine[]> {
  const rows = await upcomingOpportunitiesOf(db, userId, now, LIST_LIMIT);
  return rows.map((o) => ({
    id: o.id,
    title: o.title,
    startsAt: o.starts_at,
    status: o.status,
    applications: Number(o.applications ?? 0),
    unreviewed: Number(o.unreviewed ?? 0),
  }));
}

async function actHalf(
  db: Kysely<Database>,
  userId: string,
  now: Date,
): Promise<Pick<ActHalf, "acts" | "applications">> {
  const [applications, acts] = await Promise.all([
    upcomingApplicationsOf(db, userId, now, LIST_LIMIT),
    actsOnSideOf(db, userId, LIST_LIMIT),
  ]);
  return {
    acts: acts.map((a) => ({ name: a.name, slug: a.slug, kind: a.kind, owned: a.owner_id === userId })),
    applications: applications.map((ap) => ({
      id: ap.id,
      opportunityId: ap.opportunity_id,
      opportunityTitle: ap.title,
      actName: ap.name,
      status: ap.status,
      proposedFee: Number(ap.proposed_fee),
      currency: ap.currency,
      startsAt: ap.starts_at,
    })),
  };
}

function isVenueManagerOnly(roles: readonly RoleName[]): boolean {
  return roles.includes("venue_manager") && !roles.includes("promoter") && !roles.includes("organizer");
}

function bookingLine(row: DashboardBookingRow, counterpart: string | null): BookingLine {
  return {
    id: row.id,
    title: row.title,
    counterpart: counterpart ?? "An organizer",
    status: row.status,
    startsAt: row.starts_at,
    fee: Number(row.fee),
    currency: row.currency,
    offerExpiresAt: row.expires_at,
  };
}
