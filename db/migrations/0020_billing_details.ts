/**
 * Billing details: how a person who pays (an organizer, a promoter, a venue)
 * is named on GST tax invoices: their legal name, the address on record, its
 * GST state, and their GSTIN when they are registered (CGST Rules, rule
 * 46(d)). Without a row an invoice names them as unregistered, by the legal
 * name on the signed contract and the place of the performance.
 */
import { type Kysely, type RawBuilder, sql } from "kysely";

const up: RawBuilder<unknown>[] = [
  sql`create table billing_details (
    user_id uuid primary key references users (id) on delete cascade,
    legal_name text not null check (length(btrim(legal_name)) between 2 and 200),
    address text not null check (length(btrim(address)) between 10 and 500),
    state_code char(2) not null check (state_code ~ '^[0-9]{2}$'),
    gstin char(15) check (gstin ~ '^[0-9]{2}[0-9A-Z]{13}$' and substr(gstin, 1, 2) = state_code),
    updated_at timestamptz not null default now()
  )`,
  sql`create trigger billing_details_set_updated_at before update on billing_details
    for each row execute function set_updated_at()`,
  sql`create trigger billing_details_audit after insert or update or delete on billing_details
    for each row execute function audit_row_change()`,
];

const down: RawBuilder<unknown>[] = [sql`drop table billing_details`];

export default {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of up) await statement.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const statement of down) await statement.execute(db);
  },
};
