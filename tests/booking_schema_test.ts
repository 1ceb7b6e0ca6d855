/**
 * The booking schema's own guarantees, checked against the engine with no
 * application code in between: whatever a service forgets, these hold.
 */
import assert from "node:assert/strict";
import { type Kysely, sql } from "kysely";
import { migrations } from "../db/migrations/index.ts";
import { type Database, type NewAct } from "../db/schema.ts";
import { BOOKING_STATES, OCCUPYING_STATES } from "../domain/booking_machine.ts";
import { openTestDatabase, testOnEachDriver } from "./support/db.ts";

async function user(db: Kysely<Database>): Promise<string> {
  const row = await db.insertInto("users")
    .values({ email: `u.${crypto.randomUUID()}@example.test`, metadata: "{}" })
    .returning("id").executeTakeFirstOrThrow();
  return row.id;
}

async function act(db: Kysely<Database>, ownerId: string): Promise<string> {
  const values: NewAct = {
    kind: "solo",
    owner_id: ownerId,
    name: "Meera Iyer",
    slug: `meera-${crypto.randomUUID().slice(0, 8)}`,
    budget_min: 1_000_000,
    budget_standard: 2_000_000,
    budget_premium: 3_000_000,
    social_links: "{}",
  };
  return (await db.insertInto("acts").values(values).returning("id").executeTakeFirstOrThrow()).id;
}

async function someCity(db: Kysely<Database>): Promise<number> {
  return (await db.selectFrom("cities").select("city_id").limit(1).executeTakeFirstOrThrow()).city_id;
}

interface Fixture {
  actId: string;
  organizerId: string;
  cityId: number;
}

async function fixture(db: Kysely<Database>): Promise<Fixture> {
  const organizerId = await user(db);
  return { actId: await act(db, await user(db)), organizerId, cityId: await someCity(db) };
}

function booking(f: Fixture, startsAt: string, status: (typeof BOOKING_STATES)[number], minutes = 90) {
  return {
    act_id: f.actId,
    organizer_id: f.organizerId,
    city_id: f.cityId,
    title: "Sangeet night",
    status,
    starts_at: startsAt,
    duration_minutes: minutes,
    fee: 5_000_000,
  };
}

