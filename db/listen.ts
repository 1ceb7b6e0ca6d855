/**
 * PostgreSQL's LISTEN, behind one function whatever the driver. LISTEN belongs
 * to a session, so it cannot go through a pool: `pg` and Neon get one
 * dedicated client per database handle, shared by every channel, and PGlite
 * (one session, one process) listens on itself.
 *
 * A dropped session is reopened with a capped backoff and LISTENs again.
 * Notifications sent while it was down are lost (PostgreSQL queues them only
 * for sessions that are listening), so each listener's `onReconnect` is
 * called once it is back: that is where a caller catches up from its cursors.
 */
import type { PGliteInterface } from "@electric-sql/pglite";
import type { Kysely } from "kysely";
import { logError } from "../lib/log.ts";

export interface ListenOptions {
  /** Called after the session was lost and is listening again. */
  onReconnect?: () => void;
}

/** Stops this one listener; the last one on a handle closes its session. */
export type Unlisten = () => Promise<void>;

/**
 * Calls `onPayload` with the payload of every notification on `channel` from
 * a transaction that committed after the returned promise resolved.
 */
export type Listen = (
  channel: string,
  onPayload: (payload: string) => void,
  options?: ListenOptions,
) => Promise<Unlisten>;

export interface Listener {
  listen: Listen;
  /** Ends every listener and the session; later calls to `listen` throw. */
  close(): Promise<void>;
}

/**
 * Plain lower-case identifiers only: they mean the same thing quoted (pg,
 * Neon) and unquoted (PGlite folds case), and in `pg_notify`'s string.
 */
const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

function checkChannel(channel: string): void {
  if (!CHANNEL.test(channel)) throw new Error(`Not a channel name: ${JSON.stringify(channel)}`);
}

/** What we use of pg's Client; Neon's Client is pg's over a WebSocket, so it fits too. */
export interface SessionClient {
  connect(): Promise<unknown>;
  query(text: string): Promise<unknown>;
  end(): Promise<void>;
  on(event: "notification", listener: (msg: { channel: string; payload?: string }) => void): unknown;
  on(event: "error", listener: (err: Error) => void): unknown;
  on(event: "end", listener: () => void): unknown;
}

/** The name the listening session shows in pg_stat_activity. */
export const LISTEN_APPLICATION_NAME = "artistspace-listen";

export interface SessionListenerOptions {
  /** First delay before reconnecting; it doubles per failed attempt up to `maxDelayMs`. */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** Told when the session drops; logs to stderr by default. */
  onDrop?: (err: Error | null) => void;
}

interface Subscriber {
  channel: string;
  onPayload: (payload: string) => void;
  onReconnect?: () => void;
}

/**
 * One session for every channel of a `pg` or Neon handle. Its state changes
 * (connect, LISTEN, UNLISTEN, reconnect, close) run one at a time, in order.
 */
