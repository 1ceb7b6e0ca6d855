/**
 * Queueing a push: one outbox row per subscription of the person that hears
 * of the notice's type, written in the transaction of the change that causes
 * it (so nobody is told of a change that rolled back), sealed like an
 * e-mail's. services/outbox.ts delivers them (delivery.ts).
 */
import type { Kysely } from "kysely";
import { insertPushOutboxRows } from "../../db/queries/push_outbox.ts";
import { pushSubscriptionsToTell } from "../../db/queries/push_subscriptions.ts";
import type { Database } from "../../db/schema.ts";
import { PUSH_LIMITS, type PushPayload, type PushType } from "../../domain/push_types.ts";
import { encodeBase64url } from "../../lib/base64url.ts";
import type { PushDeps } from "./deps.ts";

export interface PushNotice {
  userId: string;
  type: PushType;
  /** Fixed words and names, never a message's content. */
  title: string;
  body: string;
  /** A path inside the site. */
  link: string;
  /** One notification per thing, e.g. a call: 32 URL-safe characters. Default: one of its own. */
  tag?: string;
}

/** Queues `notice` for the person's devices inside `trx`; returns how many. Nothing when push is off. */
export async function enqueuePush(
  trx: Kysely<Database>,
  push: PushDeps | null | undefined,
  notice: PushNotice,
): Promise<number> {
  if (!push) return 0;
  if (!trx.isTransaction) throw new TypeError("enqueuePush needs a transaction, not a database");
  if (!notice.link.startsWith("/") || notice.link.startsWith("//")) {
    throw new TypeError("A push links to a path inside the site");
  }
  const targets = await pushSubscriptionsToTell(trx, notice.userId, notice.type);
  if (targets.length === 0) return 0;
  const payload: PushPayload = {
    type: notice.type,
    title: clip(notice.title, PUSH_LIMITS.titleChars),
    body: clip(notice.body, PUSH_LIMITS.bodyChars),
    link: notice.link.slice(0, PUSH_LIMITS.linkChars),
    tag: notice.tag ?? pushTag(crypto.getRandomValues(new Uint8Array(24))),
  };
  const rows = [];
  for (const target of targets) {
    rows.push({ subscriptionId: target.id, type: notice.type, payload: await push.sealer.seal(payload) });
  }
  await insertPushOutboxRows(trx, rows);
  push.kick();
  return rows.length;
}

/** A tag (and Topic) from 24 bytes: 32 URL-safe characters, as RFC 8030 allows a Topic. */
export function pushTag(bytes: Uint8Array): string {
  if (bytes.length !== 24) throw new TypeError("A push tag is made from 24 bytes");
  return encodeBase64url(bytes);
}

function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}
