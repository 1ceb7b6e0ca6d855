/**
 * Everyone who relates to a booking in some way, signed up through the app,
 * for the matrices of endpoints that belong to a booking's conversation: its
 * organizer, the band's manager and an accepted member (the conversation's
 * people), the manager of the venue it is at, a stranger, staff and an admin.
 */
import type { Actor } from "../../domain/access.ts";
import type { RoleName } from "../../domain/roles.ts";
import { openConversation } from "../../services/messages/conversations.ts";
import type { TestApp } from "./app.ts";
import { type SignedIn, signUp } from "./accounts.ts";
import { band, booking, venue } from "./fixtures.ts";

export const CAST_ROLES = {
  organizer: "organizer",
  act: "band_manager",
  member: "artist",
  venue: "venue_manager",
  stranger: "promoter",
  staff: "staff",
  admin: "admin",
} as const satisfies Record<string, RoleName>;

export type CastMember = keyof typeof CAST_ROLES;
export type Caller = "anonymous" | CastMember;
export const CAST = Object.keys(CAST_ROLES) as CastMember[];

/** The cast, a confirmed booking of the band at the venue, and the booking's conversation. */
export async function bookingCast(app: TestApp) {
  const db = app.database.db;
  const people = {} as Record<CastMember, SignedIn>;
  for (const who of CAST) people[who] = await signUp(app, CAST_ROLES[who]);
  const actor = (who: CastMember): Actor => ({
    userId: people[who].id,
    roles: [CAST_ROLES[who]],
    sessionId: crypto.randomUUID(),
  });
  const { id: actId } = await band(db, people.act.id);
  await db.insertInto("band_members").values({
    act_id: actId,
    user_id: people.member.id,
    status: "accepted",
    responded_at: new Date(),
  }).execute();
  const { id: venueId } = await venue(db, people.venue.id);
  const { id: bookingId } = await booking(db, actId, people.organizer.id, {
    status: "confirmed",
    venue_id: venueId,
  });
  const { conversation } = await openConversation(db, actor("organizer"), { bookingId });
  return { people, actor, bookingId, conversationId: conversation.id };
}

/**
 * Moves the cast's booking to `completed` as the organizer, as its timeline would record it (reviews open from
 * that move), and returns the act's id. Straight into the tables: what is under test starts after the show.
 */
export async function completeCastBooking(
  app: TestApp,
  cast: { people: Record<CastMember, SignedIn>; bookingId: string },
): Promise<string> {
  const db = app.database.db;
  const { act_id: actId } = await db.updateTable("bookings").set({ status: "completed" })
    .where("id", "=", cast.bookingId).returning("act_id").executeTakeFirstOrThrow();
  await db.insertInto("booking_events").values({
    booking_id: cast.bookingId,
    actor_id: cast.people.organizer.id,
    party: "organizer",
    event: "complete",
    from_status: "scheduled",
    to_status: "completed",
    detail: JSON.stringify({}),
    created_at: new Date(),
  }).execute();
  return actId;
}
