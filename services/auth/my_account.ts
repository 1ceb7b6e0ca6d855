/** The signed-in person's own account: who they are and where they are signed in. */
import { recordAudit } from "../../db/audit.ts";
import { type Actor, requireActor } from "../../domain/access.ts";
import { NotFound } from "../../domain/errors.ts";
import { type PublicUser, publicUser } from "../users/public_user.ts";
import type { RequestMeta, ServiceDeps } from "../deps.ts";
import { listLiveSessions, revokeSession, revokeUserSessions, type SessionSummary } from "./sessions.ts";
import { requireId } from "../validation.ts";

export async function me(deps: ServiceDeps, actor: Actor | null): Promise<PublicUser> {
  const a = requireActor(actor);
  const user = await deps.db.selectFrom("users").selectAll().where("id", "=", a.userId).executeTakeFirst();
  if (!user) throw new NotFound("Account not found");
  return publicUser(user, [...a.roles]);
}

export function sessions(deps: ServiceDeps, actor: Actor | null): Promise<SessionSummary[]> {
  const a = requireActor(actor);
  return listLiveSessions(deps.db, a.userId, a.sessionId, deps.now());
}

/** Signs out everywhere but here, e.g. after using a shared computer. */
export async function endOtherSessions(
  deps: ServiceDeps,
  actor: Actor | null,
  meta: RequestMeta,
): Promise<number> {
  const a = requireActor(actor);
  const ended = await revokeUserSessions(deps.db, a.userId, "ended_by_user", deps.now(), a.sessionId);
  await recordAudit(deps.db, {
    ...meta,
    actorId: a.userId,
    action: "auth.sessions_revoked",
    entityType: "user",
    entityId: a.userId,
    diff: { ended },
  });
  return ended;
}

/** Ends one of the actor's own sessions; someone else's session is as good as absent. */
export async function endSession(
  deps: ServiceDeps,
  actor: Actor | null,
  sessionId: string,
  meta: RequestMeta,
): Promise<void> {
  const a = requireActor(actor);
  const id = requireId(sessionId, "Session");
  const own = await deps.db.selectFrom("sessions").select("id")
    .where("id", "=", id).where("user_id", "=", a.userId).executeTakeFirst();
  if (!own) throw new NotFound("No such session");
  if (await revokeSession(deps.db, id, "ended_by_user", deps.now())) {
    await recordAudit(deps.db, {
      ...meta,
      actorId: a.userId,
      action: "auth.session_revoked",
      entityType: "session",
      entityId: id,
      diff: { reason: "ended_by_user" },
    });
  }
}
