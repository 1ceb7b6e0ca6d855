/**
 * Who may do what to accounts. Services call these before touching data, so
 * every caller (page, API, job) gets the same answer.
 */
import { Forbidden, Unauthorized } from "./errors.ts";
import type { RoleName } from "./roles.ts";

/** The authenticated person behind a request. */
export interface Actor {
  userId: string;
  roles: readonly RoleName[];
  sessionId: string;
}

export function isAdmin(actor: Actor): boolean {
  return actor.roles.includes("admin");
}

/** Admins and staff keep the platform honest: they may see every account. */
export function isStaffOrAdmin(actor: Actor): boolean {
  return actor.roles.includes("admin") || actor.roles.includes("staff");
}

export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new Unauthorized();
  return actor;
}

export function requireAdmin(actor: Actor | null): Actor {
  const a = requireActor(actor);
  if (!isAdmin(a)) throw new Forbidden("Only an admin can do this");
  return a;
}

export function requireStaffOrAdmin(actor: Actor | null): Actor {
  const a = requireActor(actor);
  if (!isStaffOrAdmin(a)) throw new Forbidden("Only admins and staff can do this");
  return a;
}

/** The account's owner or an admin; staff may look but not change. */
export function requireSelfOrAdmin(actor: Actor | null, userId: string): Actor {
  const a = requireActor(actor);
  if (a.userId !== userId && !isAdmin(a)) throw new Forbidden("You can only change your own account");
  return a;
}

export function requireSelfOrStaff(actor: Actor | null, userId: string): Actor {
  const a = requireActor(actor);
  if (a.userId !== userId && !isStaffOrAdmin(a)) {
    throw new Forbidden("You can only see your own account");
  }
  return a;
}
