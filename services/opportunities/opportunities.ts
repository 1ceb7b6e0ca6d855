/**
 * Posting opportunities: organizer-side users (promoters, organizers, venue
 * managers) post gigs acts can apply to; the poster or an admin edits,
 * closes and cancels them. Cancelling keeps the row (applications point at
 * it) and tells every act still in the running.
 */
import { z } from "zod";
import type { Kysely, Transaction } from "kysely";
import { recordAudit, withAuditContext } from "../../db/audit.ts";
import type { Database, Opportunity } from "../../db/schema.ts";
import { type Actor, isAdmin, isStaffOrAdmin, requireActor } from "../../domain/access.ts";
import { Conflict, type FieldIssue, Forbidden, NotFound, ValidationError } from "../../domain/errors.ts";
import { LIVE_APPLICATION_STATUSES, opportunityPlanIssues } from "../../domain/opportunity_rules.ts";
import { isOrganizerSide } from "../../domain/roles.ts";
import { listsPublicly } from "../../domain/suspension.ts";
import type { RequestMeta } from "../deps.ts";
import { notify, type WorkflowDeps } from "../notifications.ts";
import { patchColumns } from "../patch.ts";
import { idField, parseInput, plainString, requireId } from "../validation.ts";
import { genreIdsOf } from "../genres.ts";
import { MAX_FEE } from "../../domain/negotiation.ts";
import { selectOpportunities } from "../../db/queries/opportunity_search.ts";
import { applicationCounts, findOpportunityRow, type OpportunityView, opportunityView } from "./views.ts";

const text = (min: number, max: number) => plainString().min(min).max(max);
// Budgets are what offers will be made against, so they keep to the offers' bound.
const Money = z.number({ error: "A whole number of minor units (paise)" })
  .int("Whole minor units (paise, cents)").min(0).max(MAX_FEE);
const Instant = z.iso.datetime({ offset: true, error: "A date and time like 2026-12-31T19:30:00+05:30" });

const fields = {
  title: text(3, 160),
  description: text(0, 5000).nullable(),
  /** When the performance starts. */
  startsAt: Instant,
  durationMinutes: z.number({ error: "Minutes, a whole number" }).int().min(15).max(720),
  /** A listed venue; or give cityId and address. */
  venueId: idField("Not a venue id").nullable(),
  cityId: z.number({ error: "A city id (GET /geo/cities)" }).int().min(1).max(2_147_483_647).nullable(),
  address: text(0, 300).nullable(),
  /** Genre slugs of the fixed taxonomy (domain/genres.ts). */
  genres: z.array(plainString().toLowerCase().max(60)).max(10),
  budgetMin: Money,
  budgetMax: Money,
  currency: z.string().regex(/^[A-Z]{3}$/, "An ISO 4217 code like INR"),
  requirements: text(0, 5000).nullable(),
  /** The last moment to apply; not after startsAt. */
  applicationDeadline: Instant,
};

export const CreateOpportunityInput = z.object({
  ...fields,
  description: fields.description.optional(),
  venueId: fields.venueId.optional(),
  cityId: fields.cityId.optional(),
  address: fields.address.optional(),
  genres: fields.genres.default([]),
  currency: fields.currency.default("INR"),
  requirements: fields.requirements.optional(),
}).strict().superRefine((v, ctx) => {
  for (const issue of placeIssues(v.venueId ?? null, v.cityId ?? null, v.address ?? null)) {
    ctx.addIssue({ code: "custom", path: [issue.field], message: issue.message });
  }
});

/** Any subset of the fields; `status` closes (or reopens, or marks filled) without cancelling. */
export const UpdateOpportunityInput = z.object({
  ...fields,
  status: z.enum(["open", "closed", "filled"]),
}).partial().strict();

export type CreateOpportunityData = z.output<typeof CreateOpportunityInput>;

