/**
 * The live routes through the whole middleware chain, on a real socket: who
 * may connect (signed in, same origin, a WebSocket upgrade), that events
 * arrive as they commit over both transports uncompressed and unbuffered,
 * that a client's acknowledgements reach the service, that a client that
 * stops reading is cut off, and that stopping ends every connection so the
 * server can shut down.
 */
import assert from "node:assert/strict";
import { CLOSE } from "../api/live.ts";
import { RETRY_MS } from "../api/routes/messages_live.ts";
import { notifyChannel } from "../db/queries/notify.ts";
import { createMessageHub } from "../server/live/message_hub.ts";
import { cookieNames } from "../services/auth/session_cookies.ts";
import { openTestApp, type TestApp } from "./support/app.ts";
import { signUp } from "./support/accounts.ts";
import { openLiveSocket, readEventStream } from "./support/live_clients.ts";
import { waitFor } from "./support/wait.ts";

const CHANNEL = "test_live";

interface Served {
  app: TestApp;
  /** The app with the hub, for in-process requests. */
  request(path: string, headers: Record<string, string>): Promise<Response>;
  origin: string;
  hub: ReturnType<typeof createMessageHub>;
  delivered: [userId: string, conversationId: string, seq: number][];
  /** The request log's lines (on, as in production: it must not trip over an upgraded request). */
  logged: Record<string, unknown>[];
  close(): Promise<void>;
}

/**
 * The test app on a loopback socket with a hub whose payloads name their
 * recipients and event (`pad` makes the event that many bytes longer).
 */
async function serve(): Promise<Served> {
  const app = await openTestApp({ LOG_REQUESTS: "true" });
  const logged: Record<string, unknown>[] = [];
  const log = console.log;
  console.log = (line: string) => logged.push(JSON.parse(line));
  const hub = createMessageHub({
    listen: app.database.listen,
    channel: CHANNEL,
    load: (payload) => {
      const { userIds, event, pad } = JSON.parse(payload);
      return Promise.resolve({ userIds, event: pad ? { ...event, pad: "x".repeat(pad) } : event });
    },
  });
  const delivered: Served["delivered"] = [];
  // In place of the app's own: the routes are under test here, not the message services.
  app.services.live = {
    hub,
    delivered: (actor, conversationId, seq) => {
      delivered.push([actor.userId, conversationId, seq]);
      return Promise.resolve();
    },
  };
  const withHub = app.rebuild(app.config);
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, withHub.fetch);
  return {
    app,
    request: async (path, headers) => await withHub.request(`http://localhost${path}`, { headers }),
    origin: `http://127.0.0.1:${server.addr.port}`,
    hub,
    delivered,
    logged,
    async close() {
      await hub.stop();
      await server.shutdown();
      await app.close();
      console.log = log;
    },
  };
}

const tell = (s: Served, userIds: string[], event: unknown, pad = 0) =>
  notifyChannel(s.app.database.db, CHANNEL, JSON.stringify({ userIds, event, pad }));

const socket = (s: Served, headers: Record<string, string>) => openLiveSocket(s.origin, headers);

Deno.test("live connections: who may connect, and what is refused before any upgrade", async (t) => {
  const s = await serve();
  try {
    const user = await signUp(s.app, "artist");
    const device = crypto.randomUUID();
    const get = (path: string, headers: Record<string, string>) =>
      s.request(`/api/v1/messages/${path}`, headers);
    const upgrade = { Upgrade: "websocket", Connection: "Upgrade" };
    const cases: [string, string, Record<string, string>, number][] = [
      ["anonymous WebSocket", `live?device=${device}`, upgrade, 401],
      ["anonymous event stream", `events?device=${device}`, {}, 401],
      ["no upgrade", `live?device=${device}`, user.headers, 426],
      ["no device", "live", { ...user.headers, ...upgrade }, 422],
      ["not a device id", "events?device=phone", user.headers, 422],
      // A page elsewhere opening a socket with the visitor's cookies.
      ["foreign origin", `live?device=${device}`, {
        ...user.headers,
        ...upgrade,
        Origin: "https://evil.example",
      }, 403],
    ];
    for (const [name, path, headers, status] of cases) {
      await t.step(name, async () => {
        const res = await get(path, headers);
        assert.equal(res.status, status);
        assert.equal(res.headers.get("content-type"), "application/json");
        assert.equal((await res.json()).success, false);
      });
    }
    assert.equal(s.hub.size, 0);
  } finally {
    await s.close();
  }
});

