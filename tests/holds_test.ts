/**
 * Ranked holds through the service: ranks in order, one hold per holder and
 * date, refusals (booked day, wrong role, bad expiry), release and expiry
 * moving the holds below up with a notice, conversion, and who sees what.
 * On PostgreSQL: ten concurrent holds get ranks 1..10 exactly.
 */
import assert from "node:assert/strict";
import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.ts";
import type { Actor } from "../domain/access.ts";
import { AppError } from "../domain/errors.ts";
import {
  expireDueHolds,
  listHolds,
  placeHold,
  releaseHold,
  settleHoldsForBooking,
} from "../services/calendar/holds.ts";
import type { WorkflowDeps } from "../services/notifications.ts";
import { hasPostgres, openTestDatabase } from "./support/db.ts";
import { act, booking, person } from "./support/fixtures.ts";

const META = { ip: null, userAgent: null };
const DATE = "2026-12-05";
const EXPIRES = "2026-11-10T12:00:00+05:30";

function depsOf(db: Kysely<Database>, clock: { now: Date }): WorkflowDeps {
  return { db, sendEmail: () => Promise.resolve(), origin: "https://artistspace.test", now: () => clock.now };
}

async function rejects(promise: Promise<unknown>, code: string, field?: string): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof AppError, String(err));
    assert.equal(err.code, code, err.message);
    if (field) assert.ok(err.details.some((d) => d.field === field), JSON.stringify(err.details));
    return true;
  });
}

async function ranks(db: Kysely<Database>, actId: string, date = DATE) {
  return (await db.selectFrom("act_holds").select(["holder_id", "rank"])
    .where("act_id", "=", actId).where(sql<boolean>`hold_date = ${date}::date`)
    .where("status", "=", "active").orderBy("rank").execute()).map((h) => [h.holder_id, h.rank]);
}

async function noticesFor(db: Kysely<Database>, userId: string): Promise<string[]> {
  return (await db.selectFrom("notifications").select(["title", "body"]).where("user_id", "=", userId)
    .orderBy("created_at").execute()).map((n) => `${n.title}: ${n.body}`);
}

