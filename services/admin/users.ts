/**
 * An account as the admin console shows it: who they are, their roles and status, the open suspension and
 * the earlier ones, what they list (and whether the public sees it), how many sessions could still act for
 * them, and the newest audit entries about them. Staff and admins may look; what an admin may change is
 * decided by the services that change it (services/users/users.ts, ./users_suspension.ts).
 */
import type { Kysely } from "kysely";
import type { AuditRowView } from "../../db/queries/audit_log.ts";
import { listingsOwnedBy, type OwnedListings } from "../../db/queries/listings.ts";
import { findUserById } from "../../db/queries/user_search.ts";
import { type SuspensionRow, suspensionsOf } from "../../db/queries/user_suspensions.ts";
import type { Database } from "../../db/schema.ts";
import { type Actor, isAdmin, requireStaffOrAdmin } from "../../domain/access.ts";
import { NotFound } from "../../domain/errors.ts";
import { listsPublicly } from "../../domain/suspension.ts";
import { countLiveSessions, rolesOf } from "../auth/sessions.ts";
import { type PublicUser, publicUser } from "../users/public_user.ts";
import { requireId } from "../validation.ts";
import { auditAbout } from "./audit.ts";

export const RECENT_AUDIT = 15;

export interface AdminUserView {
  user: PublicUser;
  /** The suspension in force, if any. */
  suspension: SuspensionRow | null;
  /** Every suspension, newest first. */
  suspensions: SuspensionRow[];
  listings: OwnedListings;
  /** Whether the public sees their listings (not while suspended or deleted). */
  listed: boolean;
  liveSessions: number;
  recentAudit: AuditRowView[];
  /** The viewer may change this account: an admin, and not themselves for suspension. */
  canManage: boolean;
  isSelf: boolean;
}

export async function adminUserView(
  deps: { db: Kysely<Database>; now(): Date },
  actor: Actor | null,
  userId: string,
): Promise<AdminUserView> {
  const a = requireStaffOrAdmin(actor);
  const id = requireId(userId, "User");
  const { db } = deps;
  const row = await findUserById(db, id);
  if (!row) throw new NotFound("User not found");
  const [roles, suspensions, listings, liveSessions, recentAudit] = await Promise.all([
    rolesOf(db, id),
    suspensionsOf(db, id),
    listingsOwnedBy(db, id),
    countLiveSessions(db, id, deps.now()),
    // The account's own events ("user") and the row changes the users trigger logs ("users").
    auditAbout(db, a, { types: ["user", "users"], id }, RECENT_AUDIT),
  ]);
  const open = suspensions.find((s) => s.liftedAt === null) ?? null;
  return {
    user: publicUser(row, roles),
    suspension: row.status === "suspended" ? open : null,
    suspensions,
    listings,
    listed: listsPublicly(row.status),
    liveSessions,
    recentAudit,
    canManage: isAdmin(a) && row.status !== "deleted",
    isSelf: a.userId === id,
  };
}
