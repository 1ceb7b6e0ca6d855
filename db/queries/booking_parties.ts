/**
 * What a booking is about besides its own row: the act (with what the rules
 * need of it), the organizer's name, the venue and the city. "find" may come
 * back empty (an id from input); "get" reads a row a foreign key guarantees.
 */
import { type Kysely, sql } from "kysely";
import type { ActKind } from "../../domain/catalog.ts";
import type { Database } from "../schema.ts";
import { ownerListed } from "./listings.ts";

/** An act as bookings need it: who owns it, what it is called, what currency it quotes in. */
export interface BookingAct {
  id: string;
  name: string;
  slug: string;
  kind: ActKind;
  owner_id: string;
  currency: string;
}

function bookingActs(db: Kysely<Database>) {
  return db.selectFrom("acts").select(["id", "name", "slug", "kind", "owner_id", "currency"]);
}

/** An act that may be asked for a date: one whose owner lists publicly (a suspended owner's acts may not). */
export function findBookingAct(db: Kysely<Database>, actId: string): Promise<BookingAct | undefined> {
  return bookingActs(db).where("id", "=", actId).where(ownerListed("acts.owner_id")).executeTakeFirst();
}

/**
 * The act and the people on a booking's side of it, in one statement: the act, its accepted members, and
 * the managers of the venue (`venueId`, when the booking has one: its owner).
 *
 *   select id, name, slug, kind, owner_id, currency,
 *     array(select user_id from band_members where act_id = acts.id and status = 'accepted') as member_ids,
 *     array(select owner_id from venues where id = $venue) as venue_manager_ids
 *   from acts where id = $act
 */
export function getBookingSides(
  db: Kysely<Database>,
  actId: string,
  venueId: string | null,
): Promise<BookingAct & { member_ids: string[]; venue_manager_ids: string[] }> {
  return bookingActs(db).where("id", "=", actId)
    .select([
      sql<string[]>`array(select m.user_id from band_members m where m.act_id = acts.id
        and m.status = 'accepted')`.as("member_ids"),
      sql<string[]>`array(select v.owner_id from venues v where v.id = ${venueId})`.as("venue_manager_ids"),
    ])
    .executeTakeFirstOrThrow();
}

/**
 * The names a booking's page shows beside its act: the organizer's, the venue's (when it has one) and the
 * city's (when it names one), in one statement.
 *
 *   select u.id, u.display_name, v.id as venue_id, v.name as venue_name, v.slug as venue_slug,
 *          c.city_id, c.name as city_name
 *   from users u left join venues v on v.id = $venue left join cities c on c.city_id = $city
 *   where u.id = $organizer
 */
export async function bookingNames(
  db: Kysely<Database>,
  ids: { organizerId: string; venueId: string | null; cityId: number | null },
): Promise<{
  organizer: { id: string; display_name: string | null };
  venue: { id: string; name: string; slug: string } | null;
  city: { city_id: number; name: string } | null;
}> {
  const row = await db.selectFrom("users as u")
    .leftJoin("venues as v", (join) => join.on("v.id", "=", ids.venueId))
    .leftJoin("cities as c", (join) => join.on("c.city_id", "=", ids.cityId))
    .select([
      "u.id",
      "u.display_name",
      "v.id as venue_id",
      "v.name as venue_name",
      "v.slug as venue_slug",
      "c.city_id",
      "c.name as city_name",
    ])
    .where("u.id", "=", ids.organizerId).executeTakeFirstOrThrow();
  return {
    organizer: { id: row.id, display_name: row.display_name },
    venue: row.venue_id ? { id: row.venue_id, name: row.venue_name!, slug: row.venue_slug! } : null,
    city: row.city_id !== null ? { city_id: row.city_id, name: row.city_name! } : null,
  };
}

/** Where a venue is, for a request that names it: its city and address. */
export function findVenuePlace(
  db: Kysely<Database>,
  venueId: string,
): Promise<{ id: string; city_id: number | null; address: string | null } | undefined> {
  return db.selectFrom("venues").select(["id", "city_id", "address"]).where("id", "=", venueId)
    .executeTakeFirst();
}

export function findCity(
  db: Kysely<Database>,
  cityId: number,
): Promise<{ city_id: number; name: string } | undefined> {
  return db.selectFrom("cities").select(["city_id", "name"]).where("city_id", "=", cityId).executeTakeFirst();
}
