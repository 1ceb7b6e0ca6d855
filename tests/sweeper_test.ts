/** The sweep closes lapsed offers, requests and holds, tells the people involved, and leaves live ones alone. */
import assert from "node:assert/strict";
import { createSweeper } from "../server/jobs.ts";
import { openTestApp } from "./support/app.ts";

const DAY = 86_400_000;

Deno.test("one sweep expires lapsed offers, past requests and holds, and nothing else", async () => {
  const app = await openTestApp();
  try {
    const db = app.database.db;
    const user = (email: string) =>
      db.insertInto("users").values({ email, status: "active", metadata: "{}" }).returning("id")
        .executeTakeFirstOrThrow();
    const organizer = await user("organizer@example.in");
    const artist = await user("artist@example.in");
    const act = await db.insertInto("acts").values({
      kind: "solo",
      owner_id: artist.id,
      name: "Anoushka",
      slug: "anoushka",
      budget_min: 1,
      budget_standard: 2,
      budget_premium: 3,
      social_links: "{}",
    }).returning("id").executeTakeFirstOrThrow();
    const now = new Date();
    const startsAt = new Date(now.getTime() + 30 * DAY);
    const offered = async (expiresAt: Date) => {
      const booking = await db.insertInto("bookings").values({
        act_id: act.id,
        organizer_id: organizer.id,
        title: "Sitar at sunset",
        status: "offered",
        starts_at: startsAt,
        duration_minutes: 90,
        fee: 5_000_000,
        offers_made: 1,
      }).returning("id").executeTakeFirstOrThrow();
      await db.insertInto("booking_offers").values({
        booking_id: booking.id,
        round: 1,
        made_by: "organizer",
        fee: 5_000_000,
        currency: "INR",
        deposit_bps: 3000,
        starts_at: startsAt,
        duration_minutes: 90,
        expires_at: expiresAt,
      }).execute();
      return booking.id;
    };
    const lapsed = await offered(new Date(now.getTime() - 60_000));
    const request = (startsAt: Date) =>
      db.insertInto("bookings").values({
        act_id: act.id,
        organizer_id: organizer.id,
        title: "Unanswered request",
        starts_at: startsAt,
        duration_minutes: 60,
        fee: 0,
      }).returning("id").executeTakeFirstOrThrow().then((b) => b.id);
    const pastRequest = await request(new Date(now.getTime() - 3_600_000));
    const futureRequest = await request(startsAt);
    const live = await offered(new Date(now.getTime() + DAY));
    const hold = (expiresAt: Date, rank: number, holder: string) =>
      db.insertInto("act_holds").values({
        act_id: act.id,
        holder_id: holder,
        hold_date: "2030-01-15",
        rank,
        expires_at: expiresAt,
      }).returning("id").executeTakeFirstOrThrow();
    const second = await user("second@example.in");
    const lapsedHold = await hold(new Date(now.getTime() - 60_000), 1, organizer.id);
    const promoted = await hold(new Date(now.getTime() + DAY), 2, second.id);

    const sweeper = createSweeper({ ...app.services.auth, now: () => now });
    assert.deepEqual(await sweeper.runOnce(), { bookings: 2, holds: 1 });

    const statuses = await db.selectFrom("bookings").select(["id", "status"]).execute();
    assert.equal(statuses.find((b) => b.id === lapsed)?.status, "cancelled");
    assert.equal(statuses.find((b) => b.id === live)?.status, "offered");
    assert.equal(statuses.find((b) => b.id === pastRequest)?.status, "cancelled");
    assert.equal(statuses.find((b) => b.id === futureRequest)?.status, "inquiry");
    const holds = await db.selectFrom("act_holds").select(["id", "status", "rank"]).execute();
    assert.deepEqual(holds.find((h) => h.id === lapsedHold.id)?.status, "expired");
    assert.deepEqual(holds.find((h) => h.id === promoted.id), { id: promoted.id, status: "active", rank: 1 });
    const told = await db.selectFrom("notifications").select(["user_id", "kind"]).execute();
    assert.ok(told.some((n) => n.user_id === artist.id && n.kind === "Offer expired"));
    assert.ok(told.some((n) => n.user_id === second.id && n.kind === "Hold update"));
    // A second pass finds nothing left to do.
    assert.deepEqual(await sweeper.runOnce(), { bookings: 0, holds: 0 });
  } finally {
    await app.close();
  }
});
