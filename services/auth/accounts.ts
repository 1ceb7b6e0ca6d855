/**
 * Account life cycle: registration, e-mail verification (a link or a code),
 * forgotten and reset passwords. Each use case is one transaction: the state
 * change, its audit entry and its e-mail commit together or not at all.
 */
import { z } from "zod";
import { type Kysely, sql } from "kysely";
import { recordAudit, withAuditContext } from "../../db/audit.ts";
import type { Database } from "../../db/schema.ts";
import { type FieldIssue, ValidationError } from "../../domain/errors.ts";
import { PASSWORD_MAX_LENGTH } from "../../domain/password_policy.ts";
import { SELF_SERVICE_ROLES } from "../../domain/roles.ts";
import type { RequestMeta, ServiceDeps } from "../deps.ts";
import { assertAcceptablePassword, hashPassword, PASSWORD_HISTORY, verifyPassword } from "./passwords.ts";
import { codeDigest, equalBytes, randomCode, randomToken, tokenDigest } from "./secrets.ts";
import { revokeUserSessions, rolesOf } from "./sessions.ts";
import { parseInput, phoneNumber, plainString } from "../validation.ts";
import { type PublicUser, publicUser } from "../users/public_user.ts";
import { welcomeStep } from "../onboarding/welcome_step.ts";

/** A verification link works for a day; its code only for 10 minutes and 5 tries. */
const VERIFY_LINK_SECONDS = 24 * 3600;
export const VERIFY_CODE_SECONDS = 10 * 60;
export const VERIFY_CODE_ATTEMPTS = 5;
const RESET_SECONDS = 3600;

export const Email = z.string().trim().toLowerCase().max(254).email("Enter a valid e-mail address");
const Password = z.string().max(PASSWORD_MAX_LENGTH * 4);

export const RegisterInput = z.object({
  email: Email,
  password: Password,
  displayName: plainString().min(2, "At least 2 characters").max(80),
  role: z.enum(SELF_SERVICE_ROLES, { message: "Choose one of: " + SELF_SERVICE_ROLES.join(", ") }),
  phone: phoneNumber().optional(),
}).strict();

export const VerifyEmailInput = z.union([
  z.object({ token: z.string().min(1).max(200) }).strict(),
  z.object({ email: Email, code: z.string().trim().regex(/^\d{6}$/, "The code has 6 digits") }).strict(),
]);

export const ForgotPasswordInput = z.object({ email: Email }).strict();

export const ResetPasswordInput = z.object({
  token: z.string().min(1).max(200),
  password: Password,
}).strict();

const seconds = (now: Date, n: number) => new Date(now.getTime() + n * 1000);

/**
 * What registration answers, the same whether or not the address was free:
 * never the new account's id, which a taken address could not show.
 */
export interface Registration {
  email: string;
  status: "pending_verification";
}

/**
 * Creates an account waiting for verification and e-mails its link and code.
 * If the address already has an account, its owner is e-mailed instead and
 * the answer does not change, so registration cannot be used to find out who
 * has an account. The password is hashed before the address is looked up, so
 * both cases take about as long.
 */
export async function register(deps: ServiceDeps, input: unknown, meta: RequestMeta): Promise<Registration> {
  const data = parseRegistration(input);
  const passwordHash = await hashPassword(data.password);
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    await withAuditContext(trx, meta);
    const user = await insertUser(trx, data, passwordHash);
    if (!user) return await warnOwner(deps, trx, data.email, meta);
    await trx.insertInto("user_roles")
      .columns(["user_id", "role_id"])
      .expression((eb) =>
        eb.selectFrom("roles").select([eb.val(user.id).as("user_id"), "id"]).where("name", "=", data.role)
      )
      .execute();
    await trx.insertInto("password_history").values({ user_id: user.id, password_hash: passwordHash })
      .execute();
    await sendVerification(deps, trx, user, now);
  });
  return { email: data.email, status: "pending_verification" };
}

