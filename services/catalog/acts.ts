/**
 * Writing the act catalog: artists create their solo act, band managers their
 * band; owners and admins edit and delete; admins and staff verify. Every
 * write runs in one transaction whose audit context the acts trigger reads.
 */
import { z } from "zod";
import type { Kysely, Transaction } from "kysely";
import { recordAudit, withAuditContext } from "../../db/audit.ts";
import {
  actHasBookings,
  type ActView,
  actView,
  deleteActRow,
  findActById,
  insertAct,
  replaceActGenres,
  updateActColumns,
} from "../../db/queries/acts.ts";
import { findSlugsLike } from "../../db/queries/slugs.ts";
import { ownerListsPublicly } from "../../db/queries/listings.ts";
import type { Act, Database } from "../../db/schema.ts";
import { ACT_KINDS } from "../../domain/catalog.ts";
import { type Actor, requireActor } from "../../domain/access.ts";
import { requireCreator, requireEditor, requireVerifier } from "../../domain/catalog_access.ts";
import { Conflict, type FieldIssue, NotFound, ValidationError } from "../../domain/errors.ts";
import { SOCIAL_PLATFORMS } from "../../domain/social_links.ts";
import type { RequestMeta } from "../deps.ts";
import { storedFileKeysOfAct } from "../../db/queries/profile_files.ts";
import type { Storage } from "../../integrations/storage/storage.ts";
import { removeStoredFiles } from "../stored_files.ts";
import { keyOfPhotoUrl } from "./photos.ts";
import type { WorkflowDeps } from "../notifications.ts";
import { verifyDirectly } from "../admin/verification_decisions.ts";
import { nulFree, parseInput, plainString, requireId } from "../validation.ts";
import { genreIdsOf } from "../genres.ts";
import { patchColumns } from "../patch.ts";

const HttpsUrl = nulFree(z.url({ protocol: /^https$/, message: "An https:// address" }).max(500));
const Money = z.number().int("Whole minor units (paise, cents)").min(0).max(Number.MAX_SAFE_INTEGER);

const actFields = {
  name: plainString().min(2).max(120),
  bio: plainString().max(5000).nullable(),
  yearsExperience: z.number().int().min(0).max(100).nullable(),
  budgetMin: Money,
  budgetStandard: Money,
  budgetPremium: Money,
  currency: z.string().regex(/^[A-Z]{3}$/, "An ISO 4217 code like INR"),
  /** Genre slugs from the fixed taxonomy (domain/genres.ts). */
  genres: z.array(plainString().toLowerCase().max(60)).max(10),
  /** The shortest ISO 639 codes: hi, ml; brx where ISO 639-1 has none. */
  languages: z.array(plainString().toLowerCase().regex(/^[a-z]{2,3}$/, "An ISO 639 code like hi or brx"))
    .max(20),
  homeCityId: z.number().int().min(1).nullable(),
  travelRadiusKm: z.number().int().min(0).max(20000).nullable(),
  socialLinks: z.partialRecord(z.enum(SOCIAL_PLATFORMS), HttpsUrl),
  riders: plainString().max(10000).nullable(),
};

/** Checked here so the person gets a field message, not the database's CHECK. */
export function budgetOrderIssues(min: number, standard: number, premium: number): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (standard < min) issues.push({ field: "budgetStandard", message: "Must not be below budgetMin" });
  if (premium < standard) {
    issues.push({ field: "budgetPremium", message: "Must not be below budgetStandard" });
  }
  return issues;
}

export const CreateActInput = z.object({
  kind: z.enum(ACT_KINDS),
  ...actFields,
  bio: actFields.bio.optional(),
  yearsExperience: actFields.yearsExperience.optional(),
  currency: actFields.currency.default("INR"),
  genres: actFields.genres.default([]),
  languages: actFields.languages.default([]),
  homeCityId: actFields.homeCityId.optional(),
  travelRadiusKm: actFields.travelRadiusKm.optional(),
  socialLinks: actFields.socialLinks.default({}),
  riders: actFields.riders.optional(),
}).strict().superRefine((v, ctx) => {
  for (const issue of budgetOrderIssues(v.budgetMin, v.budgetStandard, v.budgetPremium)) {
    ctx.addIssue({ code: "custom", path: [issue.field], message: issue.message });
  }
});

/** Any subset of the fields; the budget order is checked against the stored values too. */
export const UpdateActInput = z.object(actFields).partial().strict();

export const VerifyInput = z.object({ verified: z.boolean() }).strict();

export type { ActView };

export async function createAct(
  db: Kysely<Database>,
  actor: Actor | null,
  input: unknown,
  meta: RequestMeta,
): Promise<ActView> {
  requireActor(actor);
  const data = parseInput(CreateActInput, input);
  const a = requireCreator(actor, data.kind);
  return await db.transaction().execute(async (trx) => {
    await withAuditContext(trx, { ...meta, actorId: a.userId });
    const genreIds = await genreIdsOf(trx, data.genres);
    const act = await insertAct(trx, {
      kind: data.kind,
      owner_id: a.userId,
      name: data.name,
      slug: await uniqueSlug(trx, "acts", data.name),
      bio: data.bio ?? null,
      years_experience: data.yearsExperience ?? null,
      budget_min: data.budgetMin,
      budget_standard: data.budgetStandard,
      budget_premium: data.budgetPremium,
      currency: data.currency,
      home_city_id: data.homeCityId ?? null,
      travel_radius_km: data.travelRadiusKm ?? null,
      languages: unique(data.languages),
      social_links: JSON.stringify(data.socialLinks),
      riders: data.riders ?? null,
    });
    await setGenres(trx, act.id, genreIds, { ...meta, actorId: a.userId });
    return await actView(trx, act);
  });
}

