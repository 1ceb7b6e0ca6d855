/**
 * Applying to opportunities. The owner of an act (the artist of a solo act,
 * the manager of a band) applies with a pitch and a proposed fee; one live
 * application per act and opportunity (the database's unique index has the
 * last word under concurrency); the act edits while submitted and withdraws
 * while live; the poster shortlists or rejects. Accepting into a negotiation
 * is services/bookings/negotiations.ts `startNegotiation`. Every change is one
 * transaction, audited by the applications trigger, and tells the other side.
 */
import { z } from "zod";
import { ownerListsPublicly } from "../../db/queries/listings.ts";
import type { Kysely, Transaction } from "kysely";
import { withAuditContext } from "../../db/audit.ts";
import { type Database } from "../../db/schema.ts";
import { APPLICATION_STATUSES } from "../../domain/opportunity_rules.ts";
import { type Actor, isAdmin, isStaffOrAdmin, requireActor } from "../../domain/access.ts";
import { Conflict, Forbidden, NotFound, ValidationError } from "../../domain/errors.ts";
import { formatMoney } from "../../domain/money_format.ts";
import {
  actMayEdit,
  actMayWithdraw,
  applicationsClosedReason,
  ORGANIZER_DECISIONS,
  organizerMayDecide,
} from "../../domain/opportunity_rules.ts";
import type { RequestMeta } from "../deps.ts";
import { notify, type WorkflowDeps } from "../notifications.ts";
import { idField, parseInput, plainString, requireId } from "../validation.ts";
import { MAX_FEE } from "../../domain/negotiation.ts";
import {
  type ApplicationRow,
  type ApplicationView,
  applicationView,
  findApplicationRow,
  selectApplications,
} from "./views.ts";

const Pitch = plainString().min(10, "Tell the organizer a little more (at least 10 characters)").max(3000);
// An accepted application's fee becomes the opening offer, so it keeps to the offers' bound.
const Fee = z.number({ error: "A whole number of minor units (paise)" }).int(
  "Whole minor units (paise, cents)",
)
  .min(1, "Must be more than zero").max(MAX_FEE);

export const ApplyInput = z.object({
  actId: idField("Choose one of your acts"),
  opportunityId: idField("Not an opportunity id"),
  pitch: Pitch,
  /** Minor units of the opportunity's currency. */
  proposedFee: Fee,
}).strict();

/** The act changes pitch or fee; the organizer sets a status. Never both kinds in one request. */
export const UpdateApplicationInput = z.object({
  pitch: Pitch,
  proposedFee: Fee,
  status: z.enum(ORGANIZER_DECISIONS),
}).partial().strict();

const blank = (value: unknown) => (value === "" || value === null ? undefined : value);
export const ListApplicationsInput = z.object({
  opportunityId: z.preprocess(blank, idField("Not an opportunity id").optional())
    .meta({ description: "The applications to one of your opportunities (organizers)" }),
  mine: z.preprocess(
    (v) => typeof v === "string" ? v === "" || ["true", "1", "on", "yes"].includes(v.toLowerCase()) : v,
    z.boolean().default(false),
  ).meta({ description: "Your acts' applications (artists and band managers); `?mine` is enough" }),
  status: z.preprocess(blank, z.enum(APPLICATION_STATUSES).optional()).meta({
    description: "Only this status",
  }),
  page: z.preprocess(blank, z.coerce.number().int().min(1).default(1)),
  pageSize: z.preprocess(blank, z.coerce.number().int().min(1).max(100).default(20)),
}).strict().refine((v) => (v.opportunityId === undefined) !== !v.mine, {
  path: ["opportunityId"],
  message: "Give either opportunityId or mine",
});