Deno.test("the migration's booking states are the schema's and the domain's, in order", async () => {
  const source = await Deno.readTextFile(new URL("../db/migrations/0008_bookings.ts", import.meta.url));
  const listed = /BOOKING_STATES = sql\.raw\(\s*`([^`]*)` \+\s*`([^`]*)`/.exec(source);
  assert.ok(listed, "0008 names its states in one list");
  const states = (listed[1] + listed[2]).split(",").map((s) => s.trim().replaceAll("'", "")).filter(Boolean);
  assert.deepEqual(states, [...BOOKING_STATES]);
  assert.deepEqual(states, [...BOOKING_STATES]);
  const occupying = /OCCUPYING_STATES = sql\.raw\(`([^`]*)`\)/.exec(source);
  assert.ok(occupying, "0008 names the occupying states in one list");
  assert.deepEqual(occupying[1].split(",").map((s) => s.trim().replaceAll("'", "")), [...OCCUPYING_STATES]);
  assert.ok(migrations["0008_bookings"]);
});

testOnEachDriver(
  "a booking's end and occupied range follow its start, duration and travel buffer",
  async ({ db }) => {
    const f = await fixture(db);
    const row = await db.insertInto("bookings").values(booking(f, "2026-12-20T14:30:00Z", "inquiry", 120))
      .returning(["id", "ends_at"]).executeTakeFirstOrThrow();
    assert.equal(row.ends_at.toISOString(), "2026-12-20T16:30:00.000Z");
    const { lower, upper } = await sql<{ lower: Date; upper: Date }>`
    select lower(occupancy) as lower, upper(occupancy) as upper from bookings where id = ${row.id}`
      .execute(db).then((r) => r.rows[0]);
    // The default buffer is three hours on each side.
    assert.equal(new Date(lower).toISOString(), "2026-12-20T11:30:00.000Z");
    assert.equal(new Date(upper).toISOString(), "2026-12-20T19:30:00.000Z");
    await db.updateTable("bookings").set({ travel_buffer_minutes: 0, duration_minutes: 60 })
      .where("id", "=", row.id).execute();
    const moved = await sql<
      { upper: Date }
    >`select upper(occupancy) as upper from bookings where id = ${row.id}`
      .execute(db).then((r) => r.rows[0]);
    assert.equal(new Date(moved.upper).toISOString(), "2026-12-20T15:30:00.000Z");
  },
);

testOnEachDriver(
  "the database refuses a second confirmed booking of an act over overlapping time",
  async ({ db }) => {
    const f = await fixture(db);
    await db.insertInto("bookings").values(booking(f, "2026-12-20T14:00:00Z", "confirmed")).execute();
    // Five hours later still falls inside the two three-hour travel buffers.
    await assert.rejects(
      db.insertInto("bookings").values(booking(f, "2026-12-20T19:00:00Z", "paid_deposit")).execute(),
      (err: { code?: string }) => err.code === "23P01",
    );
    // Negotiations may overlap freely: only occupying states take the time.
    await db.insertInto("bookings").values(booking(f, "2026-12-20T14:00:00Z", "negotiating")).execute();
    const pending = await db.insertInto("bookings").values(booking(f, "2026-12-20T14:00:00Z", "offered"))
      .returning("id").executeTakeFirstOrThrow();
    await assert.rejects(
      db.updateTable("bookings").set({ status: "confirmed" }).where("id", "=", pending.id).execute(),
      (err: { code?: string }) => err.code === "23P01",
    );
    // Far enough apart, and another act at the same time, are both fine.
    await db.insertInto("bookings").values(booking(f, "2026-12-21T14:00:00Z", "confirmed")).execute();
    const other = { ...f, actId: await act(db, await user(db)) };
    await db.insertInto("bookings").values(booking(other, "2026-12-20T14:00:00Z", "confirmed")).execute();
    // A cancelled booking frees the time.
    await db.updateTable("bookings").set({ status: "cancelled" })
      .where("act_id", "=", f.actId).where("status", "=", "confirmed")
      .where("starts_at", "=", new Date("2026-12-20T14:00:00Z")).execute();
    await db.updateTable("bookings").set({ status: "confirmed" }).where("id", "=", pending.id).execute();
  },
);

testOnEachDriver(
  "the timeline is append-only and offers allow one open offer per booking",
  async ({ db }) => {
    const f = await fixture(db);
    const { id } = await db.insertInto("bookings").values(booking(f, "2026-12-20T14:00:00Z", "offered"))
      .returning("id").executeTakeFirstOrThrow();
    const event = await db.insertInto("booking_events")
      .values({ booking_id: id, party: "organizer", event: "offer", to_status: "offered", detail: "{}" })
      .returning("id").executeTakeFirstOrThrow();
    await assert.rejects(
      db.updateTable("booking_events").set({ event: "forged" }).where("id", "=", event.id).execute(),
      /append-only/,
    );
    const offer = (round: number) => ({
      booking_id: id,
      round,
      made_by: "organizer" as const,
      fee: 5_000_000,
      currency: "INR",
      deposit_bps: 3000,
      starts_at: "2026-12-20T14:00:00Z",
      duration_minutes: 90,
      expires_at: "2026-12-10T00:00:00Z",
    });
    await db.insertInto("booking_offers").values(offer(1)).execute();
    await assert.rejects(
      db.insertInto("booking_offers").values(offer(2)).execute(),
      /booking_offers_one_open/,
    );
    await assert.rejects(
      db.insertInto("booking_offers").values({ ...offer(7), status: "declined", closed_at: new Date() })
        .execute(),
      /check constraint/,
    );
  },
);

testOnEachDriver(
  "hold ranks are unique per act and date, and can all shift in one statement",
  async ({ db }) => {
    const f = await fixture(db);
    const hold = async (rank: number) =>
      await db.insertInto("act_holds").values({
        act_id: f.actId,
        holder_id: await user(db),
        hold_date: "2026-12-31",
        rank,
        expires_at: "2026-12-20T00:00:00Z",
      }).returning("id").executeTakeFirstOrThrow();
    const first = await hold(1);
    await hold(2);
    await hold(3);
    await assert.rejects(hold(2), /act_holds_rank_unique/);
    await db.transaction().execute(async (trx) => {
      await trx.updateTable("act_holds").set({ status: "released", ended_at: new Date() })
        .where("id", "=", first.id).execute();
      await trx.updateTable("act_holds").set((eb) => ({ rank: eb("rank", "-", 1) }))
        .where("act_id", "=", f.actId).where("status", "=", "active").execute();
    });
    const ranks = await db.selectFrom("act_holds").select("rank").where("status", "=", "active")
      .orderBy("rank").execute();
    assert.deepEqual(ranks.map((r) => r.rank), [1, 2]);
  },
);

Deno.test("applications allow one live application per act and opportunity", async () => {
  const t = await openTestDatabase();
  try {
    const { db } = t;
    const f = await fixture(db);
    const opportunity = await db.insertInto("opportunities").values({
      organizer_id: f.organizerId,
      title: "Diwali mela, main stage",
      starts_at: "2026-12-20T14:00:00Z",
      duration_minutes: 90,
      city_id: f.cityId,
      budget_min: 1_000_000,
      budget_max: 3_000_000,
      application_deadline: "2026-12-10T00:00:00Z",
    }).returning("id").executeTakeFirstOrThrow();
    const apply = () =>
      db.insertInto("applications").values({
        opportunity_id: opportunity.id,
        act_id: f.actId,
        applicant_id: f.organizerId,
        pitch: "We play Diwali every year.",
        proposed_fee: 2_000_000,
        currency: "INR",
      }).returning("id").executeTakeFirstOrThrow();
    const first = await apply();
    await assert.rejects(apply(), /applications_one_live/);
    await db.updateTable("applications").set({ status: "withdrawn" }).where("id", "=", first.id).execute();
    await apply();
    await assert.rejects(
      db.updateTable("applications").set({ status: "accepted" }).where("id", "=", first.id).execute(),
      /applications_booking_iff_accepted/,
    );
  } finally {
    await t.close();
  }
});
