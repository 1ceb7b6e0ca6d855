/**
 * End-to-end encrypted messages. The server keeps public keys, a device list
 * each identity signed, and per message one sealed body with the message key
 * sealed once per recipient key (`keys`, key id → sealed copy); it never holds
 * a secret key, a recovery key or a plaintext. The only plaintext it ever
 * stores is what a party chooses to disclose to the admins in a dispute
 * (`message_disclosures`).
 *
 * A conversation belongs to a booking, to an application, or to two people
 * who share one. Its messages are numbered 1, 2, 3… under the conversation's
 * row lock, so numbers commit in order and a client's "after n" cursor never
 * skips a message that committed late.
 */
import { type Kysely, type RawBuilder, sql } from "kysely";

const up: RawBuilder<unknown>[] = [
  // An identity is a person's long-lived key pair; a new one (keys lost, or
  // reset) supersedes the old, and their contacts are told.
  sql`create table e2ee_identities (
    id uuid primary key,
    user_id uuid not null references users (id) on delete cascade,
    sign_key text not null check (sign_key ~ '^[A-Za-z0-9_-]{43}$'),
    box_key text not null check (box_key ~ '^[A-Za-z0-9_-]{43}$'),
    backup jsonb not null,
    created_at timestamptz not null default now(),
    superseded_at timestamptz
  )`,
  sql`create unique index e2ee_identities_current on e2ee_identities (user_id) where superseded_at is null`,
  sql`create trigger e2ee_identities_audit after insert or update or delete on e2ee_identities
    for each row execute function audit_row_change('backup')`,
  sql`create table e2ee_device_lists (
    user_id uuid primary key references users (id) on delete cascade,
    identity_id uuid not null references e2ee_identities (id),
    version integer not null check (version >= 1),
    document text not null,
    signature text not null,
    updated_at timestamptz not null default now()
  )`,
  sql`create trigger e2ee_device_lists_audit after insert or update or delete on e2ee_device_lists
    for each row execute function audit_row_change()`,
  // Every device ever listed: the current list is the ones not retired; a
  // retired device's keys stay, so what it sent still verifies and opens.
  sql`create table e2ee_devices (
    id uuid primary key,
    user_id uuid not null references users (id) on delete cascade,
    identity_id uuid not null references e2ee_identities (id),
    sign_key text not null,
    box_key text not null,
    created_at timestamptz not null default now(),
    retired_at timestamptz
  )`,
  sql`create index e2ee_devices_current on e2ee_devices (user_id) where retired_at is null`,

  sql`create table conversations (
    id uuid primary key default gen_random_uuid(),
    kind text not null check (kind in ('booking', 'application', 'direct')),
    booking_id uuid unique references bookings (id) on delete cascade,
    application_id uuid unique references applications (id) on delete cascade,
    user_low uuid references users (id) on delete cascade,
    user_high uuid references users (id) on delete cascade,
    last_seq integer not null default 0,
    last_message_at timestamptz,
    created_at timestamptz not null default now(),
    check ((kind = 'booking') = (booking_id is not null)),
    check ((kind = 'application') = (application_id is not null)),
    check ((kind = 'direct') = (user_low is not null and user_high is not null and user_low < user_high)),
    unique (user_low, user_high)
  )`,
  sql`create table messages (
    id uuid primary key default gen_random_uuid(),
    conversation_id uuid not null references conversations (id) on delete cascade,
    seq integer not null,
    kind text not null default 'message' check (kind in ('message', 'key_changed')),
    sender_id uuid not null references users (id) on delete cascade,
    client_id uuid,
    sender_device_id uuid references e2ee_devices (id),
    nonce text,
    body text,
    keys jsonb,
    signature text,
    franking_tag text,
    server_tag text,
    recipient_ids uuid[] not null default '{}',
    attachment_ids uuid[] not null default '{}',
    sent_at timestamptz not null default now(),
    unique (conversation_id, seq),
    unique (sender_id, client_id),
    check ((kind = 'message') = (client_id is not null and sender_device_id is not null and nonce is not null
      and body is not null and keys is not null and signature is not null and franking_tag is not null
      and server_tag is not null))
  )`,
  // Where each person is in each conversation: delivered (a device of theirs
  // fetched it), read, and how far notifications and the e-mail digest went.
  sql`create table conversation_reads (
    conversation_id uuid not null references conversations (id) on delete cascade,
    user_id uuid not null references users (id) on delete cascade,
    delivered_seq integer not null default 0,
    read_seq integer not null default 0,
    notified_seq integer not null default 0,
    digested_seq integer not null default 0,
    primary key (conversation_id, user_id)
  )`,
  sql`create index conversation_reads_by_user on conversation_reads (user_id)`,
  sql`create table message_attachments (
    id uuid primary key default gen_random_uuid(),
    conversation_id uuid not null references conversations (id) on delete cascade,
    uploader_id uuid not null references users (id) on delete cascade,
    storage_key text not null,
    size_bytes integer not null check (size_bytes > 0),
    created_at timestamptz not null default now()
  )`,
  sql`create table message_disclosures (
    id uuid primary key default gen_random_uuid(),
    message_id uuid not null references messages (id) on delete cascade,
    disclosed_by uuid not null references users (id) on delete cascade,
    content text not null,
    franking_key text not null,
    verified boolean not null,
    problem text,
    created_at timestamptz not null default now(),
    unique (message_id, disclosed_by)
  )`,
  sql`create trigger message_disclosures_audit after insert or update or delete on message_disclosures
    for each row execute function audit_row_change('content', 'franking_key')`,
];

const down: RawBuilder<unknown>[] = [
  sql`drop table message_disclosures`,
  sql`drop table message_attachments`,
  sql`drop table conversation_reads`,
  sql`drop table messages`,
  sql`drop table conversations`,
  sql`drop table e2ee_devices`,
  sql`drop table e2ee_device_lists`,
  sql`drop table e2ee_identities`,
];

export default {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of up) await statement.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const statement of down) await statement.execute(db);
  },
};