export function sessionListener(
  newClient: () => SessionClient,
  { minDelayMs = 250, maxDelayMs = 10_000, onDrop = reportDrop }: SessionListenerOptions = {},
): Listener {
  const subscribers = new Set<Subscriber>();
  let client: SessionClient | null = null;
  /** The channels `client` LISTENs on. */
  let listening = new Set<string>();
  let retry: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let closed = false;
  let queue: Promise<unknown> = Promise.resolve();

  const serially = <T>(step: () => Promise<T>): Promise<T> => {
    const run = queue.then(step);
    queue = run.catch(() => {});
    return run;
  };
  const wanted = () => new Set([...subscribers].map((s) => s.channel));

  async function open(): Promise<void> {
    const c = newClient();
    c.on("notification", ({ channel, payload }) => {
      if (c !== client) return;
      for (const s of subscribers) {
        if (s.channel !== channel) continue;
        try {
          s.onPayload(payload ?? "");
        } catch (err) {
          logError(err, { msg: "listener failed", channel });
        }
      }
    });
    // Both may come (a terminated backend sends an error, then the socket ends); the first one counts.
    c.on("error", (err) => dropped(c, err));
    c.on("end", () => dropped(c, null));
    try {
      await c.connect();
      const channels = wanted();
      for (const channel of channels) await c.query(`listen ${channel}`);
      client = c;
      listening = channels;
    } catch (err) {
      // Not awaited: after a failed connect, pg's end() waits for an "end" that has already been.
      c.end().catch(() => {});
      throw err;
    }
  }

  function dropped(c: SessionClient, err: Error | null): void {
    if (c !== client || closed) return;
    client = null;
    listening = new Set();
    onDrop(err);
    c.end().catch(() => {});
    scheduleRetry();
  }

  function scheduleRetry(): void {
    const cap = Math.min(maxDelayMs, minDelayMs * 2 ** attempt++);
    // Jittered, so instances that lost the same server do not all return at the same instant.
    retry = setTimeout(() => {
      retry = undefined;
      serially(reconnect);
    }, cap / 2 + Math.random() * cap / 2);
  }

  async function reconnect(): Promise<void> {
    if (closed || client || subscribers.size === 0) return;
    try {
      await open();
    } catch (err) {
      if (closed) return;
      onDrop(err as Error);
      scheduleRetry();
      return;
    }
    attempt = 0;
    for (const s of subscribers) {
      try {
        s.onReconnect?.();
      } catch (err) {
        logError(err, { msg: "listener failed on reconnect", channel: s.channel });
      }
    }
  }

  async function shut(): Promise<void> {
    clearTimeout(retry);
    retry = undefined;
    attempt = 0;
    const c = client;
    client = null;
    listening = new Set();
    await c?.end().catch(() => {});
  }

  return {
    async listen(channel, onPayload, options = {}) {
      checkChannel(channel);
      if (closed) throw new Error("The database's listener is closed");
      const subscriber: Subscriber = { channel, onPayload, onReconnect: options.onReconnect };
      subscribers.add(subscriber);
      try {
        await serially(async () => {
          if (client) {
            if (!listening.has(channel)) {
              await client.query(`listen ${channel}`);
              listening.add(channel);
            }
          } else if (retry === undefined) {
            // Not connected and not waiting to retry: the first listener, or the first after
            // all had gone. Failing to connect is the caller's error to handle.
            await open();
          }
          // Else the session is down and will LISTEN on every wanted channel when it is back.
        });
      } catch (err) {
        subscribers.delete(subscriber);
        throw err;
      }
      return async () => {
        if (!subscribers.delete(subscriber)) return;
        await serially(async () => {
          if (subscribers.size === 0) return await shut();
          if (client && listening.has(channel) && !wanted().has(channel)) {
            listening.delete(channel);
            await client.query(`unlisten ${channel}`).catch(() => {});
          }
        });
      };
    },
    async close() {
      closed = true;
      subscribers.clear();
      await serially(shut);
    },
  };
}

function reportDrop(err: Error | null): void {
  console.error(`database: listening session lost${err ? `: ${err.message}` : ""}; reconnecting`);
}

/**
 * PGlite listens on its one session. The LISTEN itself waits for the
 * dialect's connection like any query, so it never runs inside someone
 * else's transaction, whose rollback would undo it.
 */
export function pgliteListener<DB>(pglite: PGliteInterface, db: Kysely<DB>): Listener {
  const active = new Set<() => Promise<void>>();
  let closed = false;
  return {
    async listen(channel, onPayload) {
      checkChannel(channel);
      if (closed) throw new Error("The database's listener is closed");
      const deliver = (payload: string) => {
        try {
          onPayload(payload);
        } catch (err) {
          logError(err, { msg: "listener failed", channel });
        }
      };
      const stop = await db.connection().execute(() => pglite.listen(channel, deliver));
      const unlisten = async () => {
        if (!active.delete(unlisten) || pglite.closed) return;
        await db.connection().execute(() => stop());
      };
      active.add(unlisten);
      return unlisten;
    },
    async close() {
      closed = true;
      for (const unlisten of [...active]) await unlisten();
    },
  };
}