Deno.test("a WebSocket hears what commits for its user, and its acknowledgements reach the service", async () => {
  const s = await serve();
  try {
    const asha = await signUp(s.app, "artist");
    const ravi = await signUp(s.app, "organizer");
    // A mobile client sends the bearer token; a browser its cookie, from this origin.
    const phone = socket(s, { Authorization: `Bearer ${asha.accessToken}` });
    const browser = socket(s, {
      Cookie: `${cookieNames(false).access}=${ravi.accessToken}`,
      Origin: s.origin,
    });
    await Promise.all([phone.opened, browser.opened]);
    await waitFor(() => s.hub.size === 2, { what: "both sockets to join the hub" });
    const upgrades = s.logged.filter((line) => line.path === "/api/v1/messages/live");
    assert.deepEqual(upgrades.map((line) => [line.method, line.status]), [["GET", 101], ["GET", 101]]);

    await tell(s, [asha.id], { type: "message", n: 1 });
    await tell(s, [asha.id, ravi.id], { type: "message", n: 2 });
    await waitFor(() => browser.received.length === 1 && phone.received.length === 2);
    assert.deepEqual(phone.received, [{ type: "message", n: 1 }, { type: "message", n: 2 }]);
    assert.deepEqual(browser.received, [{ type: "message", n: 2 }]);

    const conversation = crypto.randomUUID();
    for (
      const message of [
        "not json",
        JSON.stringify({ type: "delivered", conversationId: "nope", seq: 1 }),
        JSON.stringify({ type: "typing", conversationId: conversation }),
        JSON.stringify({ type: "delivered", conversationId: conversation, seq: 2 }),
      ]
    ) phone.ws.send(message);
    await waitFor(() => s.delivered.length === 1, { what: "the acknowledgement" });
    assert.deepEqual(s.delivered, [[asha.id, conversation, 2]]);

    phone.ws.close();
    await phone.closed;
    await waitFor(() => s.hub.size === 1, { what: "the closed socket to leave the hub" });
  } finally {
    await s.close();
  }
});

Deno.test("the event stream sends events as they commit, uncompressed, and leaves when the client does", async () => {
  const s = await serve();
  try {
    const asha = await signUp(s.app, "artist");
    const aborted = new AbortController();
    const res = await fetch(`${s.origin}/api/v1/messages/events?device=${crypto.randomUUID()}`, {
      headers: { Authorization: `Bearer ${asha.accessToken}`, "Accept-Encoding": "br, gzip" },
      signal: aborted.signal,
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/event-stream");
    assert.equal(res.headers.get("content-encoding"), null);
    assert.equal(res.headers.get("cache-control"), "no-store, no-transform");
    const stream = readEventStream(res.body!);
    await waitFor(() => s.hub.size === 1 && stream.text() !== "", { what: "the stream to join the hub" });
    assert.equal(stream.text(), `retry: ${RETRY_MS}\n\n`);
    // Big enough that compression would have taken it.
    await tell(s, [asha.id], { type: "message", n: 1 }, 4000);
    await waitFor(() => stream.text().includes('"n":1'), { what: "the event" });
    assert.deepEqual(stream.events(), [{ type: "message", n: 1, pad: "x".repeat(4000) }]);

    aborted.abort();
    await stream.done.catch(() => {});
    await waitFor(() => s.hub.size === 0, { what: "the stream to leave the hub" });
  } finally {
    await s.close();
  }
});

/** A connection that sends `request` and then never reads, like a client on a stalled network. */
async function stalled(s: Served, request: string): Promise<Deno.TcpConn> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: Number(new URL(s.origin).port) });
  await conn.write(new TextEncoder().encode(request));
  return conn;
}

Deno.test("a connection that stops reading is cut off instead of queueing without end", async (t) => {
  const s = await serve();
  try {
    const asha = await signUp(s.app, "artist");
    const host = new URL(s.origin).host;
    const auth = `Authorization: Bearer ${asha.accessToken}\r\nHost: ${host}\r\n`;
    const requests = {
      WebSocket: `GET /api/v1/messages/live?device=${crypto.randomUUID()} HTTP/1.1\r\n${auth}` +
        "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n" +
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
      "event stream": `GET /api/v1/messages/events?device=${crypto.randomUUID()} HTTP/1.1\r\n${auth}\r\n`,
    };
    for (const [name, request] of Object.entries(requests)) {
      await t.step(name, async () => {
        // The same person on a network that works, for comparison.
        const reading = socket(s, { Authorization: `Bearer ${asha.accessToken}` });
        await reading.opened;
        const conn = await stalled(s, request);
        try {
          await waitFor(() => s.hub.size === 2, { what: "both connections to join the hub" });
          // 100 KB events, paced so a reader keeps up, until the stalled one's socket and kernel
          // buffers are full and the server would hold over 1 MiB for it.
          let sent = 0;
          while (s.hub.size === 2 && sent < 400) {
            await tell(s, [asha.id], { n: sent++ }, 100_000);
            await new Promise((resolve) => setTimeout(resolve, 5));
          }
          await waitFor(() => s.hub.size === 1, { what: "the stalled connection to be dropped" });
          await waitFor(() => reading.received.length === sent, { what: "the reader to get every event" });
        } finally {
          conn.close();
          reading.ws.close();
          await reading.closed;
        }
      });
    }
  } finally {
    await s.close();
  }
});

Deno.test("stopping the hub ends every socket and stream, so the server shuts down at once", async () => {
  const s = await serve();
  try {
    const asha = await signUp(s.app, "artist");
    const ws = socket(s, { Authorization: `Bearer ${asha.accessToken}` });
    await ws.opened;
    const res = await fetch(`${s.origin}/api/v1/messages/events?device=${crypto.randomUUID()}`, {
      headers: { Authorization: `Bearer ${asha.accessToken}` },
    });
    const stream = readEventStream(res.body!);
    await waitFor(() => s.hub.size === 2, { what: "both to join the hub" });
    const started = performance.now();
    await s.hub.stop();
    assert.equal((await ws.closed).code, CLOSE.goingAway);
    await stream.done;
    assert.ok(performance.now() - started < 2000, "ended promptly");
  } finally {
    await s.close();
  }
});
