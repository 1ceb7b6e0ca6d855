/** What confirming a signature reads: the signer's password hash and when their session signed in. */
import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";

export async function passwordHashOf(db: Kysely<Database>, userId: string): Promise<string | null> {
  const row = await db.selectFrom("users").select("password_hash").where("id", "=", userId)
    .executeTakeFirst();
  return row?.password_hash ?? null;
}

/** When the session signed in, if it is live (neither revoked nor expired at `now`). */
export async function liveSessionStartedAt(
  db: Kysely<Database>,
  sessionId: string,
  now: Date,
): Promise<Date | null> {
  const row = await db.selectFrom("sessions").select("created_at")
    .where("id", "=", sessionId).where("revoked_at", "is", null).where("expires_at", ">", now)
    .executeTakeFirst();
  return row ? new Date(row.created_at) : null;
}
