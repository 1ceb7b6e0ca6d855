/** A call as the API and the live connections show it: its state and who is in it now. */
import type { Kysely } from "kysely";
import { eventsOfCalls } from "../../db/queries/calls.ts";
import type { Call, Database } from "../../db/schema.ts";
import { type CallEndReason, type CallPresence, presenceOf } from "../../domain/calls.ts";

export interface CallView {
  id: string;
  conversationId: string;
  transport: Call["transport"];
  status: Call["status"];
  startedBy: string | null;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  endReason: CallEndReason | null;
  /** Who is in it now, from which device (LiveKit's joins name no device). */
  joined: CallPresence[];
  /** Who declined while it rang. */
  declined: string[];
}

export async function callViews(db: Kysely<Database>, calls: readonly Call[]): Promise<CallView[]> {
  const events = await eventsOfCalls(db, calls.map((c) => c.id));
  return calls.map((call) => {
    const { joined, declined } = presenceOf(events.filter((e) => e.call_id === call.id));
    return {
      id: call.id,
      conversationId: call.conversation_id,
      transport: call.transport,
      status: call.status,
      startedBy: call.started_by,
      startedAt: call.started_at.toISOString(),
      answeredAt: call.answered_at?.toISOString() ?? null,
      endedAt: call.ended_at?.toISOString() ?? null,
      endReason: call.end_reason ?? null,
      joined: call.status === "live" ? joined : [],
      declined,
    };
  });
}

export async function callView(db: Kysely<Database>, call: Call): Promise<CallView> {
  return (await callViews(db, [call]))[0];
}
