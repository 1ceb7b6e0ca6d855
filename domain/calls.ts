/**
 * Calls between the people of a conversation: who may join is exactly who is
 * in it (domain/conversations.ts). A call goes peer to peer or through
 * LiveKit; a conversation has at most one live call at a time.
 */

export const CALL_TRANSPORTS = ["livekit", "p2p"] as const;
export type CallTransport = (typeof CALL_TRANSPORTS)[number];

export const CALL_STATUSES = ["live", "ended"] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/** What LiveKit's webhooks tell us about a call, as kept on it. */
export const CALL_EVENT_KINDS = ["joined", "left"] as const;
export type CallEventKind = (typeof CALL_EVENT_KINDS)[number];

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
