/**
 * Band membership rows: invitations and their answers, the line-up with each
 * member's name, a user's bands, and the fee shares already promised.
 *
 *   select band_members.user_id, users.display_name, band_members.role, band_members.status,
 *          band_members.fee_share_bps, band_members.invited_at, band_members.responded_at
 *   from band_members join users on users.id = band_members.user_id
 *   where band_members.act_id = $1 [and band_members.status = 'accepted']
 *   order by band_members.invited_at, band_members.user_id
 */
import type { Kysely, Selectable, Transaction } from "kysely";
import type { BandMemberStatus } from "../../domain/catalog.ts";
import type { BandMembersTable, Database, User } from "../schema.ts";

type BandMember = Selectable<BandMembersTable>;

/** A member of a band (or someone invited to it) with their display name. */
export type MemberRow =
  & Pick<BandMember, "user_id" | "role" | "status" | "fee_share_bps" | "invited_at" | "responded_at">
  & Pick<User, "display_name">;

/** A band the user is in or is invited to. */
export interface UserBand {
  bandId: string;
  name: string;
  slug: string;
  role: string | null;
  status: Exclude<BandMemberStatus, "declined">;
  feeShareBps: number | null;
}

/** An invitation's terms; asking again replaces a declined one. */
export interface Invitation {
  role: string | null;
  fee_share_bps: number | null;
  invited_by: string;
}

/** A user who may be invited (not deleted), found by id or by e-mail (case-insensitive). */
export async function findInvitableUser(
  db: Kysely<Database>,
  by: { userId: string } | { email: string },
): Promise<{ id: string } | undefined> {
  const query = db.selectFrom("users").select("id").where("status", "!=", "deleted");
  return await ("userId" in by
    ? query.where("id", "=", by.userId)
    : query.where((eb) => eb(eb.fn("lower", ["email"]), "=", by.email))).executeTakeFirst();
}

/** The user's membership of the band (whatever its status), if any. */
export async function findMembership(
  db: Kysely<Database>,
  bandId: string,
  userId: string,
): Promise<Pick<BandMember, "status" | "fee_share_bps"> | undefined> {
  return await db.selectFrom("band_members").select(["status", "fee_share_bps"])
    .where("act_id", "=", bandId).where("user_id", "=", userId).executeTakeFirst();
}

/** Invites the user, replacing an earlier answer (a declined invitation) if there is one. */
export async function upsertInvitation(
  trx: Transaction<Database>,
  bandId: string,
  userId: string,
  terms: Invitation,
): Promise<void> {
  const invitation = {
    ...terms,
    status: "invited" as const,
    invited_at: new Date(),
    responded_at: null,
  };
  await trx.insertInto("band_members").values({ act_id: bandId, user_id: userId, ...invitation })
    .onConflict((oc) => oc.columns(["act_id", "user_id"]).doUpdateSet(invitation)).execute();
}

export async function setMemberAnswer(
  trx: Transaction<Database>,
  bandId: string,
  userId: string,
  answer: "accepted" | "declined",
): Promise<void> {
  await trx.updateTable("band_members").set({ status: answer, responded_at: new Date() })
    .where("act_id", "=", bandId).where("user_id", "=", userId).execute();
}

/** Whether there was a membership (of any status) to delete. */
export async function deleteMembership(
  trx: Transaction<Database>,
  bandId: string,
  userId: string,
): Promise<boolean> {
  const removed = await trx.deleteFrom("band_members")
    .where("act_id", "=", bandId).where("user_id", "=", userId).executeTakeFirst();
  return removed.numDeletedRows > 0n;
}

function membersOf(db: Kysely<Database>, bandId: string) {
  return db.selectFrom("band_members").innerJoin("users", "users.id", "band_members.user_id")
    .select([
      "band_members.user_id",
      "users.display_name",
      "band_members.role",
      "band_members.status",
      "band_members.fee_share_bps",
      "band_members.invited_at",
      "band_members.responded_at",
    ])
    .where("band_members.act_id", "=", bandId);
}

/** The band's members, oldest invitation first: everyone, or only those who accepted. */
export async function findMembers(
  db: Kysely<Database>,
  bandId: string,
  acceptedOnly: boolean,
): Promise<MemberRow[]> {
  let query = membersOf(db, bandId);
  if (acceptedOnly) query = query.where("band_members.status", "=", "accepted");
  return await query.orderBy("band_members.invited_at").orderBy("band_members.user_id").execute();
}

/** One member of the band, who must exist. */
export async function findMember(db: Kysely<Database>, bandId: string, userId: string): Promise<MemberRow> {
  return await membersOf(db, bandId).where("band_members.user_id", "=", userId).executeTakeFirstOrThrow();
}

/** The user's bands, by name, with invitations still waiting for an answer (declined ones left out). */
export async function findBandsOfUser(db: Kysely<Database>, userId: string): Promise<UserBand[]> {
  return await db.selectFrom("band_members").innerJoin("acts", "acts.id", "band_members.act_id")
    .select([
      "acts.id as bandId",
      "acts.name",
      "acts.slug",
      "band_members.role",
      "band_members.status",
      "band_members.fee_share_bps as feeShareBps",
    ])
    .where("band_members.user_id", "=", userId).where("band_members.status", "!=", "declined")
    .$narrowType<{ status: UserBand["status"] }>()
    .orderBy("acts.name").orderBy("acts.id").execute();
}

/** The basis points of the band's fee promised to accepted members other than `exceptUserId`. */
export async function acceptedShareBps(
  db: Kysely<Database>,
  bandId: string,
  exceptUserId: string,
): Promise<number> {
  const { total } = await db.selectFrom("band_members")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string | number>("fee_share_bps"), eb.lit(0)).as("total"))
    .where("act_id", "=", bandId).where("status", "=", "accepted").where("user_id", "!=", exceptUserId)
    .executeTakeFirstOrThrow();
  return Number(total);
}
