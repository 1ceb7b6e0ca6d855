/** The version of each user's calendar feed (calendar_feeds): a feed URL is good for one version. */
import type { Kysely } from "kysely";
import type { Database, User } from "../schema.ts";

/** `userId`'s feed version, starting their feed at version 1 on first use. */
export async function feedVersion(db: Kysely<Database>, userId: string): Promise<number> {
  await db.insertInto("calendar_feeds").values({ user_id: userId })
    .onConflict((oc) => oc.column("user_id").doNothing()).execute();
  const { version } = await db.selectFrom("calendar_feeds").select("version")
    .where("user_id", "=", userId).executeTakeFirstOrThrow();
  return version;
}

/** Moves `userId`'s feed to the next version (2 for a feed never used) and returns it. */
export async function nextFeedVersion(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await db.insertInto("calendar_feeds").values({ user_id: userId, version: 2 })
    .onConflict((oc) =>
      oc.column("user_id").doUpdateSet((eb) => ({ version: eb("calendar_feeds.version", "+", 1) }))
    )
    .returning("version").executeTakeFirstOrThrow();
  return row.version;
}

/** The feed's current version with its owner's name and account status; undefined when never used. */
export async function feedOwner(
  db: Kysely<Database>,
  userId: string,
): Promise<{ version: number; display_name: string | null; status: User["status"] } | undefined> {
  return await db.selectFrom("calendar_feeds")
    .innerJoin("users", "users.id", "calendar_feeds.user_id")
    .select(["calendar_feeds.version", "users.display_name", "users.status"])
    .where("calendar_feeds.user_id", "=", userId).executeTakeFirst();
}
