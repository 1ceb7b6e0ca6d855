/**
 * Open disputes for the admin console: bookings in `disputed`, each with the
 * timeline's dispute event (who raised it, why, when) and what was paid,
 * oldest dispute first.
 *
 *   select b.*, e.* from bookings b
 *     left join lateral (select ... from booking_events where booking_id = b.id and event = 'dispute'
 *                        order by id desc limit 1) e on true
 *    where b.status = 'disputed' order by e.created_at
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../schema.ts";

export function openDisputes(db: Kysely<Database>, limit: number) {
  return db.selectFrom("bookings as b")
    .innerJoin("acts as a", "a.id", "b.act_id")
    .innerJoin("users as o", "o.id", "b.organizer_id")
    .leftJoinLateral(
      (eb) =>
        eb.selectFrom("booking_events as be")
          .select([
            "be.party",
            "be.actor_id",
            "be.created_at",
            sql<string | null>`be.detail ->> 'reason'`.as("reason"),
          ])
          .whereRef("be.booking_id", "=", "b.id").where("be.event", "=", "dispute")
          .orderBy("be.id", "desc").limit(1).as("e"),
      (join) => join.onTrue(),
    )
    .leftJoin("users as r", "r.id", "e.actor_id")
    .select([
      "b.id",
      "b.title",
      "b.starts_at",
      "b.fee",
      "b.paid",
      "b.currency",
      "a.name as act_name",
      "o.display_name as organizer_name",
      "e.party as raised_by_party",
      "r.display_name as raised_by_name",
      "e.reason",
      "e.created_at as raised_at",
    ])
    .where("b.status", "=", "disputed")
    .orderBy("e.created_at").orderBy("b.id").limit(limit).execute();
}
