import assert from "node:assert/strict";
import { sql } from "kysely";
import { openDatabase } from "../db/client.ts";
import { DEFAULT_POOL } from "../config/env.ts";
import { StatementNames } from "../db/prepared_statements.ts";
import { searchActs } from "../db/queries/search.ts";
import { suggestCities } from "../db/queries/geo.ts";
import { hasPostgres, type ScratchDatabase, scratchPostgres } from "./support/db.ts";

Deno.test("a text is named on its second run, and only one with parameters and no pattern operator", () => {
  const names = new StatementNames(3);
  const byId = 'select * from "acts" where "id" = $1';
  assert.equal(names.nameFor(byId, 1), undefined);
  const name = names.nameFor(byId, 1);
  assert.ok(name);
  assert.equal(names.nameFor(byId, 1), name);

  for (
    const patterned of [
      'select "id" from "acts" where "acts"."card_document" @@ $1::tsquery limit $2',
      'select "name" from "cities" where lower("name") like lower($1) || \'%\'',
      'select "email" from "users" where lower(email) ILIKE $1',
      "select word from search_words v where v.word % $1 order by similarity(v.word, $1) desc",
    ]
  ) {
    names.nameFor(patterned, 1);
    assert.equal(names.nameFor(patterned, 1), undefined, patterned);
  }
  names.nameFor("select 1", 0);
  assert.equal(names.nameFor("select 1", 0), undefined, "no parameters: may be several statements");
  assert.deepEqual(names.named(), [byId]);
});

Deno.test("no more texts are named than the bound", () => {
  const names = new StatementNames(2);
  const texts = ["select $1::int", "select $1::text", "select $1::date"];
  for (const text of [...texts, ...texts]) names.nameFor(text, 1);
  assert.deepEqual(names.named(), texts.slice(0, 2));
  assert.equal(names.nameFor(texts[2], 1), undefined);
});

/** A one-connection pool on a scratch database, so pg_prepared_statements shows that connection's. */
async function onOneConnection(
  fn: (handle: Awaited<ReturnType<typeof openDatabase>>, scratch: ScratchDatabase) => Promise<void>,
  preparedStatements = true,
) {
  const scratch = await scratchPostgres();
  const handle = await openDatabase({
    driver: "pg",
    url: scratch.url,
    pgliteDir: "",
    pool: { ...DEFAULT_POOL, size: 1, preparedStatements },
  });
  try {
    await fn(handle, scratch);
  } finally {
    await handle.close();
    await scratch.drop();
  }
}

async function preparedOnConnection(db: Awaited<ReturnType<typeof openDatabase>>["db"]): Promise<string[]> {
  const { rows } = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(db);
  return rows.map((r) => r.statement);
}

Deno.test({
  name: "PostgreSQL prepares a repeated statement once, but never a search's",
  ignore: !hasPostgres,
  fn: () =>
    onOneConnection(async ({ db }) => {
      const genre = () =>
        db.selectFrom("genres").select("label").where("slug", "=", "rock").executeTakeFirst();
      await genre();
      assert.deepEqual(await preparedOnConnection(db), []);
      for (let run = 0; run < 3; run++) assert.equal((await genre())?.label, "Rock");
      const prepared = await preparedOnConnection(db);
      assert.equal(prepared.length, 1);
      assert.match(prepared[0], /from "genres" where "slug" = \$1/);

      for (let run = 0; run < 8; run++) {
        await searchActs(db, { q: "sufi mumbai", sort: "relevance", limit: 20 });
        await searchActs(db, { q: "ghazal", sort: "trust", limit: 20 });
        await suggestCities(db, { country: "IN", q: "Pu", limit: 8 });
      }
      const afterSearches = await preparedOnConnection(db);
      assert.deepEqual(afterSearches.filter((s) => /@@|like|similarity\(/i.test(s)), []);
    }),
});

Deno.test({
  name: "PostgreSQL prepares nothing when prepared statements are off",
  ignore: !hasPostgres,
  fn: () =>
    onOneConnection(async ({ db }) => {
      for (let run = 0; run < 4; run++) {
        await db.selectFrom("genres").select("label").where("slug", "=", "rock").executeTakeFirst();
      }
      assert.deepEqual(await preparedOnConnection(db), []);
    }, false),
});

/** A table, a prepared `select *` of it, and a column added to it by another session. */
async function columnAddedUnder(
  db: Awaited<ReturnType<typeof openDatabase>>["db"],
  scratch: ScratchDatabase,
) {
  await sql`create table stage_notes (id int primary key, note text)`.execute(db);
  await sql`insert into stage_notes values (1, 'soundcheck at six')`.execute(db);
  const note = () => sql<Record<string, unknown>>`select * from stage_notes where id = ${1}`;
  for (let run = 0; run < 3; run++) await note().execute(db);
  assert.equal((await preparedOnConnection(db)).length, 1);
  // As a deploy's `deno task db:migrate` would, while this instance serves.
  const migrator = await openDatabase({ driver: "pg", url: scratch.url, pgliteDir: "" });
  try {
    await sql`alter table stage_notes add column room text default 'green room'`.execute(migrator.db);
  } finally {
    await migrator.close();
  }
  return note;
}

Deno.test({
  name: "a column added under a prepared statement: it is answered again outside a transaction",
  ignore: !hasPostgres,
  fn: () =>
    onOneConnection(async ({ db }, scratch) => {
      const note = await columnAddedUnder(db, scratch);
      const { rows: [row] } = await note().execute(db);
      assert.deepEqual(row, { id: 1, note: "soundcheck at six", room: "green room" });
    }),
});

Deno.test({
  name: "a column added under a prepared statement: only the transaction running it then fails",
  ignore: !hasPostgres,
  fn: () =>
    onOneConnection(async ({ db }, scratch) => {
      const note = await columnAddedUnder(db, scratch);
      await assert.rejects(
        db.transaction().execute(async (trx) => await note().execute(trx)),
        /cached plan must not change result type/,
      );
      // The connection sends its statements unnamed from then on, in transactions too.
      await sql`alter table stage_notes add column floor int default 2`.execute(db);
      const row = await db.transaction().execute(async (trx) => (await note().execute(trx)).rows[0]);
      assert.deepEqual(row, { id: 1, note: "soundcheck at six", room: "green room", floor: 2 });
    }),
});
