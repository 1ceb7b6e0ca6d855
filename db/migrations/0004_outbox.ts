/**
 * The outbox: messages written in the same transaction as the change that
 * causes them, delivered afterwards (services/outbox.ts), so a crash can delay
 * an e-mail but never lose it. The payload carries tokens and codes, so it is
 * sealed (lib/sealed.ts) and wiped once delivered.
 */
import { type Kysely, type RawBuilder, sql } from "kysely";

const up: RawBuilder<unknown>[] = [
  sql`create table outbox (
    id uuid primary key default gen_random_uuid(),
    channel text not null check (channel in ('email', 'sms')),
    recipient text not null check (recipient <> ''),
    template text not null check (template <> ''),
    payload bytea,
    status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
    attempts integer not null default 0 check (attempts >= 0),
    next_attempt_at timestamptz not null default now(),
    last_error text,
    -- clock_timestamp(): orders the messages of one transaction too.
    created_at timestamptz not null default clock_timestamp(),
    sent_at timestamptz,
    constraint outbox_sent_at_iff_sent check ((status = 'sent') = (sent_at is not null)),
    constraint outbox_sent_payload_wiped check (status <> 'sent' or payload is null)
  )`,
  // The dispatcher's only query: due pending messages, oldest first.
  sql`create index outbox_due_idx on outbox (status, next_attempt_at) where status = 'pending'`,
];

export default {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of up) await statement.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await sql`drop table outbox`.execute(db);
  },
};
