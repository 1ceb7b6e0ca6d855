/**
 * The live hub against real NOTIFYs: who gets an event, in what order, and
 * how it stays bounded (slow connections, a backlog, too many connections, a
 * dropped database session, shutting down). The connections are plain
 * objects recording what the hub did to them; the payloads name their
 * recipients, so the loader is a parse and the hub is all that is tested.
 */
import assert from "node:assert/strict";
import { sql } from "kysely";
import { CLOSE, type LiveClient } from "../api/live.ts";
import { LISTEN_APPLICATION_NAME } from "../db/listen.ts";
import { notifyChannel } from "../db/queries/notify.ts";
import { createMessageHub, type LiveLoader, type MessageHubOptions } from "../server/live/message_hub.ts";
import { hasPostgres, openTestDatabase, type TestDatabase, testOnEachDriver } from "./support/db.ts";
import { waitFor } from "./support/wait.ts";

const CHANNEL = "test_live";

class Connection implements LiveClient {
  readonly deviceId = crypto.randomUUID();
  received: unknown[] = [];
  closed: { code: number; reason: string } | null = null;
  waiting = 0;
  constructor(readonly userId: string) {}
  send(text: string) {
    if (this.closed) throw new Error("send on a closed connection");
    this.received.push(JSON.parse(text));
  }
  buffered() {
    return this.waiting;
  }
  close(code: number, reason: string) {
    this.closed ??= { code, reason };
  }
}

/** A payload that names its recipients and carries its event. */
const payload = (userIds: string[], event: unknown) => JSON.stringify({ userIds, event });
const parse: LiveLoader = (p) => Promise.resolve(JSON.parse(p));

function hubOn(t: TestDatabase, options: Partial<MessageHubOptions> = {}) {
  return createMessageHub({ listen: t.listen, load: parse, channel: CHANNEL, ...options });
}

const tell = (t: TestDatabase, userIds: string[], event: unknown) =>
  notifyChannel(t.db, CHANNEL, payload(userIds, event));

testOnEachDriver("an event reaches every open connection of the people it names, loaded once", async (t) => {
  let loads = 0;
  const hub = hubOn(t, { load: (p) => (loads++, parse(p)) });
  await hub.ready();
  const [asha, ravi, meera] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
  const phone = new Connection(asha);
  const laptop = new Connection(asha);
  const other = new Connection(ravi);
  const outsider = new Connection(meera);
  for (const c of [phone, laptop, other, outsider]) hub.add(c);
  assert.equal(hub.size, 4);

  await tell(t, [asha, ravi, asha], { n: 1 });
  await tell(t, [meera], { n: 2 });
  await waitFor(() => outsider.received.length === 1, { what: "the second event" });
  assert.deepEqual(phone.received, [{ n: 1 }]);
  assert.deepEqual(laptop.received, [{ n: 1 }]);
  assert.deepEqual(other.received, [{ n: 1 }]);
  assert.deepEqual(outsider.received, [{ n: 2 }]);
  assert.equal(loads, 2, "one load per payload, however many connections");
  await hub.stop();
});

testOnEachDriver("events go out in commit order even when loading finishes out of order", async (t) => {
  const hub = hubOn(t, {
    // The first payload takes longest to load.
    load: async (p) => {
      const found = JSON.parse(p);
      if (found.event.seq === 1) await new Promise((resolve) => setTimeout(resolve, 50));
      return found;
    },
  });
  await hub.ready();
  const reader = new Connection(crypto.randomUUID());
  hub.add(reader);
  for (const seq of [1, 2, 3]) await tell(t, [reader.userId], { seq });
  await waitFor(() => reader.received.length === 3);
  assert.deepEqual(reader.received, [{ seq: 1 }, { seq: 2 }, { seq: 3 }]);
  await hub.stop();
});

testOnEachDriver("a connection that falls behind is closed and the others keep receiving", async (t) => {
  const hub = hubOn(t, { maxBufferedBytes: 1000 });
  await hub.ready();
  const userId = crypto.randomUUID();
  const slow = new Connection(userId);
  const fast = new Connection(userId);
  hub.add(slow);
  hub.add(fast);
  slow.waiting = 1001;
  await tell(t, [userId], { n: 1 });
  await waitFor(() => slow.closed !== null, { what: "the slow connection to be closed" });
  assert.equal(slow.closed!.code, CLOSE.tryAgainLater);
  assert.equal(hub.size, 1);
  await tell(t, [userId], { n: 2 });
  await waitFor(() => fast.received.length === 2);
  assert.deepEqual(slow.received, [{ n: 1 }], "nothing after it was closed");
  await hub.stop();
});

