/**
 * Live delivery end to end, with real sealed messages sent through the REST
 * API and received over sockets: across two app instances on one PostgreSQL
 * (each its own pool, LISTEN session and hub), within a second; a client
 * that was away catches up from its cursor and then hears what follows; the
 * event stream does the same on one instance (PGlite without
 * TEST_DATABASE_URL); and acknowledgements come back as receipts.
 */
import assert from "node:assert/strict";
import { openDatabase } from "../db/client.ts";
import type { MessageView } from "../services/messages/views.ts";
import { openTestApp, type TestApp } from "./support/app.ts";
import { signUp } from "./support/accounts.ts";
import { hasPostgres, scratchPostgres } from "./support/db.ts";
import { band, booking } from "./support/fixtures.ts";
import { openLiveSocket, readEventStream } from "./support/live_clients.ts";
import {
  type Api,
  type ApiKeyedUser,
  apiOn,
  publishOverApi,
  readWith,
  sendOverApi,
} from "./support/messages.ts";
import { waitFor } from "./support/wait.ts";

interface Instance {
  app: TestApp;
  origin: string;
  close(): Promise<void>;
}

/** An app on a loopback socket, as main.ts serves it (its hub stopped before the server, as on SIGTERM). */
function serve(app: TestApp): Instance {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, app.app.fetch);
  return {
    app,
    origin: `http://127.0.0.1:${server.addr.port}`,
    async close() {
      const drained = server.shutdown();
      await app.services.live.hub.stop();
      await drained;
      await app.close();
    },
  };
}

interface Person {
  id: string;
  token: string;
  keys: ApiKeyedUser;
  /** The API on each instance, as this person. */
  on: (instance: Instance) => Api;
}

/** An organizer and a band's manager with a confirmed booking, keys, and its conversation. */
async function bookingPair(first: Instance) {
  const signed = [await signUp(first.app, "organizer"), await signUp(first.app, "band_manager")];
  const [organizer, manager] = await Promise.all(signed.map(async (who): Promise<Person> => {
    const on = (instance: Instance) => apiOn(instance.origin, who.accessToken);
    return { id: who.id, token: who.accessToken, keys: await publishOverApi(on(first), who.id), on };
  }));
  const db = first.app.database.db;
  const { id: actId } = await band(db, manager.id);
  const { id: bookingId } = await booking(db, actId, organizer.id, { status: "confirmed" });
  const opened = await organizer.on(first)("POST", "/messages/conversations", { bookingId });
  assert.equal(opened.status, 201);
  return { organizer, manager, conversationId: opened.data.conversation.id as string };
}

const messagesIn = (received: unknown[]) =>
  (received as { type: string; message: MessageView }[]).filter((e) => e.type === "message").map((e) =>
    e.message
  );

