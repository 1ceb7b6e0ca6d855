import assert from "node:assert/strict";
import { sql } from "kysely";
import { migrateDown, migrateToLatest, MigrationError } from "../db/migrate.ts";
import { migrations } from "../db/migrations/index.ts";
import { GENDERS, USER_STATUSES } from "../domain/people.ts";
import { ROLE_NAMES } from "../domain/roles.ts";
import { DEMO_USERS, seedDemoData } from "../db/seed.ts";
import { hasPostgres, openTestDatabase, scratchPostgres, testOnEachDriver } from "./support/db.ts";
import { openDatabase } from "../db/client.ts";
import { person } from "./support/fixtures.ts";

const MIGRATIONS = Object.keys(migrations);

testOnEachDriver("migrations go down fully, then up again", async ({ db }) => {
  assert.deepEqual(await migrateToLatest(db), [], "a test database starts migrated");

  assert.deepEqual(await migrateDown(db, { all: true }), [...MIGRATIONS].reverse());
  assert.deepEqual(await db.introspection.getTables(), []);
  const { rows: leftovers } = await sql<{ name: string }>`
    select typname as name from pg_type where typname in ('role_name', 'user_status', 'gender')
    union all
    select proname from pg_proc where proname in ('set_updated_at', 'audit_row_change', 'audit_logs_append_only')`
    .execute(db);
  assert.deepEqual(leftovers, []);

  assert.deepEqual(await migrateToLatest(db), MIGRATIONS);
  const { n } = await db.selectFrom("cities").select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  assert.ok(n > 4000);
});

testOnEachDriver("migrateDown reverts only the latest migration by default", async ({ db }) => {
  assert.deepEqual(await migrateDown(db), [MIGRATIONS.at(-1)]);
  assert.deepEqual(await migrateToLatest(db), [MIGRATIONS.at(-1)]);
});

testOnEachDriver("a failing migration is named and rolls back the whole run", async ({ db }) => {
  await migrateDown(db, { all: true });
  await sql`create table countries (squatter int)`.execute(db);
  const err = await migrateToLatest(db).then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof MigrationError);
  assert.equal(err.migrationName, "0002_geography");
  assert.match(err.message, /migration 0002_geography up failed: .*countries/);
  // 0001 ran in the same transaction, so it is gone too.
  const tables = (await db.introspection.getTables()).map((t) => t.name);
  assert.ok(!tables.includes("users"));
});

testOnEachDriver("database enums and roles match db/schema.ts", async ({ db }) => {
  const labels = async (type: string) =>
    (await sql<{ label: string }>`select unnest(enum_range(null::${sql.raw(type)}))::text as label`.execute(
      db,
    ))
      .rows.map((r) => r.label);
  assert.deepEqual(await labels("role_name"), [...ROLE_NAMES]);
  assert.deepEqual(await labels("user_status"), [...USER_STATUSES]);
  assert.deepEqual(await labels("gender"), [...GENDERS]);
  const roles = await db.selectFrom("roles").select(["name", "description"]).execute();
  assert.deepEqual(roles.map((r) => r.name).sort(), [...ROLE_NAMES].sort());
  assert.ok(roles.every((r) => r.description));
});

testOnEachDriver(
  "geography: every country, India's 36 states and its cities with coordinates",
  async ({ db }) => {
    const count = async (table: "countries" | "states" | "cities") =>
      (await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow())
        .n;
    assert.ok(await count("countries") >= 240);
    const india = await db.selectFrom("countries").selectAll().where("iso2", "=", "IN")
      .executeTakeFirstOrThrow();
    assert.equal(india.currency_code, "INR");
    assert.equal(india.phone_code, "91");
    const states = await db.selectFrom("states").select("iso_code").where("country_id", "=", india.country_id)
      .execute();
    assert.equal(states.length, 36);
    assert.ok(await count("cities") > 4000);

    const mumbai = await db.selectFrom("cities")
      .innerJoin("states", "states.state_id", "cities.state_id")
      .select(["cities.name", "cities.lat", "cities.lon", "states.name as state"])
      .where(sql<string>`lower(cities.name)`, "like", "mumb%")
      .orderBy("cities.name")
      .execute();
    assert.deepEqual(mumbai.map((c) => c.name), ["Mumbai", "Mumbai Suburban"]);
    assert.equal(mumbai[0].state, "Maharashtra");
    assert.ok(Math.abs(mumbai[0].lat! - 19.07) < 0.1 && Math.abs(mumbai[0].lon! - 72.88) < 0.1);
  },
);

testOnEachDriver("city prefix search can use the lower(name) text_pattern_ops index", async ({ db }) => {
  await db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    const { rows } = await sql<{ "QUERY PLAN": string }>`explain select city_id from cities
      where lower(name) like 'pun%'`.execute(trx);
    assert.match(rows.map((r) => r["QUERY PLAN"]).join("\n"), /cities_name_prefix_idx/);
  });
});

