/**
 * Peer-to-peer calls: a conversation's participant calls from one of their
 * devices (joined from the start), the others' browsers ring through the live
 * connections, and the first to answer joins from theirs; the two browsers
 * then exchange sealed signals (services/calls/signals.ts) and talk directly.
 * The server keeps who is in the call, ends it when either hangs up, when
 * everyone called declines, or (the sweeper) when nobody answers or its
 * people stop saying they are there, and records it on the booking's timeline.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import { withAuditContext } from "../../db/audit.ts";
import {
  endCall,
  eventsOfCall,
  findCall,
  insertCall,
  insertCallEvent,
  liveCallOf,
  lockCall,
  markCallAlive,
  markCallAnswered,
} from "../../db/queries/calls.ts";
import { lockConversation } from "../../db/queries/conversations.ts";
import { deviceOf } from "../../db/queries/e2ee_keys.ts";
import type { Call, Database } from "../../db/schema.ts";
import { type Actor, requireActor } from "../../domain/access.ts";
import {
  afterP2PLeave,
  CALL_LIMITS,
  CALL_NOT_FOUND,
  type CallEndReason,
  durationSeconds,
  p2pCallLapse,
  presenceOf,
} from "../../domain/calls.ts";
import { Conflict, NotFound, ValidationError } from "../../domain/errors.ts";
import { encodeBase64url } from "../../lib/base64url.ts";
import { type IceServer, iceServersFor } from "../../integrations/turn.ts";
import type { RequestMeta } from "../deps.ts";
import {
  loadConversationFor,
  loadConversationOfItem,
  type LoadedConversation,
} from "../messages/conversations.ts";
import { idField, parseInput } from "../validation.ts";
import type { CallDeps } from "./deps.ts";
import { publishCallChange } from "./live.ts";
import { noticeMissedCall, ringByPush } from "./notices.ts";
import { onBookingTimeline } from "./timeline.ts";
import { type CallView, callView } from "./views.ts";

export const StartP2PCallInput = z.object({
  conversationId: idField("Not a conversation id"),
  deviceId: idField("Not a device id"),
}).strict();
export const CallDeviceInput = z.object({ deviceId: idField("Not a device id") }).strict();

/** How this person's browser reaches the other: STUN/TURN, and whether only through TURN. */
export interface IceSettings {
  iceServers: IceServer[];
  iceTransportPolicy: "all" | "relay";
}

async function iceSettings(deps: CallDeps, userId: string): Promise<IceSettings> {
  return {
    iceServers: await iceServersFor(deps.ice, userId, deps.now()),
    iceTransportPolicy: deps.ice.relayOnly ? "relay" : "all",
  };
}

/** A call of a conversation `actor` is in; NotFound naming the call otherwise, whether or not it exists. */
export async function loadCallFor(
  db: Kysely<Database>,
  actor: Actor | null,
  callId: string,
): Promise<{ call: Call; conversation: LoadedConversation & { actor: Actor } }> {
  requireActor(actor);
  const call = await findCall(db, callId);
  if (!call) throw new NotFound(CALL_NOT_FOUND);
  const conversation = await loadConversationOfItem(db, actor, call.conversation_id, CALL_NOT_FOUND);
  return { call, conversation };
}

/** One of the person's current devices: calls are set up between devices, as messages are sealed to them. */
export async function requireOwnDevice(
  db: Kysely<Database>,
  userId: string,
  deviceId: string,
): Promise<void> {
  const device = await deviceOf(db, deviceId);
  if (!device || device.user_id !== userId || device.retired_at) {
    throw new ValidationError("This device is not one of your current devices", [
      { field: "deviceId", message: "Set up private messages on this device again" },
    ]);
  }
}

/**
 * Calls the conversation from this device, or finds the live call: two
 * people calling each other at once get one call (the second then joins it).
 * A live call that has lapsed (nobody answered, nobody there) is ended first.
 */
export async function startP2PCall(
  deps: CallDeps,
  actor: Actor | null,
  input: unknown,
  meta: RequestMeta,
): Promise<{ call: CallView; created: boolean } & IceSettings> {
  requireActor(actor);
  const { conversationId, deviceId } = parseInput(StartP2PCallInput, input);
  const conversation = await loadConversationFor(deps.db, actor, conversationId);
  const userId = conversation.actor.userId;
  await requireOwnDevice(deps.db, userId, deviceId);
  const { call, created } = await deps.db.transaction().execute(async (trx) => {
    await lockConversation(trx, conversation.row.id);
    const now = deps.now();
    const live = await liveCallOf(trx, conversation.row.id);
    if (live) {
      if (live.transport !== "p2p") {
        throw new Conflict("A LiveKit call is live in this conversation: join it");
      }
      const lapse = p2pCallLapse(
        { startedAt: live.started_at, answeredAt: live.answered_at, aliveAt: live.alive_at },
        now,
      );
      if (!lapse) return { call: live, created: false };
      await endP2PCall(trx, live, lapse, now, null, conversation);
    }
    await withAuditContext(trx, { ...meta, actorId: userId });
    const call = await insertCall(trx, {
      conversation_id: conversation.row.id,
      started_by: userId,
      transport: "p2p",
      room_name: encodeBase64url(crypto.getRandomValues(new Uint8Array(CALL_LIMITS.roomNameBytes))),
      started_at: now,
      alive_at: now,
    });
    await insertCallEvent(trx, { callId: call.id, userId, kind: "joined", deviceId, at: now });
    await onBookingTimeline(trx, conversation.row.booking_id, {
      event: "call_started",
      actorId: userId,
      detail: { callId: call.id, transport: "p2p" },
      at: now,
    });
    await publishCallChange(trx, call);
    await ringByPush(trx, deps.push, { call, conversation });
    return { call, created: true };
  });
  return { call: await callView(deps.db, call), created, ...await iceSettings(deps, userId) };
}

