/**
 * A person's in-app notifications: writing one (and finding whom to e-mail
 * it to), counting and listing them (newest first, unread and read apart),
 * and marking them read. Every statement is scoped to one user.
 */
import { type Insertable, type Kysely, sql } from "kysely";
import type { Database, Notification, NotificationsTable } from "../schema.ts";

export async function insertNotification(
  trx: Kysely<Database>,
  values: Insertable<NotificationsTable>,
): Promise<void> {
  await trx.insertInto("notifications").values(values).execute();
}

/** Where and to whom a notification's e-mail goes, and whether the account still takes mail (its status). */
export async function notificationRecipient(db: Kysely<Database>, userId: string) {
  return await db.selectFrom("users").select(["email", "display_name", "status"])
    .where("id", "=", userId).executeTakeFirst();
}

export async function unreadNotificationCount(db: Kysely<Database>, userId: string): Promise<number> {
  const { unread } = await unreadNotificationsOf(db, userId).executeTakeFirstOrThrow();
  return Number(unread);
}

/** The count of the user's unread notifications, as a query to run or to nest (header_counts.ts). */
export function unreadNotificationsOf(db: Kysely<Database>, userId: string) {
  return db.selectFrom("notifications")
    .select((eb) => eb.fn.countAll<number>().as("unread"))
    .where("user_id", "=", userId).where("read_at", "is", null);
}

/** The user's latest notifications, newest first; only the unread ones when `unreadOnly`. */
export async function latestNotifications(
  db: Kysely<Database>,
  userId: string,
  opts: { unreadOnly?: boolean; limit: number },
): Promise<Notification[]> {
  let query = db.selectFrom("notifications").selectAll().where("user_id", "=", userId);
  if (opts.unreadOnly) query = query.where("read_at", "is", null);
  return await query.orderBy("created_at", "desc").orderBy("id").limit(opts.limit).execute();
}

/**
 * The user's read notifications, newest first, after the one with id `after`
 * (the last of the previous page) when given. The key is compared in the
 * database: created_at has microseconds, which a JavaScript Date would lose.
 * Read ones never turn unread, so the pages stay put while the user reads.
 */
function readNotifications(db: Kysely<Database>, userId: string, opts: { limit: number; after?: string }) {
  let query = db.selectFrom("notifications as n").selectAll()
    .where("n.user_id", "=", userId).where("n.read_at", "is not", null);
  if (opts.after) {
    const after = opts.after;
    query = query.where((eb) =>
      eb(
        eb.refTuple("n.created_at", "n.id"),
        "<",
        eb.selectFrom("notifications as c").select(["c.created_at", "c.id"])
          .where("c.id", "=", after).where("c.user_id", "=", userId).$asTuple("created_at", "id"),
      )
    );
  }
  return query.orderBy("n.created_at", "desc").orderBy("n.id", "desc").limit(opts.limit);
}

/**
 * A page of the user's inbox in one statement: the count of their unread notifications, the newest
 * `unreadLimit` unread ones and `readLimit` read ones after `after`, each list in its own order.
 *
 *   select c.unread, n.* from (select count(*) as unread from notifications where ... read_at is null) c
 *   left join (
 *     select 0 as part, row_number() over (order by created_at desc, id) as position, * ... limit $unread
 *     union all
 *     select 1 as part, row_number() over (order by created_at desc, id desc) as position, * ... limit $read
 *   ) n on true
 *   order by n.part, n.position
 */
export async function inboxOf(
  db: Kysely<Database>,
  userId: string,
  opts: { unreadLimit: number; readLimit: number; after?: string },
): Promise<{ unreadCount: number; unread: Notification[]; read: Notification[] }> {
  const unread = db.selectFrom("notifications").selectAll()
    .select([
      sql<number>`0`.as("part"),
      sql<number>`row_number() over (order by created_at desc, id)`.as("position"),
    ])
    .where("user_id", "=", userId).where("read_at", "is", null)
    .orderBy("created_at", "desc").orderBy("id").limit(opts.unreadLimit);
  const read = readNotifications(db, userId, { limit: opts.readLimit, after: opts.after })
    .select([
      sql<number>`1`.as("part"),
      sql<number>`row_number() over (order by n.created_at desc, n.id desc)`.as("position"),
    ]);
  const rows = await db.selectFrom(unreadNotificationsOf(db, userId).as("c"))
    .leftJoin(
      db.selectFrom(unread.as("u")).selectAll().unionAll(db.selectFrom(read.as("r")).selectAll()).as("n"),
      (join) => join.onTrue(),
    )
    .select("c.unread")
    .selectAll("n")
    .orderBy("n.part").orderBy("n.position")
    .execute();
  const lists: [Notification[], Notification[]] = [[], []];
  for (const { unread: _count, part, position: _position, ...row } of rows) {
    if (part !== null) lists[Number(part)].push(row as Notification);
  }
  return { unreadCount: Number(rows[0]?.unread ?? 0), unread: lists[0], read: lists[1] };
}

/** Marks read the user's unread notifications among `ids` (or all of them); how many changed. */
export async function markNotificationsRead(
  db: Kysely<Database>,
  userId: string,
  ids: readonly string[] | "all",
  now: Date,
): Promise<number> {
  if (ids !== "all" && ids.length === 0) return 0;
  let query = db.updateTable("notifications").set({ read_at: now })
    .where("user_id", "=", userId).where("read_at", "is", null);
  if (ids !== "all") query = query.where("id", "in", ids);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Marks read the user's unread notifications that link to `link`; how many changed (0 the second time). */
export async function markNotificationsReadByLink(
  db: Kysely<Database>,
  userId: string,
  link: string,
  now: Date,
): Promise<number> {
  const result = await db.updateTable("notifications").set({ read_at: now })
    .where("user_id", "=", userId).where("link", "=", link).where("read_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
