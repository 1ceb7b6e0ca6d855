/**
 * A call's signalling (offers, answers, ICE candidates) as sealed messages:
 * each is sealed by this device to the peer's device key only, and each one
 * received is checked as a chat message is (signed by a device on its
 * sender's identity-signed list, that identity the one this browser pinned,
 * sealed to this device) and dropped unless it names the current call. The
 * server relays them and can neither read nor forge them, so the DTLS
 * fingerprints inside the SDP, which key the media's encryption, reach each
 * side as the other sent them.
 */
import { sealingKeys } from "../../lib/e2ee/device_list.ts";
import {
  type Envelope,
  openMessage,
  sealMessage,
  UnreadableMessage,
  verifyEnvelope,
} from "../../lib/e2ee/envelope.ts";
import type { PublicKeySet } from "../../lib/e2ee/keys.ts";
import type { Recipient } from "../messages/api.ts";
import type { Keys } from "../messages/keystore.ts";
import type { SignalView } from "./api.ts";

export type SignalContent =
  | { callId: string; type: "offer" | "answer"; sdp: string }
  | { callId: string; type: "candidate"; candidate: RTCIceCandidateInit }
  /**
   * The sender's camera is on, and whether they want the peer's video (not in audio-only mode, which
   * spares a slow connection).
   */
  | { callId: string; type: "state"; camera: boolean; video: boolean };

/** A signal's content before the call's id is added to it. */
export type SignalBody = SignalContent extends infer C ? C extends SignalContent ? Omit<C, "callId"> : never
  : never;

/** A device of `userId` as their own signed device list names it, or null when it names no such device. */
export function listedDevice(
  recipients: readonly Recipient[],
  userId: string,
  deviceId: string,
): PublicKeySet | null {
  const person = recipients.find((r) => r.userId === userId);
  if (!person) return null;
  try {
    // sealingKeys answers the identity first, then the devices its signed list names.
    return sealingKeys([person]).slice(1).find((d) => d.id === deviceId) ?? null;
  } catch {
    // A list that does not verify vouches for no device.
    return null;
  }
}

/** The envelope for one signal, sealed from this device to `to` (the peer's device) alone. */
export function sealSignal(
  keys: Keys,
  conversationId: string,
  to: PublicKeySet,
  content: SignalContent,
): Envelope {
  return sealMessage(
    { userId: keys.userId, device: keys.device },
    { conversationId, clientId: crypto.randomUUID(), recipients: [{ id: to.id, boxKey: to.boxKey }] },
    { text: JSON.stringify(content), attachments: [] },
  );
}

export type Opened = { ok: true; content: SignalContent } | { ok: false; reason: string };

const TYPES = new Set(["offer", "answer", "candidate", "state"]);

/** Refused for this: the device lists this page has may be older than the sender's new device. */
export const NOT_LISTED = "its device is not on its sender's signed device list";
export const OTHER_CALL = "it belongs to another call";

/**
 * A received signal's content, or why it is refused. `distrusted` are the
 * people whose identity key is not the one this browser pinned (until its
 * owner has checked): nothing of theirs steers a call meanwhile.
 */
export function openSignal(
  signal: SignalView,
  at: { conversationId: string; callId: string; keys: Keys; recipients: readonly Recipient[] },
  distrusted: ReadonlySet<string>,
): Opened {
  const e = signal.envelope;
  if (e.senderId !== signal.senderId) return { ok: false, reason: "its sender is not the one it names" };
  if (e.conversationId !== at.conversationId) {
    return { ok: false, reason: "it belongs to another conversation" };
  }
  if (distrusted.has(e.senderId)) return { ok: false, reason: "its sender's security code changed" };
  const device = listedDevice(at.recipients, e.senderId, e.senderDeviceId);
  if (!device) return { ok: false, reason: NOT_LISTED };
  if (!verifyEnvelope(e, device.signKey)) {
    return { ok: false, reason: "its signature does not match its device" };
  }
  const sealedKey = e.keys[at.keys.device.id];
  if (!sealedKey) return { ok: false, reason: "it was not sealed to this device" };
  let text: string;
  try {
    text = openMessage({ ...e, sealedKey }, device, at.keys.device).content.text;
  } catch (err) {
    if (!(err instanceof UnreadableMessage)) throw err;
    return { ok: false, reason: err.message.toLowerCase() };
  }
  let content: SignalContent;
  try {
    content = JSON.parse(text);
  } catch {
    return { ok: false, reason: "its content is not JSON" };
  }
  if (typeof content !== "object" || content === null || !TYPES.has(content.type)) {
    return { ok: false, reason: "its content is not a signal" };
  }
  // An old call's signal, replayed into this one by the server or anyone, changes nothing.
  if (content.callId !== at.callId) return { ok: false, reason: OTHER_CALL };
  return { ok: true, content };
}
