/** The numbers a signed-in page's header shows: its owner's unread notifications and messages. */
import type { Kysely } from "kysely";
import { unreadCounts } from "../db/queries/header_counts.ts";
import type { Database } from "../db/schema.ts";
import { type Actor, requireActor } from "../domain/access.ts";

export async function headerCounts(
  db: Kysely<Database>,
  actor: Actor | null,
): Promise<{ notifications: number; messages: number }> {
  return await unreadCounts(db, requireActor(actor).userId);
}
