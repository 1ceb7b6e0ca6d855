/**
 * Whose listings the public sees: acts, venues and opportunities of an owner who is suspended or deleted
 * are off the public site (domain/suspension.ts). One predicate for every public read, so search, profiles
 * and bookings cannot disagree:
 *
 *   <owner column> not in (select lu.id from users lu where lu.status in ('suspended', 'deleted'))
 *
 * The unlisted are few: PostgreSQL reads them once per statement from a partial index
 * (users_unlisted_idx, 0031_search_at_scale) into a hash that each row is checked against. Written as
 * `not exists`, the planner made it an anti-join, which cannot stop early: a search sorted by an index
 * then read every matching row instead of one page (36 ms against 3 ms at 100,000 acts). Nothing is
 * copied onto the listings, so reinstating someone is one update of their status.
 */
import { type Kysely, type RawBuilder, sql, type SqlBool } from "kysely";
import { UNLISTED_OWNER_STATUSES } from "../../domain/suspension.ts";
import type { ActKind } from "../../domain/catalog.ts";
import type { OpportunityStatus } from "../../domain/opportunity_rules.ts";
import type { Database } from "../schema.ts";

const unlisted = sql.join(UNLISTED_OWNER_STATUSES.map((s) => sql.lit(s)));

/** True where the owner named by `ownerColumn` (e.g. "acts.owner_id") lists publicly. */
export function ownerListed(ownerColumn: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${
    sql.ref(ownerColumn)
  } not in (select lu.id from users lu where lu.status in (${unlisted}))`;
}

/** Whether `userId`'s listings are public (false for an unknown id). */
export async function ownerListsPublicly(db: Kysely<Database>, userId: string): Promise<boolean> {
  const row = await db.selectFrom("users").select("id").where("id", "=", userId)
    .where("status", "not in", UNLISTED_OWNER_STATUSES).executeTakeFirst();
  return row !== undefined;
}

/** What a person lists, for the admin console: acts (solo and bands they manage), venues, opportunities. */
export interface OwnedListings {
  acts: { id: string; name: string; slug: string; kind: ActKind }[];
  venues: { id: string; name: string; slug: string }[];
  opportunities: { id: string; title: string; status: OpportunityStatus; startsAt: Date }[];
}

export async function listingsOwnedBy(db: Kysely<Database>, userId: string): Promise<OwnedListings> {
  const [acts, venues, opportunities] = await Promise.all([
    db.selectFrom("acts").select(["id", "name", "slug", "kind"]).where("owner_id", "=", userId)
      .orderBy("name").execute(),
    db.selectFrom("venues").select(["id", "name", "slug"]).where("owner_id", "=", userId)
      .orderBy("name").execute(),
    db.selectFrom("opportunities").select(["id", "title", "status", "starts_at as startsAt"])
      .where("organizer_id", "=", userId).where("status", "=", "open")
      .orderBy("starts_at").limit(50).execute(),
  ]);
  return { acts, venues, opportunities };
}
