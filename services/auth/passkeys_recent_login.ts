/**
 * Adding or removing a passkey changes how the account is signed in to, so
 * like signing a contract it needs the person to have just proved who they
 * are: a sign-in under five minutes old (a password or a passkey sign-in),
 * or their password typed now. A stolen session alone cannot plant a passkey
 * for its thief.
 *
 * Wrong passwords count against the same per-person allowance as those
 * typed to sign a contract: a stolen session gets five guesses per quarter
 * hour in all, not five per form that asks.
 */
import type { Kysely } from "kysely";
import { liveSessionStartedAt, passwordHashOf } from "../../db/queries/signing.ts";
import type { Database } from "../../db/schema.ts";
import type { Actor } from "../../domain/access.ts";
import { RateLimited, ValidationError } from "../../domain/errors.ts";
import { RECENT_LOGIN_MS } from "../contracts/signing.ts";
import { consume, peek, SIGNING_PASSWORD_PER_USER } from "../rate_limit.ts";
import { verifyPassword } from "./passwords.ts";

export type Confirmation = "recent_login" | "password";

export async function confirmRecentLogin(
  db: Kysely<Database>,
  actor: Actor,
  password: string | undefined,
  now: Date,
): Promise<Confirmation> {
  if (password === undefined || password === "") {
    if (await signedInRecently(db, actor, now)) return "recent_login";
    throw new ValidationError("Confirm it is you", [{
      field: "password",
      message: "Enter your password (it is not needed within five minutes of signing in)",
    }]);
  }
  const limit = await peek(db, SIGNING_PASSWORD_PER_USER, actor.userId, now);
  if (!limit.allowed) throw new RateLimited(limit.retryAfterSeconds);
  const hash = await passwordHashOf(db, actor.userId);
  if (hash && await verifyPassword(password, hash)) return "password";
  await consume(db, SIGNING_PASSWORD_PER_USER, actor.userId, now);
  throw new ValidationError("Confirm it is you", [{
    field: "password",
    message: "That is not your password",
  }]);
}

/** Whether this session signed in under five minutes ago, so that no password is asked for. */
export async function signedInRecently(db: Kysely<Database>, actor: Actor, now: Date): Promise<boolean> {
  const since = await liveSessionStartedAt(db, actor.sessionId, now);
  return since !== null && now.getTime() - since.getTime() < RECENT_LOGIN_MS;
}