/**
 * The registration's fields, with every wrong one named at once: a weak
 * password is reported beside a mistyped address, not after it is fixed.
 */
function parseRegistration(input: unknown): z.output<typeof RegisterInput> {
  const password = (input as { password?: unknown } | null)?.password;
  const weak = typeof password === "string" ? passwordIssues(password) : [];
  let data: z.output<typeof RegisterInput>;
  try {
    data = parseInput(RegisterInput, input);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    const passwordNamed = err.details.some((d) => d.field === "password");
    throw new ValidationError(err.message, [...err.details, ...(passwordNamed ? [] : weak)]);
  }
  if (weak.length) throw new ValidationError("The password is too weak", weak);
  return data;
}

function passwordIssues(password: string): FieldIssue[] {
  try {
    assertAcceptablePassword(password);
    return [];
  } catch (err) {
    if (err instanceof ValidationError) return err.details;
    throw err;
  }
}

/**
 * The new account, or undefined if the address is taken. `on conflict do
 * nothing` rather than a look-up first: of two registrations racing for one
 * address, the second waits for the first and then finds it taken, instead
 * of failing on the unique index with an answer of its own.
 */
async function insertUser(trx: Kysely<Database>, data: z.output<typeof RegisterInput>, passwordHash: string) {
  return await trx.insertInto("users")
    .values({
      email: data.email,
      password_hash: passwordHash,
      display_name: data.displayName,
      phone: data.phone ?? null,
      status: "pending_verification",
    })
    .onConflict((oc) => oc.expression(sql`lower(email)`).doNothing())
    .returning(["id", "email", "display_name"])
    .executeTakeFirst();
}

/** Tells the owner of a taken address that someone tried to register with it. */
async function warnOwner(deps: ServiceDeps, trx: Kysely<Database>, email: string, meta: RequestMeta) {
  const owner = await trx.selectFrom("users").select(["id", "email", "display_name"])
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", email))
    .executeTakeFirstOrThrow();
  await recordAudit(trx, {
    ...meta,
    action: "auth.register_taken_address",
    entityType: "user",
    entityId: owner.id,
  });
  await deps.sendEmail(trx, owner.email, {
    template: "account_exists",
    data: {
      displayName: owner.display_name ?? owner.email,
      loginUrl: `${deps.origin}/login`,
      resetUrl: `${deps.origin}/forgot-password`,
    },
  });
}

async function sendVerification(
  deps: ServiceDeps,
  trx: Kysely<Database>,
  user: { id: string; email: string; display_name: string | null },
  now: Date,
): Promise<void> {
  // A new link or code makes earlier ones void: only the latest e-mail works.
  await trx.updateTable("account_tokens").set({ used_at: now })
    .where("user_id", "=", user.id).where("purpose", "=", "verify_email").where("used_at", "is", null)
    .execute();
  const token = randomToken();
  const code = randomCode();
  const row = await trx.insertInto("account_tokens")
    .values({
      user_id: user.id,
      purpose: "verify_email",
      token_hash: (await tokenDigest(token))!,
      created_at: now,
      expires_at: seconds(now, VERIFY_LINK_SECONDS),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await trx.updateTable("account_tokens").set({ code_hash: await codeDigest(row.id, code) })
    .where("id", "=", row.id).execute();
  await deps.sendEmail(trx, user.email, {
    template: "verify_email",
    data: {
      displayName: user.display_name ?? user.email,
      link: `${deps.origin}/verify?token=${token}`,
      code,
    },
  });
}

/** Sends a fresh link and code to an account still waiting for verification; silent otherwise. */
export async function resendVerification(deps: ServiceDeps, input: unknown): Promise<void> {
  const { email } = parseInput(ForgotPasswordInput, input);
  await deps.db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom("users").select(["id", "email", "display_name"])
      .where((eb) => eb(eb.fn("lower", ["email"]), "=", email))
      .where("status", "=", "pending_verification")
      .executeTakeFirst();
    if (user) await sendVerification(deps, trx, user, deps.now());
  });
}

