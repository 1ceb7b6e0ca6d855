/**
 * Who is on an act's side: its owner (the artist, or the band's manager) and
 * the band's accepted members. What a person may see of an act's bookings,
 * calendar and private files is decided from these, so they are written once.
 */
import { type Kysely, type RawBuilder, sql, type SqlBool } from "kysely";
import type { Database } from "../schema.ts";

/** The user ids of an act's accepted band members (none for a solo act). */
export async function acceptedMemberIds(db: Kysely<Database>, actId: string): Promise<string[]> {
  const rows = await db.selectFrom("band_members").select("user_id")
    .where("act_id", "=", actId).where("status", "=", "accepted").execute();
  return rows.map((r) => r.user_id);
}

/** Whether `userId` is an accepted member of `actId`. */
export async function isAcceptedMember(
  db: Kysely<Database>,
  actId: string,
  userId: string,
): Promise<boolean> {
  const row = await db.selectFrom("band_members").select("user_id")
    .where("act_id", "=", actId).where("user_id", "=", userId).where("status", "=", "accepted")
    .executeTakeFirst();
  return row !== undefined;
}

/** SQL: `userId` is an accepted member of the act whose id is `actId` (a column, e.g. "b.act_id"). */
export function memberOfActSql(userId: string, actId: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`exists (select 1 from band_members m
    where m.act_id = ${sql.ref(actId)} and m.user_id = ${userId} and m.status = 'accepted')`;
}

/** SQL: `userId` owns the act behind the table alias `acts` (e.g. "a") or is one of its accepted members. */
export function onActSideSql(userId: string, acts: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${sql.ref(`${acts}.owner_id`)} = ${userId} or ${
    memberOfActSql(userId, `${acts}.id`)
  })`;
}
