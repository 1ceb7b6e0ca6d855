/**
 * Disclosure in a dispute. A party chooses messages they sent or received and
 * hands the admins each one's content and franking key (opened in their
 * browser); the server checks them against the sender's commitment and its
 * own countersignature, now and again whenever an admin looks, so a stored
 * verdict can never outlive an edit. Admins and staff read the disclosures of
 * a booking's conversation; nothing else of it.
 */
import { z } from "zod";
import { withAuditContext } from "../../db/audit.ts";
import { displayNames, findConversationOfBooking } from "../../db/queries/conversations.ts";
import { disclosuresInConversation, saveDisclosure } from "../../db/queries/message_disclosures.ts";
import { findMessage } from "../../db/queries/messages.ts";
import { findBooking } from "../../db/queries/bookings.ts";
import type { Message } from "../../db/schema.ts";
import { type Actor, requireStaffOrAdmin } from "../../domain/access.ts";
import { NotFound } from "../../domain/errors.ts";
import { disclosureProblem } from "../../lib/e2ee/franking.ts";
import type { RequestMeta } from "../deps.ts";
import { parseInput, requireId } from "../validation.ts";
import { loadConversationFor } from "./conversations.ts";
import type { MessageDeps } from "./deps.ts";

export const DiscloseInput = z.object({
  messages: z.array(z.object({
    messageId: z.uuid(),
    content: z.string().max(100_000),
    frankingKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "Expected a 32-byte key in base64url"),
  })).min(1).max(50),
});

export interface DisclosureResult {
  messageId: string;
  verified: boolean;
  problem: string | null;
}

export async function discloseMessages(
  deps: MessageDeps,
  actor: Actor | null,
  conversationId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<{ disclosures: DisclosureResult[] }> {
  const convo = await loadConversationFor(deps.db, actor, conversationId);
  const parsed = parseInput(DiscloseInput, input);
  const me = convo.actor.userId;
  return await deps.db.transaction().execute(async (trx) => {
    await withAuditContext(trx, { ...meta, actorId: me });
    const results: DisclosureResult[] = [];
    for (const item of parsed.messages) {
      const message = await findMessage(trx, item.messageId);
      const refusal = !message || message.conversation_id !== convo.row.id || message.kind !== "message"
        ? "This message is not from this conversation"
        : message.sender_id !== me && !message.recipient_ids.includes(me)
        ? "You were not sent this message"
        : null;
      if (refusal || !message) {
        results.push({ messageId: item.messageId, verified: false, problem: refusal });
        continue;
      }
      const problem = disclosureProblem(deps.frankingKey, storedOf(message), item);
      await saveDisclosure(trx, {
        message_id: message.id,
        disclosed_by: me,
        content: item.content,
        franking_key: item.frankingKey,
        verified: problem === null,
        problem,
        created_at: deps.now(),
      });
      results.push({ messageId: message.id, verified: problem === null, problem });
    }
    return { disclosures: results };
  });
}

function storedOf(
  m: Pick<
    Message,
    | "id"
    | "conversation_id"
    | "client_id"
    | "sender_id"
    | "recipient_ids"
    | "franking_tag"
    | "server_tag"
    | "sent_at"
  >,
) {
  return {
    messageId: m.id,
    conversationId: m.conversation_id,
    clientId: m.client_id ?? "",
    senderId: m.sender_id,
    recipientIds: m.recipient_ids,
    frankingTag: m.franking_tag ?? "",
    serverTag: m.server_tag ?? "",
    sentAt: m.sent_at,
  };
}

export interface DisclosedMessage {
  messageId: string;
  seq: number;
  sentAt: Date;
  senderName: string;
  disclosedByName: string;
  disclosedAt: Date;
  /** The message's text as disclosed; null when the disclosed content is not a message's form. */
  text: string | null;
  attachmentNames: string[];
  verified: boolean;
  problem: string | null;
}

/** What the parties of a booking disclosed from its conversation, each checked again now. */
export async function disclosuresOfBooking(
  deps: MessageDeps,
  actor: Actor | null,
  bookingId: string,
): Promise<{ booking: { id: string; title: string }; disclosures: DisclosedMessage[] }> {
  requireStaffOrAdmin(actor);
  const booking = await findBooking(deps.db, requireId(bookingId, "Booking"));
  if (!booking) throw new NotFound("Booking not found");
  const conversation = await findConversationOfBooking(deps.db, booking.id);
  const shown = { id: booking.id, title: booking.title };
  if (!conversation) return { booking: shown, disclosures: [] };
  const rows = await disclosuresInConversation(deps.db, conversation.id);
  const names = await displayNames(deps.db, [...new Set(rows.flatMap((r) => [r.sender_id, r.disclosed_by]))]);
  const disclosures = rows.map((r) => {
    const problem = disclosureProblem(deps.frankingKey, storedOf({ ...r, id: r.message_id }), {
      content: r.content,
      frankingKey: r.franking_key,
    });
    const shown = readable(r.content);
    return {
      messageId: r.message_id,
      seq: r.seq,
      sentAt: r.sent_at,
      senderName: names.get(r.sender_id) ?? "Someone",
      disclosedByName: names.get(r.disclosed_by) ?? "Someone",
      disclosedAt: r.created_at,
      text: shown?.text ?? null,
      attachmentNames: shown?.attachmentNames ?? [],
      verified: problem === null,
      problem,
    };
  });
  return { booking: shown, disclosures };
}

function readable(content: string): { text: string; attachmentNames: string[] } | null {
  try {
    const c = JSON.parse(content);
    if (typeof c?.text !== "string" || !Array.isArray(c.attachments)) return null;
    return {
      text: c.text,
      attachmentNames: c.attachments.map((a: { name?: unknown }) => String(a?.name ?? "file")),
    };
  } catch {
    return null;
  }
}
