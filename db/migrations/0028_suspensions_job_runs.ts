/**
 * What the admin console needs to remember.
 *
 * `user_suspensions`: why and by whom each suspension happened, and who lifted it. `users.status` stays the
 * one fact sessions, logins and listings read; a row here explains it. A table rather than two columns on
 * users, because a person can be suspended, reinstated and suspended again, and the console shows that
 * history: the earlier reasons matter when deciding the next time. At most one suspension is open per person.
 *
 * `job_runs`: each run of each background job (server/jobs.ts): when it started and ended, what it did or
 * the error it ended with. The sweeper keeps the newest runs of each job and deletes the rest, so the
 * table stays small however long the platform runs.
 *
 * And indexes for what the console reads: the audit log by action, newest first; e-mails the outbox gave up
 * on; webhook events by when they came (the health page looks at the recent ones).
 */
import { type Kysely, type RawBuilder, sql } from "kysely";

const up: RawBuilder<unknown>[] = [
  sql`create table user_suspensions (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references users (id) on delete cascade,
    reason text not null check (btrim(reason) <> '' and length(reason) <= 1000),
    -- What reinstating returns the account to: someone who never verified their address stays unverified.
    status_before user_status not null check (status_before in ('pending_verification', 'active')),
    suspended_by uuid references users (id) on delete set null,
    suspended_at timestamptz not null default now(),
    lifted_at timestamptz,
    lifted_by uuid references users (id) on delete set null,
    lift_note text check (length(lift_note) <= 1000),
    check (lifted_at is null or lifted_at >= suspended_at),
    check (lifted_at is not null or (lifted_by is null and lift_note is null))
  )`,
  sql`create unique index user_suspensions_one_open on user_suspensions (user_id) where lifted_at is null`,
  sql`create index user_suspensions_user_idx on user_suspensions (user_id, suspended_at)`,

  sql`create table job_runs (
    id uuid primary key default gen_random_uuid(),
    job text not null check (job ~ '^[a-z_]+$'),
    status text not null default 'running' check (status in ('running', 'succeeded', 'failed')),
    started_at timestamptz not null,
    finished_at timestamptz,
    result jsonb check (jsonb_typeof(result) = 'object'),
    error text,
    check ((status = 'running') = (finished_at is null)),
    check (status = 'failed' or error is null)
  )`,
  sql`create index job_runs_job_idx on job_runs (job, started_at)`,
  sql`create index job_runs_started_idx on job_runs (started_at)`,

  sql`create index audit_logs_action_idx on audit_logs (action, at)`,
  sql`create index outbox_failed_idx on outbox (created_at) where status = 'failed'`,
  sql`create index gateway_events_received_idx on gateway_events (received_at)`,
];

const down: RawBuilder<unknown>[] = [
  sql`drop index gateway_events_received_idx`,
  sql`drop index outbox_failed_idx`,
  sql`drop index audit_logs_action_idx`,
  sql`drop table job_runs`,
  sql`drop table user_suspensions`,
];

export default {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of up) await statement.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const statement of down) await statement.execute(db);
  },
};
