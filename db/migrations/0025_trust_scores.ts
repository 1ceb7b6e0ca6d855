/**
 * Trust scores earned rather than typed in (domain/trust_score.ts): organizers
 * get a score like acts and venues have, and every change of any subject's
 * score is kept in `trust_score_history` with the reason and the event that
 * caused it. The history is append-only, like the audit log; the score
 * columns themselves are audited by their tables' row-change triggers.
 */
import { type Kysely, type RawBuilder, sql } from "kysely";

const up: RawBuilder<unknown>[] = [
  sql`alter table users add column trust_score numeric(5, 2) not null default 50
    check (trust_score between 0 and 100)`,
  sql`create table trust_score_history (
    id uuid primary key default gen_random_uuid(),
    subject_type text not null check (subject_type in ('act', 'venue', 'organizer')),
    subject_id uuid not null,
    old_score numeric(5, 2) not null check (old_score between 0 and 100),
    new_score numeric(5, 2) not null check (new_score between 0 and 100),
    reason text not null check (btrim(reason) <> ''),
    booking_id uuid references bookings (id) on delete set null,
    event text,
    -- When the change was written, under the subject's lock: the history's order is the order of the changes
    -- (now() is when the transaction began, which may be before another's change to the same subject).
    at timestamptz not null default clock_timestamp(),
    check (old_score <> new_score)
  )`,
  sql`create index trust_score_history_subject_idx on trust_score_history (subject_type, subject_id, at)`,
  sql`create trigger trust_score_history_no_update_delete before update or delete on trust_score_history
    for each row execute function audit_logs_append_only()`,
  sql`create trigger trust_score_history_no_truncate before truncate on trust_score_history
    for each statement execute function audit_logs_append_only()`,
];

const down: RawBuilder<unknown>[] = [
  sql`drop table trust_score_history`,
  sql`alter table users drop column trust_score`,
];

export default {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of up) await statement.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const statement of down) await statement.execute(db);
  },
};