/**
 * Answers a ringing peer-to-peer call from this device. It joins two: a
 * second answer (from anyone, or the same person's other device) is told
 * the call was answered elsewhere.
 */
export async function joinP2PCall(
  deps: CallDeps,
  actor: Actor | null,
  callId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<{ call: CallView } & IceSettings> {
  const { conversation } = await loadCallFor(deps.db, actor, callId);
  const { deviceId } = parseInput(CallDeviceInput, input);
  const userId = conversation.actor.userId;
  await requireOwnDevice(deps.db, userId, deviceId);
  const call = await deps.db.transaction().execute(async (trx) => {
    const call = await lockCall(trx, callId);
    if (!call) throw new NotFound(CALL_NOT_FOUND);
    if (call.transport !== "p2p") throw new Conflict("This call is through LiveKit: ask for a LiveKit token");
    if (call.status !== "live") throw new Conflict("The call has ended");
    const { joined } = presenceOf(await eventsOfCall(trx, call.id));
    const mine = joined.find((p) => p.userId === userId);
    if (mine?.deviceId === deviceId) return call;
    if (mine) throw new Conflict("You are in this call on another device");
    if (joined.length >= 2) throw new Conflict("Someone else answered this call");
    const now = deps.now();
    await withAuditContext(trx, { ...meta, actorId: userId });
    await insertCallEvent(trx, { callId: call.id, userId, kind: "joined", deviceId, at: now });
    await markCallAnswered(trx, call.id, now);
    await onBookingTimeline(trx, conversation.row.booking_id, {
      event: "call_joined",
      actorId: userId,
      detail: { callId: call.id },
      at: now,
    });
    await publishCallChange(trx, call);
    return call;
  });
  return {
    call: await callView(deps.db, (await findCall(deps.db, call.id))!),
    ...await iceSettings(deps, userId),
  };
}

/**
 * Hangs up or declines (domain/calls.ts `afterP2PLeave` says which, and
 * whether the call ends). Leaving an ended call changes nothing. A LiveKit
 * call is left by leaving its room, which LiveKit reports.
 */
export async function leaveP2PCall(
  deps: CallDeps,
  actor: Actor | null,
  callId: string,
  meta: RequestMeta,
): Promise<{ call: CallView }> {
  const { conversation } = await loadCallFor(deps.db, actor, callId);
  const userId = conversation.actor.userId;
  await deps.db.transaction().execute(async (trx) => {
    const call = await lockCall(trx, callId);
    if (!call || call.status !== "live" || call.transport !== "p2p") return;
    const presence = presenceOf(await eventsOfCall(trx, call.id));
    const outcome = afterP2PLeave({
      startedBy: call.started_by,
      ...presence,
      participantIds: conversation.participantIds,
    }, userId);
    const now = deps.now();
    await withAuditContext(trx, { ...meta, actorId: userId });
    if (outcome.record) {
      const deviceId = presence.joined.find((p) => p.userId === userId)?.deviceId ?? null;
      await insertCallEvent(trx, { callId: call.id, userId, kind: outcome.record, deviceId, at: now });
    }
    if (outcome.end) await endP2PCall(trx, call, outcome.end, now, userId, conversation);
    else await publishCallChange(trx, call);
  });
  return { call: await callView(deps.db, (await findCall(deps.db, callId))!) };
}

/** The browsers in a call say they are still there; the sweeper ends one that stops. */
export async function keepP2PCallAlive(deps: CallDeps, actor: Actor | null, callId: string): Promise<void> {
  const { call } = await loadCallFor(deps.db, actor, callId);
  if (call.transport !== "p2p") throw new Conflict("A LiveKit call's presence is LiveKit's to report");
  if (!await markCallAlive(deps.db, call.id, deps.now())) throw new Conflict("The call has ended");
}

export async function getCall(deps: CallDeps, actor: Actor | null, callId: string): Promise<CallView> {
  const { call } = await loadCallFor(deps.db, actor, callId);
  return await callView(deps.db, call);
}

/**
 * Ends a live peer-to-peer call (its signals go with it) and says so on the
 * booking's timeline: how long people talked, or that nobody answered, or
 * who declined; a call hung up or lapsed before anyone answered is a missed
 * call for those it rang for. Inside the caller's transaction, with the call
 * locked.
 */
export async function endP2PCall(
  trx: Kysely<Database>,
  call: Call,
  reason: CallEndReason,
  at: Date,
  byUserId: string | null,
  conversation: LoadedConversation | undefined,
): Promise<void> {
  const presence = presenceOf(await eventsOfCall(trx, call.id));
  await endCall(trx, call.id, at, reason);
  const entry = reason === "missed"
    ? { event: "call_missed" as const, actorId: null, detail: { callId: call.id } }
    : reason === "declined"
    ? { event: "call_declined" as const, actorId: byUserId, detail: { callId: call.id } }
    : {
      event: "call_ended" as const,
      actorId: reason === "hung_up" ? byUserId : null,
      detail: {
        callId: call.id,
        durationSeconds: call.answered_at ? durationSeconds(call.answered_at, at) : 0,
      },
    };
  await onBookingTimeline(trx, conversation?.row.booking_id ?? null, { ...entry, at });
  if (!call.answered_at && reason !== "declined" && conversation) {
    await noticeMissedCall(trx, { call, conversation, ...presence, at });
  }
  await publishCallChange(trx, call);
}
