/**
 * What a signed-in page's header counts: unread notifications and unread
 * messages, as two columns a page's session lookup reads beside the session
 * (services/auth/sessions.ts), so a page pays no statement of its own for them.
 *
 *   (select count(*) from notifications where user_id = $1 and read_at is null) as unread_notifications,
 *   (select coalesce(sum(c.last_seq - r.read_seq), 0)::int
 *      from conversation_reads r join conversations c on c.id = r.conversation_id
 *     where r.user_id = $1) as unread_messages
 */
import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";
import { unreadMessagesOf } from "./conversation_reads.ts";
import { unreadNotificationsOf } from "./notifications.ts";

export interface HeaderCounts {
  notifications: number;
  messages: number;
}

export function unreadCountColumns(db: Kysely<Database>, userId: string) {
  return [
    unreadNotificationsOf(db, userId).as("unread_notifications"),
    unreadMessagesOf(db, userId).as("unread_messages"),
  ] as const;
}
