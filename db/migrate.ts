/** Runs db/migrations/ with Kysely's Migrator, turning its result sets into thrown errors. */
import { type Kysely, sql } from "kysely";
import { type MigrationResultSet, Migrator, NO_MIGRATIONS } from "kysely/migration";
import { migrations } from "./migrations/index.ts";

export class MigrationError extends Error {
  constructor(readonly migrationName: string | undefined, readonly direction: "up" | "down", cause: unknown) {
    const which = migrationName ? `migration ${migrationName}` : "migrations";
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`Running ${which} ${direction} failed: ${reason}`, { cause });
    this.name = "MigrationError";
  }
}

// Any schema: migrations run before (and regardless of) the types in db/schema.ts.
// deno-lint-ignore no-explicit-any
type AnyDatabase = Kysely<any>;

function migrator(db: AnyDatabase): Migrator {
  return new Migrator({ db, provider: { getMigrations: () => Promise.resolve({ ...migrations }) } });
}

/** Applies every pending migration in one transaction; returns the names applied. */
export async function migrateToLatest(db: AnyDatabase): Promise<string[]> {
  return await untimed(db, async (conn) => applied(await migrator(conn).migrateToLatest(), "up"));
}

/** The migrations not yet applied, oldest first: what a start without migrating refuses to serve with. */
export async function pendingMigrations(db: AnyDatabase): Promise<string[]> {
  return (await migrator(db).getMigrations()).filter((m) => m.executedAt === undefined).map((m) => m.name);
}

/** Reverts the latest migration, or all of them; returns the names reverted, latest first. */
export async function migrateDown(db: AnyDatabase, options: { all?: boolean } = {}): Promise<string[]> {
  return await untimed(db, async (conn) => {
    const m = migrator(conn);
    return applied(await (options.all ? m.migrateTo(NO_MIGRATIONS) : m.migrateDown()), "down");
  });
}

/**
 * Runs `work` on one pooled session without the pool's statement timeout (config/env.ts DatabasePool): an
 * index built over a large table may rightly take minutes. The setting goes back before the session does.
 */
async function untimed<T>(db: AnyDatabase, work: (conn: AnyDatabase) => Promise<T>): Promise<T> {
  return await db.connection().execute(async (conn) => {
    await sql`set statement_timeout = 0`.execute(conn);
    try {
      return await work(conn);
    } finally {
      await sql`reset statement_timeout`.execute(conn);
    }
  });
}

function applied({ error, results = [] }: MigrationResultSet, direction: "up" | "down"): string[] {
  if (error !== undefined) {
    throw new MigrationError(results.find((r) => r.status === "Error")?.migrationName, direction, error);
  }
  return results.filter((r) => r.status === "Success").map((r) => r.migrationName);
}
