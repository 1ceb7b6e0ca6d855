import assert from "node:assert/strict";
import { type Kysely, sql } from "kysely";
import { recordAudit, withAuditContext } from "../db/audit.ts";
import type { Database } from "../db/schema.ts";
import { openTestDatabase, testOnEachDriver } from "./support/db.ts";
import { person } from "./support/fixtures.ts";

const HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$not-a-real-hash";

function logsFor(db: Kysely<Database>, entityId: string) {
  return db.selectFrom("audit_logs").selectAll().where("entity_id", "=", entityId).orderBy("at").execute();
}

testOnEachDriver("audit_logs refuses UPDATE and DELETE", async ({ db }) => {
  const id = await recordAudit(db, { action: "user.login", entityType: "users", entityId: "u1" });
  await assert.rejects(
    db.updateTable("audit_logs").set({ action: "user.logout" }).where("id", "=", id).execute(),
    /append-only: UPDATE/,
  );
  await assert.rejects(db.deleteFrom("audit_logs").where("id", "=", id).execute(), /append-only: DELETE/);
  const row = await db.selectFrom("audit_logs").select("action").where("id", "=", id)
    .executeTakeFirstOrThrow();
  assert.equal(row.action, "user.login");
});

testOnEachDriver("audit_logs refuses TRUNCATE", async ({ db }) => {
  await recordAudit(db, { action: "user.login", entityType: "users" });
  await assert.rejects(sql`truncate audit_logs`.execute(db), /append-only: TRUNCATE/);
  assert.equal((await db.selectFrom("audit_logs").select("id").execute()).length, 1);
});

testOnEachDriver(
  "the users audit trigger records actor, ip and user agent from withAuditContext",
  async ({ db }) => {
    const admin = await person(db, "admin");
    const userId = await db.transaction().execute(async (trx) => {
      await withAuditContext(trx, {
        actorId: admin.userId,
        ip: "203.0.113.7",
        userAgent: "Mozilla/5.0 (Test)",
      });
      const { id } = await trx.insertInto("users").values({ email: "new@example.in", password_hash: HASH })
        .returning("id").executeTakeFirstOrThrow();
      await trx.updateTable("users").set({ display_name: "New" }).where("id", "=", id).execute();
      await trx.deleteFrom("users").where("id", "=", id).execute();
      return id;
    });

    const logs = await logsFor(db, userId);
    assert.deepEqual(logs.map((l) => l.action), ["insert", "update", "delete"]);
    for (const log of logs) {
      assert.equal(log.entity_type, "users");
      assert.equal(log.actor_id, admin.userId);
      assert.equal(log.ip, "203.0.113.7");
      assert.equal(log.user_agent, "Mozilla/5.0 (Test)");
      assert.ok(log.at instanceof Date);
    }
    assert.equal((logs[0].diff!.new as Record<string, unknown>).email, "new@example.in");
    assert.deepEqual(logs[1].diff, { old: { display_name: null }, new: { display_name: "New" } });
    assert.equal((logs[2].diff!.old as Record<string, unknown>).display_name, "New");
  },
);

testOnEachDriver("audit diffs never contain password_hash", async ({ db }) => {
  // Stamped in the past, so the update's now() is a new updated_at however coarse the clock.
  const { id } = await db.insertInto("users")
    .values({ email: "secret@example.in", password_hash: HASH, updated_at: "2020-01-01T00:00:00Z" })
    .returning("id").executeTakeFirstOrThrow();
  await db.updateTable("users").set({ password_hash: `${HASH}-rotated` }).where("id", "=", id).execute();
  await db.deleteFrom("users").where("id", "=", id).execute();

  const logs = await logsFor(db, id);
  assert.deepEqual(logs.map((l) => l.action), ["insert", "update", "delete"]);
  const text = JSON.stringify(logs);
  assert.ok(!text.includes("password_hash"), text);
  assert.ok(!text.includes("argon2"), text);
  // A password change is still on record, as a change of updated_at only.
  assert.deepEqual(Object.keys(logs[1].diff!.new as object), ["updated_at"]);
});

testOnEachDriver(
  "audit context is transaction-local: the next statement is anonymous again",
  async ({ db }) => {
    const actor = await person(db);
    const insider = await db.transaction().execute(async (trx) => {
      await withAuditContext(trx, { actorId: actor.userId, ip: "2001:db8::1", userAgent: "curl/8" });
      return await person(trx);
    });
    const outsider = await person(db);

    const [outside] = await logsFor(db, outsider.userId);
    assert.deepEqual([outside.actor_id, outside.ip, outside.user_agent], [null, null, null]);
    const [inside] = await logsFor(db, insider.userId);
    assert.deepEqual([inside.actor_id, inside.ip, inside.user_agent], [
      actor.userId,
      "2001:db8::1",
      "curl/8",
    ]);
  },
);

testOnEachDriver("recordAudit stores an application event without its secrets", async ({ db }) => {
  const actorId = crypto.randomUUID();
  const id = await recordAudit(db, {
    actorId,
    action: "user.password_reset",
    entityType: "users",
    entityId: actorId,
    diff: { email: "x@example.in", password: "hunter2", tokens: [{ token: "t0k3n", kind: "reset" }] },
    ip: "198.51.100.4",
    userAgent: "x".repeat(2000),
  });
  const row = await db.selectFrom("audit_logs").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  assert.deepEqual(row.diff, { email: "x@example.in", tokens: [{ kind: "reset" }] });
  assert.equal(row.actor_id, actorId);
  assert.equal(row.ip, "198.51.100.4");
  assert.equal(row.user_agent?.length, 512);
});

Deno.test("withAuditContext refuses a non-transaction, a non-UUID actor and a malformed ip", async () => {
  const { db, close } = await openTestDatabase({ driver: "pglite" });
  try {
    // deno-lint-ignore no-explicit-any
    await assert.rejects(withAuditContext(db as any, {}), /needs a transaction/);
    await db.transaction().execute(async (trx) => {
      await assert.rejects(withAuditContext(trx, { actorId: "42" }), /not a UUID/);
      await assert.rejects(withAuditContext(trx, { ip: "999.1.1.1" }), /not an IP address/);
    });
  } finally {
    await close();
  }
});
