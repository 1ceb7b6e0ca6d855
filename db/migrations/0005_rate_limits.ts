/**
 * Rate limits: one fixed-window counter per (limit, subject), kept in the
 * database so every app instance counts against the same number. The key
 * carries a hash of the subject (services/rate_limit.ts), never an e-mail
 * address or an IP in clear.
 */
import { type Kysely, type RawBuilder, sql } from "kysely";

const up: RawBuilder<unknown>[] = [
  // Unlogged: every counted request writes here, and skipping the WAL makes
  // those writes cheap. The price is that counters vanish after a crash and
  // are absent on replicas; a limiter that forgets at most one window is fine.
  sql`create unlogged table rate_limits (
    key text primary key check (key <> ''),
    window_start timestamptz not null,
    hits integer not null check (hits > 0)
  )`,
  // prune() deletes by age.
  sql`create index rate_limits_window_start_idx on rate_limits (window_start)`,
];

const down: RawBuilder<unknown>[] = [
  sql`drop table rate_limits`,
];

export default {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of up) await statement.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const statement of down) await statement.execute(db);
  },
};
