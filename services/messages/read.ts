/**
 * Reading a conversation: a page of sealed messages (after a cursor to catch
 * up, or before one for history), every participant's keys to seal a reply
 * to, and the others' receipts. Fetching is delivery: the reader's delivered
 * cursor moves, and the senders' ticks with it.
 */
import { z } from "zod";
import { ensurePlaces, markDelivered, markRead, placesIn } from "../../db/queries/conversation_reads.ts";
import { findMessage, messagesPage } from "../../db/queries/messages.ts";
import { liveCallOf } from "../../db/queries/calls.ts";
import type { Actor } from "../../domain/access.ts";
import { MESSAGE_LIMITS } from "../../domain/conversations.ts";
import { NotFound } from "../../domain/errors.ts";
import { type CallView, callView } from "../calls/views.ts";
import { parseInput, requireId } from "../validation.ts";
import {
  type ConversationView,
  conversationViews,
  loadConversationFor,
  loadConversationOfItem,
} from "./conversations.ts";
import type { MessageDeps } from "./deps.ts";
import { publishLive } from "./live_signal.ts";
import { type MessageView, messageViews, type Recipient, recipientsOf } from "./views.ts";

export interface Receipt {
  userId: string;
  deliveredSeq: number;
  readSeq: number;
}

export interface ConversationPage {
  conversation: ConversationView;
  recipients: Recipient[];
  messages: MessageView[];
  receipts: Receipt[];
  /** The conversation's live call, which rings on a page that catches up without live events. */
  activeCall: CallView | null;
}

export const PageQuery = z.object({
  after: z.coerce.number().int().min(0).max(2 ** 31 - 1).optional(),
  before: z.coerce.number().int().min(1).max(2 ** 31 - 1).optional(),
  limit: z.coerce.number().int().min(1).max(MESSAGE_LIMITS.pageSize).default(MESSAGE_LIMITS.pageSize),
});

export async function conversationPage(
  deps: MessageDeps,
  actor: Actor | null,
  conversationId: string,
  query: unknown,
): Promise<ConversationPage> {
  const convo = await loadConversationFor(deps.db, actor, conversationId);
  const page = parseInput(PageQuery, query);
  const rows = await messagesPage(deps.db, convo.row.id, page);
  const newest = rows.at(-1)?.seq ?? 0;
  if (newest > 0) await deliveredUpTo(deps, convo.actor.userId, convo.row.id, newest);
  const places = await placesIn(deps.db, convo.row.id);
  const mine = places.find((p) => p.user_id === convo.actor.userId);
  const live = await liveCallOf(deps.db, convo.row.id);
  const [[conversation], recipients, messages, activeCall] = await Promise.all([
    conversationViews(deps.db, convo.actor.userId, [{
      ...convo.row,
      unread: convo.row.last_seq - (mine?.read_seq ?? 0),
    }]),
    recipientsOf(deps.db, convo.participantIds),
    messageViews(deps.db, rows),
    live ? callView(deps.db, live) : null,
  ]);
  return {
    conversation,
    recipients,
    messages,
    activeCall,
    receipts: places.filter((p) =>
      p.user_id !== convo.actor.userId && convo.participantIds.includes(p.user_id)
    )
      .map((p) => ({ userId: p.user_id, deliveredSeq: p.delivered_seq, readSeq: p.read_seq })),
  };
}

/** A device of the person has the conversation up to `seq` (a live connection acknowledging it). */
export async function markDeliveredUpTo(
  deps: MessageDeps,
  actor: Actor | null,
  conversationId: string,
  seq: number,
): Promise<void> {
  const convo = await loadConversationFor(deps.db, actor, conversationId);
  await deliveredUpTo(deps, convo.actor.userId, convo.row.id, Math.min(seq, convo.row.last_seq));
}

async function deliveredUpTo(deps: MessageDeps, userId: string, conversationId: string, seq: number) {
  await deps.db.transaction().execute(async (trx) => {
    // A band's new member has no place yet in a conversation made before they joined.
    await ensurePlaces(trx, conversationId, [userId]);
    if (await markDelivered(trx, conversationId, userId, seq)) {
      await publishLive(trx, { c: conversationId, r: userId });
    }
  });
}

/** Marks the conversation read up to (and with) this message. */
export async function markMessageRead(
  deps: MessageDeps,
  actor: Actor | null,
  messageId: string,
): Promise<{ conversationId: string; readSeq: number }> {
  const message = await findMessage(deps.db, requireId(messageId, "Message"));
  if (!message) throw new NotFound("Message not found");
  const convo = await loadConversationOfItem(deps.db, actor, message.conversation_id, "Message not found");
  await deps.db.transaction().execute(async (trx) => {
    await ensurePlaces(trx, convo.row.id, [convo.actor.userId]);
    if (await markRead(trx, convo.row.id, convo.actor.userId, message.seq)) {
      await publishLive(trx, { c: convo.row.id, r: convo.actor.userId });
    }
  });
  const place = (await placesIn(deps.db, convo.row.id)).find((p) => p.user_id === convo.actor.userId);
  return { conversationId: convo.row.id, readSeq: place?.read_seq ?? message.seq };
}
