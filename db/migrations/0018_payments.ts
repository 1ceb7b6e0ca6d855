/**
 * Payments: what organizers pay towards a booking through a gateway, what
 * goes back to them, the double-entry ledger those movements become, the
 * gateways' webhook events, and GST tax invoices.
 *
 * `payments` follows the specification's table (booking_id, payer_id,
 * payee_id, amount, currency, payment_type, status, gateway,
 * gateway_transaction_id, gateway_response, initiated_at, completed_at,
 * metadata) with amounts in whole minor units (paise), as everywhere else,
 * and with the gateway's checkout handle beside its payment id. A payment's
 * status only moves forward (domain/payment_status.ts); the database keeps
 * the facts each status needs.
 *
 * `ledger_postings`/`ledger_entries` store what domain/ledger.ts applied. A
 * posting's id is derived from the business event (the gateway's payment or
 * refund id), so the same event can never post twice; entries of a posting
 * sum to zero, checked at commit by a deferred constraint trigger so a
 * posting is inserted entry by entry. Both tables are append-only like
 * audit_logs: money moves by new postings, never by edits.
 *
 * `gateway_events` is unique on (gateway, event_id): a webhook delivered
 * twice, or fifty times at once, is applied once.
 *
 * `invoice_serials` hands out the invoices' consecutive numbers per
 * financial year (CGST Rules, rule 46(b)) by a row update in the transaction
 * of the capture, so a rolled-back capture gives its number back and the
 * series has no gaps.
 */
import { type Kysely, type RawBuilder, sql } from "kysely";

const STATUSES = sql.raw(`'initiated', 'authorized', 'captured', 'failed', 'refunded', 'cancelled'`);
const GATEWAYS = sql.raw(`'razorpay', 'stripe', 'sandbox'`);