testOnEachDriver("with nobody connected a payload is not even loaded", async (t) => {
  let loads = 0;
  const hub = hubOn(t, { load: (p) => (loads++, parse(p)) });
  await hub.ready();
  // Listeners share the session and hear each payload in turn: once this one has, so has the hub.
  const heard: string[] = [];
  const unlisten = await t.listen(CHANNEL, (p) => heard.push(p));
  await tell(t, [crypto.randomUUID()], { n: 1 });
  await waitFor(() => heard.length === 1);
  // Joins after the first payload: it gets the second only, and the first was never loaded.
  const late = new Connection(crypto.randomUUID());
  hub.add(late);
  await tell(t, [late.userId], { n: 2 });
  await waitFor(() => late.received.length === 1);
  assert.equal(loads, 1);
  await unlisten();
  await hub.stop();
});

testOnEachDriver("a backlog of loads past the bound closes everyone to catch up", async (t) => {
  const gate = Promise.withResolvers<void>();
  const hub = hubOn(t, { maxPending: 2, load: async (p) => (await gate.promise, parse(p)) });
  await hub.ready();
  const a = new Connection(crypto.randomUUID());
  const b = new Connection(crypto.randomUUID());
  hub.add(a);
  hub.add(b);
  for (const n of [1, 2, 3]) await tell(t, [a.userId, b.userId], { n });
  await waitFor(() => a.closed !== null && b.closed !== null, { what: "everyone to be closed" });
  assert.equal(a.closed!.code, CLOSE.tryAgainLater);
  assert.equal(hub.size, 0);
  gate.resolve();
  await hub.stop();
  assert.deepEqual(a.received, [], "what was loading went to nobody");
});

testOnEachDriver("a person's connections are capped: the one over the cap is refused", async (t) => {
  const hub = hubOn(t, { maxClientsPerUser: 2 });
  const userId = crypto.randomUUID();
  hub.add(new Connection(userId));
  const leave = hub.add(new Connection(userId));
  const over = new Connection(userId);
  hub.add(over);
  assert.equal(over.closed?.code, CLOSE.policy);
  assert.equal(hub.size, 2);
  // Leaving makes room again.
  leave();
  const next = new Connection(userId);
  hub.add(next);
  assert.equal(next.closed, null);
  assert.equal(hub.size, 2);
  await hub.stop();
});

testOnEachDriver("stopping closes every connection as going away and stops listening", async (t) => {
  let loads = 0;
  const hub = hubOn(t, { load: (p) => (loads++, parse(p)) });
  await hub.ready();
  const open = new Connection(crypto.randomUUID());
  hub.add(open);
  await hub.stop();
  assert.equal(open.closed?.code, CLOSE.goingAway);
  const late = new Connection(crypto.randomUUID());
  hub.add(late);
  assert.equal(late.closed?.code, CLOSE.goingAway);
  await assert.rejects(hub.ready(), /shutting down/);
  assert.equal(hub.size, 0);
  // A listener of our own hears it; the stopped hub does not even load it.
  const heard: string[] = [];
  const unlisten = await t.listen(CHANNEL, (p) => heard.push(p));
  await tell(t, [late.userId], { n: 1 });
  await waitFor(() => heard.length === 1);
  assert.equal(loads, 0);
  await unlisten();
});

for (const driver of ["pg", "neon"] as const) {
  Deno.test({
    name: `when the database session drops, everyone is told to reconnect and catch up [${driver}]`,
    ignore: !hasPostgres,
    async fn() {
      const t = await openTestDatabase({ driver });
      const report = console.error;
      try {
        console.error = () => {};
        const hub = hubOn(t);
        await hub.ready();
        const before = new Connection(crypto.randomUUID());
        hub.add(before);
        await sql`select pg_terminate_backend(pid) from pg_stat_activity
          where application_name = ${LISTEN_APPLICATION_NAME} and datname = current_database()`.execute(t.db);
        await waitFor(() => before.closed !== null, { what: "the connection to be closed" });
        assert.equal(before.closed!.code, CLOSE.restart);
        // Listening again: a new connection hears what commits now.
        const after = new Connection(crypto.randomUUID());
        hub.add(after);
        await tell(t, [after.userId], { n: 1 });
        await waitFor(() => after.received.length === 1);
        await hub.stop();
      } finally {
        console.error = report;
        await t.close();
      }
    },
  });
}
