/**
 * The transport a call goes over, by the call's own `transport`: starting a
 * call from this page makes a peer-to-peer one (POST /calls), and only those
 * ring here. A LiveKit session, made from the same CallOptions, is added
 * beside p2pCall; the view does not change.
 */
import type { CallView } from "./api.ts";
import { p2pCall } from "./p2p.ts";
import type { CallOptions, CallSession } from "./transport.ts";

const TRANSPORTS: Partial<Record<CallView["transport"], (o: CallOptions) => CallSession>> = { p2p: p2pCall };

export function openCall(transport: CallView["transport"], o: CallOptions): CallSession {
  const open = TRANSPORTS[transport];
  if (!open) throw new Error("This page cannot join group calls yet");
  return open(o);
}
