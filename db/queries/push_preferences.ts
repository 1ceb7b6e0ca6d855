/** The push types a person turned off (domain/push_types.ts); no row means none. */
import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";

export async function mutedPushTypes(db: Kysely<Database>, userId: string): Promise<string[]> {
  const row = await db.selectFrom("push_preferences").select("muted")
    .where("user_id", "=", userId).executeTakeFirst();
  return row?.muted ?? [];
}

export async function setMutedPushTypes(
  trx: Kysely<Database>,
  userId: string,
  muted: string[],
  at: Date,
): Promise<void> {
  await trx.insertInto("push_preferences")
    .values({ user_id: userId, muted, updated_at: at })
    .onConflict((oc) => oc.column("user_id").doUpdateSet({ muted, updated_at: at }))
    .execute();
}
