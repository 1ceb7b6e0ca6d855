/**
 * Band membership: the band's manager (its owner) invites registered users,
 * each invitee alone accepts or declines, the manager removes members and a
 * member may leave. A user may belong to several bands.
 *
 * Fee shares are basis points of the band's fee; the accepted members'
 * shares may not add up to more than the whole fee. Invitations and
 * acceptances lock the band row, so two acceptances at once cannot both
 * squeeze under the limit.
 */
import { z } from "zod";
import type { Kysely, Transaction } from "kysely";
import { recordAudit } from "../../db/audit.ts";
import {
  acceptedShareBps,
  deleteMembership,
  findBandsOfUser,
  findInvitableUser,
  findMember,
  findMembers,
  findMembership,
  type MemberRow,
  setMemberAnswer,
  upsertInvitation,
  type UserBand,
} from "../../db/queries/band_members.ts";
import type { Database } from "../../db/schema.ts";
import { type Actor, isStaffOrAdmin, requireActor } from "../../domain/access.ts";
import { canEdit, requireEditor } from "../../domain/catalog_access.ts";
import { Conflict, Forbidden, NotFound } from "../../domain/errors.ts";
import type { RequestMeta } from "../deps.ts";
import { idField, parseInput, plainString } from "../validation.ts";
import { findAct } from "./acts.ts";

const WHOLE_FEE_BPS = 10_000;

export const InviteMemberInput = z.object({
  userId: idField("Not a user id").optional(),
  email: z.email().trim().toLowerCase().optional(),
  /** Instrument or role: "Tabla", "Lead vocals". */
  role: plainString().min(1).max(60).optional(),
  feeShareBps: z.number().int().min(0).max(WHOLE_FEE_BPS).optional(),
}).strict().refine((v) => (v.userId === undefined) !== (v.email === undefined), {
  path: ["userId"],
  message: "Give either userId or email",
});

export interface MemberView {
  userId: string;
  displayName: string | null;
  role: string | null;
  status: "invited" | "accepted" | "declined";
  /** Money between the band and its manager: shown to those who see every member. */
  feeShareBps?: number | null;
  invitedAt: string;
  respondedAt: string | null;
}

export type MyBand = UserBand;

