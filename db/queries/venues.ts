/**
 * The venues table: one venue by id (locked when it is about to change), its
 * writes, and the venue as clients see it (`VenueView`), from which the
 * profile and search rows pick their fields.
 *
 *   select * from venues where id = $1 [for update]
 */
import type { Kysely, Transaction, Updateable } from "kysely";
import type { Database, NewVenue, Venue, VenuesTable } from "../schema.ts";

/** A venue as clients see it. */
export interface VenueView {
  id: string;
  ownerId: string;
  name: string;
  slug: string;
  description: string | null;
  capacity: number;
  venueType: Venue["venue_type"];
  cityId: number | null;
  address: string | null;
  amenities: string[];
  /** Free-form facts for sound engineers: "PA": "2x 15\" tops", "stageWidthM": 8. */
  techSpecs: Record<string, string | number | boolean>;
  trustScore: number;
  isVerified: boolean;
  photoUrl: string | null;
  /** The photo's pixel size, so pages can reserve its space. */
  photoWidth: number | null;
  photoHeight: number | null;
  createdAt: string;
  updatedAt: string;
}

/** The venue, `lock`ed (for update) when it is about to change so concurrent edits queue up. */
export async function findVenueById(
  db: Kysely<Database>,
  venueId: string,
  lock = false,
): Promise<Venue | undefined> {
  let query = db.selectFrom("venues").selectAll().where("id", "=", venueId);
  if (lock) query = query.forUpdate();
  return await query.executeTakeFirst();
}

export async function insertVenue(trx: Transaction<Database>, values: NewVenue): Promise<Venue> {
  return await trx.insertInto("venues").values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateVenueColumns(
  trx: Transaction<Database>,
  venueId: string,
  columns: Updateable<VenuesTable>,
): Promise<Venue> {
  return await trx.updateTable("venues").set(columns).where("id", "=", venueId).returningAll()
    .executeTakeFirstOrThrow();
}

/** The venue with its new verification, or undefined when there is no such venue. */
export async function setVenueVerified(
  trx: Transaction<Database>,
  venueId: string,
  verified: boolean,
): Promise<Venue | undefined> {
  return await trx.updateTable("venues").set({ is_verified: verified }).where("id", "=", venueId)
    .returningAll().executeTakeFirst();
}

export async function deleteVenueRow(trx: Transaction<Database>, venueId: string): Promise<void> {
  await trx.deleteFrom("venues").where("id", "=", venueId).execute();
}

/** The venue row as clients see it. */
export function venueView(venue: Venue): VenueView {
  return {
    id: venue.id,
    ownerId: venue.owner_id,
    name: venue.name,
    slug: venue.slug,
    description: venue.description,
    capacity: venue.capacity,
    venueType: venue.venue_type,
    cityId: venue.city_id,
    address: venue.address,
    amenities: venue.amenities,
    techSpecs: venue.tech_specs as VenueView["techSpecs"],
    trustScore: Number(venue.trust_score),
    isVerified: venue.is_verified,
    photoUrl: venue.photo_url,
    photoWidth: venue.photo_width,
    photoHeight: venue.photo_height,
    createdAt: new Date(venue.created_at).toISOString(),
    updatedAt: new Date(venue.updated_at).toISOString(),
  };
}
