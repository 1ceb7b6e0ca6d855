/**
 * A ringing call reaches the devices of the people it is for by Web Push
 * (their open pages ring through the live connection), and one nobody
 * answered leaves a notice, as a phone shows a missed call: an in-app
 * notification to each person it rang for who neither answered nor declined
 * it, linked to the conversation to call back from.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import type { Kysely } from "kysely";
import { displayNames } from "../../db/queries/conversations.ts";
import { insertNotification } from "../../db/queries/notifications.ts";
import type { Call, Database } from "../../db/schema.ts";
import type { CallPresence } from "../../domain/calls.ts";
import type { LoadedConversation } from "../messages/conversations.ts";
import type { PushDeps } from "../push/deps.ts";
import { enqueuePush, pushTag } from "../push/queue.ts";

/** Rings the conversation's other people on their devices; the push lives as long as the call rings. */
export async function ringByPush(
  trx: Kysely<Database>,
  push: PushDeps | null | undefined,
  m: { call: Call; conversation: LoadedConversation },
): Promise<void> {
  const callerId = m.call.started_by;
  const caller = callerId ? (await displayNames(trx, [callerId])).get(callerId) : undefined;
  // One notification per call on a device, however often it is sent.
  const tag = pushTag(sha256(new TextEncoder().encode(m.call.id)).slice(0, 24));
  for (const userId of m.conversation.participantIds.filter((id) => id !== callerId)) {
    await enqueuePush(trx, push, {
      userId,
      type: "calls",
      title: `${caller ?? "Someone"} is calling`,
      body: m.conversation.title ? `About “${m.conversation.title}”` : "Open Artist Space to answer.",
      link: `/messages/${m.conversation.row.id}`,
      tag,
    });
  }
}

export async function noticeMissedCall(
  trx: Kysely<Database>,
  m: {
    call: Call;
    conversation: LoadedConversation;
    joined: readonly CallPresence[];
    declined: readonly string[];
    at: Date;
  },
): Promise<void> {
  const callerId = m.call.started_by;
  const missed = m.conversation.participantIds.filter((id) =>
    id !== callerId && !m.declined.includes(id) && !m.joined.some((p) => p.userId === id)
  );
  if (missed.length === 0) return;
  const caller = callerId ? (await displayNames(trx, [callerId])).get(callerId) : undefined;
  const where = m.conversation.title ? ` about “${m.conversation.title}”` : "";
  for (const userId of missed) {
    await insertNotification(trx, {
      user_id: userId,
      kind: "Missed call",
      title: "Missed call",
      body: `${caller ?? "Someone"} called you${where}.`,
      link: `/messages/${m.conversation.row.id}`,
      created_at: m.at,
    });
  }
}
