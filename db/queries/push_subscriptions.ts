/**
 * Browsers' Web Push subscriptions: turning one on (or binding it anew to
 * whoever signs in on that browser), listing and removing a person's, which
 * of them hear of a type of notice, and the dispatcher's bookkeeping.
 */
import { type Kysely, sql } from "kysely";
import type { PushType } from "../../domain/push_types.ts";
import type { Database, PushSubscriptionRow } from "../schema.ts";

export interface NewPushSubscription {
  userId: string;
  sessionId: string | null;
  endpoint: string;
  p256dh: string;
  auth: string;
  label: string;
}

/**
 * Stores the subscription, or takes over the row with its endpoint: one
 * browser is one endpoint, whoever is signed in on it now. The row is written
 * only when something changed, so a browser saying again what it said before
 * costs no write and no audit entry.
 */
export async function upsertPushSubscription(
  trx: Kysely<Database>,
  s: NewPushSubscription,
): Promise<{ id: string; changed: boolean }> {
  const written = await trx.insertInto("push_subscriptions")
    .values({
      user_id: s.userId,
      session_id: s.sessionId,
      endpoint: s.endpoint,
      p256dh: s.p256dh,
      auth: s.auth,
      label: s.label,
    })
    .onConflict((oc) =>
      oc.column("endpoint").doUpdateSet((eb) => ({
        user_id: eb.ref("excluded.user_id"),
        session_id: eb.ref("excluded.session_id"),
        p256dh: eb.ref("excluded.p256dh"),
        auth: eb.ref("excluded.auth"),
        label: eb.ref("excluded.label"),
        failure_count: 0,
      })).where(
        sql<boolean>`(push_subscriptions.user_id, push_subscriptions.session_id, push_subscriptions.p256dh,
          push_subscriptions.auth, push_subscriptions.label)
          is distinct from (excluded.user_id, excluded.session_id, excluded.p256dh, excluded.auth, excluded.label)`,
      )
    )
    .returning("id")
    .executeTakeFirst();
  if (written) return { id: written.id, changed: true };
  const same = await trx.selectFrom("push_subscriptions").select("id")
    .where("endpoint", "=", s.endpoint).executeTakeFirstOrThrow();
  return { id: same.id, changed: false };
}

/** A person's subscriptions, newest first. */
export async function pushSubscriptionsOf(
  db: Kysely<Database>,
  userId: string,
): Promise<PushSubscriptionRow[]> {
  return await db.selectFrom("push_subscriptions").selectAll()
    .where("user_id", "=", userId).orderBy("created_at", "desc").orderBy("id").execute();
}

export async function countPushSubscriptionsOf(db: Kysely<Database>, userId: string): Promise<number> {
  const { n } = await db.selectFrom("push_subscriptions")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId).executeTakeFirstOrThrow();
  return Number(n);
}

/** Removes the person's own subscription, by its endpoint or its id; returns whether one went. */
export async function deleteOwnPushSubscription(
  trx: Kysely<Database>,
  userId: string,
  which: { endpoint: string } | { id: string },
): Promise<boolean> {
  let query = trx.deleteFrom("push_subscriptions").where("user_id", "=", userId);
  query = "endpoint" in which
    ? query.where("endpoint", "=", which.endpoint)
    : query.where("id", "=", which.id);
  const result = await query.executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/**
 * The subscriptions that hear of `type` for `userId`: the account is active,
 * the type is not muted, and the session that turned the subscription on has
 * not been signed out (an expired session still counts: a phone should hear
 * of an offer between visits).
 */
export async function pushSubscriptionsToTell(
  trx: Kysely<Database>,
  userId: string,
  type: PushType,
): Promise<{ id: string }[]> {
  return await trx.selectFrom("push_subscriptions as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .leftJoin("sessions as se", "se.id", "s.session_id")
    .leftJoin("push_preferences as p", "p.user_id", "s.user_id")
    .select("s.id")
    .where("s.user_id", "=", userId)
    .where("u.status", "=", "active")
    .where("se.revoked_at", "is", null)
    .where(sql<boolean>`not (${type} = any(coalesce(p.muted, '{}')))`)
    .orderBy("s.created_at")
    .execute();
}

/** What sending to a subscription needs, and whether its session has since been signed out. */
export async function pushSubscriptionForSending(db: Kysely<Database>, id: string) {
  return await db.selectFrom("push_subscriptions as s")
    .leftJoin("sessions as se", "se.id", "s.session_id")
    .select(["s.id", "s.endpoint", "s.p256dh", "s.auth", "se.revoked_at"])
    .where("s.id", "=", id)
    .executeTakeFirst();
}

export async function recordPushSuccess(trx: Kysely<Database>, id: string, at: Date): Promise<void> {
  await trx.updateTable("push_subscriptions").set({ last_success_at: at, failure_count: 0 })
    .where("id", "=", id).execute();
}

export async function countPushFailure(db: Kysely<Database>, id: string): Promise<void> {
  await db.updateTable("push_subscriptions").set((eb) => ({ failure_count: eb("failure_count", "+", 1) }))
    .where("id", "=", id).execute();
}

/** The push service said the subscription is gone (404, 410): nothing will reach it again. */
export async function deletePushSubscription(trx: Kysely<Database>, id: string): Promise<void> {
  await trx.deleteFrom("push_subscriptions").where("id", "=", id).execute();
}

/** A deleted account's browsers and choices: an endpoint identifies a device, and nobody is left to tell. */
export async function forgetPushOf(trx: Kysely<Database>, userId: string): Promise<void> {
  await trx.deleteFrom("push_subscriptions").where("user_id", "=", userId).execute();
  await trx.deleteFrom("push_preferences").where("user_id", "=", userId).execute();
}
