/**
 * Managing accounts: admins list and moderate them, people edit their own.
 * Authorization is decided here, so pages, the API and jobs all obey it.
 */
import { z } from "zod";
import type { Kysely, Transaction } from "kysely";
import { recordAudit, withAuditContext } from "../../db/audit.ts";
import { forgetPushOf } from "../../db/queries/push_subscriptions.ts";
import { type Database } from "../../db/schema.ts";
import { GENDERS, USER_STATUSES } from "../../domain/people.ts";
import {
  type Actor,
  isAdmin,
  requireAdmin,
  requireSelfOrAdmin,
  requireSelfOrStaff,
  requireStaffOrAdmin,
} from "../../domain/access.ts";
import { normalisePhone } from "../../domain/phone.ts";
import { rolesOfUsers, searchUsers } from "../../db/queries/user_search.ts";
import { Conflict, Forbidden, NotFound, ValidationError } from "../../domain/errors.ts";
import { SUSPENSION_REASON_MAX } from "../../domain/suspension.ts";
import { lockLiveUser, setUserStatus } from "../../db/queries/user_suspensions.ts";
import { reinstateIn, suspendIn } from "../admin/users_suspension.ts";
import { ROLE_NAMES, type RoleName } from "../../domain/roles.ts";
import type { RequestMeta } from "../deps.ts";
import { revokeUserSessions, rolesOf } from "../auth/sessions.ts";
import { patchColumns } from "../patch.ts";
import { parseInput, phoneNumber, plainString } from "../validation.ts";
import { type PublicUser, publicUser } from "./public_user.ts";

export const ListUsersInput = z.object({
  q: plainString().max(100).optional(),
  role: z.enum(ROLE_NAMES).optional(),
  status: z.enum(USER_STATUSES).optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});

export const UpdateUserInput = z.object({
  username: z.string().trim().regex(/^[A-Za-z0-9_.]{3,30}$/, "3-30 letters, digits, dots or underscores")
    .nullable().optional(),
  displayName: plainString().min(2).max(80).optional(),
  firstName: plainString().max(80).nullable().optional(),
  lastName: plainString().max(80).nullable().optional(),
  phone: phoneNumber().nullable().optional(),
  gender: z.enum(GENDERS).nullable().optional(),
  dateOfBirth: z.iso.date().nullable().optional(),
  locale: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, "Like en-IN").nullable().optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, "An ISO 4217 code like INR").optional(),
  timezone: z.string().max(64).refine(isTimeZone, "Not a time zone").optional(),
  /** Admins only: suspend or reactivate an account (services/admin/users_suspension.ts). */
  status: z.enum(["active", "suspended"]).optional(),
  /** Why: required to suspend; kept as the note when a suspension is lifted. */
  statusReason: plainString().max(SUSPENSION_REASON_MAX).optional(),
}).strict();

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * Accounts for admins and staff (staff look people up; only admins change them): `q` is part of a name,
 * e-mail address or username, or a phone number as people type it ("098765 43210", "+91 98765-43210"),
 * found in the E.164 form phones are stored in, or a run of its digits ("43210").
 */
