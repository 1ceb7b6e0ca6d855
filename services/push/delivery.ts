/**
 * Delivering the outbox's push rows (services/outbox.ts calls this for each):
 * the sealed payload opened, the subscription looked up (it may have been
 * removed, or its session signed out, since the row was queued), the message
 * encrypted and sent by integrations/push/web_push.ts, and the push service's
 * answer turned into what the dispatcher does next:
 *
 *   201            sent: the row is done, the subscription's last success noted
 *   404, 410       gone: the subscription is deleted, the row given up
 *   429, 5xx, no answer   retry: the outbox's backoff, or the Retry-After if later
 *   other 4xx, 3xx failed: retrying the same request cannot help
 *
 * A push lives its type's TTL from when it was queued, retries included: a
 * ringing call retried after a 503 goes with what is left of its 45 s, and
 * not at all once they are over.
 *
 * At least once: a process that dies after the push service took a message
 * and before the row is marked sent sends it again when the row's lease runs
 * out. The copy is harmless: it carries the same Topic (the push service
 * replaces a copy it still holds) and the same tag (the device replaces the
 * notification it shows rather than showing a second).
 */
import type { Kysely } from "kysely";
import {
  countPushFailure,
  deletePushSubscription,
  pushSubscriptionForSending,
  recordPushSuccess,
} from "../../db/queries/push_subscriptions.ts";
import type { Database } from "../../db/schema.ts";
import { isPushType, PUSH_DELIVERY, type PushPayload } from "../../domain/push_types.ts";
import type { PushSender } from "../../integrations/push/web_push.ts";
import type { Sealer } from "../../lib/sealed.ts";
import type { PushChannel, PushVerdict } from "../outbox.ts";
import { endpointProblem } from "./endpoint.ts";

export interface PushChannelOptions {
  db: Kysely<Database>;
  sender: PushSender;
  sealer: Sealer;
  allowLoopback: boolean;
  now(): Date;
}

export function pushChannel(options: PushChannelOptions): PushChannel {
  const { db, sender, sealer, allowLoopback, now } = options;
  return {
    async send(row) {
      if (!isPushType(row.template)) return { kind: "failed", error: `unknown push type ${row.template}` };
      const subscription = await pushSubscriptionForSending(db, row.recipient);
      if (!subscription) return { kind: "dropped", error: "the subscription was removed" };
      if (subscription.revoked_at) {
        return { kind: "dropped", error: "the session that turned the subscription on was signed out" };
      }
      const problem = endpointProblem(subscription.endpoint, allowLoopback);
      if (problem) return { kind: "failed", error: `the endpoint is refused: ${problem}` };
      const { ttlSeconds, urgency } = PUSH_DELIVERY[row.template];
      // Its life counts from when it was queued: a call retried after it stopped ringing must not ring.
      const left = ttlSeconds - Math.floor((now().getTime() - row.createdAt.getTime()) / 1000);
      if (left <= 0) return { kind: "dropped", error: `not delivered within its ${ttlSeconds} s` };
      const payload = await sealer.open(row.payload) as PushPayload;
      try {
        const answer = await sender.send(subscription, JSON.stringify(payload), {
          ttlSeconds: left,
          urgency,
          topic: payload.tag,
        });
        return verdictOf(
          answer.status,
          answer.retryAfterSeconds,
          redact(answer.detail, subscription.endpoint),
        );
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        return {
          kind: "retry",
          error: `no answer from the push service: ${redact(message, subscription.endpoint)}`,
        };
      }
    },
    async sent(trx, subscriptionId, at) {
      await recordPushSuccess(trx, subscriptionId, at);
    },
    async gone(trx, subscriptionId) {
      await deletePushSubscription(trx, subscriptionId);
    },
    async failed(subscriptionId) {
      await countPushFailure(db, subscriptionId);
    },
  };
}

function verdictOf(status: number, retryAfterSeconds: number | null, detail: string): PushVerdict {
  const said = `the push service answered ${status}${detail ? `: ${detail}` : ""}`;
  if (status >= 200 && status < 300) return { kind: "sent" };
  if (status === 404 || status === 410) return { kind: "gone", error: said };
  if (status === 429 || status >= 500) {
    return {
      kind: "retry",
      error: said,
      retryAfterMs: retryAfterSeconds === null ? undefined : retryAfterSeconds * 1000,
    };
  }
  return { kind: "failed", error: said };
}

/**
 * The endpoint is a capability (whoever holds it can push to the device), and
 * network errors quote the URL they failed on: neither log nor database gets it.
 */
function redact(text: string, endpoint: string): string {
  let safe = text.replaceAll(endpoint, "[endpoint]");
  for (const part of new URL(endpoint).pathname.split("/")) {
    if (part.length >= 8) safe = safe.replaceAll(part, "[redacted]");
  }
  return safe;
}
