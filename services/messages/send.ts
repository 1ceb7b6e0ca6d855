/**
 * Sending a message. The server checks what it can without reading it: the
 * sender is in the conversation and signed the envelope with one of their
 * current devices, and the message key was sealed to exactly every current
 * device and identity of the participants (a 409 tells the sender's browser
 * to fetch the keys again and reseal). It countersigns the franking tag,
 * numbers the message under the conversation's lock, moves the sender's own
 * read cursor, notifies the others, and signals the live connections, all in
 * one transaction. A resend with the same client id returns the stored one.
 */
import { z } from "zod";
import { withAuditContext } from "../../db/audit.ts";
import { ownAttachments } from "../../db/queries/message_attachments.ts";
import { dropPlacesExcept, ensurePlaces, markRead } from "../../db/queries/conversation_reads.ts";
import { lockConversation, takeNextSeq } from "../../db/queries/conversations.ts";
import { currentRecipientKeys, deviceOf } from "../../db/queries/e2ee_keys.ts";
import { insertMessage, messageByClientId } from "../../db/queries/messages.ts";
import type { Message } from "../../db/schema.ts";
import type { Actor } from "../../domain/access.ts";
import { MESSAGE_LIMITS } from "../../domain/conversations.ts";
import { Conflict, NotFound, ValidationError } from "../../domain/errors.ts";
import { verifyEnvelopeAsync } from "../../lib/e2ee/envelope.ts";
import { countersign } from "../../lib/e2ee/franking.ts";
import type { RequestMeta } from "../deps.ts";
import { parseInput } from "../validation.ts";
import { loadConversationFor } from "./conversations.ts";
import type { MessageDeps } from "./deps.ts";
import { publishLive } from "./live_signal.ts";
import { noticeNewMessage } from "./notices.ts";
import { type MessageView, messageViews } from "./views.ts";

const b64 = (max: number) => z.string().max(max).regex(/^[A-Za-z0-9_-]+$/, "Expected base64url");

/** An envelope's fields as lib/e2ee/envelope.ts makes them; calls' signals are envelopes too. */
export function envelopeFields(bodyChars: number) {
  return {
    conversationId: z.uuid(),
    clientId: z.uuid(),
    senderId: z.uuid(),
    senderDeviceId: z.uuid(),
    nonce: b64(32).length(32),
    body: b64(bodyChars),
    keys: z.record(z.uuid(), b64(200)),
    frankingTag: b64(43).length(43),
    signature: b64(86).length(86),
  };
}

export const SendMessageInput = z.object({
  ...envelopeFields(MESSAGE_LIMITS.bodyChars),
  attachmentIds: z.array(z.uuid()).max(MESSAGE_LIMITS.attachmentsPerMessage).default([]),
});

