/**
 * The calls API as the browser calls it (CALLS_API.md's shapes, through the
 * messages API's request helper: same envelope, cookie and errors). The
 * server keeps who is in a call and relays its sealed signals; it never sees
 * what they say.
 */
import type { Envelope } from "../../lib/e2ee/envelope.ts";
import { json, request } from "../messages/api.ts";

export interface CallView {
  id: string;
  conversationId: string;
  transport: "p2p" | "livekit";
  status: "live" | "ended";
  /** The caller's user id. */
  startedBy: string | null;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  /** Why it ended: someone hung up, everyone called declined, nobody answered, or its people went quiet. */
  endReason: "hung_up" | "declined" | "missed" | "lost" | "room_finished" | null;
  /** People in the call now: the caller's device from the start, the answerer's once they join. */
  joined: { userId: string; deviceId: string | null }[];
  /** People who declined while it rang. */
  declined: string[];
}

export interface SignalView {
  id: number;
  callId: string;
  senderId: string;
  envelope: Envelope;
  sentAt: string;
}

/** What `new RTCPeerConnection` needs from the server: its STUN/TURN servers and whether to relay only. */
export interface IceConfig {
  iceServers: RTCIceServer[];
  iceTransportPolicy: RTCIceTransportPolicy;
}

export type Joined = { call: CallView } & IceConfig;

export const startCall = (conversationId: string, deviceId: string) =>
  json<Joined & { created: boolean }>("POST", "/calls", { conversationId, deviceId });

export const joinCall = (callId: string, deviceId: string) =>
  json<Joined>("POST", `/calls/${callId}/join`, { deviceId });

/** Hangs up, or declines a call not joined. */
export const leaveCall = (callId: string) => request<{ call: CallView }>("POST", `/calls/${callId}/leave`);

/** Said every 20 s while in a call: the server ends a call whose people stopped saying it. */
export const callAlive = (callId: string) => request<void>("POST", `/calls/${callId}/alive`);

export const callOf = (callId: string) => request<{ call: CallView }>("GET", `/calls/${callId}`);

export const signalsOf = (callId: string, deviceId: string, after: number) =>
  request<{ signals: SignalView[] }>(
    "GET",
    `/calls/${callId}/signals?device=${encodeURIComponent(deviceId)}&after=${after}`,
  );

export const sendSignal = (callId: string, envelope: Envelope) =>
  json<{ signal: SignalView }>("POST", `/calls/${callId}/signals`, envelope);

/** A call through LiveKit in the conversation: started, or the live one found. */
export const startLiveKitCall = (conversationId: string) =>
  json<{ call: CallView; created: boolean }>("POST", "/livekit/room", { conversationId });

/** A few minutes' token to join the call's LiveKit room, and the server to join it on. */
export const liveKitToken = (callId: string) =>
  json<{ token: string; url: string; expiresAt: string }>("POST", "/livekit/token", { callId });

/** Ringing, for this person: the call is live and they are neither in it nor have declined it. */
export function ringsFor(call: CallView | null, userId: string): call is CallView {
  return !!call && call.status === "live" && !call.joined.some((j) => j.userId === userId) &&
    !call.declined.includes(userId);
}