/** Public: anyone may read a profile, unless its owner is suspended (domain/suspension.ts). */
export async function getAct(db: Kysely<Database>, actId: string): Promise<ActView> {
  const act = await findAct(db, actId);
  if (!await ownerListsPublicly(db, act.owner_id)) throw new NotFound("Act not found");
  return await actView(db, act);
}

export async function updateAct(
  db: Kysely<Database>,
  actor: Actor | null,
  actId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<ActView> {
  const data = parseInput(UpdateActInput, input);
  return await db.transaction().execute(async (trx) => {
    const current = await findAct(trx, actId, true);
    const a = requireEditor(actor, current);
    const issues = budgetOrderIssues(
      data.budgetMin ?? current.budget_min,
      data.budgetStandard ?? current.budget_standard,
      data.budgetPremium ?? current.budget_premium,
    );
    if (issues.length) throw new ValidationError("Invalid input data", issues);
    await withAuditContext(trx, { ...meta, actorId: a.userId });
    const genreIds = data.genres && await genreIdsOf(trx, data.genres);
    // The slug stays as it was: it is in links people have shared.
    const columns = patchColumns({
      name: data.name,
      bio: data.bio,
      years_experience: data.yearsExperience,
      budget_min: data.budgetMin,
      budget_standard: data.budgetStandard,
      budget_premium: data.budgetPremium,
      currency: data.currency,
      home_city_id: data.homeCityId,
      travel_radius_km: data.travelRadiusKm,
      languages: data.languages && unique(data.languages),
      social_links: data.socialLinks && JSON.stringify(data.socialLinks),
      riders: data.riders,
    });
    const act = columns ? await updateActColumns(trx, current.id, columns) : current;
    if (genreIds) await setGenres(trx, act.id, genreIds, { ...meta, actorId: a.userId });
    return await actView(trx, act);
  });
}

/**
 * Deletes an act with no bookings, and then its files: its photo, its portfolio's uploads and the
 * documents it sent for verification (their rows cascade with the act's).
 */
export async function deleteAct(
  db: Kysely<Database>,
  storage: Storage | null,
  actor: Actor | null,
  actId: string,
  meta: RequestMeta,
): Promise<void> {
  const files = await db.transaction().execute(async (trx) => {
    const act = await findAct(trx, actId, true);
    const a = requireEditor(actor, act);
    // Bookings are the history of both parties (the foreign key restricts the delete): they stay.
    if (await actHasBookings(trx, act.id)) {
      throw new Conflict("This act has bookings, so it cannot be deleted");
    }
    const keys = await storedFileKeysOfAct(trx, act.id);
    await withAuditContext(trx, { ...meta, actorId: a.userId });
    await deleteActRow(trx, act.id);
    return [keyOfPhotoUrl(act.photo_url, "acts", act.id), ...keys].filter((k) => k !== null);
  });
  await removeStoredFiles(storage, files);
}

/**
 * Staff's direct switch, beside verification requests (services/admin/): the flag, the trust score it
 * counts in, and a waiting request approved when verifying.
 */
export async function verifyAct(
  deps: WorkflowDeps,
  actor: Actor | null,
  actId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<ActView> {
  const a = requireVerifier(actor);
  const { verified } = parseInput(VerifyInput, input);
  const id = requireId(actId, "Act");
  return await deps.db.transaction().execute(async (trx) => {
    await withAuditContext(trx, { ...meta, actorId: a.userId });
    await verifyDirectly(trx, deps, a, { type: "act", id }, verified);
    return await actView(trx, await findAct(trx, id));
  });
}

/** The act, locked when it is about to change so concurrent edits queue up. */
export async function findAct(db: Kysely<Database>, actId: string, lock = false): Promise<Act> {
  const act = await findActById(db, actId, lock);
  if (!act) throw new NotFound("Act not found");
  return act;
}

/**
 * A URL name from `name`: "Asha & The Ragas" -> "asha-the-ragas", then
 * "asha-the-ragas-2", "-3"... when taken. Two people creating the same name
 * at the same instant can still collide; the unique index answers 409.
 */
export async function uniqueSlug(
  trx: Transaction<Database>,
  table: "acts" | "venues",
  name: string,
  fallback = table === "acts" ? "act" : "venue",
): Promise<string> {
  const base = slugify(name) || fallback;
  const suffix = new RegExp(`^${base}(?:-(\\d+))?$`);
  // A page's own path (/artists/new, /venues/new) counts as taken.
  let highest = RESERVED_SLUGS.has(base) ? 1 : 0;
  for (const slug of await findSlugsLike(trx, table, base)) {
    const match = suffix.exec(slug);
    if (match) highest = Math.max(highest, match[1] ? Number(match[1]) : 1);
  }
  return highest === 0 ? base : `${base}-${highest + 1}`;
}

/** Path segments beside the profiles' own ("/artists/new"), which a profile's slug would hide. */
const RESERVED_SLUGS = new Set(["new"]);

function slugify(text: string): string {
  return text.normalize("NFKD").replace(/[\u0300-\u036f']/g, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").slice(0, 60).replace(/^-+|-+$/g, "");
}

/** act_genres has no row trigger, so the change is logged as an event. */
async function setGenres(
  trx: Transaction<Database>,
  actId: string,
  genreIds: number[],
  ctx: RequestMeta & { actorId: string },
): Promise<void> {
  await replaceActGenres(trx, actId, genreIds);
  await recordAudit(trx, {
    ...ctx,
    action: "act.genres_set",
    entityType: "act",
    entityId: actId,
    diff: { genreIds },
  });
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
