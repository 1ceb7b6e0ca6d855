/**
 * Writing the venue catalog: venue managers create venues; owners and admins
 * edit and delete; admins and staff verify. Every write runs in one
 * transaction whose audit context the venues trigger reads.
 */
import { z } from "zod";
import type { Kysely } from "kysely";
import { withAuditContext } from "../../db/audit.ts";
import {
  deleteVenueRow,
  findVenueById,
  insertVenue,
  updateVenueColumns,
  type VenueView,
  venueView,
} from "../../db/queries/venues.ts";
import { ownerListsPublicly } from "../../db/queries/listings.ts";
import type { Database, Venue } from "../../db/schema.ts";
import { MAX_VENUE_CAPACITY, VENUE_TYPES } from "../../domain/catalog.ts";
import type { Actor } from "../../domain/access.ts";
import { requireCreator, requireEditor, requireVerifier } from "../../domain/catalog_access.ts";
import { NotFound } from "../../domain/errors.ts";
import type { RequestMeta } from "../deps.ts";
import { storedFileKeysOfVenue } from "../../db/queries/profile_files.ts";
import type { Storage } from "../../integrations/storage/storage.ts";
import { removeStoredFiles } from "../stored_files.ts";
import { keyOfPhotoUrl } from "./photos.ts";
import type { WorkflowDeps } from "../notifications.ts";
import { verifyDirectly } from "../admin/verification_decisions.ts";
import { parseInput, plainString, requireId } from "../validation.ts";
import { patchColumns } from "../patch.ts";
import { uniqueSlug, VerifyInput } from "./acts.ts";

export { VerifyInput };

const venueFields = {
  name: plainString().min(2).max(120),
  description: plainString().max(5000).nullable(),
  capacity: z.number().int().min(1, "Must be at least 1").max(MAX_VENUE_CAPACITY),
  venueType: z.enum(VENUE_TYPES),
  cityId: z.number().int().min(1).nullable(),
  address: plainString().max(500).nullable(),
  amenities: z.array(plainString().min(1).max(60)).max(30),
  /** Free-form facts for sound engineers: "PA": "2x 15\" tops", "stageWidthM": 8. */
  techSpecs: z.record(
    plainString().min(1).max(60),
    z.union([plainString().max(500), z.number(), z.boolean()]),
  ).refine((specs) => Object.keys(specs).length <= 50, "At most 50 entries"),
};

export const CreateVenueInput = z.object({
  ...venueFields,
  description: venueFields.description.optional(),
  cityId: venueFields.cityId.optional(),
  address: venueFields.address.optional(),
  amenities: venueFields.amenities.default([]),
  techSpecs: venueFields.techSpecs.default({}),
}).strict();

export const UpdateVenueInput = z.object(venueFields).partial().strict();

export type { VenueView };

export async function createVenue(
  db: Kysely<Database>,
  actor: Actor | null,
  input: unknown,
  meta: RequestMeta,
): Promise<VenueView> {
  const a = requireCreator(actor, "venue");
  const data = parseInput(CreateVenueInput, input);
  return await db.transaction().execute(async (trx) => {
    await withAuditContext(trx, { ...meta, actorId: a.userId });
    const venue = await insertVenue(trx, {
      owner_id: a.userId,
      name: data.name,
      slug: await uniqueSlug(trx, "venues", data.name),
      description: data.description ?? null,
      capacity: data.capacity,
      venue_type: data.venueType,
      city_id: data.cityId ?? null,
      address: data.address ?? null,
      amenities: [...new Set(data.amenities)],
      tech_specs: JSON.stringify(data.techSpecs),
    });
    return venueView(venue);
  });
}

/** Public: anyone may read a venue page, unless its owner is suspended (domain/suspension.ts). */
export async function getVenue(db: Kysely<Database>, venueId: string): Promise<VenueView> {
  const venue = await findVenueById(db, venueId);
  if (!venue || !await ownerListsPublicly(db, venue.owner_id)) throw new NotFound("Venue not found");
  return venueView(venue);
}

export async function updateVenue(
  db: Kysely<Database>,
  actor: Actor | null,
  venueId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<VenueView> {
  const data = parseInput(UpdateVenueInput, input);
  return await db.transaction().execute(async (trx) => {
    const current = await lockedVenue(trx, venueId);
    const a = requireEditor(actor, current);
    await withAuditContext(trx, { ...meta, actorId: a.userId });
    // The slug stays as it was: it is in links people have shared.
    const columns = patchColumns({
      name: data.name,
      description: data.description,
      capacity: data.capacity,
      venue_type: data.venueType,
      city_id: data.cityId,
      address: data.address,
      amenities: data.amenities && [...new Set(data.amenities)],
      tech_specs: data.techSpecs && JSON.stringify(data.techSpecs),
    });
    const venue = columns ? await updateVenueColumns(trx, current.id, columns) : current;
    return venueView(venue);
  });
}

/** Deletes a venue, and then its files: its photo and the documents it sent for verification. */
export async function deleteVenue(
  db: Kysely<Database>,
  storage: Storage | null,
  actor: Actor | null,
  venueId: string,
  meta: RequestMeta,
): Promise<void> {
  const files = await db.transaction().execute(async (trx) => {
    const venue = await lockedVenue(trx, venueId);
    const a = requireEditor(actor, venue);
    const keys = await storedFileKeysOfVenue(trx, venue.id);
    await withAuditContext(trx, { ...meta, actorId: a.userId });
    await deleteVenueRow(trx, venue.id);
    return [keyOfPhotoUrl(venue.photo_url, "venues", venue.id), ...keys].filter((k) => k !== null);
  });
  await removeStoredFiles(storage, files);
}

/** Staff's direct switch, as verifyAct's (acts.ts). */
export async function verifyVenue(
  deps: WorkflowDeps,
  actor: Actor | null,
  venueId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<VenueView> {
  const a = requireVerifier(actor);
  const { verified } = parseInput(VerifyInput, input);
  const id = requireId(venueId, "Venue");
  return await deps.db.transaction().execute(async (trx) => {
    await withAuditContext(trx, { ...meta, actorId: a.userId });
    await verifyDirectly(trx, deps, a, { type: "venue", id }, verified);
    return venueView(await lockedVenue(trx, id));
  });
}

export async function lockedVenue(trx: Kysely<Database>, venueId: string): Promise<Venue> {
  const venue = await findVenueById(trx, venueId, true);
  if (!venue) throw new NotFound("Venue not found");
  return venue;
}
