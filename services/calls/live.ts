/**
 * A call's changes on the messages' live connections (the same channel, so a
 * browser needs one connection for both): a `call` event to every participant
 * when a call starts, someone joins, leaves or declines, or it ends, which is
 * what makes the other side ring; a `call-signal` event only to the devices a
 * signal is sealed to.
 */
import type { Kysely } from "kysely";
import { callSignalById, findCall } from "../../db/queries/calls.ts";
import type { CallSignal, Database } from "../../db/schema.ts";
import { conversationWithPeople } from "../messages/conversations.ts";
import { type LiveSignal, parseLiveSignal, publishLive } from "../messages/live_signal.ts";
import { type CallView, callView } from "./views.ts";

export interface SignalView {
  id: number;
  callId: string;
  senderId: string;
  /** As sealed by the sender's device (lib/e2ee/envelope.ts); the server cannot open it. */
  envelope: Record<string, unknown>;
  sentAt: string;
}

export type CallLiveEvent =
  | { type: "call"; conversationId: string; call: CallView }
  | { type: "call-signal"; conversationId: string; callId: string; signal: SignalView };

export function signalView(row: CallSignal): SignalView {
  return {
    id: Number(row.id),
    callId: row.call_id,
    senderId: row.sender_id,
    envelope: row.envelope,
    sentAt: row.sent_at.toISOString(),
  };
}

/** Inside the changing transaction: the call's participants hear of it on commit. */
export async function publishCallChange(
  trx: Kysely<Database>,
  call: { id: string; conversation_id: string },
): Promise<void> {
  await publishLive(trx, { c: call.conversation_id, k: call.id });
}

export async function publishCallSignal(trx: Kysely<Database>, signal: CallSignal, conversationId: string) {
  await publishLive(trx, { c: conversationId, g: Number(signal.id) });
}

export async function callLiveEventFor(
  db: Kysely<Database>,
  payload: string,
): Promise<{ userIds: string[]; deviceIds?: string[]; event: CallLiveEvent } | null> {
  const signal: LiveSignal | null = parseLiveSignal(payload);
  if (!signal || !("k" in signal || "g" in signal)) return null;
  const convo = await conversationWithPeople(db, signal.c);
  if (!convo) return null;
  if ("k" in signal) {
    const call = await findCall(db, signal.k);
    if (!call) return null;
    return {
      userIds: convo.participantIds,
      event: { type: "call", conversationId: signal.c, call: await callView(db, call) },
    };
  }
  // Deleted when its call ended meanwhile: nothing to set up any more.
  const row = await callSignalById(db, signal.g);
  if (!row) return null;
  return {
    userIds: convo.participantIds,
    deviceIds: row.device_ids,
    event: { type: "call-signal", conversationId: signal.c, callId: row.call_id, signal: signalView(row) },
  };
}
