/**
 * The booking schema's own guarantees, checked against the engine with no
 * application code in between: whatever a service forgets, these hold. Each
 * test reads the constraint, index or trigger from the catalog as the engine
 * prints it, then shows it at work.
 */
import assert from "node:assert/strict";
import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.ts";
import { BOOKING_STATES, type BookingState, OCCUPYING_STATES } from "../domain/booking_machine.ts";
import { testOnEachDriver } from "./support/db.ts";
import { act, booking, type BookingValues, opportunity, person } from "./support/fixtures.ts";

/** A constraint of `table` as pg_get_constraintdef prints it, with its deferral. */
async function constraint(db: Kysely<Database>, table: string, name: string) {
  const { rows } = await sql<{ definition: string; deferrable: boolean; deferred: boolean }>`
    select pg_get_constraintdef(oid) as definition, condeferrable as deferrable, condeferred as deferred
      from pg_constraint where conrelid = ${table}::regclass and conname = ${name}`.execute(db);
  assert.equal(rows.length, 1, `${table} has no constraint ${name}`);
  return rows[0];
}

/** A unique index is an index, not a constraint: pg_get_indexdef prints it. */
async function uniqueIndex(db: Kysely<Database>, name: string): Promise<string> {
  const { rows } = await sql<{ definition: string }>`
    select pg_get_indexdef(indexrelid) as definition from pg_index
     where indexrelid = to_regclass(${name}) and indisunique`.execute(db);
  assert.equal(rows.length, 1, `no unique index ${name}`);
  return rows[0].definition;
}

async function trigger(db: Kysely<Database>, table: string, name: string): Promise<string> {
  const { rows } = await sql<{ definition: string }>`
    select pg_get_triggerdef(oid) as definition from pg_trigger
     where tgrelid = ${table}::regclass and tgname = ${name}`.execute(db);
  assert.equal(rows.length, 1, `${table} has no trigger ${name}`);
  return rows[0].definition;
}

/** `column in (...)` as the engine prints it back. */
function anyOf(column: string, values: readonly string[]): string {
  return `(${column} = ANY (ARRAY[${values.map((v) => `'${v}'::text`).join(", ")}]))`;
}

interface Parties {
  actId: string;
  organizerId: string;
}

async function parties(db: Kysely<Database>): Promise<Parties> {
  const organizer = await person(db, "organizer");
  const artist = await person(db, "artist");
  return { actId: (await act(db, artist.userId)).id, organizerId: organizer.userId };
}

function book(
  db: Kysely<Database>,
  p: Parties,
  startsAt: string,
  status: BookingState,
  values: BookingValues = {},
) {
  return booking(db, p.actId, p.organizerId, { starts_at: startsAt, status, ...values });
}

testOnEachDriver("the engine allows exactly the domain's booking states, in order", async ({ db }) => {
  assert.equal(
    (await constraint(db, "bookings", "bookings_status_check")).definition,
    `CHECK (${anyOf("status", BOOKING_STATES)})`,
  );
  for (const column of ["from_status", "to_status"]) {
    assert.equal(
      (await constraint(db, "booking_events", `booking_events_${column}_check`)).definition,
      `CHECK (${anyOf(column, BOOKING_STATES)})`,
    );
  }
});

testOnEachDriver(
  "a booking's end and occupied range follow its start, duration and travel buffer",
  async ({ db }) => {
    assert.equal(
      await trigger(db, "bookings", "bookings_set_times"),
      "CREATE TRIGGER bookings_set_times BEFORE INSERT OR UPDATE OF starts_at, duration_minutes, " +
        "travel_buffer_minutes ON public.bookings FOR EACH ROW EXECUTE FUNCTION bookings_set_times()",
    );
    const row = await book(db, await parties(db), "2026-12-20T14:30:00Z", "inquiry", {
      duration_minutes: 120,
    });
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
    // Checked at every statement (not deferred), over the occupying states only.
    assert.deepEqual(await constraint(db, "bookings", "bookings_no_double_booking"), {
      definition: "EXCLUDE USING gist (act_id WITH =, occupancy WITH &&) " +
        `WHERE (${anyOf("status", OCCUPYING_STATES)})`,
      deferrable: false,
      deferred: false,
    });
    const f = await parties(db);
    await book(db, f, "2026-12-20T14:00:00Z", "confirmed");
    // Five hours later still falls inside the two three-hour travel buffers.
    await assert.rejects(
      book(db, f, "2026-12-20T19:00:00Z", "paid_deposit"),
      (err: { code?: string }) => err.code === "23P01",
    );
    // Negotiations may overlap freely: only occupying states take the time.
    await book(db, f, "2026-12-20T14:00:00Z", "negotiating");
    const pending = await book(db, f, "2026-12-20T14:00:00Z", "offered");
    await assert.rejects(
      db.updateTable("bookings").set({ status: "confirmed" }).where("id", "=", pending.id).execute(),
      (err: { code?: string }) => err.code === "23P01",
    );
    // Far enough apart, and another act at the same time, are both fine.
    await book(db, f, "2026-12-21T14:00:00Z", "confirmed");
    const other = await parties(db);
    await book(db, other, "2026-12-20T14:00:00Z", "confirmed");
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
    assert.equal(
      await trigger(db, "booking_events", "booking_events_no_update"),
      "CREATE TRIGGER booking_events_no_update BEFORE UPDATE ON public.booking_events " +
        "FOR EACH ROW EXECUTE FUNCTION audit_logs_append_only()",
    );
    assert.equal(
      await uniqueIndex(db, "booking_offers_one_open"),
      "CREATE UNIQUE INDEX booking_offers_one_open ON public.booking_offers USING btree (booking_id) " +
        "WHERE (status = 'open'::text)",
    );
    assert.equal(
      (await constraint(db, "booking_offers", "booking_offers_closed")).definition,
      "CHECK (((status = 'open'::text) = (closed_at IS NULL)))",
    );

    const { id } = await book(db, await parties(db), "2026-12-20T14:00:00Z", "offered");
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
    // Deferred to commit, so a statement may pass through duplicates on the way.
    assert.deepEqual(await constraint(db, "act_holds", "act_holds_rank_unique"), {
      definition: "EXCLUDE USING gist (act_id WITH =, hold_date WITH =, rank WITH =) " +
        "WHERE ((status = 'active'::text)) DEFERRABLE INITIALLY DEFERRED",
      deferrable: true,
      deferred: true,
    });
    const { actId } = await parties(db);
    const hold = async (rank: number) =>
      await db.insertInto("act_holds").values({
        act_id: actId,
        holder_id: (await person(db)).userId,
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
        .where("act_id", "=", actId).where("status", "=", "active").execute();
    });
    const ranks = await db.selectFrom("act_holds").select("rank").where("status", "=", "active")
      .orderBy("rank").execute();
    assert.deepEqual(ranks.map((r) => r.rank), [1, 2]);
  },
);

testOnEachDriver("applications allow one live application per act and opportunity", async ({ db }) => {
  assert.equal(
    await uniqueIndex(db, "applications_one_live"),
    "CREATE UNIQUE INDEX applications_one_live ON public.applications USING btree (opportunity_id, act_id) " +
      "WHERE (status <> 'withdrawn'::text)",
  );
  assert.equal(
    (await constraint(db, "applications", "applications_booking_iff_accepted")).definition,
    "CHECK (((status = 'accepted'::text) = (booking_id IS NOT NULL)))",
  );

  const f = await parties(db);
  const posted = await opportunity(db, f.organizerId);
  const apply = () =>
    db.insertInto("applications").values({
      opportunity_id: posted.id,
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
});
