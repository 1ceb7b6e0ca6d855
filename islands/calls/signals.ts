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
  | { callId: string; type: "state"; camera: boolean; video: boolean }
  /** A device joining a LiveKit call asks for the call's media key… */
  | { callId: string; type: "key-request" }
  /** …and a device that has it answers, sealed to the asking device alone. */
  | { callId: string; type: "key"; key: string };

/** A signal's content before the call's id is added to it. */
export type SignalBody = SignalContent extends infer C ? C extends SignalContent ? Omit<C, "callId"> : never
  : never;

/** A device of `userId` as their own signed device list names it, or null when it names no such device. */
export function listedDevice(
  recipients: readonly Recipient[],
  userId: string,
  deviceId: string,
): PublicKeySet | null {
  return devicesOf(recipients.find((r) => r.userId === userId)).find((d) => d.id === deviceId) ?? null;
}

/** The devices a person's signed device list names; none when it does not verify, which vouches for none. */
export function devicesOf(person: Recipient | undefined): PublicKeySet[] {
  if (!person) return [];
  try {
    // sealingKeys answers the identity first, then the devices its signed list names.
    return sealingKeys([person]).slice(1);
  } catch {
    return [];
  }
}

/**
 * The envelope for one signal, sealed from this device to `to` alone: the
 * peer's device, or (asking for a LiveKit call's key) the devices of the
 * others in the conversation.
 */
export function sealSignal(
  keys: Keys,
  conversationId: string,
  to: PublicKeySet | readonly PublicKeySet[],
  content: SignalContent,
): Envelope {
  const recipients = (Array.isArray(to) ? to : [to]).map((d) => ({ id: d.id, boxKey: d.boxKey }));
  return sealMessage(
    { userId: keys.userId, device: keys.device },
    { conversationId, clientId: crypto.randomUUID(), recipients },
    { text: JSON.stringify(content), attachments: [] },
  );
}

export type Opened = { ok: true; content: SignalContent } | { ok: false; reason: string };

const TYPES = new Set(["offer", "answer", "candidate", "state", "key-request", "key"]);

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

/**
 * Opens a signal as `openSignal` does; one from a device its sender set up
 * after this page fetched the device lists is checked again, once, against
 * lists fetched anew.
 */
export async function openSignalFresh(
  signal: SignalView,
  at: { conversationId: string; callId: string; keys: Keys },
  lists: {
    recipients(): readonly Recipient[];
    refreshRecipients(): Promise<readonly Recipient[]>;
    distrusted(): ReadonlySet<string>;
  },
): Promise<Opened> {
  const open = () => openSignal(signal, { ...at, recipients: lists.recipients() }, lists.distrusted());
  const opened = open();
  if (opened.ok || opened.reason !== NOT_LISTED) return opened;
  await lists.refreshRecipients();
  return open();
}
