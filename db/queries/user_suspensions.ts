/**
 * Suspensions (db/migrations/0028_suspensions_job_runs.ts): the account row locked while its status changes,
 * the open suspension, its history, and the writes. `users.status` is what the rest of the platform reads;
 * the suspension rows say why.
 *
 *   select * from users where id = $1 and status <> 'deleted' for update
 *   insert into user_suspensions (user_id, reason, suspended_by, suspended_at) values (...)
 *   update user_suspensions set lifted_at = $now, lifted_by = $admin, lift_note = $note
 *     where user_id = $1 and lifted_at is null
 */
import type { Kysely } from "kysely";
import type { UserStatus } from "../../domain/people.ts";
import type { Database, User } from "../schema.ts";

/** The account, unless deleted, locked so concurrent status changes queue and each sees the last. */
export async function lockLiveUser(trx: Kysely<Database>, userId: string): Promise<User | undefined> {
  return await trx.selectFrom("users").selectAll().where("id", "=", userId).where("status", "!=", "deleted")
    .forUpdate().executeTakeFirst();
}

export async function setUserStatus(
  trx: Kysely<Database>,
  userId: string,
  status: UserStatus,
): Promise<User> {
  return await trx.updateTable("users").set({ status }).where("id", "=", userId).returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertSuspension(
  trx: Kysely<Database>,
  values: {
    userId: string;
    reason: string;
    statusBefore: "pending_verification" | "active";
    by: string;
    at: Date;
  },
): Promise<string> {
  const row = await trx.insertInto("user_suspensions").values({
    user_id: values.userId,
    reason: values.reason,
    status_before: values.statusBefore,
    suspended_by: values.by,
    suspended_at: values.at,
  }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

/** Closes the open suspension, if any: the status the account had before it. */
export async function liftSuspension(
  trx: Kysely<Database>,
  values: { userId: string; by: string; note: string | null; at: Date },
): Promise<"pending_verification" | "active" | undefined> {
  const row = await trx.updateTable("user_suspensions")
    .set({ lifted_at: values.at, lifted_by: values.by, lift_note: values.note })
    .where("user_id", "=", values.userId).where("lifted_at", "is", null)
    .returning("status_before").executeTakeFirst();
  return row?.status_before;
}

/** One suspension, with the names of who suspended and who lifted it. */
export interface SuspensionRow {
  id: string;
  reason: string;
  suspendedAt: Date;
  suspendedBy: string | null;
  suspendedByName: string | null;
  liftedAt: Date | null;
  liftedBy: string | null;
  liftedByName: string | null;
  liftNote: string | null;
}

/** A person's suspensions, newest first: the open one (if any) leads. */
export async function suspensionsOf(db: Kysely<Database>, userId: string): Promise<SuspensionRow[]> {
  return await db.selectFrom("user_suspensions as s")
    .leftJoin("users as sb", "sb.id", "s.suspended_by")
    .leftJoin("users as lb", "lb.id", "s.lifted_by")
    .select([
      "s.id",
      "s.reason",
      "s.suspended_at as suspendedAt",
      "s.suspended_by as suspendedBy",
      "sb.display_name as suspendedByName",
      "s.lifted_at as liftedAt",
      "s.lifted_by as liftedBy",
      "lb.display_name as liftedByName",
      "s.lift_note as liftNote",
    ])
    .where("s.user_id", "=", userId)
    .orderBy("s.suspended_at", "desc").orderBy("s.id")
    .execute();
}
