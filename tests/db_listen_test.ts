/**
 * LISTEN/NOTIFY on every driver: a notification arrives only once its
 * transaction commits, a listening session the server drops comes back by
 * itself and says so, and closing leaves nothing running.
 */
import assert from "node:assert/strict";
import { sql } from "kysely";
import { LISTEN_APPLICATION_NAME } from "../db/listen.ts";
import { notifyChannel } from "../db/queries/notify.ts";
import { openDatabase } from "../db/client.ts";
import {
  hasPostgres,
  openTestDatabase,
  scratchPostgres,
  type TestDatabase,
  testOnEachDriver,
} from "./support/db.ts";
import { startNeonRelay } from "./support/neon_relay.ts";
import { waitFor } from "./support/wait.ts";

/** Long enough for a notification that was sent to have arrived. */
const SETTLE_MS = 100;
const settle = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

testOnEachDriver(
  "a notification arrives when its transaction commits, never when it rolls back",
  async (t) => {
    const got: string[] = [];
    const unlisten = await t.listen("test_events", (payload) => got.push(payload));
    await assert.rejects(
      t.db.transaction().execute(async (trx) => {
        await notifyChannel(trx, "test_events", "rolled back");
        throw new Error("changed its mind");
      }),
      /changed its mind/,
    );
    await t.db.transaction().execute(async (trx) => {
      await notifyChannel(trx, "test_events", "committed");
      await settle();
      assert.deepEqual(got, [], "delivered before the commit");
    });
    await waitFor(() => got.length > 0, { what: "the committed notification" });
    // Sessions get notifications in commit order: the rolled-back one would have come first.
    assert.deepEqual(got, ["committed"]);
    await unlisten();
  },
);

testOnEachDriver("listeners share the session; each gets only its channel and stops alone", async (t) => {
  const first: string[] = [];
  const second: string[] = [];
  const other: string[] = [];
  const stopFirst = await t.listen("test_events", (p) => first.push(p));
  const stopSecond = await t.listen("test_events", (p) => second.push(p));
  const stopOther = await t.listen("test_other", (p) => other.push(p));
  await notifyChannel(t.db, "test_events", "one");
  await notifyChannel(t.db, "test_other", "elsewhere");
  await waitFor(() => first.length === 1 && second.length === 1 && other.length === 1);
  await stopFirst();
  await notifyChannel(t.db, "test_events", "two");
  await notifyChannel(t.db, "test_other", "marker");
  // Notifications come in order: once the marker is in, "two" has been handed out.
  await waitFor(() => other.length === 2, { what: "the marker" });
  assert.deepEqual(first, ["one"]);
  assert.deepEqual(second, ["one", "two"]);
  await stopSecond();
  await stopOther();
});

testOnEachDriver("a channel must be a plain lower-case name", async (t) => {
  for (const bad of ["Messages", "messages; drop table users", "", "a-b", "x".repeat(64)]) {
    await assert.rejects(t.listen(bad, () => {}), /Not a channel name/);
  }
});

for (const driver of ["pg", "neon"] as const) {
  Deno.test({
    name: `a terminated listening session reconnects, says so, and hears again [${driver}]`,
    ignore: !hasPostgres,
    async fn() {
      const t: TestDatabase = await openTestDatabase({ driver });
      const drops = console.error;
      try {
        // The drop is logged to stderr; expected here.
        console.error = () => {};
        const got: string[] = [];
        let reconnects = 0;
        await t.listen("test_events", (p) => got.push(p), { onReconnect: () => reconnects++ });
        const listeners = () =>
          sql<{ pid: number }>`select pid from pg_stat_activity
            where application_name = ${LISTEN_APPLICATION_NAME} and datname = current_database()`
            .execute(t.db);
        const { rows: [session], rows: all } = await listeners();
        assert.equal(all.length, 1, "one session for the handle");
        await sql`select pg_terminate_backend(${session.pid})`.execute(t.db);
        await waitFor(() => reconnects === 1, { what: "the reconnect" });
        const { rows: after } = await listeners();
        assert.equal(after.length, 1);
        assert.notEqual(after[0].pid, session.pid);
        await notifyChannel(t.db, "test_events", "after");
        await waitFor(() => got.length === 1, { what: "a notification after the reconnect" });
        assert.deepEqual(got, ["after"]);
        assert.equal(reconnects, 1);
      } finally {
        console.error = drops;
        await t.close();
      }
    },
  });
}

Deno.test({
  name: "closing a handle with listeners left open lets the process exit, on every driver",
  async fn() {
    // Deno's sanitizers do not see the sockets of npm:pg, so the proof is a process that ends by itself.
    for (const driver of hasPostgres ? ["pglite", "pg", "neon"] : ["pglite"]) {
      const script = `import { openTestDatabase } from "./tests/support/db.ts";
        const t = await openTestDatabase({ driver: "${driver}" });
        await t.listen("test_events", () => {});
        await t.listen("test_other", () => {});
        await t.close();`;
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["eval", script],
        cwd: new URL("..", import.meta.url).pathname,
        signal: AbortSignal.timeout(30_000),
      }).output();
      assert.equal(out.code, 0, `${driver}: ${new TextDecoder().decode(out.stderr)}`);
    }
  },
});

Deno.test({
  name: "closing while the session is down and retrying stops the retries [neon]",
  ignore: !hasPostgres,
  sanitizeOps: true,
  async fn() {
    const scratch = await scratchPostgres();
    const url = new URL(scratch.url);
    const relay = await startNeonRelay({ hostname: url.hostname, port: Number(url.port || 5432) });
    const handle = await openDatabase(
      { driver: "neon", url: url.href, pgliteDir: "" },
      { neon: { wsProxy: relay.wsProxy, secure: false, pipelineConnect: false } },
    );
    const report = console.error;
    let drops = 0;
    console.error = () => drops++;
    try {
      await handle.listen("test_events", () => {});
      // With the relay gone the session drops and every attempt to reopen it fails.
      await relay.close();
      await waitFor(() => drops >= 2, { what: "the drop and a failed retry" });
    } finally {
      // A retry timer left behind fails the test (sanitizeOps).
      await handle.close();
      console.error = report;
      await relay.close();
      await scratch.drop();
    }
  },
});
