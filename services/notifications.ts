/**
 * Telling the other party: every booking and application change leaves an
 * in-app notification and queues the same news by e-mail, and by Web Push to
 * the person's devices when it is something they must not miss
 * (domain/push_types.ts), all inside the transaction of the change, so nobody
 * hears of a change that rolled back.
 * A notification is read when its person opens the page it links to
 * (routes/_middleware.ts) or marks all read; read ones stay listed, as history.
 */
import type { Kysely, Transaction } from "kysely";
import {
  inboxOf,
  insertNotification,
  latestNotifications,
  markNotificationsRead as markRead,
  markNotificationsReadByLink,
  notificationRecipient,
  unreadNotificationCount,
} from "../db/queries/notifications.ts";
import type { Database, Notification } from "../db/schema.ts";
import { type Actor, requireActor } from "../domain/access.ts";
import { pushTypeOfSubject } from "../domain/push_types.ts";
import { decodeCursor, encodeCursor, invalidCursor } from "../lib/cursor.ts";
import { isUuid } from "../lib/uuid.ts";
import type { ServiceDeps } from "./deps.ts";
import type { ActivitySubject } from "./mail_templates.ts";
import { enqueuePush } from "./push/queue.ts";

/** What the workflow services need from the outside world (a subset of ServiceDeps). */
export type WorkflowDeps = Pick<ServiceDeps, "db" | "sendEmail" | "origin" | "now" | "money" | "push">;

export interface Notice {
  userId: string;
  /** Also the e-mail's subject: one of a fixed list, never user input. */
  subject: ActivitySubject;
  /** One or two sentences; may quote user input (escaped wherever it is shown). */
  text: string;
  /** A path inside the site, e.g. "/bookings/…". */
  link: string;
}

export interface NotificationView {
  id: string;
  subject: string;
  text: string | null;
  link: string | null;
  read: boolean;
  createdAt: string;
}

/** Unread notifications first, then the read ones below them, a page at a time. */
export interface Inbox {
  /** The newest unread ones, at most the limit asked for. */
  unread: NotificationView[];
  /** How many are unread in all. */
  unreadCount: number;
  /** Read ones, newest first: history. */
  read: NotificationView[];
  /** The cursor of the next page of read ones, or null at the end. */
  nextCursor: string | null;
}

const LIST_LIMIT = 50;

/**
 * Records `notice` for its user, and e-mails and pushes it if the account is active (push: only the
 * subjects domain/push_types.ts maps to a type). Call inside the change's transaction.
 */
export async function notify(trx: Transaction<Database>, deps: WorkflowDeps, notice: Notice): Promise<void> {
  if (!notice.link.startsWith("/")) throw new TypeError("A notification links to a path inside the site");
  await insertNotification(trx, {
    user_id: notice.userId,
    kind: notice.subject,
    title: notice.subject,
    body: notice.text,
    link: notice.link,
  });
  const user = await notificationRecipient(trx, notice.userId);
  if (user?.status !== "active") return;
  const pushType = pushTypeOfSubject(notice.subject);
  if (pushType) {
    await enqueuePush(trx, deps.push, {
      userId: notice.userId,
      type: pushType,
      title: notice.subject,
      body: notice.text,
      link: notice.link,
    });
  }
  await deps.sendEmail(trx, user.email, {
    template: "activity",
    data: {
      displayName: user.display_name ?? "",
      subject: notice.subject,
      text: notice.text,
      link: new URL(notice.link, deps.origin).href,
    },
  });
}

/** The signed-in user's latest notifications, newest first. */
export async function listNotifications(
  db: Kysely<Database>,
  actor: Actor | null,
  opts: { unreadOnly?: boolean } = {},
): Promise<{ notifications: NotificationView[]; unread: number }> {
  const a = requireActor(actor);
  const rows = await latestNotifications(db, a.userId, { unreadOnly: opts.unreadOnly, limit: LIST_LIMIT });
  return { notifications: rows.map(view), unread: await unreadCount(db, a) };
}

/**
 * The signed-in user's notifications as the pages list them: the newest
 * `unreadLimit` unread ones, then `readLimit` read ones from `cursor` on
 * (the history stays listed after it is read).
 */
export async function notificationInbox(
  db: Kysely<Database>,
  actor: Actor | null,
  opts: { unreadLimit: number; readLimit: number; cursor?: string | null },
): Promise<Inbox> {
  const a = requireActor(actor);
  const after = opts.cursor ? readCursor(opts.cursor) : undefined;
  const { unread, unreadCount, read } = await inboxOf(db, a.userId, {
    // The unread ones head the first page only; later pages go on with the history.
    unreadLimit: after ? 0 : opts.unreadLimit,
    // One more than a page, to know whether there is a next one.
    readLimit: opts.readLimit + 1,
    after,
  });
  const page = read.slice(0, opts.readLimit);
  return {
    unread: unread.map(view),
    unreadCount,
    read: page.map(view),
    nextCursor: read.length > opts.readLimit ? encodeCursor([page[page.length - 1].id]) : null,
  };
}

function readCursor(cursor: string): string {
  const [id] = decodeCursor(cursor, ["string"]);
  if (!isUuid(id)) throw invalidCursor();
  return id;
}

/** How many of the signed-in user's notifications are unread, for the badge in the header. */
export async function unreadCount(db: Kysely<Database>, actor: Actor): Promise<number> {
  return await unreadNotificationCount(db, actor.userId);
}

/** Marks the given notifications (or all of them) read; only the user's own. Returns how many changed. */
export async function markNotificationsRead(
  db: Kysely<Database>,
  actor: Actor | null,
  ids: readonly string[] | "all",
  now: Date,
): Promise<number> {
  const a = requireActor(actor);
  return await markRead(db, a.userId, ids, now);
}

/**
 * Opening the page a notification links to reads it: the signed-in user's
 * unread notifications linking to `path` (path and query, as in `Notice`)
 * become read. One statement, and a second opening changes nothing. Returns
 * how many changed.
 */
export async function markReadOnOpening(
  db: Kysely<Database>,
  actor: Actor | null,
  path: string,
  now: Date,
): Promise<number> {
  const a = requireActor(actor);
  if (!path.startsWith("/")) return 0;
  return await markNotificationsReadByLink(db, a.userId, path, now);
}

function view(n: Notification): NotificationView {
  return {
    id: n.id,
    subject: n.title,
    text: n.body,
    link: n.link,
    read: n.read_at !== null,
    createdAt: new Date(n.created_at).toISOString(),
  };
}
