/**
 * A Kysely dialect for PGlite (Postgres compiled to WASM, in process).
 *
 * PGlite is one session, so the driver hands out its single connection to one
 * holder at a time: a transaction keeps it from BEGIN to COMMIT, and anything
 * else waits its turn instead of landing inside someone else's transaction.
 * A consequence worth knowing: using `db` (not `trx`) inside a transaction
 * callback waits forever, as it would on a pool of size one.
 */
import type { PGliteInterface } from "@electric-sql/pglite";
import {
  type AbortableOperationOptions,
  AbortedTransactionError,
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from "kysely";

export interface PGliteDialectConfig {
  /**
   * Owned by the dialect from here on: `db.destroy()` closes it, but only if
   * a query ever ran (Kysely skips an unused driver), so close it yourself
   * too (`openDatabase` does).
   */
  pglite: PGliteInterface;
}

export class PGliteDialect implements Dialect {
  readonly #config: PGliteDialectConfig;

  constructor(config: PGliteDialectConfig) {
    this.#config = config;
  }

  createDriver(): Driver {
    return new PGliteDriver(this.#config.pglite);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}

const ROW_COUNTING_COMMANDS = new Set(["INSERT", "UPDATE", "DELETE", "MERGE"]);

class PGliteConnection implements DatabaseConnection {
  readonly #pglite: PGliteInterface;

  constructor(pglite: PGliteInterface) {
    this.#pglite = pglite;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.#pglite.query<R>(compiledQuery.sql, [...compiledQuery.parameters]);
    const counts = result.command !== undefined && ROW_COUNTING_COMMANDS.has(result.command);
    return {
      rows: result.rows,
      numAffectedRows: counts ? BigInt(result.rowCount ?? result.affectedRows ?? 0) : undefined,
    };
  }

  /** The command tag of a bare statement: COMMIT answers ROLLBACK when the transaction had failed. */
  async command(sql: string): Promise<string | undefined> {
    return (await this.#pglite.query(sql)).command;
  }

  // The query API has no cursors and PGlite holds the rows in memory anyway,
  // so `.stream()` works but only chunks a complete result.
  async *streamQuery<R>(
    compiledQuery: CompiledQuery,
    chunkSize: number,
  ): AsyncIterableIterator<QueryResult<R>> {
    const { rows } = await this.executeQuery<R>(compiledQuery);
    for (let i = 0; i < rows.length; i += chunkSize) {
      yield { rows: rows.slice(i, i + chunkSize) };
    }
  }
}

class PGliteDriver implements Driver {
  readonly #pglite: PGliteInterface;
  readonly #connection: PGliteConnection;
  readonly #mutex = new Mutex();

  constructor(pglite: PGliteInterface) {
    this.#pglite = pglite;
    this.#connection = new PGliteConnection(pglite);
  }

  async init(): Promise<void> {
    await this.#pglite.waitReady;
  }

  async acquireConnection(options?: AbortableOperationOptions): Promise<DatabaseConnection> {
    await this.#mutex.lock(options?.signal);
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    let statement = "begin";
    if (settings.isolationLevel || settings.accessMode) {
      statement = "start transaction";
      if (settings.isolationLevel) statement += ` isolation level ${settings.isolationLevel}`;
      if (settings.accessMode) statement += ` ${settings.accessMode}`;
    }
    await connection.executeQuery(CompiledQuery.raw(statement));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    // A caller that swallowed a failed statement would otherwise "commit"
    // nothing and believe it had succeeded.
    if ((await (connection as PGliteConnection).command("commit")) === "ROLLBACK") {
      throw new AbortedTransactionError();
    }
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("rollback"));
  }

  // Savepoint names come from application code, not users, but quote them anyway.
  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteIdent(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint ${quoteIdent(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release savepoint ${quoteIdent(name)}`));
  }

  releaseConnection(): Promise<void> {
    this.#mutex.unlock();
    return Promise.resolve();
  }

  async destroy(): Promise<void> {
    // Wait for the current holder so a query is never cut off mid-flight.
    await this.#mutex.lock();
    try {
      if (!this.#pglite.closed) await this.#pglite.close();
    } finally {
      this.#mutex.unlock();
    }
  }
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** FIFO lock; the lock passes straight to the next waiter so nobody can cut in. */
class Mutex {
  #locked = false;
  readonly #waiters: Array<() => void> = [];

  async lock(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (!this.#locked) {
      this.#locked = true;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const wake = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      const onAbort = () => {
        this.#waiters.splice(this.#waiters.indexOf(wake), 1);
        reject(signal!.reason);
      };
      this.#waiters.push(wake);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  unlock(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#locked = false;
  }
}
