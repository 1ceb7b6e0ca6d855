/**
 * Finding, opening and listing conversations, with the one rule of who is in
 * one (domain/conversations.ts). Everything about a conversation goes through
 * `loadConversationFor`, so a non-participant gets the same 404 everywhere.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import {
  applicationConversationPeople,
  bookingConversationPeople,
  conversationTitles,
  displayNames,
  findConversation,
  findOrCreateConversation,
  placesOfConversations,
  shareABookingOrApplication,
} from "../../db/queries/conversations.ts";
import {
  conversationsOfUser,
  ensurePlaces,
  unreadMessageTotal,
} from "../../db/queries/conversation_reads.ts";
import type { Conversation, Database } from "../../db/schema.ts";
import { type Actor, requireActor } from "../../domain/access.ts";
import {
  CONVERSATION_NOT_FOUND,
  type ConversationKind,
  directPair,
  participantsOf,
  requireParticipant,
} from "../../domain/conversations.ts";
import { NotFound, ValidationError } from "../../domain/errors.ts";
import { parseInput, requireId } from "../validation.ts";

export interface ConversationView {
  id: string;
  kind: ConversationKind;
  title: string;
  bookingId: string | null;
  applicationId: string | null;
  lastSeq: number;
  lastMessageAt: string | null;
  unread: number;
  participants: { userId: string; name: string }[];
}

/** A conversation with the people in it now. */
export interface LoadedConversation {
  row: Conversation;
  participantIds: string[];
  /** The booking's or opportunity's title; empty for a direct conversation (it is named for the other person). */
  title: string;
}

async function peopleOf(
  db: Kysely<Database>,
  row: Pick<Conversation, "kind" | "booking_id" | "application_id" | "user_low" | "user_high">,
): Promise<{ participantIds: string[]; title: string } | undefined> {
  if (row.kind === "direct") return { participantIds: [row.user_low!, row.user_high!], title: "" };
  const people = row.kind === "booking"
    ? await bookingConversationPeople(db, row.booking_id!)
    : await applicationConversationPeople(db, row.application_id!);
  return people && { participantIds: participantsOf(people), title: people.title };
}

/** The conversation and who is in it now, for fan-out to live connections; undefined when it is gone. */
export async function conversationWithPeople(
  db: Kysely<Database>,
  conversationId: string,
): Promise<LoadedConversation | undefined> {
  const row = await findConversation(db, conversationId);
  const people = row && await peopleOf(db, row);
  return row && people ? { row, ...people } : undefined;
}

/** The conversation, when `actor` is in it; NotFound otherwise, whether or not it exists. */
export async function loadConversationFor(
  db: Kysely<Database>,
  actor: Actor | null,
  conversationId: string,
): Promise<LoadedConversation & { actor: Actor }> {
  const a = requireActor(actor);
  const row = await findConversation(db, requireId(conversationId, "Conversation"));
  const people = row && await peopleOf(db, row);
  if (!row || !people) throw new NotFound(CONVERSATION_NOT_FOUND);
  requireParticipant(a, people.participantIds);
  return { row, ...people, actor: a };
}

/**
 * The conversation a message or attachment belongs to, when `actor` is in it;
 * otherwise NotFound naming the item, so its id confirms nothing to outsiders.
 */
export async function loadConversationOfItem(
  db: Kysely<Database>,
  actor: Actor | null,
  conversationId: string,
  notFound: string,
): Promise<LoadedConversation & { actor: Actor }> {
  try {
    return await loadConversationFor(db, actor, conversationId);
  } catch (err) {
    throw err instanceof NotFound ? new NotFound(notFound) : err;
  }
}

export const OpenConversationInput = z.union([
  z.object({ bookingId: z.uuid() }).strict(),
  z.object({ applicationId: z.uuid() }).strict(),
  z.object({ userId: z.uuid() }).strict(),
]);

