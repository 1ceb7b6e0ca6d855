/**
 * One-time sign-in codes for step-up (services/auth/step_up.ts), kept as
 * account_tokens rows of purpose 'login_code'. Such a code is only ever
 * typed, never followed as a link, so its row has a code digest and no token
 * digest; every other purpose keeps requiring its token.
 */
import { type Kysely, type RawBuilder, sql } from "kysely";

const up: RawBuilder<unknown>[] = [
  sql`alter table account_tokens drop constraint account_tokens_purpose_check`,
  sql`alter table account_tokens add constraint account_tokens_purpose_check
    check (purpose in ('verify_email', 'reset_password', 'login_code'))`,
  sql`alter table account_tokens alter column token_hash drop not null`,
  sql`alter table account_tokens add constraint account_tokens_secret_check check (
    case when purpose = 'login_code' then token_hash is null and code_hash is not null
      else token_hash is not null end)`,
];

const down: RawBuilder<unknown>[] = [
  sql`delete from account_tokens where purpose = 'login_code'`,
  sql`alter table account_tokens drop constraint account_tokens_secret_check`,
  sql`alter table account_tokens alter column token_hash set not null`,
  sql`alter table account_tokens drop constraint account_tokens_purpose_check`,
  sql`alter table account_tokens add constraint account_tokens_purpose_check
    check (purpose in ('verify_email', 'reset_password'))`,
];

export default {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of up) await statement.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const statement of down) await statement.execute(db);
  },
};