const up: RawBuilder<unknown>[] = [
  sql`create table payments (
    id uuid primary key default gen_random_uuid(),
    booking_id uuid not null references bookings (id) on delete restrict,
    payer_id uuid not null references users (id) on delete restrict,
    payee_id uuid not null references users (id) on delete restrict,
    amount bigint not null check (amount > 0),
    currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
    payment_type text not null check (payment_type in ('deposit', 'milestone', 'final')),
    status text not null default 'initiated' check (status in (${STATUSES})),
    gateway text not null check (gateway in (${GATEWAYS})),
    idempotency_key text not null unique,
    checkout_ref text,
    gateway_transaction_id text,
    gateway_response jsonb not null default '{}' check (jsonb_typeof(gateway_response) = 'object'),
    method text,
    gateway_fee bigint not null default 0 check (gateway_fee >= 0),
    refunded_amount bigint not null default 0 check (refunded_amount >= 0 and refunded_amount <= amount),
    failure_reason text,
    initiated_at timestamptz not null default now(),
    completed_at timestamptz,
    metadata jsonb not null default '{}' check (jsonb_typeof(metadata) = 'object'),
    updated_at timestamptz not null default now(),
    constraint payments_captured_has_transaction check (
      status not in ('captured', 'refunded') or (gateway_transaction_id is not null and completed_at is not null)),
    constraint payments_refunded_in_full check ((status = 'refunded') = (refunded_amount = amount)),
    constraint payments_failed_with_reason check (status <> 'failed' or failure_reason is not null)
  )`,
  sql`create unique index payments_checkout_ref on payments (gateway, checkout_ref) where checkout_ref is not null`,
  sql`create unique index payments_transaction_id on payments (gateway, gateway_transaction_id)
    where gateway_transaction_id is not null`,
  sql`create index payments_booking_idx on payments (booking_id, initiated_at)`,
  sql`create index payments_payer_idx on payments (payer_id, initiated_at)`,
  sql`create trigger payments_set_updated_at before update on payments
    for each row execute function set_updated_at()`,
  sql`create trigger payments_audit after insert or update or delete on payments
    for each row execute function audit_row_change('gateway_response')`,

  sql`create table payment_refunds (
    id uuid primary key default gen_random_uuid(),
    payment_id uuid not null references payments (id) on delete restrict,
    booking_id uuid not null references bookings (id) on delete restrict,
    amount bigint not null check (amount > 0),
    currency char(3) not null,
    reason text not null check (reason in ('cancellation', 'ruling', 'admin', 'unapplied')),
    status text not null default 'requested' check (status in ('requested', 'processed', 'failed')),
    refund_ref text,
    requested_by uuid references users (id) on delete restrict,
    note text,
    attempts integer not null default 0,
    last_error text,
    next_attempt_at timestamptz not null default now(),
    created_at timestamptz not null default now(),
    processed_at timestamptz,
    constraint payment_refunds_processed_at check ((status = 'processed') = (processed_at is not null))
  )`,
  sql`create unique index payment_refunds_ref on payment_refunds (payment_id, refund_ref) where refund_ref is not null`,
  sql`create index payment_refunds_due on payment_refunds (next_attempt_at) where status = 'requested'`,
  sql`create index payment_refunds_booking_idx on payment_refunds (booking_id)`,
  sql`create trigger payment_refunds_audit after insert or update or delete on payment_refunds
    for each row execute function audit_row_change()`,

  sql`create table ledger_postings (
    id text primary key check (btrim(id) <> ''),
    booking_id uuid not null references bookings (id) on delete restrict,
    currency char(3) not null,
    kind text not null check (kind in ('capture', 'refund', 'release', 'band_split')),
    payment_id uuid references payments (id) on delete restrict,
    refund_id uuid references payment_refunds (id) on delete restrict,
    created_at timestamptz not null default now()
  )`,
  sql`create index ledger_postings_booking_idx on ledger_postings (booking_id, created_at)`,
  sql`create table ledger_entries (
    posting_id text not null references ledger_postings (id) on delete restrict,
    seq integer not null check (seq >= 1),
    booking_id uuid not null references bookings (id) on delete restrict,
    account text not null check (account ~ '^[a-z_]+:[0-9a-f-]{36}(:[0-9a-f-]{36})?$'),
    amount bigint not null check (amount <> 0),
    primary key (posting_id, seq)
  )`,
  sql`create index ledger_entries_account_idx on ledger_entries (account)`,
  sql`create index ledger_entries_booking_idx on ledger_entries (booking_id)`,
  sql`create function ledger_posting_balances() returns trigger language plpgsql as $$
    begin
      if (select coalesce(sum(amount), 0) from ledger_entries where posting_id = new.posting_id) <> 0 then
        raise exception 'ledger posting % does not balance', new.posting_id using errcode = 'check_violation';
      end if;
      return null;
    end $$`,
  sql`create constraint trigger ledger_entries_balance after insert on ledger_entries
    deferrable initially deferred for each row execute function ledger_posting_balances()`,
  sql`create trigger ledger_postings_no_update_delete before update or delete on ledger_postings
    for each row execute function audit_logs_append_only()`,
  sql`create trigger ledger_postings_no_truncate before truncate on ledger_postings
    for each statement execute function audit_logs_append_only()`,
  sql`create trigger ledger_entries_no_update_delete before update or delete on ledger_entries
    for each row execute function audit_logs_append_only()`,
  sql`create trigger ledger_entries_no_truncate before truncate on ledger_entries
    for each statement execute function audit_logs_append_only()`,

  sql`create table gateway_events (
    gateway text not null check (gateway in (${GATEWAYS})),
    event_id text not null check (btrim(event_id) <> ''),
    type text not null,
    fact jsonb,
    received_at timestamptz not null default now(),
    primary key (gateway, event_id)
  )`,

  sql`create table invoice_serials (
    financial_year text primary key check (financial_year ~ '^[0-9]{4}-[0-9]{2}$'),
    last_serial integer not null check (last_serial >= 1)
  )`,
  sql`create table invoices (
    id uuid primary key default gen_random_uuid(),
    payment_id uuid not null unique references payments (id) on delete restrict,
    number text not null unique check (length(number) between 1 and 16),
    financial_year text not null,
    serial integer not null check (serial >= 1),
    issued_at timestamptz not null,
    document jsonb not null check (jsonb_typeof(document) = 'object'),
    pdf_key text,
    constraint invoices_serial unique (financial_year, serial)
  )`,
];

const down: RawBuilder<unknown>[] = [
  sql`drop table invoices`,
  sql`drop table invoice_serials`,
  sql`drop table gateway_events`,
  sql`drop table ledger_entries`,
  sql`drop function ledger_posting_balances()`,
  sql`drop table ledger_postings`,
  sql`drop table payment_refunds`,
  sql`drop table payments`,
];

export default {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of up) await statement.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const statement of down) await statement.execute(db);
  },
};
