/**
 * Message franking: what lets a recipient prove a message's content to a
 * moderator although the server never reads it. NaCl boxes are not key
 * committing (one ciphertext can open to two plaintexts under two keys), so
 * the sender commits to the content with `HMAC(k_f, content)`, sends the tag
 * in clear and `k_f` inside the ciphertext; the server countersigns the tag
 * with who sent it to whom and when. A disclosure (content and `k_f`) verifies
 * only if it reproduces the tag and the countersignature still matches.
 */
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { b64, equalBytes, fields, unb64 } from "./bytes.ts";

/** Which message a tag commits to: its conversation, its sender and their id for it. */
export interface FrankedMessage {
  conversationId: string;
  clientId: string;
  senderId: string;
}

export function frankingTag(frankingKey: Uint8Array, message: FrankedMessage, content: string): string {
  return b64(hmac(
    sha256,
    frankingKey,
    fields("artistspace/franking/v1", message.conversationId, message.clientId, message.senderId, content),
  ));
}

/** What the server saw and vouches for when it accepted a message. */
export interface Countersigned {
  messageId: string;
  conversationId: string;
  senderId: string;
  recipientIds: readonly string[];
  frankingTag: string;
  sentAt: Date;
}

export function countersign(serverKey: Uint8Array, m: Countersigned): string {
  return b64(hmac(
    sha256,
    serverKey,
    fields(
      "artistspace/countersign/v1",
      m.messageId,
      m.conversationId,
      m.senderId,
      [...m.recipientIds].sort().join(","),
      m.frankingTag,
      m.sentAt.toISOString(),
    ),
  ));
}

/** Why a disclosure does not verify, or null when it does. */
export function disclosureProblem(
  serverKey: Uint8Array,
  stored: Countersigned & { clientId: string; serverTag: string },
  disclosed: { content: string; frankingKey: string },
): string | null {
  const key = unb64(disclosed.frankingKey, 32);
  if (!key) return "The franking key is not 32 bytes of base64url";
  const tag = frankingTag(key, stored, disclosed.content);
  if (!equalBytes(unb64(tag)!, unb64(stored.frankingTag) ?? new Uint8Array())) {
    return "The content does not match what the sender committed to";
  }
  const expected = countersign(serverKey, stored);
  if (!equalBytes(unb64(expected)!, unb64(stored.serverTag) ?? new Uint8Array())) {
    return "The server's countersignature does not match the stored message";
  }
  return null;
}
