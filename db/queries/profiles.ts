/**
 * Read queries behind the public profile pages: one act or venue by slug
 * (with its place and, for a band, its members), and a venue's coming shows.
 * Slugs are unique, so a profile is one indexed row plus small look-ups.
 *
 *   select acts.*, cities.name as city, states.name as state, countries.iso2 as country,
 *          array(select g.slug from act_genres ag join genres g ... order by g.id) as genres
 *   from acts left join cities ... left join states ... left join countries ...
 *   where acts.slug = $1 and <the owner lists publicly: listings.ts>
 */
import { type Kysely, sql } from "kysely";
import { UPCOMING_STATES } from "../../domain/booking_machine.ts";
import type { ActKind } from "../../domain/catalog.ts";
import type { Database } from "../schema.ts";
import type { ActView } from "./acts.ts";
import type { PlaceNames } from "./geo.ts";
import { ownerListed } from "./listings.ts";
import type { VenueView } from "./venues.ts";

/** An act's public profile: what anyone may see of it, and its home city by name. */
export type ActProfileRow =
  & Pick<
    ActView,
    | "id"
    | "kind"
    | "name"
    | "slug"
    | "bio"
    | "yearsExperience"
    | "budgetMin"
    | "budgetStandard"
    | "budgetPremium"
    | "currency"
    | "trustScore"
    | "isVerified"
    | "photoUrl"
    | "travelRadiusKm"
    | "languages"
    | "genres"
    | "socialLinks"
  >
  & PlaceNames
  & {
    /** What the trust score counted, and its badge (0026_public_trust). */
    completedBookings: number;
    reviewCount: number;
    quickToRespond: boolean;
  };

/** Which listings a lookup may find: only public ones, or also those of suspended owners. */
export interface ListedOptions {
  includeUnlisted?: boolean;
}

export function findActBySlug(
  db: Kysely<Database>,
  slug: string,
  { includeUnlisted = false }: ListedOptions = {},
): Promise<ActProfileRow | undefined> {
  let query = db.selectFrom("acts")
    .leftJoin("cities", "cities.city_id", "acts.home_city_id")
    .leftJoin("states", "states.state_id", "cities.state_id")
    .leftJoin("countries", "countries.country_id", "states.country_id")
    .where("acts.slug", "=", slug);
  if (!includeUnlisted) query = query.where(ownerListed("acts.owner_id"));
  return query
    .select([
      "acts.id",
      "acts.kind",
      "acts.name",
      "acts.slug",
      "acts.bio",
      "acts.years_experience as yearsExperience",
      "acts.budget_min as budgetMin",
      "acts.budget_standard as budgetStandard",
      "acts.budget_premium as budgetPremium",
      "acts.currency",
      sql<number>`acts.trust_score::float8`.as("trustScore"),
      "acts.completed_bookings as completedBookings",
      "acts.review_count as reviewCount",
      "acts.quick_to_respond as quickToRespond",
      "acts.is_verified as isVerified",
      "acts.photo_url as photoUrl",
      "acts.travel_radius_km as travelRadiusKm",
      "acts.languages",
      (eb) => eb.ref("acts.social_links").$castTo<ActView["socialLinks"]>().as("socialLinks"),
      "cities.name as city",
      "states.name as state",
      "countries.iso2 as country",
      sql<string[]>`array(select g.slug from act_genres ag join genres g on g.id = ag.genre_id
        where ag.act_id = acts.id order by g.id)`.as("genres"),
    ])
    .executeTakeFirst();
}

export interface BandMemberRow {
  name: string;
  role: string | null;
}

/**
 * Members who accepted, oldest first. Only a public name and role leave the
 * database: a member's e-mail or fee share is not for the public page.
 *
 *   select coalesce(display_name, first_name || ' ' || last_name, username) as name, role
 *   from band_members join users on users.id = band_members.user_id
 *   where act_id = $1 and status = 'accepted' and users.deleted_at is null
 *   order by responded_at, user_id
 */
export function findAcceptedMembers(db: Kysely<Database>, actId: string): Promise<BandMemberRow[]> {
  return db.selectFrom("band_members")
    .innerJoin("users", "users.id", "band_members.user_id")
    .where("band_members.act_id", "=", actId)
    .where("band_members.status", "=", "accepted")
    .where("users.deleted_at", "is", null)
    .select([
      sql<
        string
      >`coalesce(users.display_name, nullif(btrim(concat_ws(' ', users.first_name, users.last_name)), ''),
        users.username, 'A member')`.as("name"),
      "band_members.role",
    ])
    .orderBy("band_members.responded_at")
    .orderBy("band_members.user_id")
    .execute();
}