export async function applyToOpportunity(
  deps: WorkflowDeps,
  actor: Actor | null,
  input: unknown,
  meta: RequestMeta,
): Promise<ApplicationView> {
  const a = requireActor(actor);
  const data = parseInput(ApplyInput, input);
  return await deps.db.transaction().execute(async (trx) => {
    const act = await trx.selectFrom("acts").select(["id", "name", "owner_id"]).where("id", "=", data.actId)
      .executeTakeFirst();
    if (!act) throw new ValidationError("Invalid input data", [{ field: "actId", message: "No such act" }]);
    if (act.owner_id !== a.userId) throw new Forbidden("Only the act's owner can apply for it");
    // A share lock: closing or cancelling waits for this application, and the other way round.
    const opportunity = await trx.selectFrom("opportunities").selectAll().where("id", "=", data.opportunityId)
      .forShare().executeTakeFirst();
    // A suspended organizer's gig is off the site: there is nothing to apply to.
    if (!opportunity || !await ownerListsPublicly(trx, opportunity.organizer_id)) {
      throw new NotFound("Opportunity not found");
    }
    if (opportunity.organizer_id === a.userId) {
      throw new Forbidden("You cannot apply to your own opportunity");
    }
    const closed = applicationsClosedReason(
      { status: opportunity.status, applicationDeadline: new Date(opportunity.application_deadline) },
      deps.now(),
    );
    if (closed) throw new Conflict(closed);
    const live = await trx.selectFrom("applications").select("id")
      .where("opportunity_id", "=", opportunity.id).where("act_id", "=", act.id)
      .where("status", "<>", "withdrawn").executeTakeFirst();
    if (live) throw alreadyApplied();
    await withAuditContext(trx, { ...meta, actorId: a.userId });
    const inserted = await trx.insertInto("applications").values({
      opportunity_id: opportunity.id,
      act_id: act.id,
      applicant_id: a.userId,
      pitch: data.pitch,
      proposed_fee: data.proposedFee,
      currency: opportunity.currency,
    }).returning("id").executeTakeFirstOrThrow().catch((err) => {
      // Another request for the same act committed first.
      if (isUniqueViolation(err, "applications_one_live")) throw alreadyApplied();
      throw err;
    });
    await notify(trx, deps, {
      userId: opportunity.organizer_id,
      subject: "New application",
      text: `${act.name} applied to "${opportunity.title}" for ${
        formatMoney(data.proposedFee, opportunity.currency)
      }.`,
      link: `/opportunities/${opportunity.id}`,
    });
    return applicationView(await findApplicationRow(trx, inserted.id));
  });
}

/** The act's owner, the applicant, the opportunity's poster, admins and staff. */
export async function getApplication(
  db: Kysely<Database>,
  actor: Actor | null,
  id: string,
): Promise<ApplicationView> {
  const a = requireActor(actor);
  return applicationView(visibleTo(a, await findApplicationRow(db, id)));
}

