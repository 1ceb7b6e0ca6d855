/**
 * What the pages show of conversations: one conversation's view (never its
 * content, which only the browser opens), and a booking's conversation for
 * its people on the booking's page.
 */
import type { Kysely } from "kysely";
import { placesIn } from "../../db/queries/conversation_reads.ts";
import { bookingConversationAsReadBy, bookingConversationPeople } from "../../db/queries/conversations.ts";
import type { Database } from "../../db/schema.ts";
import type { BookingRef } from "../bookings/load_booking.ts";
import type { Actor } from "../../domain/access.ts";
import { participantsOf } from "../../domain/conversations.ts";
import {
  type ConversationView,
  conversationViews,
  loadConversationFor,
  makeConversation,
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

/** What the booking's page needs of its conversation: the chat island's props. */
export interface BookingConversation {
  id: string;
  lastSeq: number;
  unread: number;
}

/**
 * The booking's conversation for its people; null for anyone else who sees the booking (a venue's
 * manager, an admin). Read when it exists, in as few queries as the page can afford on every view; made
 * by the first of its people to open the booking.
 */
export async function bookingConversationFor(
  db: Kysely<Database>,
  actor: Actor,
  booking: BookingRef,
): Promise<BookingConversation | null> {
  const people = typeof booking === "string"
    ? await bookingConversationPeople(db, booking)
    : { title: booking.row.title, ...booking.people };
  const bookingId = typeof booking === "string" ? booking : booking.row.id;
  if (!people || !participantsOf(people).includes(actor.userId)) return null;
  const row = await bookingConversationAsReadBy(db, bookingId, actor.userId) ??
    {
      ...(await makeConversation(db, { kind: "booking", bookingId }, participantsOf(people))).conversation,
      read_seq: 0,
    };
  return { id: row.id, lastSeq: row.last_seq, unread: Math.max(0, row.last_seq - row.read_seq) };
}
