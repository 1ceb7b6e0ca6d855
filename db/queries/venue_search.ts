/**
 * Venue search: full text over the trigger-kept `search_document` (name A >
 * city B > description C), trigram similarity on the name for typos (under
 * the same lowered threshold as act search), the venue filters, and keyset
 * pagination. Every piece of user text is a bound parameter.
 *
 *   select venues.id, venues.name, ..., cities.name as city, states.name as state, <key>::text as "sortKey"
 *   from venues left join cities on ... left join states on ...
 *   where <the owner lists publicly: listings.ts>
 *     and (venues.search_document @@ websearch_to_tsquery('simple', $q)
 *          or lower(venues.name) % lower($q) or lower($q) <% lower(venues.name))
 *     and venues.city_id = $city                          -- or: haversine(origin, venue city) <= $km
 *     and venues.capacity >= $minCapacity and venues.capacity <= $maxCapacity
 *     and venues.venue_type = $venueType
 *     and venues.is_verified
 *     and (<key>, venues.id) < ($afterKey, $afterId)      -- ">" for capacity, which ascends
 *   order by <key> desc, venues.id desc                   -- asc, asc for capacity
 *   limit $limit
 *
 * where <key> is, by sort: relevance = round(ts_rank + greatest(similarity,
 * word_similarity) on the name, 6) as numeric (exact, so a cursor compares
 * equal to its row); trust = trust_score; capacity = capacity.
 */
import { type Kysely, type RawBuilder, sql, type SqlBool } from "kysely";
import type { VenueType } from "../../domain/catalog.ts";
import type { Database } from "../schema.ts";
import type { PlaceNames } from "./geo.ts";
import { ownerListed } from "./listings.ts";
import { distanceKm, withTypoTolerance } from "./search.ts";
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

export function searchVenues(db: Kysely<Database>, params: VenueSearchParams): Promise<VenueSearchRow[]> {
  return params.q ? withTypoTolerance(db, (trx) => selectVenues(trx, params)) : selectVenues(db, params);
}

function selectVenues(db: Kysely<Database>, params: VenueSearchParams): Promise<VenueSearchRow[]> {
  const q = params.q?.toLowerCase();
  const key = sortKey(params.sort, q);
  // The smallest room that holds the crowd comes first; relevance and trust are best-first.
  const descending = params.sort !== "capacity";
  const keyCast = params.sort === "capacity" ? sql`integer` : sql`numeric`;

  let query = db.selectFrom("venues")
    .leftJoin("cities", "cities.city_id", "venues.city_id")
    .leftJoin("states", "states.state_id", "cities.state_id")
    .where(ownerListed("venues.owner_id"));
  if (q) {
    query = query.where(sql<SqlBool>`(venues.search_document @@ websearch_to_tsquery('simple', ${q})
      or lower(venues.name) % ${q} or ${q} <% lower(venues.name))`);
  }
  if (params.city !== undefined) {
    query = query.where(
      params.withinKm === undefined
        ? sql<SqlBool>`venues.city_id = ${params.city}`
        : sql<SqlBool>`${distanceKm(params.city)} <= ${params.withinKm}`,
    );
  }
  if (params.minCapacity !== undefined) query = query.where("venues.capacity", ">=", params.minCapacity);
  if (params.maxCapacity !== undefined) query = query.where("venues.capacity", "<=", params.maxCapacity);
  if (params.venueType !== undefined) query = query.where("venues.venue_type", "=", params.venueType);
  if (params.verified) query = query.where("venues.is_verified", "=", true);
  const after = params.after;
  if (after) {
    query = query.where(
      sql<SqlBool>`(${key}, venues.id) ${
        sql.raw(descending ? "<" : ">")
      } (${after.key}::${keyCast}, ${after.id}::uuid)`,
    );
  }
  const direction = descending ? "desc" : "asc";
  return query.select([
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
    sql<string>`(${key})::text`.as("sortKey"),
  ])
    .orderBy(key, direction)
    .orderBy("venues.id", direction)
    .limit(params.limit)
    .execute();
}

function sortKey(sort: VenueSort, q: string | undefined): RawBuilder<unknown> {
  if (sort === "capacity") return sql`venues.capacity`;
  if (sort === "trust" || !q) return sql`venues.trust_score`;
  return sql`round((ts_rank(venues.search_document, websearch_to_tsquery('simple', ${q}))
    + greatest(similarity(lower(venues.name), ${q}), word_similarity(${q}, lower(venues.name))))::numeric, 6)`;
}
