/**
 * Opens the database the configuration names: embedded PGlite, `pg` over TCP,
 * or Neon's serverless driver over WebSocket. All three return the same JS
 * types for the same columns, so nothing above this file knows which it got.
 */
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { Client as NeonClient, Pool as NeonPool } from "@neondatabase/serverless";
import { Kysely, PostgresDialect, type PostgresPool, sql } from "kysely";
// @ts-types="@types/pg"
import pg from "pg";
import { type Config, type DatabaseDriver, DEFAULT_POOL, type NeonOptions } from "../config/env.ts";
import {
  type Listen,
  LISTEN_APPLICATION_NAME,
  type Listener,
  pgliteListener,
  sessionListener,
} from "./listen.ts";
import { PGliteDialect } from "./pglite_dialect.ts";
import { preparingClient, StatementNames } from "./prepared_statements.ts";
import type { Database } from "./schema.ts";

export interface DatabaseHandle {
  db: Kysely<Database>;
  driver: DatabaseDriver;
  /** PostgreSQL's LISTEN on this database (see db/listen.ts); `close()` ends it too. */
  listen: Listen;
  close(): Promise<void>;
  ping(): Promise<void>;
}

export interface OpenDatabaseOptions {
  neon?: NeonOptions;
  /** Start PGlite from a `dumpDataDir()` tarball instead of an empty cluster. */
  pgliteLoadDataDir?: Blob;
  /** Connections per pool for "pg" and "neon", over the configuration's `pool.size`. */
  poolSize?: number;
  /** Told when an idle pooled connection drops (server restart); logs to stderr by default. */
  onIdleError?: (err: Error) => void;
}

export async function openDatabase(
  cfg: Config["database"],
  options: OpenDatabaseOptions = {},
): Promise<DatabaseHandle> {
  const pglite = cfg.driver === "pglite"
    ? await openPglite(cfg.pgliteDir, options.pgliteLoadDataDir)
    : undefined;
  const db = new Kysely<Database>({
    dialect: pglite ? new PGliteDialect({ pglite }) : poolDialect(cfg, options),
  });
  const listener = pglite ? pgliteListener(pglite, db) : sessionListenerFor(cfg, options);
  return {
    db,
    driver: cfg.driver,
    listen: listener.listen,
    close: async () => {
      await listener.close();
      await db.destroy();
      // Kysely destroys only a driver that has run a query; an unused PGlite
      // would otherwise stay open and keep the process alive.
      if (pglite && !pglite.closed) await pglite.close();
    },
    ping: async () => {
      await sql`select 1`.execute(db);
    },
  };
}

/** A session of its own for LISTEN, opened on the first listener (most handles never have one). */
function sessionListenerFor(cfg: Config["database"], options: OpenDatabaseOptions): Listener {
  const url = requireUrl(cfg);
  const settings = {
    connectionString: url,
    application_name: LISTEN_APPLICATION_NAME,
    connectionTimeoutMillis: 10_000,
  };
  if (cfg.driver === "neon") {
    const Client = neonClient(options.neon ?? cfg.neon ?? {});
    return sessionListener(() => new Client(settings));
  }
  // Keepalives notice a connection that died without a word (a network partition) sooner.
  return sessionListener(() =>
    new pg.Client({ ...settings, keepAlive: true, keepAliveInitialDelayMillis: 30_000 })
  );
}

function poolDialect(cfg: Config["database"], options: OpenDatabaseOptions): PostgresDialect {
  const url = requireUrl(cfg);
  if (cfg.driver === "neon") {
    // Neon's typings say Client#connect() resolves to void where Kysely wants
    // the client; at run time it is pg's Client, which Kysely only uses to cancel.
    const pool = watchIdleErrors(neonPool(url, cfg, options), options.onIdleError);
    return new PostgresDialect({ pool: pool as unknown as PostgresPool });
  }
  const Client = preparingIfOn(pg.Client, cfg);
  return new PostgresDialect({
    pool: watchIdleErrors(new pg.Pool({ ...poolSettings(url, cfg, options), Client }), options.onIdleError),
  });
}

/**
 * The pool's size and the limits PostgreSQL enforces on each of its sessions (sent at connect): a statement
 * past its timeout is cancelled (57014), a session idle in a transaction past its timeout is ended (25P03),
 * so neither holds a connection, or the locks it took, for ever.
 */
