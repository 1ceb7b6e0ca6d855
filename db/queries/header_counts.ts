/**
 * What a signed-in page's header counts: unread notifications and unread
 * messages, and how many of the unread notifications link to the page itself
 * (opening it reads them: routes/_middleware.ts), as columns a page's session
 * lookup reads beside the session (services/auth/sessions.ts), so a page pays
 * no statement of its own for them, nor an update when nothing links to it.
 *
 *   (select count(*) from notifications where user_id = $1 and read_at is null) as unread_notifications,
 *   (select count(*) from notifications where user_id = $1 and read_at is null and link = $2) as unread_here,
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
  /** Of the unread notifications, those that link to the page being opened. */
  notificationsHere: number;
  messages: number;
}

/** The counts for `userId` opening `page` (its path and query). */
export function unreadCountColumns(db: Kysely<Database>, userId: string, page: string) {
  return [
    unreadNotificationsOf(db, userId).as("unread_notifications"),
    unreadNotificationsOf(db, userId).where("link", "=", page).as("unread_here"),
    unreadMessagesOf(db, userId).as("unread_messages"),
  ] as const;
}
