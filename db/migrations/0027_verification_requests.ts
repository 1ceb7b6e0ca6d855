/**
 * Verification on request (domain/verification.ts): an act's or a venue's
 * owner asks, with links and private documents, and staff approve or reject
 * with a reason the owner reads. At most one request per subject waits at a
 * time, whatever the application does (the partial unique indexes). A
 * document row names its private object in storage; the bytes never have a
 * public address.
 *
 * Staff also dismiss a review's reports without hiding the review: the
 * reports stay, marked handled, and leave the moderation queue.
 */
import { type Kysely, type RawBuilder, sql } from "kysely";

const up: RawBuilder<unknown>[] = [
  sql`create table verification_requests (
    id uuid primary key default gen_random_uuid(),
    act_id uuid references acts (id) on delete cascade,
    venue_id uuid references venues (id) on delete cascade,
    requested_by uuid references users (id) on delete set null,
    links text[] not null check (cardinality(links) between 1 and 5),
    note text check (char_length(note) between 1 and 2000),
    status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
    created_at timestamptz not null default now(),
    decided_at timestamptz,
    decided_by uuid references users (id) on delete set null,
    decision_reason text check (char_length(decision_reason) between 1 and 1000),
    check ((act_id is null) <> (venue_id is null)),
    check ((status = 'pending') = (decided_at is null)),
    check (status <> 'rejected' or decision_reason is not null)
  )`,
  sql`create unique index verification_requests_one_pending_act on verification_requests (act_id)
    where status = 'pending'`,
  sql`create unique index verification_requests_one_pending_venue on verification_requests (venue_id)
    where status = 'pending'`,
  sql`create index verification_requests_act_idx on verification_requests (act_id, created_at desc)`,
  sql`create index verification_requests_venue_idx on verification_requests (venue_id, created_at desc)`,
  sql`create index verification_requests_queue_idx on verification_requests (created_at)
    where status = 'pending'`,
  sql`create trigger verification_requests_audit after insert or update or delete on verification_requests
    for each row execute function audit_row_change()`,
  sql`create table verification_documents (
    id uuid primary key default gen_random_uuid(),
    request_id uuid not null references verification_requests (id) on delete cascade,
    storage_key text not null unique check (storage_key like 'private/%'),
    file_name text not null check (char_length(file_name) between 1 and 200),
    content_type text not null check (content_type in ('application/pdf', 'image/jpeg', 'image/png')),
    byte_size integer not null check (byte_size > 0),
    -- The clock, not the transaction's start: documents given together keep the order they were given in.
    created_at timestamptz not null default clock_timestamp()
  )`,
  sql`create index verification_documents_request_idx on verification_documents (request_id, created_at)`,
  sql`create trigger verification_documents_audit after insert or update or delete on verification_documents
    for each row execute function audit_row_change()`,
  sql`alter table review_reports
    add column dismissed_at timestamptz,
    add column dismissed_by uuid references users (id) on delete set null`,
  sql`create index review_reports_open_idx on review_reports (review_id) where dismissed_at is null`,
];

const down: RawBuilder<unknown>[] = [
  sql`drop index review_reports_open_idx`,
  sql`alter table review_reports drop column dismissed_by, drop column dismissed_at`,
  sql`drop table verification_documents`,
  sql`drop table verification_requests`,
];

export default {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of up) await statement.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const statement of down) await statement.execute(db);
  },
};
