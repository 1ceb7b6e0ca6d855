/**
 * Conversations: finding or making the one of a booking, an application or a
 * pair of people; who is in it (recomputed from the booking or application,
 * so a band's new member joins and a departed one leaves); and taking the
 * next message number under the conversation's row lock.
 */
import { type Kysely, sql } from "kysely";
import type { Conversation, Database } from "../schema.ts";
import type { ConversationKind } from "../../domain/conversations.ts";
import { acceptedMemberIds, onActSideSql } from "./act_side.ts";

export function findConversation(db: Kysely<Database>, id: string): Promise<Conversation | undefined> {
  return db.selectFrom("conversations").selectAll().where("id", "=", id).executeTakeFirst();
}

type Owner =
  | { kind: "booking"; bookingId: string }
  | { kind: "application"; applicationId: string }
  | { kind: "direct"; low: string; high: string };

function ownedBy(db: Kysely<Database>, owner: Owner) {
  const q = db.selectFrom("conversations").selectAll();
  if (owner.kind === "booking") return q.where("booking_id", "=", owner.bookingId);
  if (owner.kind === "application") return q.where("application_id", "=", owner.applicationId);
  return q.where("user_low", "=", owner.low).where("user_high", "=", owner.high);
}

/** The conversation of a booking, application or pair, made on first use; `created` says which. */
export async function findOrCreateConversation(
  db: Kysely<Database>,
  owner: Owner,
): Promise<{ conversation: Conversation; created: boolean }> {
  const inserted = await db.insertInto("conversations").values({
    kind: owner.kind as ConversationKind,
    booking_id: owner.kind === "booking" ? owner.bookingId : null,
    application_id: owner.kind === "application" ? owner.applicationId : null,
    user_low: owner.kind === "direct" ? owner.low : null,
    user_high: owner.kind === "direct" ? owner.high : null,
  }).onConflict((oc) => oc.doNothing()).returningAll().executeTakeFirst();
  if (inserted) return { conversation: inserted, created: true };
  return { conversation: await ownedBy(db, owner).executeTakeFirstOrThrow(), created: false };
}

/** The next message number; holds the conversation's row lock until the transaction ends. */
export async function takeNextSeq(db: Kysely<Database>, conversationId: string, at: Date): Promise<number> {
  const row = await db.updateTable("conversations")
    .set((eb) => ({ last_seq: eb("last_seq", "+", 1), last_message_at: at }))
    .where("id", "=", conversationId).returning("last_seq").executeTakeFirstOrThrow();
  return row.last_seq;
}

/** The booking's organizer, act owner and accepted members. */
export async function bookingConversationPeople(db: Kysely<Database>, bookingId: string) {
  const row = await db.selectFrom("bookings as b").innerJoin("acts as a", "a.id", "b.act_id")
    .select(["b.organizer_id", "a.owner_id", "a.id as act_id", "b.title"])
    .where("b.id", "=", bookingId).executeTakeFirst();
  if (!row) return undefined;
  return {
    title: row.title,
    organizerId: row.organizer_id,
    actOwnerId: row.owner_id,
    memberIds: await acceptedMemberIds(db, row.act_id),
  };
}

/** The opportunity's organizer, the applicant, and the applying act's owner and members. */
export async function applicationConversationPeople(db: Kysely<Database>, applicationId: string) {
  const row = await db.selectFrom("applications as ap")
    .innerJoin("opportunities as o", "o.id", "ap.opportunity_id")
    .innerJoin("acts as a", "a.id", "ap.act_id")
    .select(["o.organizer_id", "o.title", "ap.applicant_id", "a.owner_id", "a.id as act_id"])
    .where("ap.id", "=", applicationId).executeTakeFirst();
  if (!row) return undefined;
  return {
    title: row.title,
    organizerId: row.organizer_id,
    actOwnerId: row.owner_id,
    applicantId: row.applicant_id,
    memberIds: await acceptedMemberIds(db, row.act_id),
  };
}

