/** Messages and recipients as both doors (API and pages) hand them to browsers: sealed, never opened. */
import type { Kysely } from "kysely";
import { displayNames } from "../../db/queries/conversations.ts";
import { devicesByIds, publicKeysOf } from "../../db/queries/e2ee_keys.ts";
import type { Database, Message } from "../../db/schema.ts";
import type { MessageKind } from "../../domain/conversations.ts";

export interface KeyView {
  id: string;
  signKey: string;
  boxKey: string;
}

export interface MessageView {
  id: string;
  conversationId: string;
  seq: number;
  kind: MessageKind;
  senderId: string;
  clientId: string | null;
  sentAt: string;
  senderDevice: KeyView | null;
  nonce: string | null;
  body: string | null;
  keys: Record<string, string> | null;
  frankingTag: string | null;
  signature: string | null;
  attachmentIds: string[];
}

/** A participant as a sender needs them: every key to seal to, as their identity signed them. */
export interface Recipient {
  userId: string;
  name: string;
  identity: KeyView | null;
  deviceList: { document: string; signature: string } | null;
}

export async function messageViews(db: Kysely<Database>, rows: readonly Message[]): Promise<MessageView[]> {
  const deviceIds = [...new Set(rows.flatMap((r) => r.sender_device_id ? [r.sender_device_id] : []))];
  const devices = new Map((await devicesByIds(db, deviceIds)).map((d) => [d.id, d]));
  return rows.map((r) => {
    const device = r.sender_device_id ? devices.get(r.sender_device_id) : undefined;
    return {
      id: r.id,
      conversationId: r.conversation_id,
      seq: r.seq,
      kind: r.kind,
      senderId: r.sender_id,
      clientId: r.client_id,
      sentAt: r.sent_at.toISOString(),
      senderDevice: device ? { id: device.id, signKey: device.sign_key, boxKey: device.box_key } : null,
      nonce: r.nonce,
      body: r.body,
      keys: r.keys,
      frankingTag: r.franking_tag,
      signature: r.signature,
      attachmentIds: r.attachment_ids,
    };
  });
}

export async function recipientsOf(db: Kysely<Database>, userIds: readonly string[]): Promise<Recipient[]> {
  const [keys, names] = await Promise.all([publicKeysOf(db, userIds), displayNames(db, userIds)]);
  const byUser = new Map(keys.map((k) => [k.user_id, k]));
  return userIds.map((userId) => {
    const k = byUser.get(userId);
    return {
      userId,
      name: names.get(userId) ?? "Someone",
      identity: k ? { id: k.id, signKey: k.sign_key, boxKey: k.box_key } : null,
      deviceList: k ? { document: k.document, signature: k.signature } : null,
    };
  });
}
