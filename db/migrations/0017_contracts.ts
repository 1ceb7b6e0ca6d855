/**
 * Contracts: the performance agreement of a confirmed booking, its
 * signatures, and the tamper-evident history of everything done to it.
 *
 * `contracts` follows the specification's table (contract_type, terms,
 * status, artist_/promoter_signature and _signed_at), with the document's
 * version and SHA-256 hash beside the terms. The database keeps the rules the
 * contract machine (domain/contract_machine.ts) relies on: one live contract
 * per booking, and signatures that match the status (a `signed` contract has
 * both, a draft none).
 *
 * `contract_events` is a hash chain per contract: each row holds the hash of
 * the row before it and its own hash over its content, computed by the
 * application (domain/contract_chain.ts). It is append-only like audit_logs,
 * so changing history needs a superuser, and even then
 * `GET /contracts/:id/verify` finds the break.
 *
 * The status list must match CONTRACT_STATES in domain/contract_machine.ts
 * (a test checks it).
 */
import { type Kysely, type RawBuilder, sql } from "kysely";

const CONTRACT_STATES = sql.raw(
  `'draft', 'sent', 'signed_by_promoter', 'signed_by_artist', 'signed', 'voided', 'completed'`,
);
const CONTRACT_EVENTS = sql.raw(
  `'generated', 'revised', 'viewed', 'sent', 'signed', 'voided', 'completed', 'pdf_issued'`,
);

const up: RawBuilder<unknown>[] = [
  sql`create table contracts (
    id uuid primary key default gen_random_uuid(),
    booking_id uuid not null references bookings (id) on delete restrict,
    contract_type text not null check (btrim(contract_type) <> ''),
    version integer not null default 1 check (version >= 1),
    terms jsonb not null check (jsonb_typeof(terms) = 'object'),
    document_hash char(64) not null check (document_hash ~ '^[0-9a-f]{64}$'),
    status text not null default 'draft' check (status in (${CONTRACT_STATES})),
    artist_signature jsonb check (jsonb_typeof(artist_signature) = 'object'),
    artist_signed_at timestamptz,
    promoter_signature jsonb check (jsonb_typeof(promoter_signature) = 'object'),
    promoter_signed_at timestamptz,
    sent_at timestamptz,
    voided_at timestamptz,
    void_reason text,
    pdf_key text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint contracts_signed_at_with_signature check (
      (artist_signature is null) = (artist_signed_at is null) and
      (promoter_signature is null) = (promoter_signed_at is null)),
    constraint contracts_signatures_match_status check (case status
      when 'draft' then artist_signature is null and promoter_signature is null
      when 'sent' then artist_signature is null and promoter_signature is null
      when 'signed_by_promoter' then promoter_signature is not null and artist_signature is null
      when 'signed_by_artist' then artist_signature is not null and promoter_signature is null
      when 'signed' then artist_signature is not null and promoter_signature is not null
      when 'completed' then artist_signature is not null and promoter_signature is not null
      else true end),
    constraint contracts_voided_with_reason check ((status = 'voided') = (voided_at is not null)),
    constraint contracts_sealed_when_signed check (pdf_key is null or status in ('signed', 'completed', 'voided'))
  )`,
  // A booking has one contract in force; a voided one may be followed by a new one.
  sql`create unique index contracts_one_live_per_booking on contracts (booking_id) where status <> 'voided'`,
  sql`create index contracts_booking_idx on contracts (booking_id, created_at)`,
  sql`create trigger contracts_set_updated_at before update on contracts
    for each row execute function set_updated_at()`,
  // The document itself is in the chain; the audit log needs only who changed the row.
  sql`create trigger contracts_audit after insert or update or delete on contracts
    for each row execute function audit_row_change('terms')`,

  sql`create table contract_events (
    id bigint generated always as identity primary key,
    contract_id uuid not null references contracts (id) on delete restrict,
    seq integer not null check (seq >= 1),
    event text not null check (event in (${CONTRACT_EVENTS})),
    actor_id uuid references users (id) on delete restrict,
    party text not null check (party in ('act', 'organizer', 'admin', 'staff', 'system')),
    detail jsonb not null default '{}' check (jsonb_typeof(detail) = 'object'),
    at timestamptz not null,
    prev_hash char(64) not null check (prev_hash ~ '^[0-9a-f]{64}$'),
    hash char(64) not null check (hash ~ '^[0-9a-f]{64}$'),
    constraint contract_events_seq unique (contract_id, seq)
  )`,
  // History: it may grow, never change.
  sql`create trigger contract_events_no_update_delete before update or delete on contract_events
    for each row execute function audit_logs_append_only()`,
  sql`create trigger contract_events_no_truncate before truncate on contract_events
    for each statement execute function audit_logs_append_only()`,
];

const down: RawBuilder<unknown>[] = [
  sql`drop table contract_events`,
  sql`drop table contracts`,
];

export default {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of up) await statement.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const statement of down) await statement.execute(db);
  },
};
