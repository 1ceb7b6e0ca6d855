/**
 * Telling people of new messages without their content: one in-app
 * notification per conversation until they have read it (a burst of ten
 * messages is one notice), linked to the conversation. E-mail comes as a
 * digest of unread conversations (digest.ts), never one per message.
 */
import type { Kysely } from "kysely";
import { displayNames } from "../../db/queries/conversations.ts";
import { takePlacesToNotify } from "../../db/queries/conversation_reads.ts";
import { insertNotification } from "../../db/queries/notifications.ts";
import type { Database } from "../../db/schema.ts";
import type { LoadedConversation } from "./conversations.ts";

export async function noticeNewMessage(
  trx: Kysely<Database>,
  m: { conversation: LoadedConversation; senderId: string; seq: number; at: Date },
): Promise<void> {
  const others = m.conversation.participantIds.filter((p) => p !== m.senderId);
  const toTell = await takePlacesToNotify(trx, m.conversation.row.id, others, m.seq);
  if (toTell.length === 0) return;
  const sender = (await displayNames(trx, [m.senderId])).get(m.senderId) ?? "Someone";
  const where = m.conversation.title ? ` about “${m.conversation.title}”` : "";
  for (const userId of toTell) {
    await insertNotification(trx, {
      user_id: userId,
      kind: "New message",
      title: "New message",
      body: `${sender} sent you a private message${where}.`,
      link: `/messages/${m.conversation.row.id}`,
      created_at: m.at,
    });
  }
}
