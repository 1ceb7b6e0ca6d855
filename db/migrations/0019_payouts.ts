/**
 * Payouts: money the ledger owes an act or a band member, sent on to their
 * account at the gateway that took it (a Razorpay Route linked account, a
 * Stripe Connect account; in development the sandbox's pretend accounts).
 *
 * `payout_accounts` records which gateway account pays out to whom; an admin
 * enters it once the gateway has verified the person (KYC happens there).
 * `payouts` are scheduled when money is released to the act, funded by one
 * captured payment each (Razorpay transfers are made from a payment), held at
 * the gateway until the dispute window closes (`hold_until`), then released;
 * a ruling that takes the money back cancels them. The ledger records a
 * payout when it is released (a `payout` posting), and a reversal when a
 * ruling takes a release back, so the posting kinds grow by two; and its
 * postings get a sequence, the order they were applied in.
 */
import { type Kysely, type RawBuilder, sql } from "kysely";

const GATEWAYS = sql.raw(`'razorpay', 'stripe', 'sandbox'`);

const up: RawBuilder<unknown>[] = [
  // Postings written in one transaction share its timestamp; replaying them needs the order they
  // were applied in (a release after the capture it releases), which only a sequence keeps.
  sql`alter table ledger_postings add column seq bigint generated always as identity`,
  sql`create unique index ledger_postings_seq on ledger_postings (seq)`,
  sql`alter table ledger_postings drop constraint ledger_postings_kind_check`,
  sql`alter table ledger_postings add constraint ledger_postings_kind_check
    check (kind in ('capture', 'refund', 'release', 'band_split', 'reversal', 'payout'))`,

  sql`create table payout_accounts (
    user_id uuid not null references users (id) on delete restrict,
    gateway text not null check (gateway in (${GATEWAYS})),
    account_ref text not null check (account_ref ~ '^[A-Za-z0-9_]{6,64}$'),
    created_by uuid references users (id) on delete restrict,
    created_at timestamptz not null default now(),
    primary key (user_id, gateway)
  )`,
  sql`create trigger payout_accounts_audit after insert or update or delete on payout_accounts
    for each row execute function audit_row_change()`,

  sql`create table payouts (
    id uuid primary key default gen_random_uuid(),
    booking_id uuid not null references bookings (id) on delete restrict,
    payee_id uuid not null references users (id) on delete restrict,
    payment_id uuid not null references payments (id) on delete restrict,
    amount bigint not null check (amount > 0),
    currency char(3) not null,
    gateway text not null check (gateway in (${GATEWAYS})),
    destination text not null,
    from_member_share boolean not null,
    status text not null default 'scheduled'
      check (status in ('scheduled', 'held', 'released', 'cancelling', 'cancelled')),
    transfer_ref text,
    hold_until timestamptz not null,
    attempts integer not null default 0,
    last_error text,
    next_attempt_at timestamptz not null default now(),
    created_at timestamptz not null default now(),
    released_at timestamptz,
    constraint payouts_released_at check ((status = 'released') = (released_at is not null))
  )`,
  sql`create index payouts_due on payouts (next_attempt_at) where status in ('scheduled', 'held', 'cancelling')`,
  sql`create index payouts_booking_idx on payouts (booking_id)`,
  sql`create index payouts_payee_idx on payouts (payee_id)`,
  sql`create trigger payouts_audit after insert or update or delete on payouts
    for each row execute function audit_row_change()`,
];

const down: RawBuilder<unknown>[] = [
  sql`alter table ledger_postings drop column seq`,
  sql`drop table payouts`,
  sql`drop table payout_accounts`,
  sql`alter table ledger_postings drop constraint ledger_postings_kind_check`,
  sql`alter table ledger_postings add constraint ledger_postings_kind_check
    check (kind in ('capture', 'refund', 'release', 'band_split'))`,
];

export default {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of up) await statement.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const statement of down) await statement.execute(db);
  },
};
