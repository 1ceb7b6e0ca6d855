/**
 * Opportunities and applications as clients see them, and the reads that
 * build those views. Counts of applications are the poster's business, so
 * they are only filled in when the caller says the viewer may see them.
 */
import { requireId } from "../validation.ts";
import type { Kysely } from "kysely";
import { type OpportunityRow, selectOpportunities } from "../../db/queries/opportunity_search.ts";
import type { Database } from "../../db/schema.ts";
import type { ApplicationStatus, OpportunityStatus } from "../../domain/opportunity_rules.ts";
import { NotFound } from "../../domain/errors.ts";

export interface OpportunityView {
  id: string;
  /** `slug`: their public page, /organizers/<slug>, once they have organized a booking. */
  organizer: { id: string; displayName: string | null; slug: string | null };
  title: string;
  description: string | null;
  startsAt: string;
  durationMinutes: number;
  venue: { id: string; name: string; slug: string } | null;
  cityId: number | null;
  city: string | null;
  state: string | null;
  address: string | null;
  genres: string[];
  budgetMin: number;
  budgetMax: number;
  currency: string;
  requirements: string | null;
  applicationDeadline: string;
  status: OpportunityStatus;
  /** Applications by status: only for the poster, admins and staff; null for everyone else. */
  applicationCounts: ApplicationCounts | null;
  createdAt: string;
  updatedAt: string;
}

export type ApplicationCounts = Record<ApplicationStatus, number> & { total: number };

export interface ApplicationView {
  id: string;
  opportunity: {
    id: string;
    title: string;
    startsAt: string;
    status: OpportunityStatus;
    organizerId: string;
  };
  act: { id: string; name: string; slug: string; kind: "solo" | "band" };
  applicantId: string;
  pitch: string;
  proposedFee: number;
  currency: string;
  status: ApplicationStatus;
  /** The negotiation's booking, once accepted. */
  bookingId: string | null;
  createdAt: string;
  updatedAt: string;
}

const iso = (d: Date | string) => new Date(d).toISOString();

export function opportunityView(
  row: OpportunityRow,
  counts: ApplicationCounts | null = null,
): OpportunityView {
  return {
    id: row.id,
    organizer: { id: row.organizerId, displayName: row.organizerName, slug: row.organizerSlug },
    title: row.title,
    description: row.description,
    startsAt: iso(row.startsAt),
    durationMinutes: row.durationMinutes,
    venue: row.venueId && row.venueName && row.venueSlug
      ? { id: row.venueId, name: row.venueName, slug: row.venueSlug }
      : null,
    cityId: row.cityId,
    city: row.city,
    state: row.state,
    address: row.address,
    genres: row.genres,
    budgetMin: Number(row.budgetMin),
    budgetMax: Number(row.budgetMax),
    currency: row.currency,
    requirements: row.requirements,
    applicationDeadline: iso(row.applicationDeadline),
    status: row.status,
    applicationCounts: counts,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export async function findOpportunityRow(db: Kysely<Database>, id: string): Promise<OpportunityRow> {
  const row = await selectOpportunities(db).where("o.id", "=", requireId(id, "Opportunity"))
    .executeTakeFirst();
  if (!row) throw new NotFound("Opportunity not found");
  return row;
}

/** Applications per status for each of `ids` (every id present, zeros included). */
export async function applicationCounts(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, ApplicationCounts>> {
  const out = new Map<string, ApplicationCounts>(ids.map((id) => [id, emptyCounts()]));
  if (ids.length === 0) return out;
  const rows = await db.selectFrom("applications")
    .select(["opportunity_id", "status", (eb) => eb.fn.countAll<string>().as("n")])
    .where("opportunity_id", "in", ids)
    .groupBy(["opportunity_id", "status"])
    .execute();
  for (const r of rows) {
    const counts = out.get(r.opportunity_id)!;
    counts[r.status] = Number(r.n);
    counts.total += Number(r.n);
  }
  return out;
}

function emptyCounts(): ApplicationCounts {
  return { submitted: 0, shortlisted: 0, rejected: 0, accepted: 0, withdrawn: 0, total: 0 };
}

/** Applications with their act and opportunity, for the caller to filter. */
export function selectApplications(db: Kysely<Database>) {
  return db.selectFrom("applications as a")
    .innerJoin("acts as act", "act.id", "a.act_id")
    .innerJoin("opportunities as o", "o.id", "a.opportunity_id")
    .select([
      "a.id",
      "a.opportunity_id as opportunityId",
      "o.title as opportunityTitle",
      "o.starts_at as opportunityStartsAt",
      "o.status as opportunityStatus",
      "o.organizer_id as organizerId",
      "a.act_id as actId",
      "act.name as actName",
      "act.slug as actSlug",
      "act.kind as actKind",
      "act.owner_id as actOwnerId",
      "a.applicant_id as applicantId",
      "a.pitch",
      "a.proposed_fee as proposedFee",
      "a.currency",
      "a.status",
      "a.booking_id as bookingId",
      "a.created_at as createdAt",
      "a.updated_at as updatedAt",
    ]);
}

export type ApplicationRow = Awaited<
  ReturnType<ReturnType<typeof selectApplications>["executeTakeFirstOrThrow"]>
>;

export async function findApplicationRow(db: Kysely<Database>, id: string): Promise<ApplicationRow> {
  const row = await selectApplications(db).where("a.id", "=", requireId(id, "Application"))
    .executeTakeFirst();
  if (!row) throw new NotFound("Application not found");
  return row;
}

export function applicationView(row: ApplicationRow): ApplicationView {
  return {
    id: row.id,
    opportunity: {
      id: row.opportunityId,
      title: row.opportunityTitle,
      startsAt: iso(row.opportunityStartsAt),
      status: row.opportunityStatus,
      organizerId: row.organizerId,
    },
    act: { id: row.actId, name: row.actName, slug: row.actSlug, kind: row.actKind },
    applicantId: row.applicantId,
    pitch: row.pitch,
    proposedFee: Number(row.proposedFee),
    currency: row.currency,
    status: row.status,
    bookingId: row.bookingId,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}
