/**
 * Suspending and reinstating accounts (the rules are in domain/suspension.ts). Only admins; the console's
 * forms, POST /users/{id}/suspend and /reinstate, and PATCH /users/{id} {status} all come here, so a
 * suspension always has its reason, ends every session in the same transaction, and is in the audit log.
 *
 * Ending the sessions is what signs the person out everywhere at once: access tokens are checked against
 * their session on every request (services/auth/sessions.ts), so a token issued before the suspension
 * stops working on its next use rather than when it expires, and the refresh tokens of an ended session
 * are refused. Hiding their listings needs no write: public reads ask whether the owner lists publicly.
 */
import { z } from "zod";
import type { Transaction } from "kysely";
import { recordAudit, withAuditContext } from "../../db/audit.ts";
import {
  insertSuspension,
  liftSuspension,
  lockLiveUser,
  setUserStatus,
} from "../../db/queries/user_suspensions.ts";
import type { Database, User } from "../../db/schema.ts";
import { type Actor, requireAdmin } from "../../domain/access.ts";
import { Conflict, NotFound } from "../../domain/errors.ts";
import { SUSPENSION_REASON_MAX } from "../../domain/suspension.ts";
import { revokeUserSessions, rolesOf } from "../auth/sessions.ts";
import type { RequestMeta, ServiceDeps } from "../deps.ts";
import { type PublicUser, publicUser } from "../users/public_user.ts";
import { parseInput, plainString, requireId } from "../validation.ts";

const reason = plainString().min(1, "Say why: the other admins will read it")
  .max(SUSPENSION_REASON_MAX, `At most ${SUSPENSION_REASON_MAX} characters`);

export const SuspendInput = z.object({ reason }).strict();
export const ReinstateInput = z.object({
  note: plainString().max(SUSPENSION_REASON_MAX, `At most ${SUSPENSION_REASON_MAX} characters`).optional(),
}).strict();

type Deps = Pick<ServiceDeps, "db" | "now">;

export async function suspendUser(
  deps: Deps,
  actor: Actor | null,
  userId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<PublicUser> {
  const a = requireAdmin(actor);
  const id = requireId(userId, "User");
  const data = parseInput(SuspendInput, input);
  return await deps.db.transaction().execute(async (trx) => {
    const user = await suspendIn(trx, a, id, data.reason, deps.now(), meta);
    return publicUser(user, await rolesOf(trx, id));
  });
}

export async function reinstateUser(
  deps: Deps,
  actor: Actor | null,
  userId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<PublicUser> {
  const a = requireAdmin(actor);
  const id = requireId(userId, "User");
  const data = parseInput(ReinstateInput, input);
  return await deps.db.transaction().execute(async (trx) => {
    const user = await reinstateIn(trx, a, id, data.note || null, deps.now(), meta);
    return publicUser(user, await rolesOf(trx, id));
  });
}

/** Suspends `userId` inside the caller's transaction; `a` must already be known to be an admin. */
export async function suspendIn(
  trx: Transaction<Database>,
  a: Actor,
  userId: string,
  reason: string,
  now: Date,
  meta: RequestMeta,
): Promise<User> {
  if (a.userId === userId) throw new Conflict("You cannot suspend yourself");
  const user = await lockLiveUser(trx, userId);
  if (!user) throw new NotFound("User not found");
  if (user.status === "suspended") throw new Conflict("This account is already suspended");
  await withAuditContext(trx, { ...meta, actorId: a.userId });
  const statusBefore = user.status === "pending_verification" ? "pending_verification" : "active";
  await insertSuspension(trx, { userId, reason, statusBefore, by: a.userId, at: now });
  const suspended = await setUserStatus(trx, userId, "suspended");
  const sessionsEnded = await revokeUserSessions(trx, userId, "suspended", now);
  await recordAudit(trx, {
    ...meta,
    actorId: a.userId,
    action: "user.suspended",
    entityType: "user",
    entityId: userId,
    diff: { reason, sessionsEnded },
  });
  return suspended;
}

/**
 * Lifts `userId`'s suspension inside the caller's transaction: back to the status the account had (an
 * address never verified stays to be verified).
 */
export async function reinstateIn(
  trx: Transaction<Database>,
  a: Actor,
  userId: string,
  note: string | null,
  now: Date,
  meta: RequestMeta,
): Promise<User> {
  const user = await lockLiveUser(trx, userId);
  if (!user) throw new NotFound("User not found");
  if (user.status !== "suspended") throw new Conflict("This account is not suspended");
  await withAuditContext(trx, { ...meta, actorId: a.userId });
  // An account suspended by hand in the database has no suspension row: it was usable before.
  const before = await liftSuspension(trx, { userId, by: a.userId, note, at: now }) ?? "active";
  const reinstated = await setUserStatus(trx, userId, before);
  await recordAudit(trx, {
    ...meta,
    actorId: a.userId,
    action: "user.reinstated",
    entityType: "user",
    entityId: userId,
    diff: { note, status: before },
  });
  return reinstated;
}