export async function listUsers(
  db: Kysely<Database>,
  actor: Actor | null,
  input: unknown,
): Promise<{ items: PublicUser[]; totalItems: number }> {
  requireStaffOrAdmin(actor);
  const { q, role, status, page, pageSize } = parseInput(ListUsersInput, input);
  const { rows, total } = await searchUsers(db, {
    ...(q ? { text: q.toLowerCase(), ...phoneSearch(q) } : {}),
    role,
    status,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  const roles = await rolesOfUsers(db, rows.map((u) => u.id));
  return { items: rows.map((u) => publicUser(u, roles.get(u.id)!)), totalItems: total };
}

/** The phone number `q` may be: whole (normalised like stored numbers) or a fragment of five digits or more. */
function phoneSearch(q: string): { phone?: string; phoneDigits?: string } {
  if (!/^\+?[\d\s().\-/]+$/.test(q)) return {};
  const digits = q.replace(/\D/g, "");
  if (digits.length < 5) return {};
  const whole = normalisePhone(q);
  return { phoneDigits: digits, ...(whole.ok ? { phone: whole.value } : {}) };
}

export async function getUser(
  db: Kysely<Database>,
  actor: Actor | null,
  userId: string,
): Promise<PublicUser> {
  requireSelfOrStaff(actor, userId);
  const user = await db.selectFrom("users").selectAll()
    .where("id", "=", userId).where("status", "!=", "deleted").executeTakeFirst();
  if (!user) throw new NotFound("User not found");
  return publicUser(user, await rolesOf(db, userId));
}

export async function updateUser(
  db: Kysely<Database>,
  actor: Actor | null,
  userId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<PublicUser> {
  const a = requireSelfOrAdmin(actor, userId);
  const data = parseInput(UpdateUserInput, input);
  if ((data.status !== undefined || data.statusReason !== undefined) && !isAdmin(a)) {
    throw new Forbidden("Only an admin can change an account's status");
  }
  if (data.status === "suspended" && a.userId === userId) throw new Conflict("You cannot suspend yourself");
  if (data.status === "suspended" && !data.statusReason) {
    throw new ValidationError("Invalid input data", [
      { field: "statusReason", message: "Say why the account is suspended" },
    ]);
  }
  return await db.transaction().execute(async (trx) => {
    if (data.status) await changeStatus(trx, a, userId, data.status, data.statusReason || null, meta);
    await withAuditContext(trx, { ...meta, actorId: a.userId });
    const columns = patchColumns({
      username: data.username,
      display_name: data.displayName,
      first_name: data.firstName,
      last_name: data.lastName,
      phone: data.phone,
      gender: data.gender,
      date_of_birth: data.dateOfBirth,
      locale: data.locale,
      currency: data.currency,
      timezone: data.timezone,
    });
    const user = columns
      ? await trx.updateTable("users").set(columns)
        .where("id", "=", userId).where("status", "!=", "deleted")
        .returningAll().executeTakeFirst()
      : await liveUser(trx, userId);
    if (!user) throw new NotFound("User not found");
    return publicUser(user, await rolesOf(trx, userId));
  });
}

/**
 * PATCH's `status`, through the same suspension and reinstatement as the console's, so it needs the same
 * reason; making a not yet verified account active is an admin's shortcut past the e-mail check.
 */
async function changeStatus(
  trx: Transaction<Database>,
  a: Actor,
  userId: string,
  status: "active" | "suspended",
  reason: string | null,
  meta: RequestMeta,
): Promise<void> {
  const now = new Date();
  if (status === "suspended") {
    await suspendIn(trx, a, userId, reason!, now, meta);
    return;
  }
  const current = await lockLiveUser(trx, userId);
  if (!current) throw new NotFound("User not found");
  if (current.status === "suspended") await reinstateIn(trx, a, userId, reason, now, meta);
  else if (current.status === "pending_verification") {
    await withAuditContext(trx, { ...meta, actorId: a.userId });
    await setUserStatus(trx, userId, "active");
  }
}

/**
 * Soft delete: the row stays (bookings and the audit log refer to it) but
 * everything personal is scrubbed and every session ends.
 */
export async function deleteUser(
  db: Kysely<Database>,
  actor: Actor | null,
  userId: string,
  meta: RequestMeta,
): Promise<void> {
  const a = requireSelfOrAdmin(actor, userId);
  await db.transaction().execute(async (trx) => {
    await withAuditContext(trx, { ...meta, actorId: a.userId });
    const now = new Date();
    const user = await trx.updateTable("users")
      .set({
        email: `deleted+${userId}@deleted.invalid`,
        username: null,
        password_hash: null,
        phone: null,
        display_name: "Deleted user",
        first_name: null,
        last_name: null,
        gender: null,
        date_of_birth: null,
        metadata: "{}",
        status: "deleted",
        deleted_at: now,
      })
      .where("id", "=", userId).where("status", "!=", "deleted")
      .returning("id").executeTakeFirst();
    if (!user) throw new NotFound("User not found");
    await revokeUserSessions(trx, userId, "account_deleted", now);
    await trx.deleteFrom("account_tokens").where("user_id", "=", userId).execute();
    await trx.deleteFrom("password_history").where("user_id", "=", userId).execute();
    // A passkey's name ("Asha's phone") is personal, and a deleted account signs nobody in.
    await trx.deleteFrom("passkeys").where("user_id", "=", userId).execute();
    await forgetPushOf(trx, userId);
  });
}

export async function assignRole(
  db: Kysely<Database>,
  actor: Actor | null,
  userId: string,
  role: RoleName,
  meta: RequestMeta,
): Promise<PublicUser> {
  const a = requireAdmin(actor);
  return await db.transaction().execute(async (trx) => {
    const user = await liveUser(trx, userId);
    await trx.insertInto("user_roles")
      .columns(["user_id", "role_id", "assigned_by"])
      .expression((eb) =>
        eb.selectFrom("roles").select([
          eb.val(userId).as("user_id"),
          "id",
          eb.val(a.userId).as("assigned_by"),
        ])
          .where("name", "=", role)
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
    await recordAudit(trx, {
      ...meta,
      actorId: a.userId,
      action: "user.role_assigned",
      entityType: "user",
      entityId: userId,
      diff: { role },
    });
    return publicUser(user, await rolesOf(trx, userId));
  });
}

export async function removeRole(
  db: Kysely<Database>,
  actor: Actor | null,
  userId: string,
  role: RoleName,
  meta: RequestMeta,
): Promise<PublicUser> {
  const a = requireAdmin(actor);
  return await db.transaction().execute(async (trx) => {
    const user = await liveUser(trx, userId);
    if (role === "admin") {
      // Lock the admin rows so two admins demoting each other at once cannot both win.
      const admins = await trx.selectFrom("user_roles").innerJoin("roles", "roles.id", "user_roles.role_id")
        .select("user_roles.user_id").where("roles.name", "=", "admin").forUpdate().execute();
      if (admins.length === 1 && admins[0].user_id === userId) {
        throw new Conflict("The platform needs at least one admin");
      }
    }
    const removed = await trx.deleteFrom("user_roles")
      .where("user_id", "=", userId)
      .where("role_id", "=", (eb) => eb.selectFrom("roles").select("id").where("name", "=", role))
      .executeTakeFirst();
    if (removed.numDeletedRows === 0n) throw new NotFound(`This user does not have the ${role} role`);
    await recordAudit(trx, {
      ...meta,
      actorId: a.userId,
      action: "user.role_removed",
      entityType: "user",
      entityId: userId,
      diff: { role },
    });
    return publicUser(user, await rolesOf(trx, userId));
  });
}

async function liveUser(trx: Kysely<Database>, userId: string) {
  const user = await trx.selectFrom("users").selectAll()
    .where("id", "=", userId).where("status", "!=", "deleted").executeTakeFirst();
  if (!user) throw new NotFound("User not found");
  return user;
}
