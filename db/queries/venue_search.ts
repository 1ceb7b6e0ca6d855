/**
 * Venue search: the venue filters, full text with typo tolerance ranked in
 * tiers like act search (text_tiers.ts: name, card = name and city, near
 * words, anywhere = with the description), and keyset pagination. Every piece
 * of user text is a bound parameter.
 *
 *   select venues.id, venues.name, ..., cities.name as city, states.name as state, <key>::text as "sortKey"
 *   from venues left join cities on ... left join states on ...
 *   where <the owner lists publicly: listings.ts>
 *     and (venues.search_document @@ $exact or venues.card_document @@ $near)
 *     and venues.city_id = $city                          -- or: haversine(origin, venue city) <= $km
 *     and venues.capacity >= $minCapacity and venues.capacity <= $maxCapacity
 *     and venues.venue_type = $venueType
 *     and venues.is_verified
 *     and (<key>, venues.id) < ($afterKey, $afterId)      -- ">" for capacity, which ascends
 *   order by <key> desc, venues.id desc                   -- asc, asc for capacity
 *   limit $limit
 *
 * where <key> is trust_score or capacity. Sorted by relevance, the same
 * filters feed one statement per tier instead, best first (`byRelevance`).
 */
import { type Kysely, type SelectQueryBuilder, sql, type SqlBool } from "kysely";
import type { VenueType } from "../../domain/catalog.ts";
import type { Database } from "../schema.ts";
import type { PlaceNames } from "./geo.ts";
import { ownerListed } from "./listings.ts";
import { distanceKm } from "./search.ts";
import { matchesText, readTextQuery, relevanceKey, relevancePage, type TextQuery } from "./text_tiers.ts";
import type { VenueView } from "./venues.ts";

export type VenueSort = "relevance" | "trust" | "capacity";

export interface VenueSearchParams {
  q?: string;
  city?: number;
  withinKm?: number;
  minCapacity?: number;
  maxCapacity?: number;
  venueType?: VenueType;
  verified?: boolean;
  /** "relevance" needs `q`. */
  sort: VenueSort;
  /** Resume after this row: its sort key (as returned in `sortKey`) and id. */
  after?: { key: string; id: string };
  limit: number;
}

/** A venue as its search result card shows it, with its city by name and its sort key. */
export type VenueSearchRow =
  & Pick<
    VenueView,
    | "id"
    | "name"
    | "slug"
    | "venueType"
    | "capacity"
    | "address"
    | "amenities"
    | "trustScore"
    | "isVerified"
    | "photoUrl"
    | "photoWidth"
    | "photoHeight"
  >
  & Pick<PlaceNames, "city" | "state">
  & {
    /** What the trust score counted, and its badge (0026_public_trust); venues are not reviewed. */
    completedBookings: number;
    quickToRespond: boolean;
  }
  & {
    /** The row's sort key as text, for the next page's `after`. */
    sortKey: string;
  };

export async function searchVenues(
  db: Kysely<Database>,
  params: VenueSearchParams,
): Promise<VenueSearchRow[]> {
  if (!params.q) return await selectVenues(db, params, null);
  const text = await readTextQuery(db, params.q, "venue");
  return text ? await selectVenues(db, params, text) : [];
}

type VenueQuery = SelectQueryBuilder<Database, "venues" | "cities", object>;

function selectVenues(db: Kysely<Database>, params: VenueSearchParams, text: TextQuery | null) {
  let filtered: VenueQuery = db.selectFrom("venues")
    .leftJoin("cities", "cities.city_id", "venues.city_id")
    .where(ownerListed("venues.owner_id"));
  if (params.city !== undefined) {
    filtered = filtered.where(
      params.withinKm === undefined
        ? sql<SqlBool>`venues.city_id = ${params.city}`
        : sql<SqlBool>`${distanceKm(params.city)} <= ${params.withinKm}`,
    );
  }
  if (params.minCapacity !== undefined) {
    filtered = filtered.where("venues.capacity", ">=", params.minCapacity);
  }
  if (params.maxCapacity !== undefined) {
    filtered = filtered.where("venues.capacity", "<=", params.maxCapacity);
  }
  if (params.venueType !== undefined) filtered = filtered.where("venues.venue_type", "=", params.venueType);
  if (params.verified) filtered = filtered.where("venues.is_verified", "=", true);
  return params.sort === "relevance" && text
    ? byRelevance(db, filtered, text, params)
    : bySortColumn(filtered, text, params);
}

/** Sorted by trust or capacity: one statement, keyset on the sort column. */
function bySortColumn(filtered: VenueQuery, text: TextQuery | null, params: VenueSearchParams) {
  const key = params.sort === "capacity" ? sql`venues.capacity` : sql`venues.trust_score`;
  // The smallest room that holds the crowd comes first; trust is best-first.
  const descending = params.sort !== "capacity";
  let query = text ? filtered.where(matchesText("venues", text)) : filtered;
  const after = params.after;
  if (after) {
    query = query.where(
      sql<SqlBool>`(${key}, venues.id) ${sql.raw(descending ? "<" : ">")} (${after.key}::${
        sql.raw(params.sort === "capacity" ? "integer" : "numeric")
      }, ${after.id}::uuid)`,
    );
  }
  const direction = descending ? "desc" : "asc";
  return query.leftJoin("states", "states.state_id", "cities.state_id")
    .select(cardColumns)
    .select(sql<string>`(${key})::text`.as("sortKey"))
    .orderBy(key, direction)
    .orderBy("venues.id", direction)
    .limit(params.limit)
    .execute();
}

/** Sorted by relevance: a page of ids from the tiers, each at its best rank (text_tiers.ts), then their cards. */
function byRelevance(db: Kysely<Database>, filtered: VenueQuery, text: TextQuery, params: VenueSearchParams) {
  return relevancePage(
    "venues",
    filtered,
    text,
    params,
    (candidates) =>
      db.selectFrom(candidates)
        .innerJoin("venues", "venues.id", "c.id")
        .leftJoin("cities", "cities.city_id", "venues.city_id")
        .leftJoin("states", "states.state_id", "cities.state_id")
        .select(cardColumns)
        .select(relevanceKey("venues").as("sortKey"))
        .orderBy("c.rank", "desc")
        .orderBy("venues.trust_score", "desc")
        .orderBy("venues.id", "desc")
        .limit(params.limit)
        .execute(),
  );
}

/** What a result card shows, from venues, cities and states. */
const cardColumns = [
  "venues.id",
  "venues.name",
  "venues.slug",
  "venues.venue_type as venueType",
  "venues.capacity",
  "cities.name as city",
  "states.name as state",
  "venues.address",
  "venues.amenities",
  sql<number>`venues.trust_score::float8`.as("trustScore"),
  "venues.completed_bookings as completedBookings",
  "venues.quick_to_respond as quickToRespond",
  "venues.is_verified as isVerified",
  "venues.photo_url as photoUrl",
  "venues.photo_width as photoWidth",
  "venues.photo_height as photoHeight",
] as const;
