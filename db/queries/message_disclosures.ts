/**
 * Messages a party chose to show the admins in a dispute: the plaintext and
 * franking key they disclosed, and whether it verified. The one place the
 * server keeps any message content, and only by a party's choice.
 */
import type { Insertable, Kysely } from "kysely";
import type { Database, MessageDisclosuresTable } from "../schema.ts";

export async function saveDisclosure(
  db: Kysely<Database>,
  row: Insertable<MessageDisclosuresTable> & { created_at: Date },
): Promise<void> {
  await db.insertInto("message_disclosures").values(row)
    .onConflict((oc) =>
      oc.columns(["message_id", "disclosed_by"]).doUpdateSet({
        content: row.content,
        franking_key: row.franking_key,
        verified: row.verified,
        problem: row.problem ?? null,
        created_at: row.created_at,
      })
    ).execute();
}

/** A conversation's disclosures with the messages they disclose, in the conversation's order. */
export function disclosuresInConversation(db: Kysely<Database>, conversationId: string) {
  return db.selectFrom("message_disclosures as d").innerJoin("messages as m", "m.id", "d.message_id")
    .select([
      "d.id",
      "d.disclosed_by",
      "d.content",
      "d.franking_key",
      "d.created_at",
      "m.id as message_id",
      "m.seq",
      "m.conversation_id",
      "m.sender_id",
      "m.client_id",
      "m.recipient_ids",
      "m.franking_tag",
      "m.server_tag",
      "m.sent_at",
    ])
    .where("m.conversation_id", "=", conversationId).orderBy("m.seq").orderBy("d.created_at").execute();
}