const WRONG_CODE = "The link or code is wrong or has expired. Ask for a new one.";

export async function verifyEmail(deps: ServiceDeps, input: unknown, meta: RequestMeta): Promise<PublicUser> {
  const data = parseInput(VerifyEmailInput, input);
  const now = deps.now();
  const field = "token" in data ? "token" : "code";
  const wrong = () => new ValidationError(WRONG_CODE, [{ field, message: WRONG_CODE }]);
  const row = "token" in data
    ? await tokenRow(deps.db, data.token, now)
    : await codeRow(deps.db, data.email, data.code, now);
  if (!row) throw wrong();
  return await deps.db.transaction().execute(async (trx) => {
    // Single use: of two requests racing with the same token, one claims it.
    const claimed = await trx.updateTable("account_tokens").set({ used_at: now })
      .where("id", "=", row.id).where("used_at", "is", null)
      .returning("user_id").executeTakeFirst();
    if (!claimed) throw wrong();
    await withAuditContext(trx, { ...meta, actorId: claimed.user_id });
    const user = await trx.updateTable("users").set({ status: "active" })
      .where("id", "=", claimed.user_id).where("status", "=", "pending_verification")
      .returningAll().executeTakeFirst();
    if (!user) throw wrong();
    await recordAudit(trx, {
      ...meta,
      actorId: user.id,
      action: "auth.email_verified",
      entityType: "user",
      entityId: user.id,
      diff: { by: field === "token" ? "link" : "code" },
    });
    const roles = await rolesOf(trx, user.id);
    await deps.sendEmail(trx, user.email, {
      template: "welcome",
      data: {
        displayName: user.display_name ?? user.email,
        loginUrl: `${deps.origin}/login`,
        next: welcomeStep(roles, deps.origin),
      },
    });
    return publicUser(user, roles);
  });
}

async function tokenRow(db: Kysely<Database>, token: string, now: Date): Promise<{ id: string } | null> {
  const digest = await tokenDigest(token);
  if (!digest) return null;
  const row = await db.selectFrom("account_tokens").select("id")
    .where("token_hash", "=", digest).where("purpose", "=", "verify_email")
    .where("used_at", "is", null).where("expires_at", ">", now)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Codes are short, so every wrong one costs an attempt, counted in its own
 * statement before any transaction: a failed verification must not roll
 * the count back.
 */
async function codeRow(
  db: Kysely<Database>,
  email: string,
  code: string,
  now: Date,
): Promise<{ id: string } | null> {
  const row = await db.selectFrom("account_tokens")
    .innerJoin("users", "users.id", "account_tokens.user_id")
    .select(["account_tokens.id", "account_tokens.code_hash"])
    .where((eb) => eb(eb.fn("lower", ["users.email"]), "=", email))
    .where("account_tokens.purpose", "=", "verify_email")
    .where("account_tokens.used_at", "is", null)
    .where("account_tokens.created_at", ">", seconds(now, -VERIFY_CODE_SECONDS))
    .where("account_tokens.attempts", "<", VERIFY_CODE_ATTEMPTS)
    .orderBy("account_tokens.created_at", "desc")
    .executeTakeFirst();
  if (!row?.code_hash) return null;
  if (equalBytes(row.code_hash, await codeDigest(row.id, code))) return row;
  await db.updateTable("account_tokens").set((eb) => ({ attempts: eb("attempts", "+", 1) }))
    .where("id", "=", row.id).execute();
  return null;
}

/**
 * Always answers the same way, whether or not the address has an account,
 * so the form cannot be used to find out who is registered.
 */
export async function forgotPassword(deps: ServiceDeps, input: unknown, meta: RequestMeta): Promise<void> {
  const { email } = parseInput(ForgotPasswordInput, input);
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom("users").select(["id", "email", "display_name"])
      .where((eb) => eb(eb.fn("lower", ["email"]), "=", email))
      .where("status", "in", ["active", "pending_verification"])
      .executeTakeFirst();
    if (!user) return;
    await withAuditContext(trx, { ...meta, actorId: user.id });
    await trx.updateTable("account_tokens").set({ used_at: now })
      .where("user_id", "=", user.id).where("purpose", "=", "reset_password").where("used_at", "is", null)
      .execute();
    const token = randomToken();
    await trx.insertInto("account_tokens")
      .values({
        user_id: user.id,
        purpose: "reset_password",
        token_hash: (await tokenDigest(token))!,
        created_at: now,
        expires_at: seconds(now, RESET_SECONDS),
      })
      .execute();
    await deps.sendEmail(trx, user.email, {
      template: "password_reset",
      data: {
        displayName: user.display_name ?? user.email,
        link: `${deps.origin}/reset-password?token=${token}`,
      },
    });
  });
}

