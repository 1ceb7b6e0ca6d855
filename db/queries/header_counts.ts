/**
 * What a signed-in page's header counts, in one statement: unread
 * notifications and unread messages.
 *
 *   select (select count(*) from notifications where user_id = $1 and read_at is null) as notifications,
 *          (select coalesce(sum(c.last_seq - r.read_seq), 0)::int
 *             from conversation_reads r join conversations c on c.id = r.conversation_id
 *            where r.user_id = $1) as messages
 */
import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";
import { unreadMessagesOf } from "./conversation_reads.ts";
import { unreadNotificationsOf } from "./notifications.ts";

export async function unreadCounts(
  db: Kysely<Database>,
  userId: string,
): Promise<{ notifications: number; messages: number }> {
  const row = await db.selectNoFrom([
    unreadNotificationsOf(db, userId).as("notifications"),
    unreadMessagesOf(db, userId).as("messages"),
  ]).executeTakeFirstOrThrow();
  return { notifications: Number(row.notifications), messages: Number(row.messages) };
}
