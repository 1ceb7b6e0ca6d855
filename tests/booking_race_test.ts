/**
 * Double booking under load, on a real PostgreSQL server (PGlite has one
 * connection, so nothing races there): each round, an act has 40 offers
 * waiting on two overlapping slots and accepts all of them at once through
 * the real service. Exactly one per slot may win; the rest must be 409s that
 * leave nothing behind.
 */
import assert from "node:assert/strict";
import type { Kysely } from "kysely";
import { toErrorResponse } from "../api/errors.ts";
import type { Database } from "../db/schema.ts";
import type { Actor } from "../domain/access.ts";
import { Conflict, DOUBLE_BOOKED } from "../domain/errors.ts";
import { bookingTransaction } from "../services/bookings/step_runner.ts";
import { acceptOffer } from "../services/bookings/negotiations.ts";
import type { WorkflowDeps } from "../services/notifications.ts";
import { hasPostgres, openTestDatabase } from "./support/db.ts";
import { act, person } from "./support/fixtures.ts";

const ROUNDS = 20;
const SLOTS = 2;
const PER_SLOT = 20;
const DAY = 24 * 60 * 60 * 1000;
const meta = { ip: null, userAgent: null };

/** An act with PER_SLOT offered bookings on each slot, every one waiting for the act's answer. */
async function setUpRound(db: Kysely<Database>, organizer: Actor, round: number, now: Date) {
  const artist = await person(db, "artist");
  const { id: actId } = await act(db, artist.userId, { name: `Racer ${round}` });
  const bookings: { id: string; slot: number }[] = [];
  for (let slot = 0; slot < SLOTS; slot++) {
    // Ten days apart: far outside each other's travel buffer. Within a slot,
    // starts 15 minutes apart, so every pair overlaps.
    const base = now.getTime() + (10 + slot * 10) * DAY;
    const rows = await db.insertInto("bookings").values(
      Array.from({ length: PER_SLOT }, (_, i) => ({
        act_id: actId,
        organizer_id: organizer.userId,
        title: `Round ${round} slot ${slot} #${i}`,
        status: "offered" as const,
        starts_at: new Date(base + i * 15 * 60_000),
        duration_minutes: 60,
        fee: 5_000_000,
        offers_made: 1,
      })),
    ).returning(["id", "starts_at"]).execute();
    await db.insertInto("booking_offers").values(rows.map((r) => ({
      booking_id: r.id,
      round: 1,
      made_by: "organizer" as const,
      made_by_user: organizer.userId,
      fee: 5_000_000,
      currency: "INR",
      deposit_bps: 3000,
      starts_at: r.starts_at,
      duration_minutes: 60,
      expires_at: new Date(now.getTime() + 5 * DAY),
    }))).execute();
    bookings.push(...rows.map((r) => ({ id: r.id, slot })));
  }
  return { artist, actId, bookings };
}

Deno.test({
  name: "40 concurrent accepts of overlapping slots: one wins per slot, the rest get 409 and leave nothing",
  ignore: !hasPostgres,
  async fn() {
    const handle = await openTestDatabase({ driver: "pg" });
    const db = handle.db;
    const deps: WorkflowDeps = {
      db,
      origin: "https://artistspace.test",
      now: () => new Date(),
      sendEmail: async () => {},
    };
    try {
      const organizer = await person(db, "organizer");
      for (let round = 0; round < ROUNDS; round++) {
        const { artist, actId, bookings } = await setUpRound(db, organizer, round, new Date());
        const results = await Promise.allSettled(
          bookings.map((b) => acceptOffer(deps, artist, b.id, {}, meta)),
        );

        const winners = bookings.filter((_, i) => results[i].status === "fulfilled");
        assert.deepEqual(
          winners.map((w) => w.slot).sort(),
          Array.from({ length: SLOTS }, (_, s) => s),
          `round ${round}: one winner per slot`,
        );
        for (const result of results) {
          if (result.status === "fulfilled") continue;
          const { status, body } = toErrorResponse(result.reason);
          assert.equal(status, 409, `round ${round}: ${result.reason}`);
          assert.equal(body.error.code, "CONFLICT");
        }

        const rows = await db.selectFrom("bookings").select(["id", "status"]).where("act_id", "=", actId)
          .execute();
        const confirmed = rows.filter((r) => r.status === "confirmed").map((r) => r.id).sort();
        assert.deepEqual(confirmed, winners.map((w) => w.id).sort(), "only the winners are confirmed");
        assert.equal(rows.filter((r) => r.status === "offered").length, bookings.length - SLOTS);

        const ids = bookings.map((b) => b.id);
        const events = await db.selectFrom("booking_events").select("booking_id")
          .where("booking_id", "in", ids).where("event", "=", "accept").execute();
        assert.deepEqual(
          events.map((e) => e.booking_id).sort(),
          confirmed,
          "timeline rows only for the winners",
        );
        const contracts = await db.selectFrom("contracts").select("booking_id")
          .where("booking_id", "in", ids).execute();
        assert.deepEqual(
          contracts.map((c) => c.booking_id).sort(),
          confirmed,
          "contracts only for the winners",
        );
        const notes = await db.selectFrom("notifications").select("link")
          .where("link", "in", ids.map((id) => `/bookings/${id}`)).execute();
        assert.deepEqual(notes.map((n) => n.link).sort(), confirmed.map((id) => `/bookings/${id}`));
        const open = await db.selectFrom("booking_offers").select("booking_id")
          .where("booking_id", "in", ids).where("status", "=", "open").execute();
        assert.deepEqual(
          open.map((o) => o.booking_id).sort(),
          ids.filter((id) => !confirmed.includes(id)).sort(),
          "the losers' offers are still open",
        );
      }
    } finally {
      await handle.close();
    }
  },
});

Deno.test({
  name:
    "a write that skips the service's checks is still refused by the exclusion constraint, as a clear 409",
  ignore: !hasPostgres,
  async fn() {
    const handle = await openTestDatabase({ driver: "pg" });
    const db = handle.db;
    const deps: WorkflowDeps = {
      db,
      origin: "https://artistspace.test",
      now: () => new Date(),
      sendEmail: async () => {},
    };
    try {
      const { bookings } = await setUpRound(db, await person(db, "organizer"), 0, new Date());
      const [first, second] = bookings;
      await db.updateTable("bookings").set({ status: "confirmed" }).where("id", "=", first.id).execute();
      await assert.rejects(
        bookingTransaction(
          deps,
          (trx) =>
            trx.updateTable("bookings").set({ status: "confirmed" }).where("id", "=", second.id).execute(),
        ),
        (err: unknown) => err instanceof Conflict && err.message === DOUBLE_BOOKED,
      );
      const { status, body } = toErrorResponse(new Conflict(DOUBLE_BOOKED));
      assert.equal(status, 409);
      assert.equal(body.error.message, "The act is already booked at that time");
    } finally {
      await handle.close();
    }
  },
});