testOnEachDriver("updated_at moves on update, created_at stays", async ({ db }) => {
  // Stamped in the past, so the update's now() differs however coarse the clock.
  const past = new Date("2020-01-01T00:00:00Z");
  const user = await db.insertInto("users")
    .values({ email: "time@example.in", created_at: past, updated_at: past }).returningAll()
    .executeTakeFirstOrThrow();
  const { after, now } = await db.transaction().execute(async (trx) => ({
    after: await trx.updateTable("users").set({ display_name: "Time" }).where("id", "=", user.id)
      .returningAll().executeTakeFirstOrThrow(),
    now: (await sql<{ now: Date }>`select now() as now`.execute(trx)).rows[0].now,
  }));
  assert.ok(after.updated_at > user.updated_at);
  // Set by the trigger to now(): the updating transaction's start.
  assert.equal(after.updated_at.getTime(), new Date(now).getTime());
  assert.equal(after.created_at.getTime(), past.getTime());
});

testOnEachDriver("users refuses an uppercase email and a malformed currency", async ({ db }) => {
  await assert.rejects(
    db.insertInto("users").values({ email: "Asha@Example.in" }).execute(),
    /users_email_format/,
  );
  await assert.rejects(
    db.insertInto("users").values({ email: "asha@example.in", currency: "inr" }).execute(),
    /users_currency_iso/,
  );
});

testOnEachDriver("seedDemoData seeds once, with roles, and is idempotent", async ({ db }) => {
  assert.deepEqual(await seedDemoData(db), { seeded: true, users: DEMO_USERS.length });
  assert.deepEqual(await seedDemoData(db), { seeded: false, users: 0 });

  const users = await db.selectFrom("users")
    .innerJoin("user_roles", "user_roles.user_id", "users.id")
    .innerJoin("roles", "roles.id", "user_roles.role_id")
    .select(["users.email", "users.status", "users.password_hash", "roles.name as role"])
    .orderBy("users.email")
    .execute();
  assert.equal(users.length, DEMO_USERS.length);
  assert.ok(users.every((u) => u.status === "active" && u.password_hash === null));
  assert.deepEqual(
    users.map((u) => u.role).sort(),
    ["admin", "artist", "band_manager", "organizer", "promoter", "venue_manager"],
  );
  assert.ok(users.some((u) => u.email === "asha.artist@demo.artistspace.in" && u.role === "artist"));
});

testOnEachDriver("seedDemoData leaves a database that already has users alone", async ({ db }) => {
  const real = await person(db);
  assert.deepEqual(await seedDemoData(db), { seeded: false, users: 0 });
  const emails = await db.selectFrom("users").select("email").execute();
  assert.deepEqual(emails, [{ email: real.email }]);
});

Deno.test({
  name: "concurrent seedDemoData calls seed exactly once",
  ignore: !hasPostgres,
  async fn() {
    const { db, close } = await openTestDatabase({ driver: "pg" });
    try {
      const results = await Promise.all([seedDemoData(db), seedDemoData(db), seedDemoData(db)]);
      assert.equal(results.filter((r) => r.seeded).length, 1);
      const { n } = await db.selectFrom("users").select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      assert.equal(n, DEMO_USERS.length);
    } finally {
      await close();
    }
  },
});

Deno.test("cli/db.ts migrates and seeds the configured PGlite database, saying what it did", async () => {
  const dir = await Deno.makeTempDir({ prefix: "artistspace_cli_" });
  const run = async (command: string) => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "cli/db.ts", command],
      cwd: new URL("..", import.meta.url).pathname,
      env: { DATABASE_URL: "", DATABASE_DRIVER: "pglite", PGLITE_DIR: `${dir}/pglite`, DATA_DIR: dir },
    }).output();
    const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, text);
    return text.trim();
  };
  try {
    assert.ok((await run("migrate")).startsWith(`migrated up: ${MIGRATIONS.join(", ")} (pglite, `));
    assert.match(await run("seed"), /^seeded 6 demo users \(pglite, /);
    assert.match(await run("seed"), /^seed: skipped/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: "migrations run without the pool's statement timeout, and hand the session back with it",
  ignore: !hasPostgres,
  async fn() {
    const scratch = await scratchPostgres();
    // One session, so the setting read at the end is the one the migrations ran on.
    const handle = await openDatabase({
      driver: "pg",
      url: scratch.url,
      pgliteDir: "",
      pool: { size: 1, statementTimeoutMs: 1, idleInTransactionTimeoutMs: 0, preparedStatements: true },
    });
    try {
      await assert.rejects(
        sql`select pg_sleep(0.05)`.execute(handle.db),
        (err: { code?: string }) => err.code === "57014",
      );
      await migrateDown(handle.db, { all: true });
      assert.ok((await migrateToLatest(handle.db)).length > 20);
      const { rows: [row] } = await sql<{ statement_timeout: string }>`show statement_timeout`.execute(
        handle.db,
      );
      assert.equal(row.statement_timeout, "1ms");
    } finally {
      await handle.close();
      await scratch.drop();
    }
  },
});
