/**
 * /messages/live (WebSocket) and /messages/events (Server-Sent Events): new
 * messages and receipts as they commit, on any instance, for the signed-in
 * person's conversations. Neither replays anything: on every (re)connect a
 * client first catches up with `GET /messages/{id}?after=<last seq>`, so a
 * connection that drops, or that the server closes, loses nothing.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { streamSSE } from "hono/streaming";
import { type Actor, requireActor } from "../../domain/access.ts";
import { AppError, ServiceUnavailable } from "../../domain/errors.ts";
import { logError } from "../../lib/log.ts";
import { idField } from "../../services/validation.ts";
import { ErrorEnvelopeSchema, errorResponses } from "../envelope.ts";
import { validationHook } from "../errors.ts";
import { CLOSE, type LiveClient, type LiveDeps } from "../live.ts";
import { actorOf, security } from "../route_kit.ts";

const tags = ["Messages"];

const LiveQuery = z.object({
  device: idField("Not a device id").openapi({
    description: "The id of this browser's device keys (from your device list)",
    example: "8b0c6f0e-5d4a-4c1e-9d7e-2f1a0b3c4d5e",
  }),
});

/** What a client may send over the WebSocket: how far this device has the conversation. */
const Delivered = z.object({
  type: z.literal("delivered"),
  conversationId: idField("Not a conversation id"),
  seq: z.number().int().min(1).max(2 ** 31 - 1),
});

const encoder = new TextEncoder();

/**
 * How long a connection lives before it must reconnect: an access token's
 * lifetime, so a session that ended meanwhile stops receiving.
 */
export const LIVE_MAX_AGE_MS = 15 * 60_000;
const LIVE_MAX_AGE_MINUTES = LIVE_MAX_AGE_MS / 60_000;
/** The event stream's comment line, often enough that proxies never see it idle for a minute. */
export const HEARTBEAT_MS = 25_000;
/** What the event stream tells EventSource to wait before reconnecting. */
export const RETRY_MS = 3_000;
/** A WebSocket that does not answer the server's pings for this long is closed (Deno pings it). */
const IDLE_TIMEOUT_SECONDS = 60;
/** A client's message is a small JSON object; anything longer is not one. */
const MAX_CLIENT_MESSAGE = 512;
/** Conversations whose acknowledgements may wait at once; more are dropped (the next fetch marks them). */
const MAX_PENDING_ACKS = 64;

const EVENTS = 'Events are JSON: `{ type: "message", conversationId, message }` (the message as ' +
  '`GET /messages/{id}` shows it), `{ type: "receipt", conversationId, userId, deliveredSeq, readSeq }`. ' +
  "Nothing is replayed: after connecting, catch up with `GET /messages/{id}?after=<last seq>`. The " +
  `server closes a connection that falls behind (${CLOSE.tryAgainLater}), when it may have missed changes ` +
  `(${CLOSE.restart}), when shutting down (${CLOSE.goingAway}), and after ${LIVE_MAX_AGE_MINUTES} ` +
  `minutes (${CLOSE.renew}, so the session is checked again): reconnect, then catch up.`;

const routes = {
  live: createRoute({
    method: "get",
    path: "/messages/live",
    operationId: "openMessagesSocket",
    tags,
    summary: "Live messages and receipts over a WebSocket",
    description: `A WebSocket upgrade (\`Upgrade: websocket\`); browsers send the session cookie, other ` +
      `clients the bearer token. ${EVENTS} The client may send \`{ type: "delivered", conversationId, seq }\` ` +
      "when this device has shown messages up to `seq` (the sender's delivered tick).",
    security,
    request: { query: LiveQuery },
    responses: {
      101: { description: "Switching to the WebSocket protocol" },
      ...errorResponses(401, 422, 429, 503),
      426: {
        description: "Not a WebSocket upgrade request",
        content: { "application/json": { schema: ErrorEnvelopeSchema } },
      },
    },
  }),
  events: createRoute({
    method: "get",
    path: "/messages/events",
    operationId: "streamMessageEvents",
    tags,
    summary: "Live messages and receipts as Server-Sent Events (where WebSockets cannot go)",
    description:
      `Each event is one \`data:\` line. ${EVENTS} A comment line every ${HEARTBEAT_MS / 1000} s ` +
      "keeps proxies from closing it; `retry:` says how soon to reconnect.",
    security,
    request: { query: LiveQuery },
    responses: {
      200: {
        description: "The event stream (it stays open)",
        content: { "text/event-stream": { schema: z.string() } },
      },
      ...errorResponses(401, 422, 429, 503),
    },
  }),
};

