/**
 * The sweep closes lapsed offers, requests and holds, tells the people involved, and leaves live ones alone;
 * once a day it recomputes trust scores.
 */
import assert from "node:assert/strict";
import { createSweeper } from "../server/jobs.ts";
import { openTestApp } from "./support/app.ts";
import { act, booking, offeredBooking, person } from "./support/fixtures.ts";

const DAY = 86_400_000;

Deno.test("one sweep expires lapsed offers, past requests and holds, and nothing else", async () => {
  const app = await openTestApp();
  try {
    const db = app.database.db;
    const organizer = await person(db, "organizer");
    const artist = await person(db, "artist");
    const { id: actId } = await act(db, artist.userId);
    const now = new Date();
    const startsAt = new Date(now.getTime() + 30 * DAY);
    const offered = async (expiresAt: Date) =>
      (await offeredBooking(db, actId, organizer.userId, { starts_at: startsAt, expiresAt })).id;
    const request = async (startsAt: Date) =>
      (await booking(db, actId, organizer.userId, { starts_at: startsAt, duration_minutes: 60, fee: 0 })).id;
    const lapsed = await offered(new Date(now.getTime() - 60_000));
    const pastRequest = await request(new Date(now.getTime() - 3_600_000));
    const futureRequest = await request(startsAt);
    const live = await offered(new Date(now.getTime() + DAY));
    const hold = (expiresAt: Date, rank: number, holder: string) =>
      db.insertInto("act_holds").values({
        act_id: actId,
        holder_id: holder,
        hold_date: "2030-01-15",
        rank,
        expires_at: expiresAt,
      }).returning("id").executeTakeFirstOrThrow();
    const second = await person(db, "organizer");
    const lapsedHold = await hold(new Date(now.getTime() - 60_000), 1, organizer.userId);
    const promoted = await hold(new Date(now.getTime() + DAY), 2, second.userId);

    const sweeper = createSweeper(
      { ...app.services.deps, gateways: app.services.payments, now: () => now },
      { ...app.services.calls, now: () => now },
    );
    assert.deepEqual(await sweeper.runOnce(), {
      bookings: 2,
      holds: 1,
      refunds: 0,
      payouts: 0,
      digests: 0,
      calls: 0,
      // The daily trust pass: the organizer's confirmed account counts as verified (50 → 55); the new,
      // unverified act with no history stays at 50.
      trust: 1,
    });

    const statuses = await db.selectFrom("bookings").select(["id", "status"]).execute();
    assert.equal(statuses.find((b) => b.id === lapsed)?.status, "cancelled");
    assert.equal(statuses.find((b) => b.id === live)?.status, "offered");
    assert.equal(statuses.find((b) => b.id === pastRequest)?.status, "cancelled");
    assert.equal(statuses.find((b) => b.id === futureRequest)?.status, "inquiry");
    const holds = await db.selectFrom("act_holds").select(["id", "status", "rank"]).execute();
    assert.deepEqual(holds.find((h) => h.id === lapsedHold.id)?.status, "expired");
    assert.deepEqual(holds.find((h) => h.id === promoted.id), { id: promoted.id, status: "active", rank: 1 });
    const told = await db.selectFrom("notifications").select(["user_id", "kind"]).execute();
    assert.ok(told.some((n) => n.user_id === artist.userId && n.kind === "Offer expired"));
    assert.ok(told.some((n) => n.user_id === second.userId && n.kind === "Hold update"));
    // A second pass finds nothing left to do.
    assert.deepEqual(await sweeper.runOnce(), {
      bookings: 0,
      holds: 0,
      refunds: 0,
      payouts: 0,
      digests: 0,
      calls: 0,
      trust: 0,
    });
  } finally {
    await app.close();
  }
});
