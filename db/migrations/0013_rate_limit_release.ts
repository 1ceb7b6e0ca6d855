/**
 * A rate-limit counter may hold 0 hits: `release` (services/rate_limit.ts)
 * takes a hit back when the request turned out not to be what the limit
 * counts (a sign-in whose password was right), and one atomic decrement is
 * only exact if it may reach 0. A row at 0 is a window with nothing counted.
 */
import { type Kysely, type RawBuilder, sql } from "kysely";

const up: RawBuilder<unknown>[] = [
  sql`alter table rate_limits drop constraint rate_limits_hits_check`,
  sql`alter table rate_limits add constraint rate_limits_hits_check check (hits >= 0)`,
];

const down: RawBuilder<unknown>[] = [
  // Windows with nothing counted: forgetting them changes no verdict.
  sql`delete from rate_limits where hits = 0`,
  sql`alter table rate_limits drop constraint rate_limits_hits_check`,
  sql`alter table rate_limits add constraint rate_limits_hits_check check (hits > 0)`,
];

export default {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of up) await statement.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const statement of down) await statement.execute(db);
  },
};