Deno.test({
  name: "a message sent through one instance reaches a socket on another within a second, and a " +
    "socket that was away catches up from its cursor",
  ignore: !hasPostgres,
  async fn() {
    const scratch = await scratchPostgres();
    // Instances of one deployment share their secrets: a token signed by one is good on the other.
    const secrets = { APP_SECRET: crypto.randomUUID().repeat(2), JWT_SECRET: crypto.randomUUID().repeat(2) };
    const open = async () =>
      serve(
        await openTestApp(secrets, {
          database: await openDatabase({ driver: "pg", url: scratch.url, pgliteDir: "" }),
        }),
      );
    const a = await open();
    const b = await open();
    try {
      const { organizer, manager, conversationId } = await bookingPair(a);
      const bearer = (p: Person) => ({ Authorization: `Bearer ${p.token}` });
      const onB = openLiveSocket(b.origin, bearer(manager), manager.keys.devices[0].id);
      const onA = openLiveSocket(a.origin, bearer(organizer), organizer.keys.devices[0].id);
      await Promise.all([onB.opened, onA.opened]);
      await waitFor(() => b.app.services.live.hub.size === 1 && a.app.services.live.hub.size === 1);

      const started = performance.now();
      const sent = sendOverApi(organizer.on(a), organizer.keys, conversationId, "Load-in at 4?");
      await waitFor(() => messagesIn(onB.received).length === 1, { what: "the message on instance B" });
      const latency = performance.now() - started;
      assert.ok(latency < 1000, `${latency.toFixed(0)} ms from sending on A to receipt on B`);
      const [live] = messagesIn(onB.received);
      // The event carries the message exactly as the REST API shows it, and it opens with the device's key.
      assert.deepEqual(live, await sent);
      assert.deepEqual(onB.received[0], { type: "message", conversationId, message: live });
      assert.equal(readWith(manager.keys.devices[0], live).content.text, "Load-in at 4?");

      // The manager's device acknowledges it on B; the organizer's socket on A sees the tick.
      onB.ws.send(JSON.stringify({ type: "delivered", conversationId, seq: live.seq }));
      await waitFor(() =>
        onA.received.some((e) => {
          const r = e as { type: string; userId: string; deliveredSeq: number };
          return r.type === "receipt" && r.userId === manager.id && r.deliveredSeq === live.seq;
        }), { what: "the delivered receipt on A" });

      // Away: two messages are sent meanwhile. Back: catch up from the cursor, then hear what follows.
      onB.ws.close();
      await onB.closed;
      await waitFor(() => b.app.services.live.hub.size === 0);
      for (const text of ["Two DI boxes", "Parking at the back"]) {
        await sendOverApi(organizer.on(a), organizer.keys, conversationId, text);
      }
      const back = openLiveSocket(b.origin, bearer(manager), manager.keys.devices[0].id);
      await back.opened;
      const missed = await manager.on(b)("GET", `/messages/${conversationId}?after=${live.seq}`);
      assert.deepEqual(
        missed.data.messages.map((m: MessageView) => readWith(manager.keys.devices[0], m).content.text),
        ["Two DI boxes", "Parking at the back"],
      );
      await waitFor(() => b.app.services.live.hub.size === 1);
      const next = await sendOverApi(organizer.on(a), organizer.keys, conversationId, "See you at 4");
      // The notice of a message sent while away may reach B after the new socket opened: the client keeps
      // messages by seq and skips what its catch-up already fetched (islands/messages/session.ts), so only
      // what follows the cursor counts here.
      const caughtUp = live.seq + missed.data.messages.length;
      const heard = () => messagesIn(back.received).filter((m) => m.seq > caughtUp);
      await waitFor(() => heard().length === 1, { what: "the next message" });
      assert.equal(heard()[0].seq, next.seq);
      assert.equal(next.seq, live.seq + 3, "nothing skipped, nothing twice");
      back.ws.close();
      onA.ws.close();
      await Promise.all([back.closed, onA.closed]);
    } finally {
      await a.close();
      await b.close();
      await scratch.drop();
    }
  },
});

Deno.test("the event stream delivers sealed messages on one instance, and catches up after a break", async () => {
  const one = serve(await openTestApp());
  try {
    const { organizer, manager, conversationId } = await bookingPair(one);
    const listen = async () => {
      const before = one.app.services.live.hub.size;
      const aborted = new AbortController();
      // A client of its own, closed on stop: a pooled connection may outlive the aborted response, and the
      // server cannot learn of a departure whose socket stays open (a browser closes it).
      const client = Deno.createHttpClient({});
      const res = await fetch(
        `${one.origin}/api/v1/messages/events?device=${manager.keys.devices[0].id}`,
        { headers: { Authorization: `Bearer ${manager.token}` }, signal: aborted.signal, client },
      );
      assert.equal(res.status, 200);
      const stream = readEventStream(res.body!);
      await waitFor(() => one.app.services.live.hub.size > before, { what: "the stream to join" });
      return {
        stream,
        stop: () => {
          aborted.abort();
          client.close();
        },
      };
    };
    const messages = (s: ReturnType<typeof readEventStream>) => messagesIn(s.events());

    const first = await listen();
    const sent = await sendOverApi(organizer.on(one), organizer.keys, conversationId, "Soundcheck at 5");
    await waitFor(() => messages(first.stream).length === 1, { what: "the message on the stream" });
    assert.deepEqual(messages(first.stream)[0], sent);

    // Whether the server has dropped this stream yet is not waited for: it learns of a closed stream only
    // sometimes at once (see issue 18's note); what matters here is that the next connection misses nothing.
    first.stop();
    await sendOverApi(organizer.on(one), organizer.keys, conversationId, "Running 10 minutes late");
    const second = await listen();
    const missed = await manager.on(one)("GET", `/messages/${conversationId}?after=${sent.seq}`);
    assert.deepEqual(
      missed.data.messages.map((m: MessageView) => readWith(manager.keys.devices[0], m).content.text),
      ["Running 10 minutes late"],
    );
    const later = await sendOverApi(organizer.on(one), organizer.keys, conversationId, "Here now");
    await waitFor(() => messages(second.stream).length === 1, { what: "the next message" });
    assert.equal(messages(second.stream)[0].seq, later.seq);
    second.stop();
  } finally {
    await one.close();
  }
});