export async function sendMessage(
  deps: MessageDeps,
  actor: Actor | null,
  input: unknown,
  meta: RequestMeta,
): Promise<{ message: MessageView; created: boolean }> {
  const parsed = parseInput(SendMessageInput, input);
  const convo = await loadConversationFor(deps.db, actor, parsed.conversationId);
  const a = convo.actor;
  if (parsed.senderId !== a.userId) {
    throw new ValidationError("Messages are sent in your own name", [{
      field: "senderId",
      message: "Not you",
    }]);
  }
  const earlier = await messageByClientId(deps.db, a.userId, parsed.clientId);
  if (earlier) return { message: await viewOf(deps, earlier, parsed.conversationId), created: false };

  const device = await deviceOf(deps.db, parsed.senderDeviceId);
  if (!device || device.user_id !== a.userId || device.retired_at) {
    throw new ValidationError("This device is not one of your current devices", [
      { field: "senderDeviceId", message: "Set up private messages on this device again" },
    ]);
  }
  const { attachmentIds: _, ...envelope } = parsed;
  if (!await verifyEnvelopeAsync(envelope, device.sign_key)) {
    throw new ValidationError("The message's signature does not verify", [
      { field: "signature", message: "Not signed by this device" },
    ]);
  }
  await requireEveryKey(deps, convo.participantIds, parsed.keys);
  if (parsed.attachmentIds.length > 0) {
    const own = await ownAttachments(deps.db, a.userId, parsed.conversationId, parsed.attachmentIds);
    if (own.length !== new Set(parsed.attachmentIds).size) {
      throw new ValidationError("An attachment was not uploaded by you to this conversation", [
        { field: "attachmentIds", message: "Upload it to this conversation first" },
      ]);
    }
  }

  const stored = await deps.db.transaction().execute(async (trx) => {
    await withAuditContext(trx, { ...meta, actorId: a.userId });
    if (!await lockConversation(trx, parsed.conversationId)) throw new NotFound("Conversation not found");
    // Checked again under the lock: two resends of one message queue on it, and the second finds the first.
    const resent = await messageByClientId(trx, a.userId, parsed.clientId);
    if (resent) return { row: resent, created: false };
    const sentAt = deps.now();
    const id = crypto.randomUUID();
    const recipientIds = convo.participantIds.filter((p) => p !== a.userId);
    const seq = await takeNextSeq(trx, parsed.conversationId, sentAt);
    const row = await insertMessage(trx, {
      id,
      conversation_id: parsed.conversationId,
      seq,
      kind: "message",
      sender_id: a.userId,
      client_id: parsed.clientId,
      sender_device_id: device.id,
      nonce: parsed.nonce,
      body: parsed.body,
      keys: JSON.stringify(parsed.keys),
      signature: parsed.signature,
      franking_tag: parsed.frankingTag,
      server_tag: countersign(deps.frankingKey, {
        messageId: id,
        conversationId: parsed.conversationId,
        senderId: a.userId,
        recipientIds,
        frankingTag: parsed.frankingTag,
        sentAt,
      }),
      recipient_ids: recipientIds,
      attachment_ids: parsed.attachmentIds,
      sent_at: sentAt,
    });
    // The people in it now: a band's new member gets a place, one who left loses theirs (and the list entry).
    await ensurePlaces(trx, parsed.conversationId, convo.participantIds);
    await dropPlacesExcept(trx, parsed.conversationId, convo.participantIds);
    await markRead(trx, parsed.conversationId, a.userId, seq);
    await noticeNewMessage(trx, deps.push, { conversation: convo, senderId: a.userId, seq, at: sentAt });
    await publishLive(trx, { c: parsed.conversationId, s: seq });
    return { row, created: true };
  });
  return { message: (await messageViews(deps.db, [stored.row]))[0], created: stored.created };
}

async function viewOf(deps: MessageDeps, row: Message, conversationId: string): Promise<MessageView> {
  if (row.conversation_id !== conversationId) {
    throw new Conflict("This client id was already used for a message in another conversation", [
      { field: "clientId", message: "Use a new id for a new message" },
    ]);
  }
  return (await messageViews(deps.db, [row]))[0];
}

/** Refuses a message not sealed to exactly the participants' current devices and identities. */
async function requireEveryKey(deps: MessageDeps, participantIds: string[], keys: Record<string, string>) {
  const expected = await currentRecipientKeys(deps.db, participantIds);
  const given = new Set(Object.keys(keys));
  const missing = expected.filter((k) => !given.has(k.id));
  const extra = [...given].filter((id) => !expected.some((k) => k.id === id));
  if (missing.length > 0 || extra.length > 0) {
    const who = [...new Set(missing.map((k) => k.user_id))].length;
    throw new Conflict("The conversation's keys have changed since this message was sealed", [{
      field: "keys",
      message: missing.length > 0
        ? `Seal it again: ${missing.length} current key${missing.length === 1 ? "" : "s"} of ${who} ` +
          `${who === 1 ? "person is" : "people are"} missing`
        : `Seal it again: ${extra.length} key${extra.length === 1 ? " is" : "s are"} no longer current`,
    }]);
  }
}
