/**
 * Telling people of new messages without their content: one in-app
 * notification per conversation until they have read it (a burst of ten
 * messages is one notice), linked to the conversation, and the same moment
 * pushed to their devices as "New message from Dev": who, never what (the
 * server could not say what anyway). E-mail comes as a digest of unread
 * conversations (digest.ts), never one per message.
 */
import type { Kysely } from "kysely";
import { displayNames } from "../../db/queries/conversations.ts";
import { takePlacesToNotify } from "../../db/queries/conversation_reads.ts";
import { insertNotification } from "../../db/queries/notifications.ts";
import type { Database } from "../../db/schema.ts";
import { enqueuePush } from "../push/queue.ts";
import type { PushDeps } from "../push/deps.ts";
import type { LoadedConversation } from "./conversations.ts";

export async function noticeNewMessage(
  trx: Kysely<Database>,
  push: PushDeps | null | undefined,
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
    await enqueuePush(trx, push, {
      userId,
      type: "messages",
      title: `New message from ${sender}`,
      body: m.conversation.title ? `About “${m.conversation.title}”` : "Open Artist Space to read it.",
      link: `/messages/${m.conversation.row.id}`,
    });
  }
}
