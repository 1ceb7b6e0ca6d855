/**
 * Each person's place in each conversation: a row per participant (which is
 * also how a person's conversations are listed), how far their devices have
 * fetched (delivered) and read, and how far notifications and the e-mail
 * digest went. Cursors only move forward.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../schema.ts";

export async function ensurePlaces(db: Kysely<Database>, conversationId: string, userIds: string[]) {
  if (userIds.length === 0) return;
  await db.insertInto("conversation_reads")
    .values(userIds.map((user_id) => ({ conversation_id: conversationId, user_id })))
    .onConflict((oc) => oc.doNothing()).execute();
}

/** Drops the places of people no longer in the conversation (a band member who left). */
export async function dropPlacesExcept(db: Kysely<Database>, conversationId: string, userIds: string[]) {
  await db.deleteFrom("conversation_reads").where("conversation_id", "=", conversationId)
    .where("user_id", "not in", userIds).execute();
}

/** Moves the person's delivered cursor forward to `seq`; true when it moved. */
export async function markDelivered(
  db: Kysely<Database>,
  conversationId: string,
  userId: string,
  seq: number,
) {
  const r = await db.updateTable("conversation_reads").set({ delivered_seq: seq })
    .where("conversation_id", "=", conversationId).where("user_id", "=", userId)
    .where("delivered_seq", "<", seq).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Moves the read cursor (and delivered with it) forward to `seq`; true when it moved. */
export async function markRead(db: Kysely<Database>, conversationId: string, userId: string, seq: number) {
  const r = await db.updateTable("conversation_reads")
    .set({ read_seq: seq, delivered_seq: sql`greatest(delivered_seq, ${seq})` })
    .where("conversation_id", "=", conversationId).where("user_id", "=", userId)
    .where("read_seq", "<", seq).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export function placesIn(db: Kysely<Database>, conversationId: string) {
  return db.selectFrom("conversation_reads").select(["user_id", "delivered_seq", "read_seq"])
    .where("conversation_id", "=", conversationId).execute();
}

/** The person's conversations with their unread counts, latest activity first. */
export function conversationsOfUser(db: Kysely<Database>, userId: string, limit: number) {
  return db.selectFrom("conversation_reads as r").innerJoin("conversations as c", "c.id", "r.conversation_id")
    .selectAll("c").select((eb) => eb(eb.ref("c.last_seq"), "-", eb.ref("r.read_seq")).as("unread"))
    .where("r.user_id", "=", userId)
    .orderBy(sql`c.last_message_at desc nulls last`).orderBy("c.created_at", "desc").limit(limit).execute();
}

/** How many messages the person has not read, across all their conversations. */
export async function unreadMessageTotal(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await unreadMessagesOf(db, userId).executeTakeFirstOrThrow();
  return Number(row.total);
}

/** How many messages the person has not read, as a query to run or to nest (header_counts.ts). */
export function unreadMessagesOf(db: Kysely<Database>, userId: string) {
  return db.selectFrom("conversation_reads as r").innerJoin("conversations as c", "c.id", "r.conversation_id")
    .select(sql<number>`coalesce(sum(c.last_seq - r.read_seq), 0)::int`.as("total"))
    .where("r.user_id", "=", userId);
}

/**
 * The people among `userIds` to tell of message `seq`: those who have read
 * everything they were last told of. Moves their notified cursor, so a burst
 * of messages makes one notification until they read it.
 */
export async function takePlacesToNotify(
  db: Kysely<Database>,
  conversationId: string,
  userIds: string[],
  seq: number,
): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await db.updateTable("conversation_reads").set({ notified_seq: seq })
    .where("conversation_id", "=", conversationId).where("user_id", "in", userIds)
    .whereRef("notified_seq", "<=", "read_seq").returning("user_id").execute();
  return rows.map((r) => r.user_id);
}

/**
 * The unread conversations due in an e-mail digest (quiet since `quietSince`,
 * with messages the person has neither read nor been sent a digest of), each
 * marked digested in the same statement. Two instances sweeping at once
 * cannot both take a row: the second re-checks it after the first commits.
 */
export async function takeDueDigests(db: Kysely<Database>, quietSince: Date, limit: number) {
  const rows = await sql<{ user_id: string; conversation_id: string; unread: number }>`
    update conversation_reads r set digested_seq = c.last_seq
    from conversations c
    where c.id = r.conversation_id
      and (r.conversation_id, r.user_id) in (
        select r2.conversation_id, r2.user_id from conversation_reads r2
        join conversations c2 on c2.id = r2.conversation_id
        where c2.last_seq > greatest(r2.read_seq, r2.digested_seq) and c2.last_message_at <= ${quietSince}
        limit ${limit})
      and c.last_seq > greatest(r.read_seq, r.digested_seq)
    returning r.user_id, r.conversation_id, (c.last_seq - r.read_seq)::int as unread`.execute(db);
  return rows.rows;
}
