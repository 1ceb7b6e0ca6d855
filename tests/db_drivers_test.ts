import assert from "node:assert/strict";
import {
  type AbortableOperationOptions,
  AbortedTransactionError,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  Kysely,
  sql,
  type Transaction,
} from "kysely";
import { openDatabase } from "../db/client.ts";
import { PGliteDialect } from "../db/pglite_dialect.ts";
import type { Database } from "../db/schema.ts";
import { hasPostgres, openTestPglite, TEST_DATABASE_URL, testOnEachDriver } from "./support/db.ts";
import { startNeonRelay } from "./support/neon_relay.ts";
import { waitFor } from "./support/wait.ts";

testOnEachDriver("CRUD round trip returns the types db/schema.ts promises", async ({ db }) => {
  const inserted = await db.insertInto("users")
    .values({
      email: "ravi@example.in",
      username: "Ravi_K",
      gender: "male",
      date_of_birth: "1990-05-17",
      metadata: JSON.stringify({ instruments: ["tabla"] }),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  assert.match(inserted.id, /^[0-9a-f-]{36}$/);
  assert.ok(inserted.created_at instanceof Date);
  assert.ok(inserted.updated_at instanceof Date);
  assert.deepEqual(inserted.date_of_birth, new Date("1990-05-17T00:00:00Z"));
  assert.deepEqual(inserted.metadata, { instruments: ["tabla"] });
  assert.equal(inserted.status, "pending_verification");
  assert.equal(inserted.currency, "INR");
  assert.equal(inserted.deleted_at, null);

  const updated = await db.updateTable("users").set({ display_name: "Ravi" }).where("id", "=", inserted.id)
    .executeTakeFirst();
  assert.equal(updated.numUpdatedRows, 1n);
  const read = await db.selectFrom("users").selectAll().where("id", "=", inserted.id)
    .executeTakeFirstOrThrow();
  assert.equal(read.display_name, "Ravi");
  assert.equal(read.created_at.getTime(), inserted.created_at.getTime());

  const deleted = await db.deleteFrom("users").where("id", "=", inserted.id).executeTakeFirst();
  assert.equal(deleted.numDeletedRows, 1n);
  const { n } = await db.selectFrom("users").select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  assert.equal(n, 0);
});

testOnEachDriver(
  "int8, numeric, dates and jsonb come back as the same JS types on every driver",
  async ({ db }) => {
    const { rows: [row] } = await sql<Record<string, unknown>>`select
    42::int8 as small_int8,
    9007199254740993::int8 as big_int8,
    12.50::numeric(10, 2) as amount,
    2.5::float8 as ratio,
    7::int4 as int4,
    true as flag,
    '2026-01-31 18:30:00+05:30'::timestamptz as at,
    '2026-01-31'::date as day,
    '{"a": [1, 2]}'::jsonb as doc`.execute(db);
    assert.deepEqual(row, {
      small_int8: 42,
      big_int8: 9007199254740993n,
      amount: "12.50",
      ratio: 2.5,
      int4: 7,
      flag: true,
      at: new Date("2026-01-31T13:00:00Z"),
      day: new Date("2026-01-31T00:00:00Z"),
      doc: { a: [1, 2] },
    });
  },
);

testOnEachDriver("a failed transaction leaves nothing behind", async ({ db }) => {
  await assert.rejects(
    db.transaction().execute(async (trx) => {
      await trx.insertInto("users").values({ email: "first@example.in" }).execute();
      // Same address in another case: the unique index on lower(email) refuses it.
      await trx.insertInto("users").values({ email: "first@example.in", username: "x" }).execute();
    }),
    /users_email_key/,
  );
  await assert.rejects(
    db.transaction().execute(async (trx) => {
      await trx.insertInto("users").values({ email: "second@example.in" }).execute();
      throw new Error("application changed its mind");
    }),
    /changed its mind/,
  );
  assert.deepEqual(await db.selectFrom("users").select("email").execute(), []);
  assert.deepEqual(await db.selectFrom("audit_logs").select("id").execute(), []);
});

testOnEachDriver("committing after a swallowed error throws instead of reporting success", async ({ db }) => {
  await assert.rejects(
    db.transaction().execute(async (trx) => {
      await trx.insertInto("users").values({ email: "kept@example.in" }).execute();
      await sql`select 1 / 0`.execute(trx).catch(() => {});
    }),
    AbortedTransactionError,
  );
  assert.deepEqual(await db.selectFrom("users").select("email").execute(), []);
});

/**
 * A dialect whose driver counts who asked for the connection and who holds
 * it, so a test can tell a transaction that waits from one that never tried.
 */
function countingHolders(dialect: Dialect, count: { asked: number; holding: number }): Dialect {
  const driver = dialect.createDriver();
  const counted = new Proxy(driver, {
    get(target, key: keyof Driver) {
      if (key === "acquireConnection") {
        return async (options?: AbortableOperationOptions) => {
          count.asked++;
          const connection = await target.acquireConnection(options);
          count.holding++;
          return connection;
        };
      }
      if (key === "releaseConnection") {
        return (connection: DatabaseConnection) => {
          count.holding--;
          return target.releaseConnection(connection);
        };
      }
      const value = target[key];
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return {
    createDriver: () => counted,
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
  };
}

Deno.test("PGlite runs concurrent transactions one after the other, never interleaved", async () => {
  const pglite = await openTestPglite();
  const count = { asked: 0, holding: 0 };
  const db = new Kysely<Database>({ dialect: countingHolders(new PGliteDialect({ pglite }), count) });
  let second: Promise<void> | undefined;
  try {
    const seen: number[] = [];
    const insertAndCount = async (trx: Transaction<Database>, email: string) => {
      await trx.insertInto("users").values({ email }).execute();
      const { n } = await trx.selectFrom("users").select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      seen.push(n);
    };
    await db.transaction().execute(async (trx) => {
      const asked = count.asked;
      second = db.transaction().execute((other) => insertAndCount(other, "b@example.in"));
      // Held open until the second transaction has asked for the connection:
      // it must wait, even while this one runs its statements.
      await waitFor(() => count.asked > asked, { what: "the second transaction to ask" });
      await insertAndCount(trx, "a@example.in");
      assert.equal(count.holding, 1, "the second transaction got the connection inside the first");
    });
    await second;
    // The second transaction starts only after the first committed.
    assert.deepEqual(seen, [1, 2]);
  } finally {
    // When the first fails, the second still runs: let it end before the database goes.
    await second?.catch(() => {});
    await db.destroy();
    // destroy() closes PGlite only if a query ran.
    if (!pglite.closed) await pglite.close();
  }
});

Deno.test("PGlite persists under pgliteDir across close and reopen", async () => {
  const dir = await Deno.makeTempDir({ prefix: "artistspace_pglite_" });
  try {
    const cfg = { driver: "pglite" as const, pgliteDir: `${dir}/nested/db` };
    const first = await openDatabase(cfg);
    await sql`create table kept (note text)`.execute(first.db);
    await sql`insert into kept values ('still here')`.execute(first.db);
    await first.close();

    const second = await openDatabase(cfg);
    try {
      await second.ping();
      const { rows } = await sql<{ note: string }>`select note from kept`.execute(second.db);
      assert.deepEqual(rows, [{ note: "still here" }]);
    } finally {
      await second.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("closing a PGlite database that never ran a query lets the process exit", async () => {
  // Kysely skips destroying a driver it never used; PGlite left open keeps
  // the event loop alive, which would hang the CLI and the test runner.
  const script = `import { openTestDatabase } from "./tests/support/db.ts";
    const t = await openTestDatabase({ driver: "pglite" });
    await t.close();`;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", script],
    cwd: new URL("..", import.meta.url).pathname,
    signal: AbortSignal.timeout(30_000),
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
});

Deno.test({
  name: "the neon driver reaches Postgres only through the WebSocket relay",
  ignore: !hasPostgres,
  async fn() {
    const url = new URL(TEST_DATABASE_URL!);
    const relay = await startNeonRelay({ hostname: url.hostname, port: Number(url.port || 5432) });
    const idleErrors: Error[] = [];
    const handle = await openDatabase(
      { driver: "neon", url: url.href, pgliteDir: "" },
      {
        neon: { wsProxy: relay.wsProxy, secure: false, pipelineConnect: false },
        poolSize: 2,
        onIdleError: (err) => idleErrors.push(err),
      },
    );
    try {
      assert.equal(relay.connections, 0);
      await handle.ping();
      await Promise.all([1, 2].map(() => sql`select pg_sleep(0.05)`.execute(handle.db)));
      assert.equal(relay.connections, 2);
      await relay.close();
      // With the relay gone there is no other way in; the pool saw both idle connections drop.
      await assert.rejects(sql`select 1`.execute(handle.db));
      assert.equal(idleErrors.length, 2);
    } finally {
      await handle.close();
      await relay.close();
    }
  },
});

Deno.test("the neon relay refuses to relay anywhere but its target", async () => {
  const relay = await startNeonRelay({ hostname: "127.0.0.1", port: 5432 });
  try {
    const ws = new WebSocket(`ws://${relay.wsProxy}/?address=127.0.0.1:1`);
    const closed = new Promise<string>((resolve) => {
      ws.onerror = () => resolve("error");
      ws.onopen = () => resolve("open");
    });
    assert.equal(await closed, "error");
    await new Promise((resolve) =>
      ws.readyState === WebSocket.CLOSED ? resolve(null) : (ws.onclose = resolve)
    );
    assert.equal(relay.connections, 0);
  } finally {
    await relay.close();
  }
});

Deno.test({
  name: "PostgreSQL cancels a statement past its timeout and ends a transaction left idle; the pool goes on",
  ignore: !hasPostgres,
  sanitizeResources: false,
  async fn() {
    const handle = await openDatabase({
      driver: "pg",
      url: TEST_DATABASE_URL!,
      pgliteDir: "",
      pool: { size: 2, statementTimeoutMs: 300, idleInTransactionTimeoutMs: 300, preparedStatements: true },
    });
    try {
      const { rows: [row] } = await sql<{ statement_timeout: string }>`show statement_timeout`.execute(
        handle.db,
      );
      assert.equal(row.statement_timeout, "300ms");
      await assert.rejects(
        sql`select pg_sleep(5)`.execute(handle.db),
        (err: { code?: string }) => err.code === "57014",
      );
      // A transaction whose caller went quiet holding a lock: PostgreSQL ends its session, and the lock goes.
      const stuck = handle.db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(4242)`.execute(trx);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        await sql`select 1`.execute(trx);
      });
      await assert.rejects(stuck);
      const { rows: [free] } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(4242) as locked`
        .execute(handle.db);
      assert.equal(free.locked, true, "the lock went with the ended session");
      await sql`select pg_advisory_unlock_all()`.execute(handle.db);
      // The pool replaces the sessions PostgreSQL ended.
      for (let i = 0; i < 4; i++) await handle.ping();
    } finally {
      await handle.close();
    }
  },
});
