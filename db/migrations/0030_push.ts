/**
 * Web Push: each browser a person turned notifications on in is a
 * subscription (its push service's endpoint and the keys its messages are
 * encrypted to, RFC 8291), bound to the session that turned it on so that
 * signing that session out silences the device. Per person, the push types
 * they turned off (domain/push_types.ts; absent: all on). Pushes go through
 * the outbox like e-mail, one row per subscription, so the channel gains
 * `push`.
 *
 * Creating, re-binding and removing a subscription is audited, without the
 * endpoint (a capability URL: whoever holds it can push to the device) or the
 * keys; the dispatcher's bookkeeping (last success, failures) is not.
 */
import { type Kysely, type RawBuilder, sql } from "kysely";

const up: RawBuilder<unknown>[] = [
  sql`create table push_subscriptions (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references users (id) on delete cascade,
    session_id uuid references sessions (id) on delete set null,
    endpoint text not null unique check (char_length(endpoint) between 12 and 2048),
    -- base64url, unpadded: a P-256 public key (65 bytes) and the 16-byte auth secret.
    p256dh text not null check (p256dh ~ '^[A-Za-z0-9_-]{87}$'),
    auth text not null check (auth ~ '^[A-Za-z0-9_-]{22}$'),
    label text not null check (char_length(label) between 1 and 100),
    created_at timestamptz not null default now(),
    last_success_at timestamptz,
    failure_count integer not null default 0 check (failure_count >= 0)
  )`,
  sql`create index push_subscriptions_user_idx on push_subscriptions (user_id)`,
  sql`create trigger push_subscriptions_audit
    after insert or delete or update of user_id, session_id, endpoint, p256dh, auth on push_subscriptions
    for each row execute function audit_row_change('endpoint', 'p256dh', 'auth')`,
  sql`create table push_preferences (
    user_id uuid primary key references users (id) on delete cascade,
    muted text[] not null default '{}'
      check (muted <@ array['offers', 'requests', 'accepted', 'waiting', 'messages', 'calls']),
    updated_at timestamptz not null default now()
  )`,
  sql`alter table outbox drop constraint outbox_channel_check`,
  sql`alter table outbox add constraint outbox_channel_check check (channel in ('email', 'sms', 'push'))`,
];

const down: RawBuilder<unknown>[] = [
  sql`delete from outbox where channel = 'push'`,
  sql`alter table outbox drop constraint outbox_channel_check`,
  sql`alter table outbox add constraint outbox_channel_check check (channel in ('email', 'sms'))`,
  sql`drop table push_preferences`,
  sql`drop table push_subscriptions`,
];

export default {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of up) await statement.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const statement of down) await statement.execute(db);
  },
};