/** The conversation of a booking, an application or a pair of people, made on first use. */
export async function openConversation(
  db: Kysely<Database>,
  actor: Actor | null,
  input: unknown,
): Promise<{ conversation: ConversationView; created: boolean }> {
  const a = requireActor(actor);
  const parsed = parseInput(OpenConversationInput, input);
  let owner: Parameters<typeof findOrCreateConversation>[1];
  let participantIds: string[];
  if ("bookingId" in parsed) {
    const people = await bookingConversationPeople(db, parsed.bookingId);
    if (!people) throw new NotFound("Booking not found");
    participantIds = participantsOf(people);
    requireParticipant(a, participantIds);
    owner = { kind: "booking", bookingId: parsed.bookingId };
  } else if ("applicationId" in parsed) {
    const people = await applicationConversationPeople(db, parsed.applicationId);
    if (!people) throw new NotFound("Application not found");
    participantIds = participantsOf(people);
    requireParticipant(a, participantIds);
    owner = { kind: "application", applicationId: parsed.applicationId };
  } else {
    if (parsed.userId === a.userId) {
      throw new ValidationError("You cannot message yourself", [{ field: "userId", message: "That is you" }]);
    }
    if (!await shareABookingOrApplication(db, a.userId, parsed.userId)) {
      throw new NotFound("You can message people you share a booking or an application with");
    }
    const pair = directPair(a.userId, parsed.userId);
    participantIds = [pair.low, pair.high];
    owner = { kind: "direct", ...pair };
  }
  const opened = await makeConversation(db, owner, participantIds);
  const [view] = await conversationViews(db, a.userId, [{ ...opened.conversation, unread: 0 }]);
  return { conversation: view, created: opened.created };
}

/** The conversation found or made, with a place for each of its people, in one transaction. */
export async function makeConversation(
  db: Kysely<Database>,
  owner: Parameters<typeof findOrCreateConversation>[1],
  participantIds: string[],
) {
  return await db.transaction().execute(async (trx) => {
    const found = await findOrCreateConversation(trx, owner);
    await ensurePlaces(trx, found.conversation.id, participantIds);
    return found;
  });
}

const LIST_LIMIT = 100;

/** The person's conversations, latest activity first, with what is unread; never content. */
export async function listConversations(
  db: Kysely<Database>,
  actor: Actor | null,
): Promise<{ conversations: ConversationView[]; unreadTotal: number }> {
  const a = requireActor(actor);
  const [rows, unreadTotal] = await Promise.all([
    conversationsOfUser(db, a.userId, LIST_LIMIT),
    unreadMessageTotal(db, a.userId),
  ]);
  return { conversations: await conversationViews(db, a.userId, rows), unreadTotal };
}

/** Views of conversations the actor is in, named and peopled in three queries whatever their number. */
export async function conversationViews(
  db: Kysely<Database>,
  viewerId: string,
  rows: readonly (Conversation & { unread: number })[],
): Promise<ConversationView[]> {
  const ids = rows.map((r) => r.id);
  const [places, titles] = await Promise.all([placesOfConversations(db, ids), conversationTitles(db, rows)]);
  const names = await displayNames(db, [...new Set(places.map((p) => p.user_id))]);
  return rows.map((r) => {
    const participants = places.filter((p) => p.conversation_id === r.id)
      .map((p) => ({ userId: p.user_id, name: names.get(p.user_id) ?? "Someone" }));
    const others = participants.filter((p) => p.userId !== viewerId).map((p) => p.name);
    return {
      id: r.id,
      kind: r.kind,
      title: titles.get(r.id) ?? (others.join(", ") || "Conversation"),
      bookingId: r.booking_id,
      applicationId: r.application_id,
      lastSeq: r.last_seq,
      lastMessageAt: r.last_message_at?.toISOString() ?? null,
      unread: Math.max(0, Number(r.unread)),
      participants,
    };
  });
}
