/**
 * Attachments (a rider, a photo) are sealed in the sender's browser with a
 * fresh key that travels inside the message; the server stores the sealed
 * bytes privately and hands them only to the conversation's participants.
 */
import type { Storage } from "../../integrations/storage/storage.ts";
import { findAttachment, insertAttachment } from "../../db/queries/message_attachments.ts";
import type { Actor } from "../../domain/access.ts";
import { MESSAGE_LIMITS } from "../../domain/conversations.ts";
import { NotFound, ValidationError } from "../../domain/errors.ts";
import { requireId } from "../validation.ts";
import { loadConversationFor, loadConversationOfItem } from "./conversations.ts";
import type { MessageDeps } from "./deps.ts";

/** Secretbox adds 16 bytes of authenticator; anything shorter cannot be a sealed file. */
const SEALED_OVERHEAD = 16;

export async function uploadAttachment(
  deps: MessageDeps,
  storage: Storage,
  actor: Actor | null,
  conversationId: string,
  bytes: Uint8Array,
): Promise<{ id: string; size: number }> {
  const convo = await loadConversationFor(deps.db, actor, conversationId);
  if (bytes.length <= SEALED_OVERHEAD || bytes.length > MESSAGE_LIMITS.attachmentBytes + SEALED_OVERHEAD) {
    throw new ValidationError("An attachment is a sealed file of up to 10 MB", [
      { field: "body", message: `Got ${bytes.length} bytes` },
    ]);
  }
  const id = crypto.randomUUID();
  const key = `private/messages/${convo.row.id}/${id}`;
  // Stored before the row: a failure leaves an unreferenced object, never a row without its bytes.
  await storage.put(key, bytes, { contentType: "application/octet-stream", visibility: "private" });
  const row = await insertAttachment(deps.db, {
    id,
    conversation_id: convo.row.id,
    uploader_id: convo.actor.userId,
    storage_key: key,
    size_bytes: bytes.length,
    created_at: deps.now(),
  });
  return { id: row.id, size: row.size_bytes };
}

export async function attachmentBytes(
  deps: MessageDeps,
  storage: Storage,
  actor: Actor | null,
  attachmentId: string,
): Promise<Uint8Array> {
  const row = await findAttachment(deps.db, requireId(attachmentId, "Attachment"));
  if (!row) throw new NotFound("Attachment not found");
  await loadConversationOfItem(deps.db, actor, row.conversation_id, "Attachment not found");
  const stored = await storage.get(row.storage_key);
  if (!stored) throw new NotFound("Attachment not found");
  return stored.bytes;
}
