/**
 * The acts table and its genres: one act by id (locked when it is about to
 * change), its writes, and the act as clients see it (`ActView`), from which
 * the profile and search rows pick their fields.
 *
 *   select * from acts where id = $1 [for update]
 *   select genres.slug from act_genres join genres on genres.id = act_genres.genre_id
 *   where act_genres.act_id = $1 order by genres.id
 */
import type { Kysely, Transaction, Updateable } from "kysely";
import type { Act, ActsTable, Database, NewAct } from "../schema.ts";

/** An act as clients see it. */
export interface ActView {
  id: string;
  kind: Act["kind"];
  ownerId: string;
  name: string;
  slug: string;
  bio: string | null;
  yearsExperience: number | null;
  budgetMin: number;
  budgetStandard: number;
  budgetPremium: number;
  currency: string;
  trustScore: number;
  isVerified: boolean;
  photoUrl: string | null;
  /** The photo's pixel size, so pages can reserve its space. */
  photoWidth: number | null;
  photoHeight: number | null;
  /** Genre slugs, in taxonomy order. */
  genres: string[];
  /** ISO 639-1 codes. */
  languages: string[];
  homeCityId: number | null;
  travelRadiusKm: number | null;
  socialLinks: Record<string, string>;
  riders: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The act, `lock`ed (for update) when it is about to change so concurrent edits queue up. */
export async function findActById(
  db: Kysely<Database>,
  actId: string,
  lock = false,
): Promise<Act | undefined> {
  let query = db.selectFrom("acts").selectAll().where("id", "=", actId);
  if (lock) query = query.forUpdate();
  return await query.executeTakeFirst();
}

/** The acts `userId` owns, by name: the ones whose dates they may block. */
export async function actsOwnedBy(
  db: Kysely<Database>,
  userId: string,
): Promise<{ id: string; name: string }[]> {
  return await db.selectFrom("acts").select(["id", "name"]).where("owner_id", "=", userId)
    .orderBy("name").execute();
}

/** Just who owns the act, for checks made before anything else is read or locked. */
export async function findActOwner(
  db: Kysely<Database>,
  actId: string,
  lock = false,
): Promise<{ id: string; owner_id: string } | undefined> {
  let query = db.selectFrom("acts").select(["id", "owner_id"]).where("id", "=", actId);
  if (lock) query = query.forUpdate();
  return await query.executeTakeFirst();
}

export async function insertAct(trx: Transaction<Database>, values: NewAct): Promise<Act> {
  return await trx.insertInto("acts").values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateActColumns(
  trx: Transaction<Database>,
  actId: string,
  columns: Updateable<ActsTable>,
): Promise<Act> {
  return await trx.updateTable("acts").set(columns).where("id", "=", actId).returningAll()
    .executeTakeFirstOrThrow();
}

/** The act with its new verification, or undefined when there is no such act. */
export async function setActVerified(
  trx: Transaction<Database>,
  actId: string,
  verified: boolean,
): Promise<Act | undefined> {
  return await trx.updateTable("acts").set({ is_verified: verified }).where("id", "=", actId)
    .returningAll().executeTakeFirst();
}

export async function deleteActRow(trx: Transaction<Database>, actId: string): Promise<void> {
  await trx.deleteFrom("acts").where("id", "=", actId).execute();
}

/** Whether any booking names the act (bookings restrict its delete). */
export async function actHasBookings(db: Kysely<Database>, actId: string): Promise<boolean> {
  const row = await db.selectFrom("bookings").select("id").where("act_id", "=", actId).limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The act's genre slugs, in taxonomy order. */
export async function findActGenreSlugs(db: Kysely<Database>, actId: string): Promise<string[]> {
  const rows = await db.selectFrom("act_genres").innerJoin("genres", "genres.id", "act_genres.genre_id")
    .select("genres.slug").where("act_genres.act_id", "=", actId).orderBy("genres.id").execute();
  return rows.map((g) => g.slug);
}

/** Replaces the act's genres with `genreIds`. */
export async function replaceActGenres(
  trx: Transaction<Database>,
  actId: string,
  genreIds: number[],
): Promise<void> {
  await trx.deleteFrom("act_genres").where("act_id", "=", actId).execute();
  if (genreIds.length) {
    await trx.insertInto("act_genres").values(genreIds.map((genre_id) => ({ act_id: actId, genre_id })))
      .execute();
  }
}

/** The act row as clients see it, with its genres. */
export async function actView(db: Kysely<Database>, act: Act): Promise<ActView> {
  const genres = await findActGenreSlugs(db, act.id);
  return {
    id: act.id,
    kind: act.kind,
    ownerId: act.owner_id,
    name: act.name,
    slug: act.slug,
    bio: act.bio,
    yearsExperience: act.years_experience,
    budgetMin: Number(act.budget_min),
    budgetStandard: Number(act.budget_standard),
    budgetPremium: Number(act.budget_premium),
    currency: act.currency,
    trustScore: Number(act.trust_score),
    isVerified: act.is_verified,
    photoUrl: act.photo_url,
    photoWidth: act.photo_width,
    photoHeight: act.photo_height,
    genres,
    languages: act.languages,
    homeCityId: act.home_city_id,
    travelRadiusKm: act.travel_radius_km,
    socialLinks: act.social_links as Record<string, string>,
    riders: act.riders,
    createdAt: new Date(act.created_at).toISOString(),
    updatedAt: new Date(act.updated_at).toISOString(),
  };
}