/** Whether two people are both in some booking or application (the only way to start a direct conversation). */
export async function shareABookingOrApplication(
  db: Kysely<Database>,
  a: string,
  b: string,
): Promise<boolean> {
  const inBooking = (u: string) => sql<boolean>`(bk.organizer_id = ${u} or ${onActSideSql(u, "ac")})`;
  const inApplication = (u: string) =>
    sql<boolean>`(o.organizer_id = ${u} or ap.applicant_id = ${u} or ${onActSideSql(u, "ac")})`;
  const booking = await db.selectFrom("bookings as bk").innerJoin("acts as ac", "ac.id", "bk.act_id")
    .select("bk.id").where(inBooking(a)).where(inBooking(b)).limit(1).executeTakeFirst();
  if (booking) return true;
  const application = await db.selectFrom("applications as ap")
    .innerJoin("opportunities as o", "o.id", "ap.opportunity_id")
    .innerJoin("acts as ac", "ac.id", "ap.act_id")
    .select("ap.id").where(inApplication(a)).where(inApplication(b)).limit(1).executeTakeFirst();
  return application !== undefined;
}

/** Names to show for people, by id. */
export async function displayNames(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom("users").select(["id", "display_name", "first_name", "last_name"])
    .where("id", "in", [...ids]).execute();
  return new Map(rows.map((r) => [
    r.id,
    r.display_name ?? ([r.first_name, r.last_name].filter(Boolean).join(" ") || "Someone"),
  ]));
}

/** Locks the conversation's row: sends to one conversation queue here, so numbers commit in order. */
export function lockConversation(db: Kysely<Database>, id: string) {
  return db.selectFrom("conversations").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
}

/** Who has a place in each of these conversations. */
export function placesOfConversations(db: Kysely<Database>, ids: readonly string[]) {
  return db.selectFrom("conversation_reads").select(["conversation_id", "user_id"])
    .where("conversation_id", "in", ids.length > 0 ? [...ids] : ["00000000-0000-0000-0000-000000000000"])
    .execute();
}

/** What booking and application conversations are called: the booking's or opportunity's title. */
export async function conversationTitles(
  db: Kysely<Database>,
  rows: readonly Pick<Conversation, "id" | "booking_id" | "application_id">[],
): Promise<Map<string, string>> {
  const bookingIds = rows.flatMap((r) => r.booking_id ? [r.booking_id] : []);
  const applicationIds = rows.flatMap((r) => r.application_id ? [r.application_id] : []);
  const [bookings, applications] = await Promise.all([
    bookingIds.length > 0
      ? db.selectFrom("bookings").select(["id", "title"]).where("id", "in", bookingIds).execute()
      : [],
    applicationIds.length > 0
      ? db.selectFrom("applications as ap").innerJoin("opportunities as o", "o.id", "ap.opportunity_id")
        .select(["ap.id", "o.title"]).where("ap.id", "in", applicationIds).execute()
      : [],
  ]);
  const byOwner = new Map<string, string>([...bookings, ...applications].map((r) => [r.id, r.title]));
  const titles = new Map<string, string>();
  for (const r of rows) {
    const title = byOwner.get(r.booking_id ?? r.application_id ?? "");
    if (title) titles.set(r.id, title);
  }
  return titles;
}

export function findConversationOfBooking(db: Kysely<Database>, bookingId: string) {
  return db.selectFrom("conversations").selectAll().where("booking_id", "=", bookingId).executeTakeFirst();
}

/** The booking's conversation and how far `userId` has read it (0 when they have no place in it yet). */
export function bookingConversationAsReadBy(db: Kysely<Database>, bookingId: string, userId: string) {
  return db.selectFrom("conversations as c")
    .leftJoin(
      "conversation_reads as r",
      (join) => join.onRef("r.conversation_id", "=", "c.id").on("r.user_id", "=", userId),
    )
    .select(["c.id", "c.last_seq", sql<number>`coalesce(r.read_seq, 0)`.as("read_seq")])
    .where("c.booking_id", "=", bookingId).executeTakeFirst();
}

export function conversationsByIds(db: Kysely<Database>, ids: readonly string[]) {
  return db.selectFrom("conversations").selectAll()
    .where("id", "in", ids.length > 0 ? [...ids] : ["00000000-0000-0000-0000-000000000000"]).execute();
}