/** A place is a listed venue, or a city with an address. */
function placeIssues(venueId: string | null, cityId: number | null, address: string | null): FieldIssue[] {
  if (venueId) return [];
  if (!cityId) return [{ field: "venueId", message: "Choose a venue, or give a city and an address" }];
  if (!address) return [{ field: "address", message: "Required when there is no venue" }];
  return [];
}

export async function createOpportunity(
  deps: WorkflowDeps,
  actor: Actor | null,
  input: unknown,
  meta: RequestMeta,
): Promise<OpportunityView> {
  const a = requireActor(actor);
  if (!isOrganizerSide(a.roles)) {
    throw new Forbidden("Only promoters, organizers and venue managers can post opportunities");
  }
  const data = parseInput(CreateOpportunityInput, input);
  const startsAt = new Date(data.startsAt);
  const applicationDeadline = new Date(data.applicationDeadline);
  const issues = opportunityPlanIssues({ ...data, startsAt, applicationDeadline }, deps.now());
  if (issues.length) throw new ValidationError("Invalid input data", issues);
  return await deps.db.transaction().execute(async (trx) => {
    await withAuditContext(trx, { ...meta, actorId: a.userId });
    const cityId = await placeCity(trx, data.venueId ?? null, data.cityId ?? null);
    const genreIds = await genreIdsOf(trx, data.genres);
    const row = await trx.insertInto("opportunities").values({
      organizer_id: a.userId,
      title: data.title,
      description: data.description || null,
      starts_at: startsAt,
      duration_minutes: data.durationMinutes,
      venue_id: data.venueId ?? null,
      city_id: cityId,
      address: data.address || null,
      budget_min: data.budgetMin,
      budget_max: data.budgetMax,
      currency: data.currency,
      requirements: data.requirements || null,
      application_deadline: applicationDeadline,
    }).returning("id").executeTakeFirstOrThrow();
    await setGenres(trx, row.id, genreIds, { ...meta, actorId: a.userId });
    return opportunityView(
      await findOpportunityRow(trx, row.id),
      (await applicationCounts(trx, [row.id])).get(row.id)!,
    );
  });
}

/**
 * Public; the poster, admins and staff also get the application counts. A suspended organizer's gigs are off
 * the site (domain/suspension.ts) until they are reinstated.
 */
export async function getOpportunity(
  db: Kysely<Database>,
  actor: Actor | null,
  opportunityId: string,
): Promise<OpportunityView> {
  const id = requireId(opportunityId, "Opportunity");
  const row = await findOpportunityRow(db, id);
  if (!listsPublicly(row.organizerStatus)) throw new NotFound("Opportunity not found");
  const counts = actor && (actor.userId === row.organizerId || isStaffOrAdmin(actor))
    ? (await applicationCounts(db, [id])).get(id)!
    : null;
  return opportunityView(row, counts);
}

