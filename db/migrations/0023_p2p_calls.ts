/**
 * Peer-to-peer calls: the server keeps who is in a call (the caller's device
 * from the start, the one device that answered), who declined, and when the
 * people in it last said they were still there, so a call whose browsers
 * vanished is ended by the sweeper. Signals (offers, answers, candidates, and
 * a LiveKit call's key) are sealed end to end to devices; the server relays
 * them and deletes them when the call ends.
 */
import { type Kysely, type RawBuilder, sql } from "kysely";

const up: RawBuilder<unknown>[] = [
  sql`alter table calls add column answered_at timestamptz`,
  sql`alter table calls add column alive_at timestamptz`,
  sql`alter table calls add column end_reason text
    check (end_reason in ('hung_up', 'declined', 'missed', 'lost', 'room_finished'))`,
  // Every call ended before this was a LiveKit room that finished.
  sql`update calls set end_reason = 'room_finished' where status = 'ended'`,
  sql`alter table calls add check ((status = 'ended') = (end_reason is not null))`,
  sql`alter table call_events alter column webhook_id drop not null`,
  sql`alter table call_events add column device_id uuid`,
  sql`alter table call_events drop constraint call_events_kind_check`,
  sql`alter table call_events add constraint call_events_kind_check
    check (kind in ('joined', 'left', 'declined'))`,
  // LiveKit's events name their webhook; ours name the device that joined or declined.
  sql`alter table call_events add check ((webhook_id is null) <> (device_id is null and kind <> 'declined'))`,
  sql`create table call_signals (
    id bigint generated always as identity primary key,
    call_id uuid not null references calls (id) on delete cascade,
    sender_id uuid not null references users (id) on delete cascade,
    client_id uuid not null,
    envelope jsonb not null,
    device_ids uuid[] not null check (cardinality(device_ids) > 0),
    sent_at timestamptz not null,
    unique (call_id, sender_id, client_id)
  )`,
  sql`create index call_signals_call_idx on call_signals (call_id, id)`,
];

const down: RawBuilder<unknown>[] = [
  sql`drop table call_signals`,
  sql`delete from call_events where kind = 'declined' or webhook_id is null`,
  sql`alter table call_events drop constraint call_events_kind_check`,
  sql`alter table call_events add constraint call_events_kind_check check (kind in ('joined', 'left'))`,
  sql`alter table call_events drop column device_id`,
  sql`alter table call_events alter column webhook_id set not null`,
  sql`alter table calls drop column end_reason`,
  sql`alter table calls drop column alive_at`,
  sql`alter table calls drop column answered_at`,
];

export default {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of up) await statement.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const statement of down) await statement.execute(db);
  },
};
