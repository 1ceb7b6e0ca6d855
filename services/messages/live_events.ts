/**
 * What a live signal becomes for the connected browsers: the new message as
 * the REST API shows it, or someone's moved receipts, and who may receive it
 * (the conversation's participants now). Each instance runs this once per
 * signal, whatever the number of connections.
 */
import type { Kysely } from "kysely";
import { placesIn } from "../../db/queries/conversation_reads.ts";
import { messageAt } from "../../db/queries/messages.ts";
import type { Database } from "../../db/schema.ts";
import { conversationWithPeople } from "./conversations.ts";
import { type LiveSignal, parseLiveSignal } from "./live_signal.ts";
import { type MessageView, messageViews } from "./views.ts";

export type LiveEvent =
  | { type: "message"; conversationId: string; message: MessageView }
  | { type: "receipt"; conversationId: string; userId: string; deliveredSeq: number; readSeq: number };

export async function liveEventFor(
  db: Kysely<Database>,
  payload: string,
): Promise<{ userIds: string[]; event: LiveEvent } | null> {
  const signal: LiveSignal | null = parseLiveSignal(payload);
  // A call's signals are services/calls/live.ts's.
  if (!signal || !("s" in signal || "r" in signal)) return null;
  const convo = await conversationWithPeople(db, signal.c);
  if (!convo) return null;
  if ("s" in signal) {
    const row = await messageAt(db, signal.c, signal.s);
    if (!row) return null;
    const [message] = await messageViews(db, [row]);
    return { userIds: convo.participantIds, event: { type: "message", conversationId: signal.c, message } };
  }
  const { r } = signal;
  const place = (await placesIn(db, signal.c)).find((p) => p.user_id === r);
  if (!place) return null;
  return {
    userIds: convo.participantIds,
    event: {
      type: "receipt",
      conversationId: signal.c,
      userId: r,
      deliveredSeq: place.delivered_seq,
      readSeq: place.read_seq,
    },
  };
}
