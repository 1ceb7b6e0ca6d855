/**
 * Telling the other party: every booking and application change leaves an
 * in-app notification and queues the same news by e-mail, both inside the
 * transaction of the change, so nobody hears of a change that rolled back.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database, Notification } from "../db/schema.ts";
import { type Actor, requireActor } from "../domain/access.ts";
import type { ServiceDeps } from "./deps.ts";
import type { ActivitySubject } from "./mail_templates.ts";

/** What the workflow services need from the outside world (a subset of ServiceDeps). */
export type WorkflowDeps = Pick<ServiceDeps, "db" | "sendEmail" | "origin" | "now">;

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

const LIST_LIMIT = 50;

/** Records `notice` for its user and e-mails it if the account is active. Call inside the change's transaction. */
export async function notify(trx: Transaction<Database>, deps: WorkflowDeps, notice: Notice): Promise<void> {
  if (!notice.link.startsWith("/")) throw new TypeError("A notification links to a path inside the site");
  await trx.insertInto("notifications").values({
    user_id: notice.userId,
    kind: notice.subject,
    title: notice.subject,
    body: notice.text,
    link: notice.link,
  }).execute();
  const user = await trx.selectFrom("users").select(["email", "display_name", "status"])
    .where("id", "=", notice.userId).executeTakeFirst();
  if (user?.status !== "active") return;
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
  let query = db.selectFrom("notifications").selectAll().where("user_id", "=", a.userId);
  if (opts.unreadOnly) query = query.where("read_at", "is", null);
  const rows = await query.orderBy("created_at", "desc").orderBy("id").limit(LIST_LIMIT).execute();
  return { notifications: rows.map(view), unread: await unreadCount(db, a) };
}

/** How many of the signed-in user's notifications are unread, for the badge in the header. */
export async function unreadCount(db: Kysely<Database>, actor: Actor): Promise<number> {
  const { unread } = await db.selectFrom("notifications")
    .select((eb) => eb.fn.countAll<number>().as("unread"))
    .where("user_id", "=", actor.userId).where("read_at", "is", null).executeTakeFirstOrThrow();
  return Number(unread);
}

/** Marks the given notifications (or all of them) read; only the user's own. Returns how many changed. */
export async function markNotificationsRead(
  db: Kysely<Database>,
  actor: Actor | null,
  ids: readonly string[] | "all",
  now: Date,
): Promise<number> {
  const a = requireActor(actor);
  let query = db.updateTable("notifications").set({ read_at: now })
    .where("user_id", "=", a.userId).where("read_at", "is", null);
  if (ids !== "all") {
    if (ids.length === 0) return 0;
    query = query.where("id", "in", ids);
  }
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
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
