/**
 * The calls nobody ends by hand: a peer-to-peer call that rang unanswered,
 * or whose browsers went quiet (a closed tab, a phone that lost its network),
 * and a LiveKit call whose room is gone without the webhook that would have
 * said so (delivery failed, or the room was never created). Each ends with
 * its reason and its line on the booking's timeline, like any other end.
 */
import {
  endCall,
  eventsOfCall,
  lapsedP2PCalls,
  liveLiveKitCallsBefore,
  lockCall,
} from "../../db/queries/calls.ts";
import type { Call } from "../../db/schema.ts";
import {
  CALL_LIMITS,
  durationSeconds,
  type LiveKitPurpose,
  p2pCallLapse,
  purposeOf,
} from "../../domain/calls.ts";
import { logError } from "../../lib/log.ts";
import { conversationWithPeople } from "../messages/conversations.ts";
import type { CallDeps } from "./deps.ts";
import { publishCallChange } from "./live.ts";
import { endP2PCall } from "./p2p.ts";
import { onBookingTimeline } from "./timeline.ts";

/** Ends the lapsed calls; how many. */
export async function sweepCalls(deps: CallDeps): Promise<number> {
  return await endLapsedP2PCalls(deps) + await endVanishedLiveKitCalls(deps);
}

async function endLapsedP2PCalls(deps: CallDeps): Promise<number> {
  const now = deps.now();
  const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);
  return await deps.db.transaction().execute(async (trx) => {
    // Locked and skipping calls being changed, so two instances sweeping at once end each call once.
    const calls = await lapsedP2PCalls(
      trx,
      ago(CALL_LIMITS.ringSeconds),
      ago(CALL_LIMITS.aliveTimeoutSeconds),
    );
    for (const call of calls) {
      const reason = p2pCallLapse(
        { startedAt: call.started_at, answeredAt: call.answered_at, aliveAt: call.alive_at },
        now,
      )!;
      const conversation = await conversationWithPeople(trx, call.conversation_id);
      await endP2PCall(trx, call, reason, now, null, conversation);
    }
    return calls.length;
  });
}

/**
 * LiveKit closes an empty room after its timeout; a live call older than that
 * whose room LiveKit no longer lists has ended, at the latest when its last
 * person left.
 */
async function endVanishedLiveKitCalls(deps: CallDeps): Promise<number> {
  const livekit = deps.livekit;
  if (!livekit) return 0;
  const now = deps.now();
  const calls = await liveLiveKitCallsBefore(
    deps.db,
    new Date(now.getTime() - (CALL_LIMITS.emptyTimeoutSeconds + CALL_LIMITS.webhookMaxAgeSeconds) * 1000),
  );
  const byPurpose = new Map<LiveKitPurpose, { call: Call; bookingId: string | null }[]>();
  for (const call of calls) {
    const conversation = await conversationWithPeople(deps.db, call.conversation_id);
    const purpose = purposeOf(conversation?.row.kind ?? "direct");
    byPurpose.set(purpose, [
      ...byPurpose.get(purpose) ?? [],
      { call, bookingId: conversation?.row.booking_id ?? null },
    ]);
  }
  let ended = 0;
  for (const [purpose, group] of byPurpose) {
    let existing: Set<string>;
    try {
      existing = await livekit.existingRooms(purpose, group.map((g) => g.call.room_name));
    } catch (err) {
      // LiveKit unreachable: nothing is known, so nothing changes until the next sweep.
      logError(err, { msg: "LiveKit did not list its rooms", purpose });
      continue;
    }
    for (const { call, bookingId } of group.filter((g) => !existing.has(g.call.room_name))) {
      await deps.db.transaction().execute(async (trx) => {
        const locked = await lockCall(trx, call.id);
        if (!locked || locked.status !== "live") return;
        const events = await eventsOfCall(trx, call.id);
        const firstJoin = events.find((e) => e.kind === "joined");
        await endCall(trx, call.id, now, "lost");
        await onBookingTimeline(trx, bookingId, {
          event: "call_ended",
          actorId: null,
          detail: {
            callId: call.id,
            durationSeconds: firstJoin ? durationSeconds(firstJoin.at, events.at(-1)!.at) : 0,
          },
          at: now,
        });
        await publishCallChange(trx, call);
        ended++;
      });
    }
  }
  return ended;
}
