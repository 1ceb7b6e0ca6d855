/**
 * Act search: full text over the trigger-kept `search_document` (name A >
 * genres B > city C > bio D), trigram similarity on the name for typos, the
 * catalogue filters, and keyset pagination. Every piece of user text is a
 * bound parameter; websearch_to_tsquery never raises on malformed input.
 *
 *   select acts.id, acts.kind, acts.name, ..., cities.name as city, states.name as state,
 *          array(select g.slug from act_genres ag join genres g ... order by g.id) as genres,
 *          <key>::text as "sortKey"
 *   from acts left join cities on ... left join states on ...
 *   where <the owner lists publicly: listings.ts>
 *     and (acts.search_document @@ websearch_to_tsquery('simple', $q)
 *          or lower(acts.name) % lower($q) or lower($q) <% lower(acts.name))
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
 * where <key> is, by sort: relevance = round(ts_rank(search_document, tsq)
 * + greatest(similarity, word_similarity) on the name, 6) as numeric (exact,
 * so a cursor compares equal to the row it came from); trust = trust_score;
 * price = budget_min.
 *
 * A query with `q` runs in its own short transaction that first lowers
 * pg_trgm's word_similarity_threshold and steers the planner to the GIN
 * indexes (see `withTypoTolerance`).
 */
import { type Expression, type Kysely, type RawBuilder, sql, type SqlBool } from "kysely";
import type { Database } from "../schema.ts";
import type { ActView } from "./acts.ts";
import { occupyingStates } from "./booking_states.ts";
import type { PlaceNames } from "./geo.ts";
import { ownerListed } from "./listings.ts";

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

/**
 * The word_similarity threshold `<%` uses while searching. pg_trgm's default,
 * 0.6, loses one dropped letter in a short name ("goshal" against "Shreya
 * Ghoshal" scores 0.57); 0.4 still rejects unrelated names ("rahul" against
 * "Rohan Sharma" scores 0.17).
 */
export const TYPO_WORD_SIMILARITY = 0.4;

/**
 * Runs `search` in a transaction whose `pg_trgm.word_similarity_threshold`
 * is TYPO_WORD_SIMILARITY. A setting rather than an explicit
 * `word_similarity(...) >= x` condition, because only the `<%` operator,
 * which reads the setting, can use the trigram GIN index.
 *
 * The transaction also turns sequential scans off. The planner prices the
 * trigram operators with a fixed guess, and at 100,000 acts it then prefers
 * a seq scan that computes word_similarity on every row: ~200 ms, against
 * ~50 ms through a BitmapOr of the two GIN indexes (bench/search.ts). Every
 * statement run here has `q`, so an index path always exists.
 *
 * `set_config(..., true)` ends with the transaction, so a pooled connection
 * goes back unchanged. `search` must use the transaction it is given, never
 * the outer `db`: PGlite has one connection, which the transaction holds.
 *
 *   begin;
 *   select set_config('pg_trgm.word_similarity_threshold', '0.4', true), set_config('enable_seqscan', 'off', true);
 *   <search>;
 *   commit
 */
export function withTypoTolerance<T>(
  db: Kysely<Database>,
  search: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('pg_trgm.word_similarity_threshold', ${String(TYPO_WORD_SIMILARITY)}, true),
      set_config('enable_seqscan', 'off', true)`.execute(trx);
    return await search(trx);
  });
}

export function searchActs(db: Kysely<Database>, params: ActSearchParams): Promise<ActSearchRow[]> {
  return params.q ? withTypoTolerance(db, (trx) => selectActs(trx, params)) : selectActs(db, params);
}

function selectActs(db: Kysely<Database>, params: ActSearchParams): Promise<ActSearchRow[]> {
  const q = params.q?.toLowerCase();
  const key = sortKey(params.sort, q);
  const descending = params.sort !== "price";
  const keyCast = params.sort === "price" ? sql`bigint` : sql`numeric`;

  let query = db.selectFrom("acts")
    .leftJoin("cities", "cities.city_id", "acts.home_city_id")
    .leftJoin("states", "states.state_id", "cities.state_id")
    .where(ownerListed("acts.owner_id"));
  if (q) {
    query = query.where(sql<SqlBool>`(acts.search_document @@ websearch_to_tsquery('simple', ${q})
      or lower(acts.name) % ${q} or ${q} <% lower(acts.name))`);
  }
  if (params.city !== undefined) {
    query = query.where(
      params.withinKm === undefined
        ? sql<SqlBool>`acts.home_city_id = ${params.city}`
        : sql<SqlBool>`${distanceKm(params.city)} <= ${params.withinKm}`,
    );
  }
  if (params.genre !== undefined) {
    query = query.where(sql<SqlBool>`exists (select 1 from act_genres ag join genres g on g.id = ag.genre_id
      where ag.act_id = acts.id and g.slug = ${params.genre})`);
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
  const after = params.after;
  if (after) {
    query = query.where(
      sql<SqlBool>`(${key}, acts.id) ${
        sql.raw(descending ? "<" : ">")
      } (${after.key}::${keyCast}, ${after.id}::uuid)`,
    );
  }
  const direction = descending ? "desc" : "asc";
  return query.select([
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
    sql<string>`(${key})::text`.as("sortKey"),
  ])
    .orderBy(key, direction)
    .orderBy("acts.id", direction)
    .limit(params.limit)
    .execute();
}

function sortKey(sort: ActSort, q: string | undefined): RawBuilder<unknown> {
  if (sort === "price") return sql`acts.budget_min`;
  if (sort === "trust" || !q) return sql`acts.trust_score`;
  return sql`round((ts_rank(acts.search_document, websearch_to_tsquery('simple', ${q}))
    + greatest(similarity(lower(acts.name), ${q}), word_similarity(${q}, lower(acts.name))))::numeric, 6)`;
}

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
