/**
 * Opportunities as acts browse them: one query module behind GET
 * /opportunities, GET /search/events and the /opportunities page, plus the
 * same row shape for a single opportunity. Every piece of user text is a
 * bound parameter.
 *
 *   select o.id, o.title, ..., c.name as city, s.name as state, v.name as "venueName",
 *          array(select g.slug from opportunity_genres og join genres g ... order by g.id) as genres,
 *          <key>::text as "sortKey"
 *   from opportunities o left join venues v ... left join cities c ... left join states s ...
 *     join users u on u.id = o.organizer_id
 *   where o.status = 'open' and o.application_deadline > $now
 *     and u.status not in ('suspended', 'deleted')                 -- domain/suspension.ts
 *     and o.search_document @@ websearch_to_tsquery('simple', $q)
 *     and o.city_id = $cityId
 *     and exists (select 1 from opportunity_genres og join genres g ... where g.slug = $genre)
 *     and o.starts_at >= $from and o.starts_at < $to
 *     and o.budget_max >= $budgetMin and o.budget_min <= $budgetMax   -- the ranges overlap
 *     and (o.starts_at, o.id) > ($after, $afterId)                     -- budget: (o.budget_max, o.id) <
 *   order by o.starts_at asc, o.id asc                                -- budget: o.budget_max desc, o.id desc
 *   limit $limit
 *
 * A cursor carries the date as whole microseconds since 1970 (exact, so it
 * compares equal to its row), or the budget (the best-paid first).
 */
import { type Kysely, type RawBuilder, sql, type SqlBool } from "kysely";
import type { OpportunityStatus } from "../../domain/opportunity_rules.ts";
import type { UserStatus } from "../../domain/people.ts";
import { UNLISTED_OWNER_STATUSES } from "../../domain/suspension.ts";
import type { Database } from "../schema.ts";

export type OpportunitySort = "date" | "budget";

export interface OpportunitySearchParams {
  /** Only open opportunities whose deadline is after this instant. */
  now: Date;
  q?: string;
  cityId?: number;
  genre?: string;
  /** Starts at or after. */
  from?: Date;
  /** Starts before. */
  to?: Date;
  budgetMin?: number;
  budgetMax?: number;
  sort: OpportunitySort;
  /** Resume after this row: its sort key (as returned in `sortKey`) and id. */
  after?: { key: string; id: string };
  limit: number;
}

export interface OpportunityRow {
  id: string;
  organizerId: string;
  organizerName: string | null;
  /** The organizer's public page slug, when they have one: active and the organizer of a booking. */
  organizerSlug: string | null;
  /** Whether the organizer lists publicly (domain/suspension.ts): a suspended one's gigs are off the site. */
  organizerStatus: UserStatus;
  title: string;
  description: string | null;
  startsAt: Date;
  durationMinutes: number;
  venueId: string | null;
  venueName: string | null;
  venueSlug: string | null;
  cityId: number | null;
  city: string | null;
  state: string | null;
  address: string | null;
  budgetMin: number;
  budgetMax: number;
  currency: string;
  requirements: string | null;
  applicationDeadline: Date;
  status: OpportunityStatus;
  genres: string[];
  createdAt: Date;
  updatedAt: Date;
}

/** Every column a card or a details page shows, with its place and genres, for the caller to filter. */
export function selectOpportunities(db: Kysely<Database>) {
  return db.selectFrom("opportunities as o")
    .innerJoin("users as u", "u.id", "o.organizer_id")
    .leftJoin("venues as v", "v.id", "o.venue_id")
    .leftJoin("cities as c", "c.city_id", "o.city_id")
    .leftJoin("states as s", "s.state_id", "c.state_id")
    .select([
      "o.id",
      "o.organizer_id as organizerId",
      "u.display_name as organizerName",
      sql<string | null>`case when u.status = 'active'
        and exists (select 1 from bookings b where b.organizer_id = o.organizer_id) then u.public_slug end`
        .as("organizerSlug"),
      "u.status as organizerStatus",
      "o.title",
      "o.description",
      "o.starts_at as startsAt",
      "o.duration_minutes as durationMinutes",
      "o.venue_id as venueId",
      "v.name as venueName",
      "v.slug as venueSlug",
      "o.city_id as cityId",
      "c.name as city",
      "s.name as state",
      sql<string | null>`coalesce(o.address, v.address)`.as("address"),
      "o.budget_min as budgetMin",
      "o.budget_max as budgetMax",
      "o.currency",
      "o.requirements",
      "o.application_deadline as applicationDeadline",
      "o.status",
      sql<string[]>`array(select g.slug from opportunity_genres og join genres g on g.id = og.genre_id
        where og.opportunity_id = o.id order by g.id)`.as("genres"),
      "o.created_at as createdAt",
      "o.updated_at as updatedAt",
    ]);
}

export async function searchOpportunities(
  db: Kysely<Database>,
  params: OpportunitySearchParams,
): Promise<(OpportunityRow & { sortKey: string })[]> {
  // Ordered by the indexed columns themselves (opportunities_open_idx, opportunities_open_budget_idx), so a
  // page is a walk of the index that stops after `limit` rows rather than a sort of every match.
  const column = params.sort === "budget" ? sql`o.budget_max` : sql`o.starts_at`;
  const descending = params.sort === "budget";

  let query = selectOpportunities(db)
    .where("o.status", "=", "open")
    .where("o.application_deadline", ">", params.now)
    .where("u.status", "not in", UNLISTED_OWNER_STATUSES);
  if (params.q) {
    query = query.where(sql<SqlBool>`o.search_document @@ websearch_to_tsquery('simple', ${params.q})`);
  }
  if (params.cityId !== undefined) query = query.where("o.city_id", "=", params.cityId);
  if (params.genre !== undefined) {
    // "offset 0" keeps this a check of each gig the page reads, not a join from every gig of the genre
    // (db/queries/search.ts says why).
    query = query.where(
      sql<SqlBool>`exists (select 1 from opportunity_genres og where og.opportunity_id = o.id
      and og.genre_id = (select g.id from genres g where g.slug = ${params.genre}) offset 0)`,
    );
  }
  if (params.from) query = query.where("o.starts_at", ">=", params.from);
  if (params.to) query = query.where("o.starts_at", "<", params.to);
  if (params.budgetMin !== undefined) query = query.where("o.budget_max", ">=", params.budgetMin);
  if (params.budgetMax !== undefined) query = query.where("o.budget_min", "<=", params.budgetMax);
  const after = params.after;
  if (after) {
    const afterKey = params.sort === "budget"
      ? sql`${after.key}::bigint`
      : sql`timestamptz 'epoch' + ${after.key}::bigint * interval '1 microsecond'`;
    query = query.where(
      sql<SqlBool>`(${column}, o.id) ${sql.raw(descending ? "<" : ">")} (${afterKey}, ${after.id}::uuid)`,
    );
  }
  const direction = descending ? "desc" : "asc";
  return await query.select(sql<string>`(${sortKey(params.sort)})::text`.as("sortKey"))
    .orderBy(column, direction)
    .orderBy("o.id", direction)
    .limit(params.limit)
    .execute();
}

/** A row's sort key as a cursor carries it: the budget, or the start in whole microseconds since 1970 (exact). */
function sortKey(sort: OpportunitySort): RawBuilder<unknown> {
  return sort === "budget" ? sql`o.budget_max` : sql`(extract(epoch from o.starts_at) * 1000000)::bigint`;
}