/** Sets a new password from a reset link and ends every session of the account. */
export async function resetPassword(deps: ServiceDeps, input: unknown, meta: RequestMeta): Promise<void> {
  const data = parseInput(ResetPasswordInput, input);
  // Checked before the token is spent, so a weak password does not burn the link.
  assertAcceptablePassword(data.password);
  const digest = await tokenDigest(data.token);
  const now = deps.now();
  const invalid = () =>
    new ValidationError("This reset link is wrong, used or expired. Ask for a new one.", [
      { field: "token", message: "Invalid or expired" },
    ]);
  if (!digest) throw invalid();
  const pending = await deps.db.selectFrom("account_tokens").select("user_id")
    .where("token_hash", "=", digest).where("purpose", "=", "reset_password")
    .where("used_at", "is", null).where("expires_at", ">", now)
    .executeTakeFirst();
  if (!pending) throw invalid();
  await assertNotReused(deps.db, pending.user_id, data.password);
  const passwordHash = await hashPassword(data.password);

  await deps.db.transaction().execute(async (trx) => {
    const claimed = await trx.updateTable("account_tokens").set({ used_at: now })
      .where("token_hash", "=", digest).where("used_at", "is", null).where("expires_at", ">", now)
      .returning("user_id").executeTakeFirst();
    if (!claimed) throw invalid();
    await withAuditContext(trx, { ...meta, actorId: claimed.user_id });
    const user = await trx.updateTable("users").set({ password_hash: passwordHash })
      .where("id", "=", claimed.user_id)
      .returning(["email", "display_name"]).executeTakeFirstOrThrow();
    await recordPassword(trx, claimed.user_id, passwordHash);
    const ended = await revokeUserSessions(trx, claimed.user_id, "password_reset", now);
    await recordAudit(trx, {
      ...meta,
      actorId: claimed.user_id,
      action: "auth.password_reset",
      entityType: "user",
      entityId: claimed.user_id,
      diff: { sessionsEnded: ended },
    });
    await deps.sendEmail(trx, user.email, {
      template: "password_changed",
      data: { displayName: user.display_name ?? user.email },
    });
  });
}

/** The specification forbids reusing any of the previous five passwords. */
async function assertNotReused(db: Kysely<Database>, userId: string, password: string): Promise<void> {
  const previous = await db.selectFrom("password_history").select("password_hash")
    .where("user_id", "=", userId).orderBy("created_at", "desc").limit(PASSWORD_HISTORY).execute();
  const matches = await Promise.all(previous.map((p) => verifyPassword(password, p.password_hash)));
  if (matches.some(Boolean)) {
    throw new ValidationError("Choose a password you have not used recently", [
      { field: "password", message: `Must differ from your last ${PASSWORD_HISTORY} passwords` },
    ]);
  }
}

async function recordPassword(trx: Kysely<Database>, userId: string, passwordHash: string): Promise<void> {
  await trx.insertInto("password_history").values({ user_id: userId, password_hash: passwordHash }).execute();
  const keep = trx.selectFrom("password_history").select("id")
    .where("user_id", "=", userId).orderBy("created_at", "desc").limit(PASSWORD_HISTORY);
  await trx.deleteFrom("password_history")
    .where("user_id", "=", userId).where("id", "not in", keep).execute();
}
