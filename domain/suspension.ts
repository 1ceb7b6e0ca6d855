/**
 * Suspending an account: an admin stops a person using the platform, for a reason written down.
 *
 * - A suspension needs a reason (at most SUSPENSION_REASON_MAX characters), kept for the admins; the person is
 *   told only that the account is suspended (SUSPENDED_SIGN_IN), since a reason may name who reported them.
 * - It ends every session at once and refuses sign-ins until an admin reinstates the account.
 * - While an owner is suspended (or deleted), what they list is off the public site: their acts (solo or the
 *   bands they manage), their venues and their open opportunities leave search, their pages answer 404, and
 *   nobody can book or apply to them. Nothing is deleted, so reinstating brings it all back as it was.
 * - Admins cannot suspend themselves (the platform would lose the hands that lift it).
 */
import type { UserStatus } from "./people.ts";

export const SUSPENSION_REASON_MAX = 1000;

/** What a suspended person reads when signing in: clear about what happened and where to turn, not why. */
export const SUSPENDED_SIGN_IN =
  "This account is suspended, so it cannot sign in. If you think this is a mistake, contact Artist Space support.";

/** Owners whose listings the public does not see. */
export const UNLISTED_OWNER_STATUSES = ["suspended", "deleted"] as const satisfies readonly UserStatus[];

/** Whether an owner in `status` has their acts, venues and opportunities on the public site. */
export function listsPublicly(status: UserStatus): boolean {
  return !(UNLISTED_OWNER_STATUSES as readonly UserStatus[]).includes(status);
}