Deno.test("ranked holds", async (t) => {
  const database = await openTestDatabase();
  const db = database.db;
  const clock = { now: new Date("2026-11-01T06:30:00Z") };
  const deps = depsOf(db, clock);
  try {
    const artist = await person(db, "artist");
    const admin = await person(db, "admin");
    const [first, second, third] = [
      await person(db, "promoter"),
      await person(db, "organizer"),
      await person(db, "venue_manager"),
    ];
    const { id: actId } = await act(db, artist.userId, { name: "Asha Rao" });

    await t.step("holds on one date get ranks 1, 2, 3 in order and tell the act's owner", async () => {
      for (const [i, who] of [first, second, third].entries()) {
        const hold = await placeHold(
          deps,
          who,
          actId,
          { holdDate: DATE, expiresAt: EXPIRES, note: "tbc" },
          META,
        );
        assert.equal(hold.rank, i + 1);
        assert.equal(hold.holdDate, DATE);
        assert.equal(hold.status, "active");
        assert.equal(hold.actName, "Asha Rao");
      }
      assert.deepEqual(await ranks(db, actId), [[first.userId, 1], [second.userId, 2], [third.userId, 3]]);
      const notices = await noticesFor(db, artist.userId);
      assert.equal(notices.length, 3);
      assert.match(
        notices[0],
        /^Hold update: Person \d+ placed the 1st hold on Asha Rao for Sat, 5 Dec 2026\.$/,
      );
    });

    await t.step("a second hold by the same holder on the same date is a conflict", async () => {
      await rejects(placeHold(deps, first, actId, { holdDate: DATE, expiresAt: EXPIRES }, META), "CONFLICT");
    });

    await t.step("only the organizer side may hold, and the expiry is checked", async () => {
      await rejects(
        placeHold(deps, artist, actId, { holdDate: DATE, expiresAt: EXPIRES }, META),
        "FORBIDDEN",
      );
      const other = await person(db, "promoter");
      const hold = (expiresAt: string, holdDate = DATE) =>
        placeHold(deps, other, actId, { holdDate, expiresAt }, META);
      await rejects(hold("2026-11-20T12:00:00Z"), "VALIDATION_ERROR", "expiresAt"); // 19 days ahead
      await rejects(hold("2026-10-31T12:00:00Z"), "VALIDATION_ERROR", "expiresAt"); // in the past
      await rejects(hold("2026-11-05T12:00:00Z", "2026-11-04"), "VALIDATION_ERROR", "expiresAt"); // after the date
      await rejects(hold(EXPIRES, "2026-10-30"), "VALIDATION_ERROR", "holdDate");
      await rejects(hold(EXPIRES, "2026-02-30"), "VALIDATION_ERROR", "holdDate");
      await rejects(
        placeHold(deps, other, crypto.randomUUID(), { holdDate: DATE, expiresAt: EXPIRES }, META),
        "NOT_FOUND",
      );
    });

    await t.step("a day the act is booked (in India) cannot be held", async () => {
      // 00:30 on 19 December in India is still the 18th in UTC.
      await booking(db, actId, second.userId, { starts_at: "2026-12-18T19:00:00Z", status: "confirmed" });
      await rejects(
        placeHold(deps, first, actId, { holdDate: "2026-12-19", expiresAt: EXPIRES }, META),
        "CONFLICT",
        "holdDate",
      );
      // A booking still being negotiated does not take the day.
      await booking(db, actId, second.userId, { starts_at: "2026-12-20T14:00:00Z", status: "negotiating" });
      const held = await placeHold(deps, first, actId, { holdDate: "2026-12-20", expiresAt: EXPIRES }, META);
      assert.equal(held.rank, 1);
    });

    await t.step("the act's owner sees every hold; an organizer sees their own and the count", async () => {
      const owner = await listHolds(deps, artist, actId);
      assert.equal(owner.holds.length, 4);
      assert.equal(owner.activeCount, 4);
      const mine = await listHolds(deps, second, actId);
      assert.deepEqual(mine.holds.map((h) => [h.holderId, h.rank]), [[second.userId, 2]]);
      assert.equal(mine.activeCount, 4);
    });

    await t.step("only the holder, the act's owner or an admin may release", async () => {
      const [, h2] = (await listHolds(deps, artist, actId)).holds;
      await rejects(releaseHold(deps, third, h2.id, META), "FORBIDDEN");
      await rejects(releaseHold(deps, third, "not-an-id", META), "NOT_FOUND");
    });

    await t.step("releasing the first hold moves 2 -> 1 and 3 -> 2 and tells both holders", async () => {
      const h1 = (await listHolds(deps, first, actId)).holds.find((h) => h.holdDate === DATE)!;
      const released = await releaseHold(deps, first, h1.id, META);
      assert.equal(released.status, "released");
      assert.ok(released.endedAt);
      assert.deepEqual(await ranks(db, actId), [[second.userId, 1], [third.userId, 2]]);
      assert.match(
        (await noticesFor(db, second.userId)).at(-1)!,
        /now have the 1st hold on Asha Rao for Sat, 5 Dec 2026/,
      );
      assert.match((await noticesFor(db, third.userId)).at(-1)!, /now have the 2nd hold/);
      await rejects(releaseHold(deps, first, h1.id, META), "CONFLICT");
    });

    await t.step("the owner releasing a hold tells its holder; an admin may release too", async () => {
      const h = (await listHolds(deps, third, actId)).holds[0];
      await releaseHold(deps, artist, h.id, META);
      assert.match(
        (await noticesFor(db, third.userId)).at(-1)!,
        /Your hold on Asha Rao for Sat, 5 Dec 2026 was released/,
      );
      const again = await placeHold(deps, third, actId, { holdDate: DATE, expiresAt: EXPIRES }, META);
      assert.equal(again.rank, 2);
      await releaseHold(deps, admin, again.id, META);
      assert.deepEqual(await ranks(db, actId), [[second.userId, 1]]);
    });

    await t.step("expireDueHolds ends lapsed holds and moves the rest up", async () => {
      const { id: otherAct } = await act(db, artist.userId);
      await placeHold(deps, first, otherAct, { holdDate: DATE, expiresAt: "2026-11-03T12:00:00Z" }, META);
      await placeHold(deps, second, otherAct, { holdDate: DATE, expiresAt: "2026-11-04T12:00:00Z" }, META);
      await placeHold(deps, third, otherAct, { holdDate: DATE, expiresAt: "2026-11-12T12:00:00Z" }, META);
      assert.equal(await expireDueHolds(deps), 0);
      clock.now = new Date("2026-11-03T13:00:00Z");
      assert.equal(await expireDueHolds(deps), 1);
      assert.deepEqual(await ranks(db, otherAct), [[second.userId, 1], [third.userId, 2]]);
      assert.match((await noticesFor(db, first.userId)).at(-1)!, /has expired/);
      // A lapsed hold the sweeper has not reached yet does not count towards a new rank.
      clock.now = new Date("2026-11-04T13:00:00Z");
      const late = await placeHold(deps, first, otherAct, { holdDate: DATE, expiresAt: EXPIRES }, META);
      assert.equal(late.rank, 2);
      assert.deepEqual(await ranks(db, otherAct), [[third.userId, 1], [first.userId, 2]]);
    });

    await t.step("confirming a booking converts the organizer's hold and releases the others", async () => {
      const { id: actId2 } = await act(db, artist.userId);
      await placeHold(deps, first, actId2, { holdDate: DATE, expiresAt: EXPIRES }, META);
      await placeHold(deps, second, actId2, { holdDate: DATE, expiresAt: EXPIRES }, META);
      await placeHold(deps, third, actId2, { holdDate: "2026-12-06", expiresAt: EXPIRES }, META);
      const { id: bookingId } = await booking(db, actId2, first.userId, {
        starts_at: "2026-12-05T14:30:00Z",
        status: "inquiry",
      });
      const settle = (holderId: string) =>
        db.transaction().execute((trx) =>
          settleHoldsForBooking(trx, deps, {
            act: { id: actId2, name: "The Held Act" },
            holderId,
            // 20:00 in India on the 5th: the held day, though it is still the 5th in UTC too.
            date: new Date("2026-12-05T14:30:00Z"),
            bookingId,
          })
        );
      assert.deepEqual(await settle(first.userId), { converted: true, released: [second.userId] });
      const rows = await db.selectFrom("act_holds").select(["holder_id", "status", "booking_id"])
        .where("act_id", "=", actId2).execute();
      const state = (holder: Actor) => {
        const row = rows.find((r) => r.holder_id === holder.userId)!;
        return [row.status, row.booking_id];
      };
      assert.deepEqual(state(first), ["converted", bookingId]);
      assert.deepEqual(state(second), ["released", null]);
      assert.deepEqual(state(third), ["active", null], "a hold on another day stays");
      assert.match(
        (await noticesFor(db, second.userId)).at(-1)!,
        /The Held Act is now booked on Sat, 5 Dec 2026/,
      );
      // Nothing active is left on that day: a second confirmation finds nothing to settle.
      assert.deepEqual(await settle(third.userId), { converted: false, released: [] });
    });
  } finally {
    await database.close();
  }
});

