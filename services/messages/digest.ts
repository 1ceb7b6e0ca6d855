/**
 * The e-mail digest of unread conversations: when a conversation has been
 * quiet for a while and someone has not read it, one e-mail names it and how
 * many messages wait, with a link; never a word of a message (the server
 * cannot read them, and an e-mail is not end-to-end encrypted). Run by the
 * sweeper; the e-mail is queued in the transaction that marks it sent.
 */
import { conversationsByIds } from "../../db/queries/conversations.ts";
import { takeDueDigests } from "../../db/queries/conversation_reads.ts";
import { notificationRecipient } from "../../db/queries/notifications.ts";
import type { ServiceDeps } from "../deps.ts";
import { conversationViews } from "./conversations.ts";

/** Unread for this long after the last message before an e-mail goes: time to read it in the app. */
export const DIGEST_QUIET_MS = 15 * 60 * 1000;
const BATCH = 500;

/** Queues the digests that are due; how many e-mails. */
export async function sendMessageDigests(
  deps: Pick<ServiceDeps, "db" | "sendEmail" | "origin" | "now">,
): Promise<number> {
  return await deps.db.transaction().execute(async (trx) => {
    const due = await takeDueDigests(trx, new Date(deps.now().getTime() - DIGEST_QUIET_MS), BATCH);
    let sent = 0;
    for (const [userId, rows] of Map.groupBy(due, (d) => d.user_id)) {
      const user = await notificationRecipient(trx, userId);
      if (user?.status !== "active") continue;
      const unread = new Map(rows.map((r) => [r.conversation_id, r.unread]));
      const conversations = await conversationsByIds(trx, [...unread.keys()]);
      const views = await conversationViews(
        trx,
        userId,
        conversations.map((c) => ({ ...c, unread: unread.get(c.id)! })),
      );
      await deps.sendEmail(trx, user.email, {
        template: "message_digest",
        data: {
          displayName: user.display_name ?? "",
          conversations: views.map((v) => ({
            title: v.title,
            unread: v.unread,
            link: new URL(`/messages/${v.id}`, deps.origin).href,
          })),
          inboxUrl: new URL("/messages", deps.origin).href,
        },
      });
      sent++;
    }
    return sent;
  });
}
