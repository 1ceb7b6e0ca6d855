/**
 * Histories that earn trust, made through the real services where a score
 * reads their results (completion and reviews recompute in their own
 * transactions) and written as rows where only the facts matter (payments,
 * answers to requests): for the tests of what pages and services show.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { Actor } from "../../domain/access.ts";
import * as bookings from "../../services/bookings/bookings.ts";
import type { WorkflowDeps } from "../../services/notifications.ts";
import { submitReview } from "../../services/reviews/write.ts";
import { booking } from "./fixtures.ts";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const meta = { ip: "203.0.113.40", userAgent: "trust-scenes" };

export function trustDeps(db: Kysely<Database>): WorkflowDeps {
  // Timeline rows are stamped by the database's clock, so the services run on the real one too.
  return {
    db,
    origin: "https://artistspace.test",
    now: () => new Date(),
    sendEmail: () => Promise.resolve(),
  };
}

/**
 * A show 20 days ago (or `daysAgo`), its deposit paid on time and its balance 10 days late,
 * completed by its organizer now, and reviewed by both sides (the organizer
 * gives the act 5 stars, the act's owner the organizer `organizerStars`).
 */
export async function playedShow(
  deps: WorkflowDeps,
  who: { actId: string; organizer: Actor; actOwner: Actor; venueId?: string },
  { title = "Monsoon ragas at the fort", organizerStars = 4, reviewed = true, daysAgo = 20 } = {},
) {
  const db = deps.db;
  const startsAt = new Date(Date.now() - daysAgo * DAY);
  const show = await booking(db, who.actId, who.organizer.userId, {
    title,
    status: "scheduled",
    starts_at: startsAt,
    duration_minutes: 120,
    fee: 5_000_000,
    paid: 5_000_000,
    offers_made: 1,
    venue_id: who.venueId ?? null,
  });
  const owner = await db.selectFrom("acts").select("owner_id").where("id", "=", who.actId)
    .executeTakeFirstOrThrow();
  for (
    const [type, at] of [
      ["deposit", new Date(startsAt.getTime() - 5 * DAY)],
      ["final", new Date(startsAt.getTime() + 2 * HOUR + 10 * DAY)],
    ] as const
  ) {
    const ref = `sbx_pay_scene_${crypto.randomUUID().slice(0, 8)}`;
    await db.insertInto("payments").values({
      booking_id: show.id,
      payer_id: who.organizer.userId,
      payee_id: owner.owner_id,
      amount: 2_500_000,
      currency: show.currency,
      payment_type: type,
      status: "captured",
      gateway: "sandbox",
      idempotency_key: `booking:${show.id}:${type}:scene`,
      checkout_ref: `sbx_order_${ref}`,
      gateway_transaction_id: ref,
      completed_at: at,
    }).execute();
  }
  await bookings.completeBooking(deps, who.organizer, show.id, meta);
  if (reviewed) {
    await submitReview(deps, who.organizer, show.id, {
      overall: 5,
      punctuality: 5,
      performance_as_described: 5,
      professionalism: 5,
      text: "They held the whole fort spellbound",
    }, meta);
    await submitReview(deps, who.actOwner, show.id, {
      overall: organizerStars,
      paid_on_time: 3,
      hospitality_and_sound: 5,
      communication: 4,
      text: "Lovely sound on the ramparts, balance came late",
    }, meta);
  }
  return show;
}

/** Three requests from `organizerId` the act answered within the hour: enough to be quick to respond. */
export async function quickAnswers(db: Kysely<Database>, actId: string, organizerId: string): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const asked = new Date(Date.now() - (i + 2) * DAY);
    const row = await booking(db, actId, organizerId, {
      status: "offered",
      starts_at: new Date(Date.now() + (40 + i) * DAY),
      offers_made: 1,
    });
    await db.insertInto("booking_events").values([
      {
        booking_id: row.id,
        actor_id: organizerId,
        party: "organizer",
        event: "request",
        from_status: null,
        to_status: "inquiry",
        detail: JSON.stringify({}),
        created_at: asked,
      },
      {
        booking_id: row.id,
        actor_id: null,
        party: "act",
        event: "offer",
        from_status: "inquiry",
        to_status: "offered",
        detail: JSON.stringify({}),
        created_at: new Date(asked.getTime() + HOUR),
      },
    ]).execute();
  }
}
