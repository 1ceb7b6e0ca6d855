/**
 * A message as this browser shows it: opened with this device's key (or the
 * identity's, for history from before the device existed), its sender
 * device's signature and its franking tag checked, or the reason it cannot be
 * shown. Nothing unverified is ever displayed as if it were the sender's.
 */
import {
  type AttachmentRef,
  type Envelope,
  type Opened,
  openMessage,
  UnreadableMessage,
  verifyEnvelope,
} from "../../lib/e2ee/envelope.ts";
import type { MessageView } from "./api.ts";
import type { Keys } from "./keystore.ts";

export interface Shown {
  id: string;
  seq: number;
  kind: "message" | "key_changed";
  senderId: string;
  /** The device that signed it. */
  deviceId: string | null;
  clientId: string | null;
  sentAt: string;
  text: string;
  attachments: AttachmentRef[];
  /** What a disclosure needs; absent when the message could not be opened. */
  opened?: Opened;
  /** Why the message cannot be shown. */
  problem?: string;
}

/** The envelope a view carries, as its sender signed it. */
export function envelopeOf(view: MessageView, conversationId: string): Envelope {
  return {
    conversationId,
    clientId: view.clientId!,
    senderId: view.senderId,
    senderDeviceId: view.senderDevice!.id,
    nonce: view.nonce!,
    body: view.body!,
    keys: view.keys!,
    frankingTag: view.frankingTag!,
    signature: view.signature!,
  };
}

export function showMessage(view: MessageView, conversationId: string, keys: Keys): Shown {
  const base = {
    id: view.id,
    seq: view.seq,
    kind: view.kind,
    senderId: view.senderId,
    deviceId: view.senderDevice?.id ?? null,
    clientId: view.clientId,
    sentAt: view.sentAt,
    text: "",
    attachments: [],
  };
  if (view.kind === "key_changed") return base;
  if (!view.senderDevice || !view.keys || !view.clientId || !view.nonce || !view.body || !view.signature) {
    return { ...base, problem: "This message is incomplete." };
  }
  const envelope = envelopeOf(view, conversationId);
  if (!verifyEnvelope(envelope, view.senderDevice.signKey)) {
    return { ...base, problem: "This message's signature does not match its sender's device." };
  }
  const reader = view.keys[keys.device.id] ? keys.device : keys.identity;
  const sealedKey = view.keys[reader.id];
  if (!sealedKey) {
    return {
      ...base,
      problem: "This message was not locked for your current keys (it was sent before you set them up), " +
        "so it cannot be read here.",
    };
  }
  try {
    const opened = openMessage({ ...envelope, sealedKey }, view.senderDevice, reader);
    return { ...base, text: opened.content.text, attachments: opened.content.attachments, opened };
  } catch (err) {
    if (!(err instanceof UnreadableMessage)) throw err;
    return { ...base, problem: `${err.message}.` };
  }
}
