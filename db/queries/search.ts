/**
 * Act search: the catalogue filters, full text with typo tolerance ranked in
 * tiers (text_tiers.ts), and keyset pagination. Every piece of user text is a
 * bound parameter; websearch_to_tsquery never raises on malformed input.
 *
 *   select <card columns>, <key>::text as "sortKey"
 *   from acts left join cities on ... left join states on ...
 *   where <the owner lists publicly: listings.ts>
 *     and (acts.search_document @@ $exact or acts.card_document @@ $near)   -- text_tiers.ts
 *     and acts.home_city_id = $city                        -- or: haversine(origin, home city) <= $km
 *     and exists (select 1 from act_genres join genres ... where genres.slug = $genre)
 *     and acts.languages @> array[$language]
 *     and acts.budget_min <= $budgetMax and acts.budget_premium >= $budgetMin
 *     and not exists (select 1 from act_blocks b where b.act_id = acts.id
 *                     and b.starts_at < ($day + 1) at Asia/Kolkata and b.ends_at > $day at Asia/Kolkata)
 *     and not exists (select 1 from bookings k where k.act_id = acts.id and k.status in (<occupying>)
 *                     and k.starts_at < <day end> and k.starts_at > <day start> - 720 min
 *                     and k.ends_at > <day start>)
 *     and acts.is_verified and acts.trust_score >= $minTrust
 *     and (<key>, acts.id) < ($afterKey, $afterId)         -- ">" for price, which ascends
 *   order by <key> desc, acts.id desc                      -- asc, asc for price
 *   limit $limit
 *
 * where <key> is trust_score or budget_min. Sorted by relevance, the same
 * filters feed one statement per tier instead, best first (`byRelevance`).
 */
import { type Expression, type Kysely, type SelectQueryBuilder, sql, type SqlBool } from "kysely";
import type { Database } from "../schema.ts";
import type { ActView } from "./acts.ts";
import { occupyingStates } from "./booking_states.ts";
import type { PlaceNames } from "./geo.ts";
import { ownerListed } from "./listings.ts";
import { matchesText, readTextQuery, relevanceKey, relevancePage, type TextQuery } from "./text_tiers.ts";

export type ActSort = "relevance" | "trust" | "price";

export interface ActSearchParams {
  q?: string;
  city?: number;
  withinKm?: number;
  genre?: string;
  language?: string;
  budgetMin?: number;
  budgetMax?: number;
  /** YYYY-MM-DD, a day in Asia/Kolkata. */
  availableOn?: string;
  verified?: boolean;
  minTrust?: number;
  /** "relevance" needs `q`. */
  sort: ActSort;
  /** Resume after this row: its sort key (as returned in `sortKey`) and id. */
  after?: { key: string; id: string };
  limit: number;
}

/** An act as its search result card shows it, with its home city by name and its sort key. */
export type ActSearchRow =
  & Pick<
    ActView,
    | "id"
    | "kind"
    | "name"
    | "slug"
    | "genres"
    | "budgetMin"
    | "budgetStandard"
    | "budgetPremium"
    | "currency"
    | "trustScore"
    | "isVerified"
    | "photoUrl"
    | "photoWidth"
    | "photoHeight"
    | "languages"
  >
  & Pick<PlaceNames, "city" | "state">
  & {
    /** What the trust score counted, and its badge (0026_public_trust). */
    completedBookings: number;
    reviewCount: number;
    quickToRespond: boolean;
  }
  & {
    /** The row's sort key as text, for the next page's `after`. */
    sortKey: string;
  };

const EARTH_RADIUS_KM = 6371;

export async function searchActs(db: Kysely<Database>, params: ActSearchParams): Promise<ActSearchRow[]> {
  if (!params.q) return await selectActs(db, params, null);
  const text = await readTextQuery(db, params.q, "act");
  return text ? await selectActs(db, params, text) : [];
}

type ActQuery = SelectQueryBuilder<Database, "acts" | "cities", object>;

function selectActs(db: Kysely<Database>, params: ActSearchParams, text: TextQuery | null) {
  const filtered = filteredActs(db, params);
  return params.sort === "relevance" && text
    ? byRelevance(db, filtered, text, params)
    : bySortColumn(filtered, text, params);
}

