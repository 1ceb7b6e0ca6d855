/** Calls, who joined, left or declined them, their sealed signals, and the LiveKit webhooks already received. */
import type { Insertable, Kysely } from "kysely";
import { sql } from "kysely";
import type { CallEndReason, CallEventKind } from "../../domain/calls.ts";
import type { Call, CallSignal, CallsTable, Database } from "../schema.ts";

export function findCall(db: Kysely<Database>, id: string): Promise<Call | undefined> {
  return db.selectFrom("calls").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The call, locked: its joins, leaves and signals apply one at a time. */
export function lockCall(trx: Kysely<Database>, id: string): Promise<Call | undefined> {
  return trx.selectFrom("calls").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
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

/** Ends the call and forgets its signals, which were only ever for setting it up. */
export async function endCall(
  trx: Kysely<Database>,
  id: string,
  at: Date,
  reason: CallEndReason,
): Promise<void> {
  await trx.updateTable("calls").set({ status: "ended", ended_at: at, end_reason: reason })
    .where("id", "=", id).execute();
  await trx.deleteFrom("call_signals").where("call_id", "=", id).execute();
}

export async function markCallAnswered(trx: Kysely<Database>, id: string, at: Date): Promise<void> {
  await trx.updateTable("calls").set({ answered_at: at, alive_at: at }).where("id", "=", id).execute();
}

/** The people of a live peer-to-peer call are still there; false when it is not live (any more). */
export async function markCallAlive(db: Kysely<Database>, id: string, at: Date): Promise<boolean> {
  const row = await db.updateTable("calls").set({ alive_at: at })
    .where("id", "=", id).where("status", "=", "live").returning("id").executeTakeFirst();
  return row !== undefined;
}

export async function insertCallEvent(
  trx: Kysely<Database>,
  event: {
    callId: string;
    userId: string | null;
    kind: CallEventKind;
    at: Date;
  } & ({ webhookId: string; deviceId?: undefined } | { webhookId?: undefined; deviceId: string | null }),
): Promise<void> {
  await trx.insertInto("call_events").values({
    call_id: event.callId,
    user_id: event.userId,
    kind: event.kind,
    webhook_id: event.webhookId ?? null,
    device_id: event.deviceId ?? null,
    at: event.at,
  }).execute();
}

/** Who joined, left and declined, oldest first. */
export function eventsOfCall(db: Kysely<Database>, callId: string) {
  return db.selectFrom("call_events").select(["user_id", "device_id", "kind", "webhook_id", "at"])
    .where("call_id", "=", callId).orderBy("id").execute();
}

/** The events of several calls at once, oldest first, for their views. */
export function eventsOfCalls(db: Kysely<Database>, callIds: readonly string[]) {
  if (callIds.length === 0) return Promise.resolve([]);
  return db.selectFrom("call_events").select(["call_id", "user_id", "device_id", "kind", "at"])
    .where("call_id", "in", callIds).orderBy("id").execute();
}

/** Live peer-to-peer calls that rang too long unanswered or went silent, locked and skipping any being changed. */
export function lapsedP2PCalls(trx: Kysely<Database>, ringSince: Date, aliveSince: Date): Promise<Call[]> {
  return trx.selectFrom("calls").selectAll()
    .where("status", "=", "live").where("transport", "=", "p2p")
    .where((eb) =>
      eb.or([
        eb.and([eb("answered_at", "is", null), eb("started_at", "<=", ringSince)]),
        eb(sql`coalesce(alive_at, started_at)`, "<=", aliveSince),
      ])
    )
    .orderBy("started_at").limit(200).forUpdate().skipLocked().execute();
}

/** Live LiveKit calls started before `before`: the sweeper asks LiveKit whether their rooms still exist. */
export function liveLiveKitCallsBefore(db: Kysely<Database>, before: Date): Promise<Call[]> {
  return db.selectFrom("calls").selectAll()
    .where("status", "=", "live").where("transport", "=", "livekit").where("started_at", "<=", before)
    .orderBy("started_at").limit(200).execute();
}

export function insertCallSignal(
  trx: Kysely<Database>,
  signal: {
    callId: string;
    senderId: string;
    clientId: string;
    envelope: unknown;
    deviceIds: string[];
    at: Date;
  },
): Promise<CallSignal> {
  return trx.insertInto("call_signals").values({
    call_id: signal.callId,
    sender_id: signal.senderId,
    client_id: signal.clientId,
    envelope: JSON.stringify(signal.envelope),
    device_ids: signal.deviceIds,
    sent_at: signal.at,
  }).returningAll().executeTakeFirstOrThrow();
}

export function callSignalByClientId(
  db: Kysely<Database>,
  callId: string,
  senderId: string,
  clientId: string,
): Promise<CallSignal | undefined> {
  return db.selectFrom("call_signals").selectAll()
    .where("call_id", "=", callId).where("sender_id", "=", senderId).where("client_id", "=", clientId)
    .executeTakeFirst();
}

export async function countCallSignals(db: Kysely<Database>, callId: string): Promise<number> {
  const row = await db.selectFrom("call_signals").select((eb) => eb.fn.countAll<number>().as("n"))
    .where("call_id", "=", callId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function callSignalById(db: Kysely<Database>, id: number): Promise<CallSignal | undefined> {
  return db.selectFrom("call_signals").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The call's signals sealed to a device, after the one it has, oldest first. */
export function callSignalsForDevice(
  db: Kysely<Database>,
  callId: string,
  deviceId: string,
  after: number,
  limit: number,
): Promise<CallSignal[]> {
  return db.selectFrom("call_signals").selectAll()
    .where("call_id", "=", callId).where("id", ">", after)
    .where(sql<boolean>`${deviceId}::uuid = any(device_ids)`)
    .orderBy("id").limit(limit).execute();
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
