/**
 * Signing in and out.
 *
 * Throttling runs before bcrypt, so a flood of guesses costs us a counter
 * increment, not 0.4 s of CPU each. The per-account limit is keyed by
 * (account, IP): an attacker hammering someone's account locks out only
 * their own address, never the owner.
 *
 * A failed sign-in looks the same whether or not the account exists: same
 * message, and the same bcrypt work against a decoy hash.
 */
import { z } from "zod";
import { recordAudit, withAuditContext } from "../../db/audit.ts";
import type { SessionKind } from "../../db/schema.ts";
import type { Actor } from "../../domain/access.ts";
import { Forbidden, Unauthorized } from "../../domain/errors.ts";
import { PASSWORD_MAX_LENGTH } from "../../domain/password_policy.ts";
import { enforce, ipSubject, LOGIN_PER_ACCOUNT_IP, LOGIN_PER_IP, reset } from "../rate_limit.ts";
import { parseInput } from "../validation.ts";
import { type PublicUser, publicUser } from "../users/public_user.ts";
import type { AuthDeps, RequestMeta } from "./deps.ts";
import { verifyAgainstDecoy, verifyPassword } from "./passwords.ts";
import { type IssuedTokens, revokeSession, rolesOf, startSession } from "./sessions.ts";

export const LoginInput = z.object({
  identifier: z.string().trim().toLowerCase().min(1, "Enter your e-mail or username").max(254),
  password: z.string().min(1, "Enter your password").max(PASSWORD_MAX_LENGTH * 4),
}).strict();

export const INVALID_LOGIN = "Wrong e-mail, username or password";

export interface LoginResult extends IssuedTokens {
  user: PublicUser;
}

export async function login(
  deps: AuthDeps,
  input: unknown,
  meta: RequestMeta,
  kind: SessionKind,
): Promise<LoginResult> {
  const { identifier, password } = parseInput(LoginInput, input);
  // One bucket per address (an IPv6 client's whole /64); requests with no
  // known address (a socket without a proxy) share one, which fails safe.
  const ip = meta.ip ? ipSubject(meta.ip) : "unknown";
  const accountKey = `${identifier}|${ip}`;
  try {
    await enforce(deps.db, LOGIN_PER_IP, ip);
    await enforce(deps.db, LOGIN_PER_ACCOUNT_IP, accountKey);
  } catch (err) {
    await recordAudit(deps.db, { ...meta, action: "auth.login_throttled", entityType: "user", diff: null });
    throw err;
  }

  const user = await deps.db.selectFrom("users").selectAll()
    .where((eb) =>
      identifier.includes("@")
        ? eb(eb.fn("lower", ["email"]), "=", identifier)
        : eb(eb.fn("lower", ["username"]), "=", identifier)
    )
    .where("status", "!=", "deleted")
    .executeTakeFirst();
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
    });
    throw new Unauthorized(INVALID_LOGIN);
  }
  // Only someone who knows the password learns the account's state.
  if (user.status === "pending_verification") {
    throw new Forbidden("Verify your e-mail address first: we sent you a link and a code.");
  }
  if (user.status === "suspended") throw new Forbidden("This account is suspended. Contact support.");

  await reset(deps.db, LOGIN_PER_ACCOUNT_IP, accountKey);
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
      diff: { kind },
    });
    return { ...tokens, user: publicUser(user, await rolesOf(trx, user.id)) };
  });
}

export async function logout(deps: AuthDeps, actor: Actor, meta: RequestMeta): Promise<void> {
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
