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

/** The names a booking's page shows beside its act: the organizer's, the venue's and the city's. */
export interface BookingNames {
  organizer: { id: string; display_name: string | null };
  venue: { id: string; name: string; slug: string } | null;
  city: { city_id: number; name: string } | null;
}

/**
 * The act, the people on a booking's side of it and the names its page shows, in one statement: the act,
 * its accepted members, the managers of the venue (when the booking has one: its owner), the organizer's
 * name, the venue's and the city's.
 *
 *   select a.id, a.name, a.slug, a.kind, a.owner_id, a.currency,
 *     array(select user_id from band_members where act_id = a.id and status = 'accepted') as member_ids,
 *     array(select owner_id from venues where id = $venue) as venue_manager_ids,
 *     (select display_name from users where id = $organizer) as organizer_name,
 *     v.id as venue_id, v.name as venue_name, v.slug as venue_slug, c.city_id, c.name as city_name
 *   from acts a left join venues v on v.id = $venue left join cities c on c.city_id = $city
 *   where a.id = $act
 */
export async function getBookingSides(
  db: Kysely<Database>,
  booking: { act_id: string; organizer_id: string; venue_id: string | null; city_id: number | null },
): Promise<{ act: BookingAct; memberIds: string[]; venueManagerIds: string[]; names: BookingNames }> {
  const row = await db.selectFrom("acts as a")
    .leftJoin("venues as v", (join) => join.on("v.id", "=", booking.venue_id))
    .leftJoin("cities as c", (join) => join.on("c.city_id", "=", booking.city_id))
    .select([
      "a.id",
      "a.name",
      "a.slug",
      "a.kind",
      "a.owner_id",
      "a.currency",
      sql<string[]>`array(select m.user_id from band_members m where m.act_id = a.id
        and m.status = 'accepted')`.as("member_ids"),
      sql<string[]>`array(select vm.owner_id from venues vm where vm.id = ${booking.venue_id})`
        .as("venue_manager_ids"),
      sql<string | null>`(select u.display_name from users u where u.id = ${booking.organizer_id})`
        .as("organizer_name"),
      "v.id as venue_id",
      "v.name as venue_name",
      "v.slug as venue_slug",
      "c.city_id",
      "c.name as city_name",
    ])
    .where("a.id", "=", booking.act_id)
    .executeTakeFirstOrThrow();
  return {
    act: {
      id: row.id,
      name: row.name,
      slug: row.slug,
      kind: row.kind,
      owner_id: row.owner_id,
      currency: row.currency,
    },
    memberIds: row.member_ids,
    venueManagerIds: row.venue_manager_ids,
    names: {
      organizer: { id: booking.organizer_id, display_name: row.organizer_name },
      venue: row.venue_id ? { id: row.venue_id, name: row.venue_name!, slug: row.venue_slug! } : null,
      city: row.city_id !== null ? { city_id: row.city_id, name: row.city_name! } : null,
    },
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