export async function updateApplication(
  deps: WorkflowDeps,
  actor: Actor | null,
  applicationId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<ApplicationView> {
  const a = requireActor(actor);
  const id = requireId(applicationId, "Application");
  const data = parseInput(UpdateApplicationInput, input);
  const decides = data.status !== undefined;
  const edits = data.pitch !== undefined || data.proposedFee !== undefined;
  if (decides && edits) {
    throw new ValidationError("Invalid input data", [{
      field: "status",
      message: "Change the status on its own, not with the pitch or fee",
    }]);
  }
  return await deps.db.transaction().execute(async (trx) => {
    const row = visibleTo(a, await lockApplication(trx, id));
    if (decides) {
      if (!isOrganizerSide(a, row)) throw new Forbidden("Only the organizer can shortlist or reject");
      if (!organizerMayDecide(row.status, data.status!)) {
        throw new Conflict(`A ${row.status} application cannot be ${data.status}`);
      }
    } else if (edits) {
      if (!isActSide(a, row)) throw new Forbidden("Only the act can change its pitch and fee");
      if (!actMayEdit(row.status)) throw new Conflict(`A ${row.status} application can no longer be edited`);
      const closed = await closedReason(trx, deps, row.opportunityId);
      if (closed) throw new Conflict(closed);
    } else {
      return applicationView(row);
    }
    await withAuditContext(trx, { ...meta, actorId: a.userId });
    await trx.updateTable("applications")
      .set({ pitch: data.pitch, proposed_fee: data.proposedFee, status: data.status })
      .where("id", "=", id).execute();
    await notify(
      trx,
      deps,
      decides
        ? {
          userId: row.actOwnerId,
          subject: "Application update",
          text: `Your application to "${row.opportunityTitle}" was ${data.status}.`,
          link: `/opportunities/${row.opportunityId}`,
        }
        : {
          userId: row.organizerId,
          subject: "Application update",
          text: `${row.actName} updated their application to "${row.opportunityTitle}".`,
          link: `/opportunities/${row.opportunityId}`,
        },
    );
    return applicationView(await findApplicationRow(trx, id));
  });
}

/** DELETE: the act takes its application back while it is still live; it may apply again later. */
export async function withdrawApplication(
  deps: WorkflowDeps,
  actor: Actor | null,
  applicationId: string,
  meta: RequestMeta,
): Promise<ApplicationView> {
  const a = requireActor(actor);
  const id = requireId(applicationId, "Application");
  return await deps.db.transaction().execute(async (trx) => {
    const row = visibleTo(a, await lockApplication(trx, id));
    if (!isActSide(a, row)) throw new Forbidden("Only the act can withdraw its application");
    if (!actMayWithdraw(row.status)) throw new Conflict(`A ${row.status} application cannot be withdrawn`);
    await withAuditContext(trx, { ...meta, actorId: a.userId });
    await trx.updateTable("applications").set({ status: "withdrawn" }).where("id", "=", id).execute();
    await notify(trx, deps, {
      userId: row.organizerId,
      subject: "Application update",
      text: `${row.actName} withdrew their application to "${row.opportunityTitle}".`,
      link: `/opportunities/${row.opportunityId}`,
    });
    return applicationView(await findApplicationRow(trx, id));
  });
}

export interface ApplicationList {
  items: ApplicationView[];
  page: number;
  pageSize: number;
  totalItems: number;
}

/**
 * `opportunityId`: every application to it, for its poster, admins and staff.
 * `mine`: the applications of the acts the signed-in user owns.
 */
export async function listApplications(
  db: Kysely<Database>,
  actor: Actor | null,
  input: unknown,
): Promise<ApplicationList> {
  const a = requireActor(actor);
  const { opportunityId, status, page, pageSize } = parseInput(ListApplicationsInput, input);
  let query = selectApplications(db);
  if (opportunityId !== undefined) {
    const opportunity = await db.selectFrom("opportunities").select("organizer_id")
      .where("id", "=", opportunityId).executeTakeFirst();
    if (!opportunity) throw new NotFound("Opportunity not found");
    if (opportunity.organizer_id !== a.userId && !isStaffOrAdmin(a)) {
      throw new Forbidden("Only the organizer who posted it can see its applications");
    }
    query = query.where("a.opportunity_id", "=", opportunityId);
  } else {
    query = query.where("act.owner_id", "=", a.userId);
  }
  if (status !== undefined) query = query.where("a.status", "=", status);
  const { n } = await query.clearSelect().select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  const rows = await query.orderBy("a.created_at", opportunityId ? "asc" : "desc").orderBy("a.id")
    .limit(pageSize).offset((page - 1) * pageSize).execute();
  return { items: rows.map(applicationView), page, pageSize, totalItems: Number(n) };
}

/** The acts the signed-in user may apply with: the ones they own. */
export async function ownedActs(
  db: Kysely<Database>,
  actor: Actor | null,
): Promise<{ id: string; name: string; kind: "solo" | "band" }[]> {
  if (!actor) return [];
  return await db.selectFrom("acts").select(["id", "name", "kind"]).where("owner_id", "=", actor.userId)
    .orderBy("name").orderBy("id").execute();
}

/** The signed-in user's acts' applications to one opportunity, newest first. */
export async function myApplicationsTo(
  db: Kysely<Database>,
  actor: Actor | null,
  opportunityId: string,
): Promise<ApplicationView[]> {
  if (!actor) return [];
  const id = requireId(opportunityId, "Opportunity");
  const rows = await selectApplications(db).where("a.opportunity_id", "=", id)
    .where("act.owner_id", "=", actor.userId).orderBy("a.created_at", "desc").orderBy("a.id").execute();
  return rows.map(applicationView);
}

function isActSide(a: Actor, row: ApplicationRow): boolean {
  return a.userId === row.actOwnerId || a.userId === row.applicantId;
}

/** Strangers get NotFound, as for an id that does not exist, so ids are never confirmed to them. */
function visibleTo(a: Actor, row: ApplicationRow): ApplicationRow {
  if (isActSide(a, row) || isOrganizerSide(a, row) || isStaffOrAdmin(a)) return row;
  throw new NotFound("Application not found");
}

function isOrganizerSide(a: Actor, row: ApplicationRow): boolean {
  return a.userId === row.organizerId || isAdmin(a);
}

/** `id` is canonical (requireId): the caller compares and writes with it. */
async function lockApplication(trx: Transaction<Database>, id: string): Promise<ApplicationRow> {
  const locked = await trx.selectFrom("applications").select("id").where("id", "=", id).forUpdate()
    .executeTakeFirst();
  if (!locked) throw new NotFound("Application not found");
  return await findApplicationRow(trx, id);
}

async function closedReason(trx: Kysely<Database>, deps: WorkflowDeps, opportunityId: string) {
  const o = await trx.selectFrom("opportunities").select(["status", "application_deadline"])
    .where("id", "=", opportunityId).executeTakeFirstOrThrow();
  return applicationsClosedReason(
    { status: o.status, applicationDeadline: new Date(o.application_deadline) },
    deps.now(),
  );
}

function alreadyApplied(): Conflict {
  return new Conflict("This act has already applied to this opportunity; edit or withdraw that application", [
    {
      field: "actId",
      message: "Already applied",
    },
  ]);
}

function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as { code?: unknown; constraint?: unknown; message?: unknown };
  return e?.code === "23505" && (e.constraint === constraint ||
    (typeof e.message === "string" && e.message.includes(constraint)));
}
