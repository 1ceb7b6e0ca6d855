/**
 * Calls between the people of a conversation: who may join is exactly who is
 * in it (domain/conversations.ts). A call goes peer to peer or through
 * LiveKit; a conversation has at most one live call at a time.
 */

export const CALL_TRANSPORTS = ["livekit", "p2p"] as const;
export type CallTransport = (typeof CALL_TRANSPORTS)[number];

export const CALL_STATUSES = ["live", "ended"] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/** Who joined and left (from LiveKit's webhooks, or a peer-to-peer call's devices), and who declined. */
export const CALL_EVENT_KINDS = ["joined", "left", "declined"] as const;
export type CallEventKind = (typeof CALL_EVENT_KINDS)[number];

/**
 * Why a call ended: someone in it hung up, everyone called declined, nobody
 * answered in time, its people stopped answering (a closed tab, a lost
 * network), or LiveKit closed its room.
 */
export const CALL_END_REASONS = ["hung_up", "declined", "missed", "lost", "room_finished"] as const;
export type CallEndReason = (typeof CALL_END_REASONS)[number];

/** The seed design's LiveKit instances: group calls go to `meet`, one-to-one ones to `chat`. */
export type LiveKitPurpose = "meet" | "chat";

export const CALL_LIMITS = {
  /** A join token only gates joining (LiveKit keeps a joined participant in), so it lives minutes. */
  tokenTtlSeconds: 5 * 60,
  /** How long LiveKit keeps a room nobody has joined, or everybody left, before closing it. */
  emptyTimeoutSeconds: 5 * 60,
  /** A webhook older than this is refused: LiveKit signs its deliveries for five minutes too. */
  webhookMaxAgeSeconds: 5 * 60,
  /** Room names: 32 random bytes, base64url. */
  roomNameBytes: 32,
  /** A peer-to-peer call nobody answered within this is missed. */
  ringSeconds: 45,
  /** How often the browsers in a peer-to-peer call say they are still there. */
  aliveEverySeconds: 20,
  /** A peer-to-peer call not heard from for this long has lost its people: it is ended. */
  aliveTimeoutSeconds: 60,
  /** A sealed signal's body: an SDP offer with its candidates is a few kilobytes. */
  signalBodyChars: 48 * 1024,
  /** Signals one call may carry; trickled candidates and a renegotiation or two stay far below. */
  signalsPerCall: 400,
} as const;

export const CALL_NOT_FOUND = "Call not found";

/** Booking conversations are a band and an organizer, so they meet; the others are two sides talking. */
export function purposeOf(conversationKind: string): LiveKitPurpose {
  return conversationKind === "booking" ? "meet" : "chat";
}

/** Whole seconds between two instants, never negative. */
export function durationSeconds(from: Date, to: Date): number {
  return Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));
}

/** Someone in a call, as the call's events say: the device they joined from. */
export interface CallPresence {
  userId: string;
  deviceId: string | null;
}

/** The joins, leaves and declines of a call, oldest first, folded into who is in it now and who declined. */
export function presenceOf(
  events: readonly { user_id: string | null; device_id: string | null; kind: CallEventKind }[],
): { joined: CallPresence[]; declined: string[] } {
  const joined = new Map<string, CallPresence>();
  const declined = new Set<string>();
  for (const e of events) {
    if (!e.user_id) continue;
    if (e.kind === "joined") joined.set(e.user_id, { userId: e.user_id, deviceId: e.device_id });
    else if (e.kind === "left") joined.delete(e.user_id);
    else declined.add(e.user_id);
  }
  return { joined: [...joined.values()], declined: [...declined] };
}

/**
 * What a leave does to a peer-to-peer call, which joins its caller (from the
 * start) and one answerer: either of them leaving ends it (hung up); anyone
 * else leaving is declining, which ends it only when everyone but the caller
 * has declined.
 */
export function afterP2PLeave(call: {
  startedBy: string | null;
  joined: readonly CallPresence[];
  declined: readonly string[];
  participantIds: readonly string[];
}, leaverId: string): { record: "left" | "declined" | null; end: CallEndReason | null } {
  if (call.joined.some((p) => p.userId === leaverId)) return { record: "left", end: "hung_up" };
  const declined = new Set([...call.declined, leaverId]);
  const everyone = call.participantIds.filter((id) => id !== call.startedBy).every((id) => declined.has(id));
  return { record: call.declined.includes(leaverId) ? null : "declined", end: everyone ? "declined" : null };
}

/** Why the sweeper ends a live peer-to-peer call now, or null while it may go on. */
export function p2pCallLapse(
  call: { startedAt: Date; answeredAt: Date | null; aliveAt: Date | null },
  now: Date,
): CallEndReason | null {
  const since = (t: Date) => (now.getTime() - t.getTime()) / 1000;
  if (!call.answeredAt && since(call.startedAt) >= CALL_LIMITS.ringSeconds) return "missed";
  if (since(call.aliveAt ?? call.startedAt) >= CALL_LIMITS.aliveTimeoutSeconds) return "lost";
  return null;
}