function poolSettings(url: string, cfg: Config["database"], options: OpenDatabaseOptions) {
  const pool = cfg.pool ?? DEFAULT_POOL;
  return {
    connectionString: url,
    max: options.poolSize ?? pool.size,
    types: pgTypes,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    statement_timeout: pool.statementTimeoutMs,
    idle_in_transaction_session_timeout: pool.idleInTransactionTimeoutMs,
  };
}

/** A request waiting longer than this for a free connection fails rather than queueing without end. */
const CONNECT_TIMEOUT_MS = 10_000;

async function openPglite(dir: string, loadDataDir?: Blob): Promise<PGlite> {
  if (!dir.startsWith("memory://")) await Deno.mkdir(dir, { recursive: true });
  const pglite = new PGlite(dir, { loadDataDir, extensions: PGLITE_EXTENSIONS });
  await pglite.waitReady;
  return pglite;
}

/** Contrib extensions the migrations create; PGlite must be handed their code to load them. */
export const PGLITE_EXTENSIONS = { btree_gist, pg_trgm };

function requireUrl(cfg: Config["database"]): string {
  if (!cfg.url) throw new Error(`The ${cfg.driver} driver needs a database URL`);
  return cfg.url;
}

function neonPool(url: string, cfg: Config["database"], options: OpenDatabaseOptions): NeonPool {
  const pool = new NeonPool(poolSettings(url, cfg, options));
  // NeonPool ignores `Client` in its config (it assigns its own after super()).
  pool.Client = preparingIfOn(neonClient(options.neon ?? cfg.neon ?? {}), cfg);
  return pool;
}

/** A pool's client class, sending prepared statements unless the configuration turns them off. */
function preparingIfOn<C extends Parameters<typeof preparingClient>[0]>(
  Client: C,
  cfg: Config["database"],
): C {
  return (cfg.pool ?? DEFAULT_POOL).preparedStatements
    ? preparingClient(Client, new StatementNames())
    : Client;
}

/**
 * Neon's Client with our settings. They go on each client rather than the
 * global `neonConfig`, so two pools in one process (tests, a relay) cannot
 * reconfigure each other.
 */
function neonClient(neon: NeonOptions): typeof NeonClient {
  return class ConfiguredClient extends NeonClient {
    constructor(config?: ConstructorParameters<typeof NeonClient>[0]) {
      super(config);
      const c = this.neonConfig;
      c.webSocketConstructor = globalThis.WebSocket;
      if (neon.wsProxy !== undefined) c.wsProxy = neon.wsProxy;
      if (neon.secure !== undefined) c.useSecureWebSocket = neon.secure;
      if (neon.pipelineConnect !== undefined) c.pipelineConnect = neon.pipelineConnect;
    }
  };
}

interface ErrorEmitter {
  on(event: "error", listener: (err: Error) => void): unknown;
}

/**
 * A pooled connection that drops must not crash the process (an unhandled "error" event would): an idle one,
 * which the pool reports, or one checked out between statements, such as a transaction PostgreSQL ended for
 * idling too long. The second is only the client's own event, heard here and left to its caller: the next
 * statement on it fails with the reason, and the pool discards it on release.
 */
function watchIdleErrors<
  P extends ErrorEmitter & { on(event: "connect", listener: (c: ErrorEmitter) => void): unknown },
>(
  pool: P,
  report = (err: Error) => console.error(`database: idle connection error: ${err.message}`),
): P {
  pool.on("error", report);
  pool.on("connect", (client) => client.on("error", () => {}));
  return pool;
}

/**
 * Text-format parsers that make pg (and Neon, which embeds pg) answer like
 * PGlite: int8 (counts, sums) as a number while it is exact, else a bigint;
 * date as UTC midnight instead of local midnight. numeric stays a string on
 * all three (exact), timestamptz is a Date on all three.
 */
const PARSERS: Record<number, (value: string) => unknown> = {
  20: (value) => {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : BigInt(value);
  },
  1082: (value) =>
    value === "infinity" ? Infinity : value === "-infinity" ? -Infinity : new Date(`${value}T00:00:00Z`),
};

const pgTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    const own = format === "binary" ? undefined : PARSERS[oid];
    return own ?? pg.types.getTypeParser(oid, format);
  },
};
