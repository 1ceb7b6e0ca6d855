/**
 * LiveKit's webhooks: verified over the raw body first (a forged, tampered
 * or stale one is refused with nothing stored), then recorded by their id
 * and applied in the same transaction, so a redelivery finds its id and
 * changes nothing. Joins, leaves and the room's end are kept on the call
 * and, for a booking's conversation, on the booking's timeline.
 */
import {
  endCall,
  eventsOfCall,
  insertCallEvent,
  lockCallByRoom,
  recordLiveKitWebhook,
} from "../../db/queries/calls.ts";
import { CALL_LIMITS, durationSeconds } from "../../domain/calls.ts";
import { Unauthorized, ValidationError } from "../../domain/errors.ts";
import {
  LiveKitSignatureRejected,
  type LiveKitWebhook,
  LiveKitWebhookUnreadable,
} from "../../integrations/livekit.ts";
import { conversationWithPeople } from "../messages/conversations.ts";
import { type CallDeps, requireLiveKit } from "./deps.ts";
import { publishCallChange } from "./live.ts";
import { onBookingTimeline } from "./timeline.ts";

export type CallWebhookOutcome = "recorded" | "duplicate" | "ignored";

export async function receiveLiveKitWebhook(
  deps: CallDeps,
  rawBody: string,
  authorization: string | undefined,
): Promise<CallWebhookOutcome> {
  const livekit = requireLiveKit(deps);
  let webhook: LiveKitWebhook;
  try {
    webhook = await livekit.verifyWebhook(rawBody, authorization);
  } catch (err) {
    if (err instanceof LiveKitSignatureRejected) {
      throw new Unauthorized(`The webhook's signature does not verify: ${err.message}`);
    }
    if (err instanceof LiveKitWebhookUnreadable) {
      throw new ValidationError(err.message, [{
        field: "body",
        message: "Not a webhook event LiveKit sends",
      }]);
    }
    throw err;
  }
  const now = deps.now();
  if (!(now.getTime() - webhook.createdAt.getTime() <= CALL_LIMITS.webhookMaxAgeSeconds * 1000)) {
    throw new Unauthorized("The webhook is too old to accept");
  }
  return await deps.db.transaction().execute(async (trx) => {
    if (!await recordLiveKitWebhook(trx, { id: webhook.id, event: webhook.event, at: now })) {
      return "duplicate";
    }
    const call = webhook.roomName ? await lockCallByRoom(trx, webhook.roomName) : undefined;
    if (!call) return "ignored";
    const conversation = await conversationWithPeople(trx, call.conversation_id);
    if (!conversation) return "ignored";
    const bookingId = conversation.row.booking_id;

    if (webhook.event === "participant_joined" || webhook.event === "participant_left") {
      // Identities are the user ids our tokens named; anything else did not come through us.
      const userId = webhook.participantIdentity;
      if (!userId || !conversation.participantIds.includes(userId)) return "ignored";
      const kind = webhook.event === "participant_joined" ? "joined" : "left";
      await insertCallEvent(trx, {
        callId: call.id,
        userId,
        kind,
        webhookId: webhook.id,
        at: webhook.createdAt,
      });
      await onBookingTimeline(trx, bookingId, {
        event: kind === "joined" ? "call_joined" : "call_left",
        actorId: userId,
        detail: { callId: call.id },
        at: webhook.createdAt,
      });
      await publishCallChange(trx, call);
      return "recorded";
    }
    if (webhook.event === "room_finished") {
      if (call.status !== "live") return "ignored";
      const endedAt = webhook.createdAt;
      await endCall(trx, call.id, endedAt, "room_finished");
      // How long people talked: from the first join, when LiveKit reported one.
      const firstJoin = (await eventsOfCall(trx, call.id)).find((e) => e.kind === "joined");
      await onBookingTimeline(trx, bookingId, {
        event: "call_ended",
        actorId: null,
        detail: {
          callId: call.id,
          durationSeconds: durationSeconds(firstJoin?.at ?? call.started_at, endedAt),
        },
        at: endedAt,
      });
      await publishCallChange(trx, call);
      return "recorded";
    }
    return "ignored";
  });
}
