/**
 * The contract schema's own guarantees, with no application code in between:
 * the states and history events are the domain's, signatures match the
 * status, a booking has one contract in force, and the history is append-only.
 */
import assert from "node:assert/strict";
import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.ts";
import { CONTRACT_EVENT_TYPES, GENESIS_HASH } from "../domain/contract_chain.ts";
import { CONTRACT_STATES } from "../domain/contract_machine.ts";
import { testOnEachDriver } from "./support/db.ts";
import { act, booking, person } from "./support/fixtures.ts";

const HASH = "a".repeat(64);
const SIGNATURE = JSON.stringify({ documentHash: HASH, typedName: "Test" });

async function checkOf(db: Kysely<Database>, table: string, name: string): Promise<string> {
  const { rows } = await sql<{ definition: string }>`
    select pg_get_constraintdef(oid) as definition from pg_constraint
     where conrelid = ${table}::regclass and conname = ${name}`.execute(db);
  assert.equal(rows.length, 1, `${table} has no constraint ${name}`);
  return rows[0].definition;
}

function anyOf(column: string, values: readonly string[]): string {
  return `(${column} = ANY (ARRAY[${values.map((v) => `'${v}'::text`).join(", ")}]))`;
}

async function confirmedBooking(db: Kysely<Database>): Promise<string> {
  const organizer = await person(db, "organizer");
  const artist = await person(db, "artist");
  const { id: actId } = await act(db, artist.userId);
  return (await booking(db, actId, organizer.userId, { status: "confirmed" })).id;
}

function contract(db: Kysely<Database>, bookingId: string, values: Record<string, unknown> = {}) {
  return db.insertInto("contracts").values({
    booking_id: bookingId,
    contract_type: "performance-agreement",
    terms: "{}",
    document_hash: HASH,
    ...values,
  }).returning("id").executeTakeFirstOrThrow();
}

async function refused(promise: Promise<unknown>, constraint: RegExp) {
  await assert.rejects(promise, (err: Error) => constraint.test(err.message));
}

testOnEachDriver(
  "the engine allows exactly the domain's contract states and history events",
  async ({ db }) => {
    assert.equal(
      await checkOf(db, "contracts", "contracts_status_check"),
      `CHECK (${anyOf("status", CONTRACT_STATES)})`,
    );
    assert.equal(
      await checkOf(db, "contract_events", "contract_events_event_check"),
      `CHECK (${anyOf("event", CONTRACT_EVENT_TYPES)})`,
    );
  },
);

testOnEachDriver("signatures match the status, and a booking has one contract in force", async ({ db }) => {
  const bookingId = await confirmedBooking(db);
  await refused(
    contract(db, bookingId, {
      status: "signed",
      promoter_signature: SIGNATURE,
      promoter_signed_at: new Date(),
    }),
    /contracts_signatures_match_status/,
  );
  await refused(
    contract(db, bookingId, { status: "draft", artist_signature: SIGNATURE, artist_signed_at: new Date() }),
    /contracts_signatures_match_status/,
  );
  await refused(
    contract(db, bookingId, { status: "signed_by_artist", artist_signature: SIGNATURE }),
    /contracts_signed_at_with_signature/,
  );
  await refused(contract(db, bookingId, { status: "voided" }), /contracts_voided_with_reason/);
  const first = await contract(db, bookingId);
  await refused(contract(db, bookingId), /contracts_one_live_per_booking/);
  await db.updateTable("contracts").set({ status: "voided", voided_at: new Date(), void_reason: "test" })
    .where("id", "=", first.id).execute();
  await contract(db, bookingId);
});

testOnEachDriver("a contract's history can grow but never change", async ({ db }) => {
  const { id } = await contract(db, await confirmedBooking(db));
  await db.insertInto("contract_events").values({
    contract_id: id,
    seq: 1,
    event: "generated",
    party: "system",
    detail: "{}",
    at: new Date(),
    prev_hash: GENESIS_HASH,
    hash: HASH,
  }).execute();
  await refused(
    db.updateTable("contract_events").set({ detail: '{"x":1}' }).where("contract_id", "=", id).execute(),
    /append-only/,
  );
  await refused(db.deleteFrom("contract_events").where("contract_id", "=", id).execute(), /append-only/);
  await refused(
    db.insertInto("contract_events").values({
      contract_id: id,
      seq: 1,
      event: "viewed",
      party: "act",
      detail: "{}",
      at: new Date(),
      prev_hash: HASH,
      hash: HASH,
    }).execute(),
    /contract_events_seq/,
  );
});
