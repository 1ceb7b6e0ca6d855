/**
 * Password hashing and the server-side half of the password policy.
 *
 * bcrypt reads only the first 72 bytes of its input, so two long passphrases
 * sharing a prefix would hash alike. We hash SHA-256(password) in base64
 * (44 ASCII characters, no NUL bytes) instead: every byte of the password
 * counts and bcrypt's input is always well within its limit.
 */
import { hash, verify } from "@node-rs/bcrypt";
import { dictionary } from "@zxcvbn-ts/language-common";
import { ValidationError } from "../../domain/errors.ts";
import { passwordProblems } from "../../domain/password_policy.ts";
import { sha256 } from "./secrets.ts";

export const BCRYPT_COST = 12;
/** How many earlier passwords a new one may not repeat (specification 5.1). */
export const PASSWORD_HISTORY = 5;

async function prehash(password: string): Promise<string> {
  const digest = await sha256(password.normalize("NFC"));
  return btoa(String.fromCharCode(...digest));
}

/** Runs on libuv's thread pool: a login never blocks other requests. */
export async function hashPassword(password: string): Promise<string> {
  return hash(await prehash(password), BCRYPT_COST);
}

export async function verifyPassword(password: string, passwordHash: string): Promise<boolean> {
  return verify(await prehash(password), passwordHash);
}

/**
 * A cost-12 hash of a random secret that was thrown away: no password
 * matches it. Fixed rather than made at start-up, so even the first failed
 * login for an unknown account costs exactly one bcrypt check.
 */
const DECOY_HASH = "$2y$12$HlZPHlUBEzbkImxiGjitrON4Bgesw2YB/XE484mXt8gHQ1emK1f/y";

/**
 * Spends the time of a real check against a hash nobody's password matches,
 * so a login for an unknown account takes as long as one for a known account.
 */
export async function verifyAgainstDecoy(password: string): Promise<false> {
  await verifyPassword(password, DECOY_HASH);
  return false;
}

let common: Set<string> | undefined;

/** The most common passwords (zxcvbn's list, ~49,000), compared case-insensitively. */
export function isCommonPassword(password: string): boolean {
  common ??= new Set(dictionary["passwords-common"].map((p: string) => p.toLowerCase()));
  return common.has(password.toLowerCase());
}

/** Throws a ValidationError on `field` naming every rule the password breaks. */
export function assertAcceptablePassword(password: string, field = "password"): void {
  const problems = passwordProblems(password);
  if (problems.length === 0 && isCommonPassword(password)) {
    problems.push("This password is among the most common ones; choose another");
  }
  if (problems.length > 0) {
    throw new ValidationError("The password is too weak", problems.map((message) => ({ field, message })));
  }
}
