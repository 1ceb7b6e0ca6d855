/**
 * Who talks to whom. A conversation belongs to a booking (the organizer, the
 * act's owner and the band's accepted members: the people who perform and
 * pay, not the venue or staff), to an application (the opportunity's
 * organizer and the applying act's people), or to two people who already
 * share one of those; there are no cold messages to strangers. Anyone outside
 * a conversation is told it does not exist. Admins are not participants:
 * messages are end-to-end encrypted, and what they see in a dispute is what a
 * party chooses to disclose.
 */
import { type Actor, requireActor } from "./access.ts";
import { NotFound } from "./errors.ts";

export const CONVERSATION_KINDS = ["booking", "application", "direct"] as const;
export type ConversationKind = (typeof CONVERSATION_KINDS)[number];

/** A message, or the notice that its sender's keys changed (written by the server, no content). */
export const MESSAGE_KINDS = ["message", "key_changed"] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const MESSAGE_LIMITS = {
  /** The sealed body, base64url: room for a long message and five attachment references. */
  bodyChars: 48_000,
  attachmentBytes: 10 * 1024 * 1024,
  attachmentsPerMessage: 5,
  pageSize: 50,
} as const;

/** The people of an act and of whoever booked or considered it. */
export interface ActPeople {
  /** The organizer of the booking, or of the opportunity applied to. */
  organizerId: string;
  actOwnerId: string;
  memberIds: readonly string[];
  /** Who sent the application (the act's owner or a manager acting for it), when there is one. */
  applicantId?: string;
}

export function participantsOf(people: ActPeople): string[] {
  const ids = [people.organizerId, people.actOwnerId, ...people.memberIds];
  if (people.applicantId) ids.push(people.applicantId);
  return [...new Set(ids)];
}

export const CONVERSATION_NOT_FOUND = "Conversation not found";

/** The actor, when they are one of `participantIds`; NotFound otherwise (Unauthorized when signed out). */
export function requireParticipant(actor: Actor | null, participantIds: readonly string[]): Actor {
  const a = requireActor(actor);
  if (!participantIds.includes(a.userId)) throw new NotFound(CONVERSATION_NOT_FOUND);
  return a;
}

/** The two ids of a direct conversation in the order the table keeps them. */
export function directPair(a: string, b: string): { low: string; high: string } {
  return a < b ? { low: a, high: b } : { low: b, high: a };
}
