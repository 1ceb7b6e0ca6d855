/**
 * The transport a call goes over, by the call's own `transport` (or, to
 * start one, the bar's choice): peer to peer, or through LiveKit; the view
 * does not change.
 */
import type { CallView } from "./api.ts";
import { liveKitCall } from "./livekit.ts";
import { p2pCall } from "./p2p.ts";
import type { CallOptions, CallSession } from "./transport.ts";

const TRANSPORTS: Record<CallView["transport"], (o: CallOptions) => CallSession> = {
  p2p: p2pCall,
  livekit: liveKitCall,
};

export function openCall(transport: CallView["transport"], o: CallOptions): CallSession {
  return TRANSPORTS[transport](o);
}
