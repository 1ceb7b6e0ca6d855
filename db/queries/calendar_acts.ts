/** The act rows the calendar works on: one act, locked while its holds and blocks change, and a person's acts. */
import type { Kysely } from "kysely";
import type { Act, Database } from "../schema.ts";

/**
 * The act, locked FOR UPDATE when `lock`: holds and blocks of one act change
 * one transaction at a time, which is what makes hold ranks distinct.
 */
export async function calendarAct(
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
