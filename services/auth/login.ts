/**
 * Signing in and out.
 *
 * Throttling runs before bcrypt, so a flood of guesses costs us a counter
 * increment, not 0.4 s of CPU each. Only failures count against the limits
 * that refuse (login_limits.ts), per (account, address) and per address: an
 * attacker hammering someone's account locks out only their own address,
 * never the owner, and people sharing an address are not refused for
 * signing in. Across all addresses, too many failures do not refuse but
 * step up: the password is then only checked together with a code e-mailed
 * to the account (step_up.ts).
 *
 * A failed sign-in looks the same whether or not the account exists: same
 * message, the same bcrypt work against a decoy hash, the same step-up.
 */
import { z } from "zod";
import type { Kysely } from "kysely";
import { recordAudit, withAuditContext } from "../../db/audit.ts";
import type { Database, SessionKind } from "../../db/schema.ts";
import type { Actor } from "../../domain/access.ts";
import type { UserStatus } from "../../domain/people.ts";
import { Forbidden, RateLimited, Unauthorized } from "../../domain/errors.ts";
import { PASSWORD_MAX_LENGTH } from "../../domain/password_policy.ts";
import { SUSPENDED_SIGN_IN } from "../../domain/suspension.ts";
import { parseInput } from "../validation.ts";
import { type PublicUser, publicUser } from "../users/public_user.ts";
import type { RequestMeta, ServiceDeps } from "../deps.ts";
import { holdAttempt, passwordRight } from "./login_limits.ts";
import { verifyAgainstDecoy, verifyPassword } from "./passwords.ts";
import { type IssuedTokens, revokeSession, rolesOf, startSession } from "./sessions.ts";
import { countSignIn, forgetSignIns, passStepUp } from "./step_up.ts";

// No e-mail address or username holds a control character (C0, DEL, C1); NUL
// would even fail the query (a 500 instead of a 422). Written without regex
// flags, because the OpenAPI document copies the pattern for clients to use.
// deno-lint-ignore no-control-regex -- matching control characters is the point
const NO_CONTROL_CHARACTERS = /^[^\x00-\x1f\x7f-\x9f]*$/;

export const LoginInput = z.object({
  identifier: z.string().trim().toLowerCase().min(1, "Enter your e-mail or username").max(254)
    .regex(NO_CONTROL_CHARACTERS, "Must not contain control characters"),
  password: z.string().min(1, "Enter your password").max(PASSWORD_MAX_LENGTH * 4),
  /** Needed only in step-up, after repeated failures: the one-time code e-mailed to the account. */
  code: z.string().trim().regex(/^\d{6}$/, "The code has 6 digits").optional(),
}).strict();

export const INVALID_LOGIN = "Wrong e-mail, username or password";

export interface LoginResult extends IssuedTokens {
  user: PublicUser;
}

export async function login(
  deps: ServiceDeps,
  input: unknown,
  meta: RequestMeta,
  kind: SessionKind,
): Promise<LoginResult> {
  const { identifier, password, code } = parseInput(LoginInput, input);
  // Counted as a failure from here until the password proves right.
  const attempt = await holdAttempt(deps.db, identifier, meta.ip, deps.now()).catch(async (err) => {
    if (err instanceof RateLimited) {
      await recordAudit(deps.db, { ...meta, action: "auth.login_throttled", entityType: "user", diff: null });
    }
    throw err;
  });

  const steppedUp = await countSignIn(deps.db, identifier, deps.now());
  const user = await findUser(deps.db, identifier);
  if (steppedUp) await passStepUp(deps, { identifier, user, code }, meta);
  const valid = user?.password_hash
    ? await verifyPassword(password, user.password_hash)
    : await verifyAgainstDecoy(password);
  if (!user || !valid) {
    await recordAudit(deps.db, {
      ...meta,
      actorId: user?.id ?? null,
      action: "auth.login_failed",
      entityType: "user",
      entityId: user?.id ?? null,
      diff: steppedUp ? { stepUp: true } : null,
    });
    throw new Unauthorized(INVALID_LOGIN);
  }
  // Before the account's state is looked at: a right password is no failure, whatever follows.
  await passwordRight(deps.db, attempt);
  // Only someone who knows the password learns the account's state.
  refuseInactive(user.status);

  await forgetSignIns(deps.db, identifier);
  return await deps.db.transaction().execute(async (trx) => {
    await withAuditContext(trx, { ...meta, actorId: user.id });
    const tokens = await startSession(trx, deps.signer, {
      userId: user.id,
      kind,
      client: meta,
      now: deps.now(),
    });
    await recordAudit(trx, {
      ...meta,
      actorId: user.id,
      action: "auth.login",
      entityType: "session",
      entityId: tokens.sessionId,
      diff: { kind, stepUp: steppedUp },
    });
    return { ...tokens, user: publicUser(user, await rolesOf(trx, user.id)) };
  });
}

/**
 * Refuses an account that may not sign in, once the person has proved who
 * they are; every way of signing in (password, passkey) says it alike.
 */
export function refuseInactive(status: UserStatus): void {
  if (status === "pending_verification") {
    throw new Forbidden("Verify your e-mail address first: we sent you a link and a code.");
  }
  // Not why: the reason is written for the admins and may name who reported them (domain/suspension.ts).
  if (status === "suspended") throw new Forbidden(SUSPENDED_SIGN_IN);
}

/** The live account an identifier names: an e-mail address if it has an @, else a username. */
async function findUser(db: Kysely<Database>, identifier: string) {
  return await db.selectFrom("users").selectAll()
    .where((eb) =>
      identifier.includes("@")
        ? eb(eb.fn("lower", ["email"]), "=", identifier)
        : eb(eb.fn("lower", ["username"]), "=", identifier)
    )
    .where("status", "!=", "deleted")
    .executeTakeFirst();
}

export async function logout(deps: ServiceDeps, actor: Actor, meta: RequestMeta): Promise<void> {
  const ended = await revokeSession(deps.db, actor.sessionId, "logout", deps.now());
  if (ended) {
    await recordAudit(deps.db, {
      ...meta,
      actorId: actor.userId,
      action: "auth.logout",
      entityType: "session",
      entityId: actor.sessionId,
    });
  }
}
