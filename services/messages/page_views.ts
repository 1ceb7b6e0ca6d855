/**
 * What the pages show of conversations: one conversation's view (never its
 * content, which only the browser opens), and a booking's conversation for
 * its people on the booking's page.
 */
import type { Kysely } from "kysely";
import { placesIn } from "../../db/queries/conversation_reads.ts";
import type { Database } from "../../db/schema.ts";
import type { Actor } from "../../domain/access.ts";
import { NotFound } from "../../domain/errors.ts";
import {
  type ConversationView,
  conversationViews,
  loadConversationFor,
  openConversation,
} from "./conversations.ts";

/** The conversation with the actor's unread count, when they are in it; NotFound otherwise. */
export async function conversationView(
  db: Kysely<Database>,
  actor: Actor | null,
  conversationId: string,
): Promise<ConversationView> {
  const convo = await loadConversationFor(db, actor, conversationId);
  const mine = (await placesIn(db, convo.row.id)).find((p) => p.user_id === convo.actor.userId);
  const [view] = await conversationViews(db, convo.actor.userId, [
    { ...convo.row, unread: convo.row.last_seq - (mine?.read_seq ?? 0) },
  ]);
  return view;
}

/** The booking's conversation (made on first use) for its people; null for anyone else who sees the booking. */
export async function bookingConversationFor(
  db: Kysely<Database>,
  actor: Actor,
  bookingId: string,
): Promise<ConversationView | null> {
  try {
    const { conversation } = await openConversation(db, actor, { bookingId });
    return await conversationView(db, actor, conversation.id);
  } catch (err) {
    // A venue's manager, an admin: they see the booking, not its messages.
    if (err instanceof NotFound) return null;
    throw err;
  }
}
