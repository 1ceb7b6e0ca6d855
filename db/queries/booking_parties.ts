/**
 * What a booking is about besides its own row: the act (with what the rules
 * need of it), the organizer's name, the venue and the city. "find" may come
 * back empty (an id from input); "get" reads a row a foreign key guarantees.
 */
import type { Kysely } from "kysely";
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

export function getBookingAct(db: Kysely<Database>, actId: string): Promise<BookingAct> {
  return bookingActs(db).where("id", "=", actId).executeTakeFirstOrThrow();
}

/** The organizer as a booking shows them. */
export function getOrganizer(
  db: Kysely<Database>,
  userId: string,
): Promise<{ id: string; display_name: string | null }> {
  return db.selectFrom("users").select(["id", "display_name"]).where("id", "=", userId)
    .executeTakeFirstOrThrow();
}

/** A venue as a booking shows it: its name and where its page is. */
export function findVenueCard(
  db: Kysely<Database>,
  venueId: string,
): Promise<{ id: string; name: string; slug: string } | undefined> {
  return db.selectFrom("venues").select(["id", "name", "slug"]).where("id", "=", venueId).executeTakeFirst();
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

/** Who manages a venue, and so may follow the bookings at it: its owner. */
export async function managersOfVenue(db: Kysely<Database>, venueId: string): Promise<string[]> {
  const rows = await db.selectFrom("venues").select("owner_id").where("id", "=", venueId).execute();
  return rows.map((r) => r.owner_id);
}
