/**
 * What an organizer's public page reads: the person by their public slug,
 * with the score and counts stored beside it and whether they have organized
 * anything, and the city they are known in from what they made public (their
 * opportunities' places and the venues they own), never from bookings.
 *
 *   select c.name, s.name from (
 *     select coalesce(o.city_id, v.city_id), o.created_at from opportunities o left join venues v ...
 *     union all select city_id, created_at from venues where owner_id = $1
 *   ) p join cities c ... group by 1, 2 order by count(*) desc, max(at) desc limit 1
 */
import { type Kysely, sql } from "kysely";
import type { UserStatus } from "../../domain/people.ts";
import type { Database } from "../schema.ts";

export interface OrganizerRow {
  id: string;
  displayName: string | null;
  slug: string;
  status: UserStatus;
  createdAt: Date;
  trustScore: number;
  completedBookings: number;
  reviewCount: number;
  quickToRespond: boolean;
  /** Organizer of at least one booking, in any state. */
  hasOrganized: boolean;
}

export async function organizerBySlug(db: Kysely<Database>, slug: string): Promise<OrganizerRow | undefined> {
  const row = await db.selectFrom("users as u")
    .select([
      "u.id",
      "u.display_name",
      "u.public_slug",
      "u.status",
      "u.created_at",
      "u.trust_score",
      "u.completed_bookings",
      "u.review_count",
      "u.quick_to_respond",
      sql<boolean>`exists (select 1 from bookings b where b.organizer_id = u.id)`.as("has_organized"),
    ])
    .where("u.public_slug", "=", slug).executeTakeFirst();
  return row && {
    id: row.id,
    displayName: row.display_name,
    slug: row.public_slug,
    status: row.status,
    createdAt: row.created_at,
    trustScore: Number(row.trust_score),
    completedBookings: row.completed_bookings,
    reviewCount: row.review_count,
    quickToRespond: row.quick_to_respond,
    hasOrganized: row.has_organized,
  };
}

/** The city most of the person's opportunities and venues are in (the latest wins a tie), if any. */
export async function organizerCity(
  db: Kysely<Database>,
  userId: string,
): Promise<{ city: string; state: string; country: string } | undefined> {
  const { rows } = await sql<{ city: string; state: string; country: string }>`
    select c.name as city, s.name as state, k.iso2 as country
      from (
        select coalesce(o.city_id, v.city_id) as city_id, o.created_at as at
          from opportunities o left join venues v on v.id = o.venue_id
         where o.organizer_id = ${userId}
        union all
        select city_id, created_at from venues where owner_id = ${userId}
      ) p
      join cities c on c.city_id = p.city_id
      join states s on s.state_id = c.state_id
      join countries k on k.country_id = s.country_id
     group by c.city_id, c.name, s.name, k.iso2
     order by count(*) desc, max(p.at) desc, c.city_id
     limit 1`.execute(db);
  return rows[0];
}
