/**
 * What a person has set up so far, for their first steps (domain/onboarding.ts),
 * and the acts and venues they own, for their account page. Indexed look-ups
 * by owner; one round trip each.
 */
import { type Kysely, sql } from "kysely";
import type { BookingState } from "../../domain/booking_machine.ts";
import type { ActKind } from "../../domain/catalog.ts";
import type { Progress } from "../../domain/onboarding.ts";
import type { Database } from "../schema.ts";

/**
 * What the person has set up, in one statement: counts of what they own and run, the bands they play in,
 * the oldest band of theirs that nobody has been invited to or joined yet, and the bookings they organize
 * by state (for the dashboard, which reads them with the rest).
 */
export async function findProgress(
  db: Kysely<Database>,
  userId: string,
): Promise<Progress & { bookingsByState: Partial<Record<BookingState, number>> }> {
  const counts = db.selectNoFrom((eb) => [
    eb.selectFrom("acts").select(eb.fn.countAll<string>().as("n"))
      .where("owner_id", "=", userId).where("kind", "=", "solo").as("soloActs"),
    eb.selectFrom("acts").select(eb.fn.countAll<string>().as("n"))
      .where("owner_id", "=", userId).where("kind", "=", "band").as("bands"),
    eb.selectFrom("band_members").select(eb.fn.countAll<string>().as("n"))
      .where("user_id", "=", userId).where("status", "=", "accepted").as("bandsJoined"),
    eb.selectFrom("venues").select(eb.fn.countAll<string>().as("n"))
      .where("owner_id", "=", userId).as("venues"),
    eb.selectFrom("opportunities").select(eb.fn.countAll<string>().as("n"))
      .where("organizer_id", "=", userId).as("gigs"),
    sql<Partial<Record<BookingState, number>>>`(select coalesce(json_object_agg(s.status, s.n), '{}')
      from (select status, count(*) as n from bookings where organizer_id = ${userId} group by status) s)`
      .as("bookingsByState"),
  ]);
  const lonely = db.selectFrom("acts as a").select(["a.name", "a.slug"])
    .where("a.owner_id", "=", userId).where("a.kind", "=", "band")
    .where(({ not, exists, selectFrom }) =>
      not(exists(
        selectFrom("band_members as m").select("m.user_id")
          .whereRef("m.act_id", "=", "a.id").where("m.status", "in", ["invited", "accepted"]),
      ))
    )
    .orderBy("a.created_at").orderBy("a.id").limit(1);
  const row = await db.selectFrom(counts.as("c"))
    .leftJoin(lonely.as("l"), (join) => join.onTrue())
    .selectAll("c")
    .select(["l.name", "l.slug"])
    .executeTakeFirstOrThrow();
  return {
    soloActs: Number(row.soloActs ?? 0),
    bands: Number(row.bands ?? 0),
    bandsJoined: Number(row.bandsJoined ?? 0),
    bandWithoutMembers: row.name !== null && row.slug !== null ? { name: row.name, slug: row.slug } : null,
    venues: Number(row.venues ?? 0),
    organizerActivity: Number(row.gigs ?? 0) + Object.values(row.bookingsByState).reduce((n, m) => n + m, 0),
    bookingsByState: row.bookingsByState,
  };
}

export interface OwnedProfileRow {
  kind: ActKind | "venue";
  name: string;
  slug: string;
}

/** The acts and venues `userId` owns, acts first, each by name. */
export async function findOwnedProfiles(db: Kysely<Database>, userId: string): Promise<OwnedProfileRow[]> {
  const acts = await db.selectFrom("acts").select(["kind", "name", "slug"])
    .where("owner_id", "=", userId).orderBy("name").orderBy("id").execute();
  const venues = await db.selectFrom("venues").select(["name", "slug"])
    .where("owner_id", "=", userId).orderBy("name").orderBy("id").execute();
  return [...acts, ...venues.map((v) => ({ kind: "venue" as const, ...v }))];
}
