/**
 * Step-up for sign-in. Once one identifier has had too many sign-ins without
 * success (LOGIN_PER_ACCOUNT: 10 an hour, from all addresses together),
 * every further sign-in for it must also carry a one-time code e-mailed to
 * the account. Without a valid code the password is not checked at all, so
 * guessing stops; the owner, who reads that mailbox, always gets in.
 *
 * Everything here is keyed on the identifier as typed (normalised), never on
 * whether it names an account: an unknown identifier is counted and answered
 * exactly like a known one, it just gets no e-mail.
 *
 * The count's window is fixed (services/rate_limit.ts): the refusals made
 * here are counted too, but they cannot move its end, so step-up lasts at
 * most an hour from the first failure however long an attack goes on.
 *
 * A code works once, for 10 minutes, and any live code of the account is
 * accepted: codes mailed for an attacker's attempts do not void the one the
 * owner is typing. There is deliberately no try counter shared by everyone:
 * five wrong guesses from anywhere would burn the owner's code and lock them
 * out. Tries are limited per address instead, by the login limits that run
 * first (login_limits.ts: 5 failures, a refusal here being one, per 15
 * minutes per account and address, 100 per address), and a code is spent by
 * the attempt that presents it, right password or not, so each password
 * check in step-up costs a code only the mailbox owner has.
 */
import type { Kysely } from "kysely";
import { recordAudit } from "../../db/audit.ts";
import type { Database } from "../../db/schema.ts";
import { LoginCodeRequired } from "../../domain/errors.ts";
import { consume, LOGIN_CODE_MAIL, LOGIN_PER_ACCOUNT, reset } from "../rate_limit.ts";
import type { RequestMeta, ServiceDeps } from "../deps.ts";
import { codeDigest, equalBytes, randomCode } from "./secrets.ts";

export const LOGIN_CODE_SECONDS = 10 * 60;

export interface SignInAttempt {
  /** Normalised, as the sign-in limits count it. */
  identifier: string;
  /** The account it names, if any. */
  user: { id: string; email: string; display_name: string | null } | undefined;
  code: string | undefined;
}

/**
 * Counts a sign-in for `identifier` before its password is checked (one
 * atomic increment, so concurrent guesses cannot slip past the limit) and
 * says whether it is past the limit, i.e. needs a code.
 */
export async function countSignIn(db: Kysely<Database>, identifier: string, now: Date): Promise<boolean> {
  return !(await consume(db, LOGIN_PER_ACCOUNT, identifier, now)).allowed;
}

/** After a successful sign-in: the owner is in, so the count starts over. */
export async function forgetSignIns(db: Kysely<Database>, identifier: string): Promise<void> {
  await reset(db, LOGIN_PER_ACCOUNT, identifier);
}

/**
 * Lets a stepped-up attempt on to the password check if it carries a live
 * code of the account, which it spends; refuses it otherwise.
 */
export async function passStepUp(
  deps: ServiceDeps,
  attempt: SignInAttempt,
  meta: RequestMeta,
): Promise<void> {
  const { user, code } = attempt;
  if (user && code && await claimLoginCode(deps.db, user.id, code, deps.now())) return;
  await refuse(deps, attempt, meta);
}

const CODE_NEEDED = "Too many failed sign-ins for this account. To sign in, enter the 6-digit code we " +
  "e-mailed to its address, with the password.";
const ENTER_CODE = "Enter the 6-digit code from the e-mail";
const WRONG_CODE = "This code is wrong, used or expired. Check your e-mail for a newer one.";

/**
 * Throws LoginCodeRequired, mailing a code first when one is due (at most
 * one a minute per identifier; counted for unknown identifiers too, which
 * get no e-mail). The answer is the same whether or not anything was sent.
 */
async function refuse(deps: ServiceDeps, attempt: SignInAttempt, meta: RequestMeta): Promise<never> {
  const { identifier, user, code } = attempt;
  const now = deps.now();
  const due = (await consume(deps.db, LOGIN_CODE_MAIL, identifier, now)).allowed;
  const codeSent = due && user !== undefined;
  await deps.db.transaction().execute(async (trx) => {
    if (codeSent) await mailLoginCode(deps, trx, user, now);
    await recordAudit(trx, {
      ...meta,
      actorId: user?.id ?? null,
      action: "auth.login_step_up",
      entityType: "user",
      entityId: user?.id ?? null,
      diff: { codeGiven: code !== undefined, codeSent },
    });
  });
  throw new LoginCodeRequired(CODE_NEEDED, [{ field: "code", message: code ? WRONG_CODE : ENTER_CODE }]);
}

async function mailLoginCode(
  deps: ServiceDeps,
  trx: Kysely<Database>,
  user: NonNullable<SignInAttempt["user"]>,
  now: Date,
): Promise<void> {
  const code = randomCode();
  // The id is chosen here so that the code's digest, bound to it, goes in with the row.
  const id = crypto.randomUUID();
  await trx.insertInto("account_tokens")
    .values({
      id,
      user_id: user.id,
      purpose: "login_code",
      code_hash: await codeDigest(id, code),
      created_at: now,
      expires_at: new Date(now.getTime() + LOGIN_CODE_SECONDS * 1000),
    })
    .execute();
  await deps.sendEmail(trx, user.email, {
    template: "login_code",
    data: {
      displayName: user.display_name ?? user.email,
      code,
      resetUrl: `${deps.origin}/forgot-password`,
    },
  });
}

/**
 * Spends the live code of the account that `code` matches; false if none
 * does. One statement claims it, so of two requests racing with the same
 * code only one gets through.
 */
async function claimLoginCode(
  db: Kysely<Database>,
  userId: string,
  code: string,
  now: Date,
): Promise<boolean> {
  const live = await db.selectFrom("account_tokens").select(["id", "code_hash"])
    .where("user_id", "=", userId).where("purpose", "=", "login_code")
    .where("used_at", "is", null).where("expires_at", ">", now)
    .execute();
  for (const row of live) {
    if (row.code_hash && equalBytes(row.code_hash, await codeDigest(row.id, code))) {
      const claimed = await db.updateTable("account_tokens").set({ used_at: now })
        .where("id", "=", row.id).where("used_at", "is", null)
        .executeTakeFirst();
      return claimed.numUpdatedRows > 0n;
    }
  }
  return false;
}