/** The listed acts that pass every filter but the text; cities joined for distance. */
function filteredActs(db: Kysely<Database>, params: ActSearchParams): ActQuery {
  let query = db.selectFrom("acts")
    .leftJoin("cities", "cities.city_id", "acts.home_city_id")
    .where(ownerListed("acts.owner_id"));
  if (params.city !== undefined) {
    query = query.where(
      params.withinKm === undefined
        ? sql<SqlBool>`acts.home_city_id = ${params.city}`
        : sql<SqlBool>`${distanceKm(params.city)} <= ${params.withinKm}`,
    );
  }
  if (params.genre !== undefined) {
    // "offset 0" keeps this a check of each act the page reads. Without it the planner turns it into a
    // join that starts from every act of the genre (89,000 of 1,000,000 for rock: 700 ms, against 3 ms).
    // The genre's id is read once for the statement, so each check is one probe of act_genres' key.
    query = query.where(sql<SqlBool>`exists (select 1 from act_genres ag where ag.act_id = acts.id
      and ag.genre_id = (select g.id from genres g where g.slug = ${params.genre}) offset 0)`);
  }
  if (params.language !== undefined) {
    query = query.where(sql<SqlBool>`acts.languages @> array[${params.language}]::text[]`);
  }
  if (params.budgetMax !== undefined) query = query.where("acts.budget_min", "<=", params.budgetMax);
  if (params.budgetMin !== undefined) query = query.where("acts.budget_premium", ">=", params.budgetMin);
  if (params.availableOn !== undefined) {
    const day = sql`${params.availableOn}::date`;
    const dayStart = sql`(${day}::timestamp at time zone 'Asia/Kolkata')`;
    const dayEnd = sql`((${day} + 1)::timestamp at time zone 'Asia/Kolkata')`;
    query = query.where(sql<SqlBool>`not exists (select 1 from act_blocks b where b.act_id = acts.id
      and b.starts_at < ${dayEnd} and b.ends_at > ${dayStart})`);
    // A booking lasts at most 720 minutes, so its start is bounded on both
    // sides: a range scan of bookings_act_idx (act_id, starts_at).
    query = query.where(sql<SqlBool>`not exists (select 1 from bookings k where k.act_id = acts.id
      and k.status in (${occupyingStates})
      and k.starts_at < ${dayEnd} and k.starts_at > ${dayStart} - interval '720 minutes'
      and k.ends_at > ${dayStart})`);
  }
  if (params.verified) query = query.where("acts.is_verified", "=", true);
  if (params.minTrust !== undefined) query = query.where("acts.trust_score", ">=", String(params.minTrust));
  return query;
}

/** Sorted by trust or price: one statement, keyset on the sort column. */
function bySortColumn(filtered: ActQuery, text: TextQuery | null, params: ActSearchParams) {
  const key = params.sort === "price" ? sql`acts.budget_min` : sql`acts.trust_score`;
  const descending = params.sort !== "price";
  let query = text ? filtered.where(matchesText("acts", text)) : filtered;
  const after = params.after;
  if (after) {
    query = query.where(
      sql<SqlBool>`(${key}, acts.id) ${sql.raw(descending ? "<" : ">")} (${after.key}::${
        sql.raw(params.sort === "price" ? "bigint" : "numeric")
      }, ${after.id}::uuid)`,
    );
  }
  const direction = descending ? "desc" : "asc";
  return query.leftJoin("states", "states.state_id", "cities.state_id")
    .select(cardColumns)
    .select(sql<string>`(${key})::text`.as("sortKey"))
    .orderBy(key, direction)
    .orderBy("acts.id", direction)
    .limit(params.limit)
    .execute();
}

/** Sorted by relevance: a page of ids from the tiers, each at its best rank (text_tiers.ts), then their cards. */
function byRelevance(db: Kysely<Database>, filtered: ActQuery, text: TextQuery, params: ActSearchParams) {
  return relevancePage(
    "acts",
    filtered,
    text,
    params,
    (candidates) =>
      db.selectFrom(candidates)
        .innerJoin("acts", "acts.id", "c.id")
        .leftJoin("cities", "cities.city_id", "acts.home_city_id")
        .leftJoin("states", "states.state_id", "cities.state_id")
        .select(cardColumns)
        .select(relevanceKey("acts").as("sortKey"))
        .orderBy("c.rank", "desc")
        .orderBy("acts.trust_score", "desc")
        .orderBy("acts.id", "desc")
        .limit(params.limit)
        .execute(),
  );
}

/** What a result card shows, from acts, cities and states. */
const cardColumns = [
  "acts.id",
  "acts.kind",
  "acts.name",
  "acts.slug",
  "cities.name as city",
  "states.name as state",
  sql<string[]>`array(select g.slug from act_genres ag join genres g on g.id = ag.genre_id
    where ag.act_id = acts.id order by g.id)`.as("genres"),
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
  "acts.photo_width as photoWidth",
  "acts.photo_height as photoHeight",
  "acts.languages",
] as const;

/**
 * Great-circle (haversine) distance from city `origin` to the joined `cities`
 * row (an act's home city, a venue's city); null when either lacks coordinates.
 */
export function distanceKm(origin: number): Expression<number | null> {
  return sql<number | null>`(select ${EARTH_RADIUS_KM} * 2 * asin(least(1, sqrt(
      power(sin(radians(cities.lat - o.lat) / 2), 2)
      + cos(radians(o.lat)) * cos(radians(cities.lat)) * power(sin(radians(cities.lon - o.lon) / 2), 2))))
    from cities o where o.city_id = ${origin})`;
}
