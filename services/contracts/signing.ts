/**
 * Confirming that the person signing is the account's owner: their password,
 * or a sign-in less than five minutes old (they just proved it). Checked
 * before the contract is locked, because a password check costs a quarter of
 * a second. Wrong passwords are limited per person, so a stolen session
 * cannot be used to guess the password.
 */
import type { Kysely } from "kysely";
import { liveSessionStartedAt, passwordHashOf } from "../../db/queries/signing.ts";
import type { Database } from "../../db/schema.ts";
import type { Actor } from "../../domain/access.ts";
import type { SignatureMethod } from "../../domain/contract_text.ts";
import { RateLimited, ValidationError } from "../../domain/errors.ts";
import { verifyPassword } from "../auth/passwords.ts";
import { consume, peek, SIGNING_PASSWORD_PER_USER } from "../rate_limit.ts";

/** How recent a sign-in counts as confirming a signature by itself. */
export const RECENT_LOGIN_MS = 5 * 60 * 1000;

export async function confirmSigner(
  db: Kysely<Database>,
  actor: Actor,
  password: string | undefined,
  now: Date,
): Promise<SignatureMethod> {
  if (password === undefined || password === "") {
    const since = await liveSessionStartedAt(db, actor.sessionId, now);
    if (since && now.getTime() - since.getTime() < RECENT_LOGIN_MS) return "recent_login";
    throw new ValidationError("Confirm it is you", [{
      field: "password",
      message: "Enter your password to sign (or sign in again and sign within five minutes)",
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
