/**
 * Passkeys (WebAuthn credentials) and the challenges their ceremonies sign.
 *
 * A passkey is only its public half: the credential id the authenticator
 * names it by, the COSE public key, and the signature counter, which only
 * moves forward (a counter that stands still or goes back while non-zero
 * means a copied authenticator). Its owner names it and sees when it was last
 * used.
 *
 * Challenges are rows, not signed stateless tokens: a signed token proves
 * where a challenge came from but cannot be spent, so a replayed assertion
 * would pass until the token expired. A row is spent by the statement that
 * deletes it (`delete ... returning`), which exactly one of any number of
 * app instances on one database wins. Each lives five minutes; a
 * registration challenge is bound to the session that asked for it.
 */
import { type Kysely, type RawBuilder, sql } from "kysely";

const up: RawBuilder<unknown>[] = [
  sql`create table passkeys (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references users (id) on delete cascade,
    credential_id text not null unique
      check (credential_id ~ '^[A-Za-z0-9_-]+$' and char_length(credential_id) between 16 and 1366),
    public_key bytea not null check (length(public_key) between 16 and 2048),
    sign_count bigint not null default 0 check (sign_count between 0 and 4294967295),
    transports text[] not null default '{}',
    device_type text not null check (device_type in ('singleDevice', 'multiDevice')),
    backed_up boolean not null,
    name text not null check (char_length(name) between 1 and 60),
    created_at timestamptz not null default now(),
    last_used_at timestamptz,
    check (not backed_up or device_type = 'multiDevice')
  )`,
  sql`create index passkeys_user_idx on passkeys (user_id, created_at)`,
  sql`create table webauthn_challenges (
    challenge text primary key check (challenge ~ '^[A-Za-z0-9_-]{43}$'),
    purpose text not null check (purpose in ('registration', 'authentication')),
    user_id uuid references users (id) on delete cascade,
    session_id uuid references sessions (id) on delete cascade,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    check ((purpose = 'registration') = (user_id is not null and session_id is not null))
  )`,
  sql`create index webauthn_challenges_expiry_idx on webauthn_challenges (expires_at)`,
];

const down: RawBuilder<unknown>[] = [
  sql`drop table webauthn_challenges`,
  sql`drop table passkeys`,
];

export default {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of up) await statement.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const statement of down) await statement.execute(db);
  },
};
