/** Messages as stored: sealed bodies and keys, never content. */
import { type Insertable, type Kysely, sql } from "kysely";
import type { Database, Message, MessagesTable } from "../schema.ts";

export async function insertMessage(db: Kysely<Database>, row: Insertable<MessagesTable>): Promise<Message> {
  return await db.insertInto("messages").values(row).returningAll().executeTakeFirstOrThrow();
}

/** The message a sender already sent under this client id (a resend), if any. */
export function messageByClientId(db: Kysely<Database>, senderId: string, clientId: string) {
  return db.selectFrom("messages").selectAll().where("sender_id", "=", senderId)
    .where("client_id", "=", clientId).executeTakeFirst();
}

export function findMessage(db: Kysely<Database>, id: string): Promise<Message | undefined> {
  return db.selectFrom("messages").selectAll().where("id", "=", id).executeTakeFirst();
}

export function messageAt(db: Kysely<Database>, conversationId: string, seq: number) {
  return db.selectFrom("messages").selectAll().where("conversation_id", "=", conversationId)
    .where("seq", "=", seq).executeTakeFirst();
}

/** A page of a conversation in order: after a number (catching up), or the latest before one (history). */
export async function messagesPage(
  db: Kysely<Database>,
  conversationId: string,
  page: { after?: number; before?: number; limit: number },
): Promise<Message[]> {
  let q = db.selectFrom("messages").selectAll().where("conversation_id", "=", conversationId);
  if (page.after !== undefined) {
    return await q.where("seq", ">", page.after).orderBy("seq").limit(page.limit).execute();
  }
  if (page.before !== undefined) q = q.where("seq", "<", page.before);
  const newest = await q.orderBy("seq", "desc").limit(page.limit).execute();
  return newest.reverse();
}

/** Writes a key-changed notice into every conversation `userId` has a place in; where, and its number. */
export async function insertKeyChangedNotices(
  db: Kysely<Database>,
  userId: string,
  at: Date,
): Promise<{ conversation_id: string; seq: number }[]> {
  const rows = await sql<{ conversation_id: string; seq: number }>`
    with bumped as (
      update conversations c set last_seq = c.last_seq + 1, last_message_at = ${at}
      from conversation_reads r
      where r.conversation_id = c.id and r.user_id = ${userId}
      returning c.id, c.last_seq
    )
    insert into messages (conversation_id, seq, kind, sender_id, sent_at)
    select id, last_seq, 'key_changed', ${userId}, ${at} from bumped
    returning conversation_id, seq`.execute(db);
  return rows.rows;
}
