/**
 * Calls through LiveKit: a conversation's participants start one (or find
 * the live one) and each gets a short-lived token to join its room. Who may
 * is `loadConversationFor`'s answer, so anyone else is told the conversation,
 * or the call, does not exist.
 */
import { z } from "zod";
import { withAuditContext } from "../../db/audit.ts";
import { findCall, insertCall, liveCallOf } from "../../db/queries/calls.ts";
import { displayNames, lockConversation } from "../../db/queries/conversations.ts";
import { type Actor, requireActor } from "../../domain/access.ts";
import { CALL_LIMITS, CALL_NOT_FOUND, purposeOf } from "../../domain/calls.ts";
import { Conflict, ExternalServiceError, NotFound } from "../../domain/errors.ts";
import { encodeBase64url } from "../../lib/base64url.ts";
import type { RequestMeta } from "../deps.ts";
import { loadConversationFor, loadConversationOfItem } from "../messages/conversations.ts";
import { idField, parseInput } from "../validation.ts";
import { type CallDeps, requireLiveKit } from "./deps.ts";
import { publishCallChange } from "./live.ts";
import { onBookingTimeline } from "./timeline.ts";
import { type CallView, callView } from "./views.ts";

export const StartCallInput = z.object({ conversationId: idField("Not a conversation id") }).strict();
export const JoinTokenInput = z.object({ callId: idField("Not a call id") }).strict();

/** An unguessable room name: nothing in it points back at the conversation or booking. */
function newRoomName(): string {
  return encodeBase64url(crypto.getRandomValues(new Uint8Array(CALL_LIMITS.roomNameBytes)));
}

/**
 * The conversation's live LiveKit call, started if there is none, and its
 * room. The room is created after the call commits, every time: LiveKit
 * answers an existing name with that room, so a failed creation is retried
 * by asking again, and two people starting at once share one call.
 */
export async function startLiveKitCall(
  deps: CallDeps,
  actor: Actor | null,
  input: unknown,
  meta: RequestMeta,
): Promise<
  { call: CallView; room: { name: string; emptyTimeout: number; maxParticipants: number }; created: boolean }
> {
  requireActor(actor);
  const { conversationId } = parseInput(StartCallInput, input);
  const conversation = await loadConversationFor(deps.db, actor, conversationId);
  const livekit = requireLiveKit(deps);
  const { call, created } = await deps.db.transaction().execute(async (trx) => {
    await lockConversation(trx, conversation.row.id);
    const live = await liveCallOf(trx, conversation.row.id);
    if (live) {
      if (live.transport !== "livekit") {
        throw new Conflict("A peer-to-peer call is live in this conversation");
      }
      return { call: live, created: false };
    }
    await withAuditContext(trx, { ...meta, actorId: conversation.actor.userId });
    const call = await insertCall(trx, {
      conversation_id: conversation.row.id,
      started_by: conversation.actor.userId,
      transport: "livekit",
      room_name: newRoomName(),
      started_at: deps.now(),
    });
    await onBookingTimeline(trx, conversation.row.booking_id, {
      event: "call_started",
      actorId: conversation.actor.userId,
      detail: { callId: call.id, transport: "livekit" },
      at: call.started_at,
    });
    await publishCallChange(trx, call);
    return { call, created: true };
  });
  const room = {
    name: call.room_name,
    emptyTimeout: CALL_LIMITS.emptyTimeoutSeconds,
    maxParticipants: conversation.participantIds.length,
  };
  try {
    await livekit.createRoom(purposeOf(conversation.row.kind), room.name, {
      emptyTimeoutSeconds: room.emptyTimeout,
      maxParticipants: room.maxParticipants,
    });
  } catch (err) {
    throw new ExternalServiceError(
      `LiveKit did not create the call's room (${
        err instanceof Error ? err.message : "no answer"
      }); try again`,
    );
  }
  return { call: await callView(deps.db, call), room, created };
}

/**
 * A token to join the call's room, for a participant of its conversation:
 * their user id as identity, their display name, minutes to live, and only
 * joining, camera, microphone, subscribing and data.
 */
export async function liveKitJoinToken(
  deps: CallDeps,
  actor: Actor | null,
  input: unknown,
): Promise<{ token: string; url: string; expiresAt: string }> {
  requireActor(actor);
  const { callId } = parseInput(JoinTokenInput, input);
  const call = await findCall(deps.db, callId);
  if (!call) throw new NotFound(CALL_NOT_FOUND);
  const conversation = await loadConversationOfItem(deps.db, actor, call.conversation_id, CALL_NOT_FOUND);
  const livekit = requireLiveKit(deps);
  if (call.transport !== "livekit") throw new Conflict("This call is peer to peer, not through LiveKit");
  if (call.status !== "live") throw new Conflict("The call has ended");
  const userId = conversation.actor.userId;
  const names = await displayNames(deps.db, [userId]);
  const token = await livekit.joinToken({
    room: call.room_name,
    identity: userId,
    name: names.get(userId) ?? "Someone",
    ttlSeconds: CALL_LIMITS.tokenTtlSeconds,
  });
  return {
    token,
    url: livekit.urlFor(purposeOf(conversation.row.kind)),
    expiresAt: new Date(deps.now().getTime() + CALL_LIMITS.tokenTtlSeconds * 1000).toISOString(),
  };
}