/** A venue's public profile: what anyone may see of it, and its city by name. */
export type VenueProfileRow =
  & Pick<
    VenueView,
    | "id"
    | "ownerId"
    | "name"
    | "slug"
    | "description"
    | "capacity"
    | "venueType"
    | "address"
    | "amenities"
    | "techSpecs"
    | "trustScore"
    | "isVerified"
    | "photoUrl"
  >
  & PlaceNames
  & {
    /** What the trust score counted, and its badge (0026_public_trust); venues are not reviewed. */
    completedBookings: number;
    quickToRespond: boolean;
  };

function venuesWithPlace(db: Kysely<Database>) {
  return db.selectFrom("venues")
    .leftJoin("cities", "cities.city_id", "venues.city_id")
    .leftJoin("states", "states.state_id", "cities.state_id")
    .leftJoin("countries", "countries.country_id", "states.country_id");
}

/** A confirmed show at a venue, as its public page lists it. */
export interface VenueShowRow {
  title: string;
  startsAt: Date;
  actName: string;
  actSlug: string;
  actKind: ActKind;
}

/** The agreed shows at a venue starting from `from`: the only bookings the public sees. */
function upcomingShows(db: Kysely<Database>, venueId: string, from: Date) {
  return db.selectFrom("bookings")
    .where("bookings.venue_id", "=", venueId)
    .where("bookings.status", "in", UPCOMING_STATES)
    .where("bookings.starts_at", ">=", from);
}

/**
 * The venue's next confirmed shows, a page of them. Only states where the
 * show is agreed are public; negotiations stay between the parties.
 */
export function findUpcomingShows(
  db: Kysely<Database>,
  venueId: string,
  from: Date,
  page: { limit: number; offset?: number },
): Promise<VenueShowRow[]> {
  return upcomingShows(db, venueId, from)
    .innerJoin("acts", "acts.id", "bookings.act_id")
    .select([
      "bookings.title",
      "bookings.starts_at as startsAt",
      "acts.name as actName",
      "acts.slug as actSlug",
      "acts.kind as actKind",
    ])
    // The id breaks ties, so pages neither repeat nor skip shows that start together.
    .orderBy("bookings.starts_at")
    .orderBy("bookings.id")
    .limit(page.limit)
    .offset(page.offset ?? 0)
    .execute();
}

/** How many shows findUpcomingShows pages through. */
export async function countUpcomingShows(db: Kysely<Database>, venueId: string, from: Date): Promise<number> {
  const { n } = await upcomingShows(db, venueId, from)
    .select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
  return Number(n);
}

/** Whether a venue with this id is on the public site (it exists and its owner lists publicly). */
export async function venueExists(db: Kysely<Database>, venueId: string): Promise<boolean> {
  return (await db.selectFrom("venues").select("id").where("id", "=", venueId)
    .where(ownerListed("venues.owner_id")).executeTakeFirst()) !== undefined;
}

export function findVenueBySlug(
  db: Kysely<Database>,
  slug: string,
  { includeUnlisted = false }: ListedOptions = {},
): Promise<VenueProfileRow | undefined> {
  let query = venuesWithPlace(db).where("venues.slug", "=", slug);
  if (!includeUnlisted) query = query.where(ownerListed("venues.owner_id"));
  return query
    .select([
      "venues.id",
      "venues.owner_id as ownerId",
      "venues.name",
      "venues.slug",
      "venues.description",
      "venues.capacity",
      "venues.venue_type as venueType",
      "venues.address",
      "venues.amenities",
      (eb) => eb.ref("venues.tech_specs").$castTo<VenueView["techSpecs"]>().as("techSpecs"),
      sql<number>`venues.trust_score::float8`.as("trustScore"),
      "venues.completed_bookings as completedBookings",
      "venues.quick_to_respond as quickToRespond",
      "venues.is_verified as isVerified",
      "venues.photo_url as photoUrl",
      "cities.name as city",
      "states.name as state",
      "countries.iso2 as country",
    ])
    .executeTakeFirst();
}