Deno.test({
  name: "ten concurrent holds on one act and date get ranks 1..10; releasing rank 1 moves each up one",
  ignore: !hasPostgres,
  async fn() {
    const database = await openTestDatabase({ driver: "pg" });
    const db = database.db;
    const clock = { now: new Date("2026-11-01T06:30:00Z") };
    const deps = depsOf(db, clock);
    try {
      const artist = await person(db, "artist");
      const { id: actId } = await act(db, artist.userId);
      const holders = await Promise.all(Array.from({ length: 10 }, () => person(db, "promoter")));
      const holds = await Promise.all(
        holders.map((h) => placeHold(deps, h, actId, { holdDate: DATE, expiresAt: EXPIRES }, META)),
      );
      assert.deepEqual(holds.map((h) => h.rank).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

      const before = new Map((await ranks(db, actId)).map(([holder, rank]) => [holder, rank as number]));
      const firstHold = holds.find((h) => h.rank === 1)!;
      await releaseHold(deps, holders.find((h) => h.userId === firstHold.holderId)!, firstHold.id, META);
      const after = await ranks(db, actId);
      assert.equal(after.length, 9);
      for (const [holder, rank] of after) assert.equal(rank, before.get(holder as string)! - 1);
    } finally {
      await database.close();
    }
  },
});
