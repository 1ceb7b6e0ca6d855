/**
 * Calls: a conversation's audio and video, peer to peer or through LiveKit.
 * A call's room name is random and says nothing about the conversation or
 * booking; at most one call per conversation is live. LiveKit's webhooks are
 * recorded by their id before they change anything, so a redelivery changes
 * nothing, and the joins and leaves they report are kept on the call.
 */
import { type Kysely, type RawBuilder, sql } from "kysely";

const up: RawBuilder<unknown>[] = [
  sql`create table calls (
    id uuid primary key default gen_random_uuid(),
    conversation_id uuid not null references conversations (id) on delete cascade,
    started_by uuid references users (id) on delete set null,
    transport text not null check (transport in ('livekit', 'p2p')),
    room_name text not null unique check (room_name ~ '^[A-Za-z0-9_-]{43}$'),
    status text not null default 'live' check (status in ('live', 'ended')),
    started_at timestamptz not null default now(),
    ended_at timestamptz,
    check ((status = 'ended') = (ended_at is not null))
  )`,
  sql`create unique index calls_one_live on calls (conversation_id) where status = 'live'`,
  sql`create trigger calls_audit after insert or update or delete on calls
    for each row execute function audit_row_change()`,
  sql`create table call_events (
    id bigint generated always as identity primary key,
    call_id uuid not null references calls (id) on delete cascade,
    user_id uuid references users (id) on delete set null,
    kind text not null check (kind in ('joined', 'left')),
    webhook_id text not null,
    at timestamptz not null
  )`,
  sql`create index call_events_call_idx on call_events (call_id, id)`,
  sql`create table livekit_webhooks (
    id text primary key check (btrim(id) <> ''),
    event text not null,
    received_at timestamptz not null default now()
  )`,
];

const down: RawBuilder<unknown>[] = [
  sql`drop table livekit_webhooks`,
  sql`drop table call_events`,
  sql`drop table calls`,
];

export default {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of up) await statement.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const statement of down) await statement.execute(db);
  },
};