export async function updateOpportunity(
  deps: WorkflowDeps,
  actor: Actor | null,
  opportunityId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<OpportunityView> {
  requireActor(actor);
  const id = requireId(opportunityId, "Opportunity");
  const data = parseInput(UpdateOpportunityInput, input);
  return await deps.db.transaction().execute(async (trx) => {
    const current = await lockOpportunity(trx, id);
    const a = requirePoster(actor, current);
    if (current.status === "cancelled") {
      throw new Conflict("This opportunity was cancelled; it cannot change");
    }
    const startsAt = data.startsAt === undefined ? new Date(current.starts_at) : new Date(data.startsAt);
    const applicationDeadline = data.applicationDeadline === undefined
      ? new Date(current.application_deadline)
      : new Date(data.applicationDeadline);
    const reopening = data.status === "open" && current.status !== "open";
    const issues = [
      ...opportunityPlanIssues(
        {
          startsAt,
          applicationDeadline,
          budgetMin: data.budgetMin ?? Number(current.budget_min),
          budgetMax: data.budgetMax ?? Number(current.budget_max),
        },
        deps.now(),
        {
          startsAt: startsAt.getTime() !== new Date(current.starts_at).getTime(),
          applicationDeadline: reopening ||
            applicationDeadline.getTime() !== new Date(current.application_deadline).getTime(),
        },
      ),
      ...placeIssues(
        data.venueId === undefined ? current.venue_id : data.venueId,
        data.cityId === undefined ? current.city_id : data.cityId,
        data.address === undefined ? current.address : data.address,
      ),
    ];
    if (data.currency !== undefined && data.currency !== current.currency && await hasApplications(trx, id)) {
      // Applicants priced their fee in the old currency.
      issues.push({ field: "currency", message: "Cannot change once acts have applied" });
    }
    if (issues.length) throw new ValidationError("Invalid input data", issues);
    await withAuditContext(trx, { ...meta, actorId: a.userId });
    const placeChanged = data.venueId !== undefined || data.cityId !== undefined;
    // A new venue brings its city unless one is given; dropping the venue keeps the city.
    const cityId = placeChanged
      ? await placeCity(
        trx,
        data.venueId === undefined ? current.venue_id : data.venueId,
        data.cityId !== undefined ? data.cityId : data.venueId ? null : current.city_id,
      )
      : undefined;
    const genreIds = data.genres && await genreIdsOf(trx, data.genres);
    const columns = patchColumns({
      title: data.title,
      description: data.description === undefined ? undefined : data.description || null,
      starts_at: data.startsAt === undefined ? undefined : startsAt,
      duration_minutes: data.durationMinutes,
      venue_id: data.venueId,
      city_id: cityId,
      address: data.address === undefined ? undefined : data.address || null,
      budget_min: data.budgetMin,
      budget_max: data.budgetMax,
      currency: data.currency,
      requirements: data.requirements === undefined ? undefined : data.requirements || null,
      application_deadline: data.applicationDeadline === undefined ? undefined : applicationDeadline,
      status: data.status,
    });
    if (columns) await trx.updateTable("opportunities").set(columns).where("id", "=", id).execute();
    if (genreIds) await setGenres(trx, id, genreIds, { ...meta, actorId: a.userId });

    const news = data.status !== undefined && data.status !== current.status
      ? statusNews(current.title, data.status)
      : placeChanged || data.startsAt !== undefined || data.durationMinutes !== undefined ||
          data.address !== undefined
      ? `The organizer changed the date, time or place of "${current.title}".`
      : null;
    if (news) await tellApplicants(trx, deps, id, news);
    return opportunityView(await findOpportunityRow(trx, id), (await applicationCounts(trx, [id])).get(id)!);
  });
}

/** DELETE: the opportunity is cancelled, not removed; cancelling twice changes nothing. */
export async function cancelOpportunity(
  deps: WorkflowDeps,
  actor: Actor | null,
  opportunityId: string,
  meta: RequestMeta,
): Promise<OpportunityView> {
  requireActor(actor);
  const id = requireId(opportunityId, "Opportunity");
  return await deps.db.transaction().execute(async (trx) => {
    const current = await lockOpportunity(trx, id);
    const a = requirePoster(actor, current);
    if (current.status !== "cancelled") {
      await withAuditContext(trx, { ...meta, actorId: a.userId });
      await trx.updateTable("opportunities").set({ status: "cancelled" }).where("id", "=", id).execute();
      await tellApplicants(trx, deps, id, statusNews(current.title, "cancelled"));
    }
    return opportunityView(await findOpportunityRow(trx, id), (await applicationCounts(trx, [id])).get(id)!);
  });
}

/** The signed-in user's own opportunities, latest event first, with their application counts. */
export async function listMyOpportunities(
  db: Kysely<Database>,
  actor: Actor | null,
): Promise<OpportunityView[]> {
  const a = requireActor(actor);
  const rows = await selectOpportunities(db).where("o.organizer_id", "=", a.userId)
    .orderBy("o.starts_at", "desc").orderBy("o.id").limit(200).execute();
  const counts = await applicationCounts(db, rows.map((r) => r.id));
  return rows.map((r) => opportunityView(r, counts.get(r.id)!));
}

/** The row, locked: applying takes a share lock, so a close and an apply cannot cross. */
async function hasApplications(trx: Transaction<Database>, id: string): Promise<boolean> {
  const row = await trx.selectFrom("applications").select("id").where("opportunity_id", "=", id)
    .where("status", "<>", "withdrawn").limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function lockOpportunity(trx: Transaction<Database>, id: string): Promise<Opportunity> {
  const row = await trx.selectFrom("opportunities").selectAll()
    .where("id", "=", requireId(id, "Opportunity")).forUpdate()
    .executeTakeFirst();
  if (!row) throw new NotFound("Opportunity not found");
  return row;
}

export function isPoster(actor: Actor, opportunity: { organizer_id: string }): boolean {
  return actor.userId === opportunity.organizer_id || isAdmin(actor);
}

function requirePoster(actor: Actor | null, opportunity: { organizer_id: string }): Actor {
  const a = requireActor(actor);
  if (!isPoster(a, opportunity)) {
    throw new Forbidden("Only the organizer who posted this or an admin can change it");
  }
  return a;
}

function statusNews(title: string, status: string): string {
  switch (status) {
    case "cancelled":
      return `The organizer cancelled "${title}".`;
    case "open":
      return `"${title}" takes applications again.`;
    case "filled":
      return `"${title}" has been filled.`;
    default:
      return `"${title}" no longer takes applications.`;
  }
}

/** Tells every act still in the running for opportunity `id`. */
async function tellApplicants(
  trx: Transaction<Database>,
  deps: WorkflowDeps,
  id: string,
  text: string,
): Promise<void> {
  const owners = await trx.selectFrom("applications").innerJoin("acts", "acts.id", "applications.act_id")
    .select("acts.owner_id").distinct()
    .where("applications.opportunity_id", "=", id)
    .where("applications.status", "in", LIVE_APPLICATION_STATUSES)
    .execute();
  for (const { owner_id } of owners) {
    await notify(trx, deps, {
      userId: owner_id,
      subject: "Application update",
      text,
      link: `/opportunities/${id}`,
    });
  }
}

/** The city the opportunity is searched under: the one given, else the venue's. */
async function placeCity(
  trx: Kysely<Database>,
  venueId: string | null,
  cityId: number | null,
): Promise<number | null> {
  if (cityId !== null) {
    const city = await trx.selectFrom("cities").select("city_id").where("city_id", "=", cityId)
      .executeTakeFirst();
    if (!city) {
      throw new ValidationError("Invalid input data", [{ field: "cityId", message: "No such city" }]);
    }
  }
  if (venueId === null) return cityId;
  const venue = await trx.selectFrom("venues").select("city_id").where("id", "=", venueId).executeTakeFirst();
  if (!venue) {
    throw new ValidationError("Invalid input data", [{ field: "venueId", message: "No such venue" }]);
  }
  return cityId ?? venue.city_id;
}

/** opportunity_genres has no row trigger, so the change is logged as an event. */
async function setGenres(
  trx: Transaction<Database>,
  id: string,
  genreIds: number[],
  ctx: RequestMeta & { actorId: string },
): Promise<void> {
  await trx.deleteFrom("opportunity_genres").where("opportunity_id", "=", id).execute();
  if (genreIds.length) {
    await trx.insertInto("opportunity_genres").values(
      genreIds.map((genre_id) => ({ opportunity_id: id, genre_id })),
    )
      .execute();
  }
  await recordAudit(trx, {
    ...ctx,
    action: "opportunity.genres_set",
    entityType: "opportunity",
    entityId: id,
    diff: { genreIds },
  });
}