export function messageLiveRoutes({ live }: { live?: LiveDeps }) {
  const hubOf = (c: Context) => {
    const actor = requireActor(actorOf(c));
    if (!live) throw new ServiceUnavailable("Live messages are not available on this server");
    return { actor, live };
  };
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(routes.live, async (c) => {
      const { actor, live } = hubOf(c);
      const { device } = c.req.valid("query");
      if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
        throw new HTTPException(426, { message: "Connect with a WebSocket" });
      }
      await live.hub.ready();
      return openSocket(c.req.raw, actor, device, live);
    })
    .openapi(routes.events, async (c) => {
      const { actor, live } = hubOf(c);
      const { device } = c.req.valid("query");
      await live.hub.ready();
      const res = streamSSE(c, async (stream) => {
        const ended = Promise.withResolvers<void>();
        let buffered = 0;
        const write = (text: string) => {
          const bytes = encoder.encode(text);
          buffered += bytes.length;
          // Resolves once the response has taken the bytes (Hono swallows a write to a closed stream).
          stream.write(bytes).then(() => buffered -= bytes.length);
        };
        const client: LiveClient = {
          userId: actor.userId,
          deviceId: device,
          send: (text) => write(`data: ${text}\n\n`),
          buffered: () => buffered,
          close: () => ended.resolve(),
        };
        // Either may tell first that the client went: the response body being cancelled, or the request's
        // signal (Deno aborts it when the connection closes, even while nothing is being written).
        stream.onAbort(() => ended.resolve());
        c.req.raw.signal.addEventListener("abort", () => ended.resolve(), { once: true });
        write(`retry: ${RETRY_MS}\n\n`);
        const remove = live.hub.add(client);
        const heartbeat = setInterval(() => write(": keep-alive\n\n"), HEARTBEAT_MS);
        const renew = setTimeout(() => ended.resolve(), LIVE_MAX_AGE_MS);
        await ended.promise;
        clearInterval(heartbeat);
        clearTimeout(renew);
        remove();
      });
      // Set over streamSSE's own: neither compressed nor held by a proxy, so each event leaves as written.
      res.headers.set("Cache-Control", "no-store, no-transform");
      res.headers.set("X-Accel-Buffering", "no");
      return res;
    });
}

/** Upgrades the request and joins the socket to the hub once it is open. */
function openSocket(request: Request, actor: Actor, deviceId: string, live: LiveDeps): Response {
  const { socket, response } = Deno.upgradeWebSocket(request, { idleTimeout: IDLE_TIMEOUT_SECONDS });
  const client: LiveClient = {
    userId: actor.userId,
    deviceId,
    send: (text) => socket.send(text),
    buffered: () => socket.bufferedAmount,
    close: (code, reason) => socket.close(code, reason),
  };
  const acks = acknowledger(actor, live);
  let remove = () => {};
  let renew: ReturnType<typeof setTimeout> | undefined;
  socket.onopen = () => {
    remove = live.hub.add(client);
    renew = setTimeout(() => client.close(CLOSE.renew, "Reconnect to renew the session"), LIVE_MAX_AGE_MS);
  };
  socket.onmessage = (e) => {
    if (typeof e.data !== "string" || e.data.length > MAX_CLIENT_MESSAGE) return;
    let message: unknown;
    try {
      message = JSON.parse(e.data);
    } catch {
      return;
    }
    // Anything else is ignored, so a newer client can talk to an older server.
    const delivered = Delivered.safeParse(message);
    if (delivered.success) acks.add(delivered.data.conversationId, delivered.data.seq);
  };
  socket.onclose = () => {
    clearTimeout(renew);
    remove();
  };
  return response;
}

/**
 * A connection's acknowledgements, written one at a time: while one is being
 * written, later ones for the same conversation merge into the highest, so a
 * client that sends many costs at most one write per conversation.
 */
function acknowledger(actor: Actor, live: LiveDeps) {
  const waiting = new Map<string, number>();
  let writing = false;
  const drain = async () => {
    writing = true;
    while (waiting.size > 0) {
      const [conversationId, seq] = waiting.entries().next().value!;
      waiting.delete(conversationId);
      await live.delivered(actor, conversationId, seq).catch((err) => {
        // A refusal (not a participant, no such conversation) changes nothing and the client is not told.
        if (!(err instanceof AppError)) logError(err, { msg: "live acknowledgement failed" });
      });
    }
    writing = false;
  };
  return {
    add(conversationId: string, seq: number) {
      const known = waiting.get(conversationId);
      if (known === undefined && waiting.size >= MAX_PENDING_ACKS) return;
      waiting.set(conversationId, Math.max(seq, known ?? 0));
      if (!writing) drain();
    },
  };
}
