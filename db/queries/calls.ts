/** Calls, what LiveKit reported of them, and the webhooks already received. */
import type { Insertable, Kysely } from "kysely";
import type { CallEventKind } from "../../domain/calls.ts";
import type { Call, CallsTable, Database } from "../schema.ts";

export function findCall(db: Kysely<Database>, id: string): Promise<Call | undefined> {
  return db.selectFrom("calls").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The conversation's live call; lock the conversation first so two starts find the same one. */
export function liveCallOf(db: Kysely<Database>, conversationId: string): Promise<Call | undefined> {
  return db.selectFrom("calls").selectAll()
    .where("conversation_id", "=", conversationId).where("status", "=", "live").executeTakeFirst();
}

export function insertCall(trx: Kysely<Database>, values: Insertable<CallsTable>): Promise<Call> {
  return trx.insertInto("calls").values(values).returningAll().executeTakeFirstOrThrow();
}

/** The call of a LiveKit room, locked: the webhooks of one room apply one at a time. */
export function lockCallByRoom(trx: Kysely<Database>, roomName: string): Promise<Call | undefined> {
  return trx.selectFrom("calls").selectAll().where("room_name", "=", roomName).forUpdate().executeTakeFirst();
}

export async function endCall(trx: Kysely<Database>, id: string, at: Date): Promise<void> {
  await trx.updateTable("calls").set({ status: "ended", ended_at: at }).where("id", "=", id).execute();
}

export async function insertCallEvent(
  trx: Kysely<Database>,
  event: { callId: string; userId: string | null; kind: CallEventKind; webhookId: string; at: Date },
): Promise<void> {
  await trx.insertInto("call_events").values({
    call_id: event.callId,
    user_id: event.userId,
    kind: event.kind,
    webhook_id: event.webhookId,
    at: event.at,
  }).execute();
}

/** What LiveKit reported of the call, oldest first. */
export function eventsOfCall(db: Kysely<Database>, callId: string) {
  return db.selectFrom("call_events").select(["user_id", "kind", "webhook_id", "at"])
    .where("call_id", "=", callId).orderBy("id").execute();
}

/**
 * Records a webhook by its id; false when it was recorded before (a
 * redelivery). A concurrent delivery of the same id waits on the first's
 * transaction and then finds the row, so one of them goes on.
 */
export async function recordLiveKitWebhook(
  trx: Kysely<Database>,
  webhook: { id: string; event: string; at: Date },
): Promise<boolean> {
  const row = await trx.insertInto("livekit_webhooks")
    .values({ id: webhook.id, event: webhook.event, received_at: webhook.at })
    .onConflict((oc) => oc.column("id").doNothing())
    .returning("id").executeTakeFirst();
  return row !== undefined;
}
