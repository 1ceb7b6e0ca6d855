/**
 * `deno run -A cli/db.ts migrate|seed|down`: database chores against the
 * database the environment configures. Prints one line of what it did.
 */
import type { Kysely } from "kysely";
import { frankingKeyFrom } from "../services/messages/deps.ts";
import { type Config, loadConfig } from "../config/env.ts";
import { openDatabase } from "../db/client.ts";
import { migrateDown, migrateToLatest } from "../db/migrate.ts";
import type { Database } from "../db/schema.ts";
import { seedDemo } from "../server/demo_seed.ts";
import { moneySettings } from "../server/services.ts";

const COMMANDS: Record<string, (db: Kysely<Database>, config: Config) => Promise<string>> = {
  async migrate(db) {
    const names = await migrateToLatest(db);
    return names.length ? `migrated up: ${names.join(", ")}` : "migrations: already up to date";
  },
  async down(db) {
    const names = await migrateDown(db);
    return names.length ? `migrated down: ${names.join(", ")}` : "migrations: nothing to revert";
  },
  async seed(db, config) {
    const { seeded, users } = await seedDemo(db, {
      money: moneySettings(config),
      frankingKey: frankingKeyFrom(config.secrets.APP_SECRET),
    });
    return seeded ? `seeded ${users} demo users` : "seed: skipped, users already exist";
  },
};

if (import.meta.main) {
  const command = COMMANDS[Deno.args[0] ?? ""];
  if (!command || Deno.args.length !== 1) {
    console.error(`usage: deno run -A cli/db.ts ${Object.keys(COMMANDS).join("|")}`);
    Deno.exit(2);
  }
  const config = await loadConfig();
  const { database } = config;
  const handle = await openDatabase(database);
  try {
    const done = await command(handle.db, config);
    const where = database.driver === "pglite" ? database.pgliteDir : new URL(database.url!).host;
    console.log(`${done} (${database.driver}, ${where})`);
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    Deno.exitCode = 1;
  } finally {
    await handle.close();
  }
}
