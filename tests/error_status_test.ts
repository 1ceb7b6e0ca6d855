/**
 * Pages and the API map what is thrown to the same status: errors the
 * database raises for bad input, produced here by the real engine, are 4xx
 * on a page as on the API.
 */
import assert from "node:assert/strict";
import { sql } from "kysely";
import { statusOfError } from "../api/errors.ts";
import { NotFound } from "../domain/errors.ts";
import { testOnEachDriver } from "./support/db.ts";

const raised = (query: Promise<unknown>) =>
  query.then(() => assert.fail("the query succeeded"), (err) => err);

testOnEachDriver("database refusals of bad input map to 4xx, anything else to 500", async ({ db }) => {
  await sql`create table fk_parent (id int primary key)`.execute(db);
  await sql`create table fk_child (parent int references fk_parent (id))`.execute(db);
  await sql`insert into fk_parent values (1)`.execute(db);
  await sql`insert into fk_child values (1)`.execute(db);
  // ON DELETE RESTRICT is refused as 23001 from PostgreSQL 18 (PGlite), as 23503 before.
  await sql`create table fk_pinned (parent int references fk_parent (id) on delete restrict)`.execute(db);
  await sql`insert into fk_pinned values (1)`.execute(db);
  const cases: [string, unknown, number][] = [
    ["text that is not a number", await raised(sql`select ${"seven"}::int`.execute(db)), 422],
    ["a NUL byte in text", await raised(sql`select ${"a\u0000b"}::text`.execute(db)), 422],
    ["a row that others still point at", await raised(sql`delete from fk_parent`.execute(db)), 409],
    [
      "a row a restricting key points at",
      await raised(sql`delete from fk_child`.execute(db).then(() => sql`delete from fk_parent`.execute(db))),
      409,
    ],
    ["a reference to nothing", await raised(sql`insert into fk_child values (2)`.execute(db)), 422],
    ["an app error", new NotFound("Act not found"), 404],
    ["a bug", new TypeError("x is undefined"), 500],
  ];
  for (const [what, err, status] of cases) assert.equal(statusOfError(err), status, what);
});
