/** Sealed attachment files: where their opaque bytes are stored and whose they are. */
import type { Insertable, Kysely } from "kysely";
import type { Database, MessageAttachmentsTable } from "../schema.ts";

export async function insertAttachment(db: Kysely<Database>, row: Insertable<MessageAttachmentsTable>) {
  return await db.insertInto("message_attachments").values(row).returning(["id", "size_bytes"])
    .executeTakeFirstOrThrow();
}

export function findAttachment(db: Kysely<Database>, id: string) {
  return db.selectFrom("message_attachments").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Which of `ids` this person uploaded to this conversation. */
export function ownAttachments(
  db: Kysely<Database>,
  uploaderId: string,
  conversationId: string,
  ids: string[],
) {
  return db.selectFrom("message_attachments").select("id").where("id", "in", ids)
    .where("uploader_id", "=", uploaderId).where("conversation_id", "=", conversationId).execute();
}
