/**
 * Authentication state: sessions (one per sign-in, also the refresh-token
 * family), refresh tokens, single-use account tokens (e-mail verification,
 * password reset) and the password history that forbids reuse.
 *
 * Secrets are stored only as SHA-256 digests: a database leak yields no
 * usable token. Codes (6 digits, guessable offline) are additionally bound
 * to their token row and limited to a few attempts.
 */
import { type Kysely, type RawBuilder, sql } from "kysely";

const up: RawBuilder<unknown>[] = [
  sql`create table sessions (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references users (id) on delete cascade,
    kind text not null check (kind in ('browser', 'api')),
    created_at timestamptz not null default now(),
    last_seen_at timestamptz not null default now(),
    expires_at timestamptz not null,
    revoked_at timestamptz,
    revoked_reason text,
    ip inet,
    user_agent text,
    check (expires_at > created_at)
  )`,
  sql`create index sessions_user_idx on sessions (user_id) where revoked_at is null`,
  sql`create table refresh_tokens (
    token_hash bytea primary key check (length(token_hash) = 32),
    session_id uuid not null references sessions (id) on delete cascade,
    created_at timestamptz not null default now(),
    used_at timestamptz,
    expires_at timestamptz not null
  )`,
  sql`create index refresh_tokens_session_idx on refresh_tokens (session_id)`,
  sql`create table account_tokens (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references users (id) on delete cascade,
    purpose text not null check (purpose in ('verify_email', 'reset_password')),
    token_hash bytea not null unique check (length(token_hash) = 32),
    code_hash bytea check (length(code_hash) = 32),
    attempts int not null default 0 check (attempts >= 0),
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    used_at timestamptz
  )`,
  sql`create index account_tokens_user_idx on account_tokens (user_id, purpose) where used_at is null`,
  sql`create table password_history (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references users (id) on delete cascade,
    password_hash text not null,
    created_at timestamptz not null default clock_timestamp()
  )`,
  sql`create index password_history_user_idx on password_history (user_id, created_at desc)`,
];

const down: RawBuilder<unknown>[] = [
  sql`drop table password_history`,
  sql`drop table account_tokens`,
  sql`drop table refresh_tokens`,
  sql`drop table sessions`,
];

export default {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of up) await statement.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const statement of down) await statement.execute(db);
  },
};