export async function inviteMember(
  db: Kysely<Database>,
  actor: Actor | null,
  bandId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<MemberView> {
  requireActor(actor);
  const data = parseInput(InviteMemberInput, input);
  return await db.transaction().execute(async (trx) => {
    const a = requireEditor(actor, await lockedBand(trx, bandId));
    const user = await findInvitableUser(
      trx,
      data.userId ? { userId: data.userId } : { email: data.email! },
    );
    if (!user) throw new NotFound("No registered user with this id or e-mail");
    await requireShareFits(trx, bandId, user.id, data.feeShareBps ?? null);
    const existing = await findMembership(trx, bandId, user.id);
    if (existing && existing.status !== "declined") {
      throw new Conflict(`This user is already ${existing.status === "accepted" ? "a member" : "invited"}`);
    }
    // Someone who declined may be asked again: the old answer is replaced.
    await upsertInvitation(trx, bandId, user.id, {
      role: data.role ?? null,
      fee_share_bps: data.feeShareBps ?? null,
      invited_by: a.userId,
    });
    await audit(trx, a, meta, "band.member_invited", bandId, {
      userId: user.id,
      role: data.role,
      feeShareBps: data.feeShareBps,
    });
    return await oneMember(trx, bandId, user.id);
  });
}

export async function acceptInvitation(
  db: Kysely<Database>,
  actor: Actor | null,
  bandId: string,
  userId: string,
  meta: RequestMeta,
): Promise<MemberView> {
  return await respond(db, actor, bandId, userId, "accepted", meta);
}

export async function declineInvitation(
  db: Kysely<Database>,
  actor: Actor | null,
  bandId: string,
  userId: string,
  meta: RequestMeta,
): Promise<MemberView> {
  return await respond(db, actor, bandId, userId, "declined", meta);
}

/** The manager (or an admin) removes anyone; a member may remove themselves, i.e. leave. */
export async function removeMember(
  db: Kysely<Database>,
  actor: Actor | null,
  bandId: string,
  userId: string,
  meta: RequestMeta,
): Promise<void> {
  const a = requireActor(actor);
  await db.transaction().execute(async (trx) => {
    const band = await lockedBand(trx, bandId);
    if (a.userId !== userId && !canEdit(a, band)) {
      throw new Forbidden("Only the band's manager can remove members");
    }
    if (!await deleteMembership(trx, bandId, userId)) throw new NotFound("This user is not in the band");
    await audit(trx, a, meta, "band.member_removed", bandId, { userId });
  });
}

/** Everyone sees the accepted line-up; the manager, admins and staff also see invitations and shares. */
export async function listMembers(
  db: Kysely<Database>,
  actor: Actor | null,
  bandId: string,
): Promise<MemberView[]> {
  const band = await findBand(db, bandId);
  const full = actor !== null && (canEdit(actor, band) || isStaffOrAdmin(actor));
  const rows = await findMembers(db, bandId, !full);
  return rows.map((row) => memberView(row, full));
}

/** The signed-in user's bands, with invitations still waiting for an answer. */
export async function myBands(db: Kysely<Database>, actor: Actor | null): Promise<MyBand[]> {
  const a = requireActor(actor);
  return await findBandsOfUser(db, a.userId);
}

async function respond(
  db: Kysely<Database>,
  actor: Actor | null,
  bandId: string,
  userId: string,
  answer: "accepted" | "declined",
  meta: RequestMeta,
): Promise<MemberView> {
  const a = requireActor(actor);
  // Not even an admin answers for someone else: membership is the member's choice.
  if (a.userId !== userId) throw new Forbidden("Only the invited person can answer an invitation");
  return await db.transaction().execute(async (trx) => {
    await lockedBand(trx, bandId);
    const member = await findMembership(trx, bandId, userId);
    if (!member) throw new NotFound("No invitation to this band");
    if (member.status !== "invited") throw new Conflict(`This invitation was already ${member.status}`);
    if (answer === "accepted") await requireShareFits(trx, bandId, userId, member.fee_share_bps);
    await setMemberAnswer(trx, bandId, userId, answer);
    await audit(trx, a, meta, `band.invitation_${answer}`, bandId, { userId });
    return await oneMember(trx, bandId, userId);
  });
}

async function requireShareFits(
  trx: Transaction<Database>,
  bandId: string,
  userId: string,
  share: number | null,
): Promise<void> {
  if (!share) return;
  const total = await acceptedShareBps(trx, bandId, userId);
  if (total + share > WHOLE_FEE_BPS) {
    throw new Conflict("The members' fee shares would add up to more than 100%", [{
      field: "feeShareBps",
      message: `At most ${WHOLE_FEE_BPS - total} basis points are left`,
    }]);
  }
}

async function findBand(db: Kysely<Database>, bandId: string, lock = false) {
  const act = await findAct(db, bandId, lock).catch((err) => {
    throw err instanceof NotFound ? new NotFound("Band not found") : err;
  });
  if (act.kind !== "band") throw new NotFound("Band not found");
  return act;
}

function lockedBand(trx: Transaction<Database>, bandId: string) {
  return findBand(trx, bandId, true);
}

async function oneMember(trx: Transaction<Database>, bandId: string, userId: string): Promise<MemberView> {
  return memberView(await findMember(trx, bandId, userId), true);
}

function memberView(row: MemberRow, withShare: boolean): MemberView {
  return {
    userId: row.user_id,
    displayName: row.display_name,
    role: row.role,
    status: row.status,
    ...(withShare ? { feeShareBps: row.fee_share_bps } : {}),
    invitedAt: new Date(row.invited_at).toISOString(),
    respondedAt: row.responded_at ? new Date(row.responded_at).toISOString() : null,
  };
}

function audit(
  trx: Transaction<Database>,
  actor: Actor,
  meta: RequestMeta,
  action: string,
  bandId: string,
  diff: Record<string, unknown>,
) {
  return recordAudit(trx, {
    ...meta,
    actorId: actor.userId,
    action,
    entityType: "act",
    entityId: bandId,
    diff,
  });
}
