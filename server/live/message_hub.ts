/**
 * This instance's live connections and the one LISTEN that feeds them. Every
 * instance LISTENs on the same channel, so a change committed through any of
 * them reaches the clients connected to all of them. A payload names what
 * changed (ids only); `load` turns it into the event and the people it is
 * for, once per payload however many clients are connected, and the hub sends
 * that event to each of their open connections. It never looks inside.
 *
 * Memory stays bounded by refusing to queue: a client whose socket has more
 * than `maxBufferedBytes` waiting is closed, and so is everyone when loading
 * falls `maxPending` payloads behind, or when the database session dropped
 * (notifications sent meanwhile are lost). A closed client reconnects and
 * catches up from its cursors, which is the one path that always holds.
 */
import type { Listen, Unlisten } from "../../db/listen.ts";
import { CLOSE, type LiveClient, type LiveHub } from "../../api/live.ts";
import { ServiceUnavailable } from "../../domain/errors.ts";
import { logError } from "../../lib/log.ts";

/**
 * A payload's event and who may receive it (and, for what is sealed to some
 * devices only, which of their connections); null when there is nothing to send.
 */
export type LiveLoader = (
  payload: string,
) => Promise<{ userIds: string[]; deviceIds?: string[]; event: unknown } | null>;

export interface MessageHubOptions {
  listen: Listen;
  /** The channel every instance's changes are notified on. */
  channel: string;
  load: LiveLoader;
  /** What a client's socket may hold unsent before it is closed as too slow. */
  maxBufferedBytes?: number;
  /** Open connections per person (tabs and devices together). */
  maxClientsPerUser?: number;
  /** Payloads loading at once before the hub gives up and lets everyone catch up. */
  maxPending?: number;
}

export interface MessageHub extends LiveHub {
  /** Open connections on this instance. */
  readonly size: number;
  /** Closes every connection (going away) and stops listening; later clients are closed on arrival. */
  stop(): Promise<void>;
}

export function createMessageHub({
  listen,
  load,
  channel,
  maxBufferedBytes = 1024 * 1024,
  maxClientsPerUser = 16,
  maxPending = 1000,
}: MessageHubOptions): MessageHub {
  const byUser = new Map<string, Set<LiveClient>>();
  let size = 0;
  let listening: Promise<Unlisten> | undefined;
  let stopped = false;
  // Loads run at once, but their events go out in the order the payloads came,
  // which is commit order: a conversation's messages reach a client in sequence.
  let delivering: Promise<void> = Promise.resolve();
  let pending = 0;

  function remove(client: LiveClient): void {
    const clients = byUser.get(client.userId);
    if (!clients?.delete(client)) return;
    size--;
    if (clients.size === 0) byUser.delete(client.userId);
  }

  function drop(client: LiveClient, code: number, reason: string): void {
    remove(client);
    try {
      client.close(code, reason);
    } catch {
      // Already closing.
    }
  }

  function dropAll(code: number, reason: string): void {
    for (const clients of [...byUser.values()]) {
      for (const client of [...clients]) drop(client, code, reason);
    }
  }

  function send(client: LiveClient, text: string): void {
    try {
      client.send(text);
    } catch {
      return remove(client);
    }
    if (client.buffered() > maxBufferedBytes) drop(client, CLOSE.tryAgainLater, "Too far behind");
  }

  function received(payload: string): void {
    // Nobody here to tell: the payload is not even read.
    if (size === 0) return;
    if (pending >= maxPending) {
      dropAll(CLOSE.tryAgainLater, "The server fell behind");
      return;
    }
    pending++;
    const loaded = load(payload).catch((err) => {
      logError(err, { msg: "live event failed to load" });
      return null;
    });
    delivering = delivering.then(async () => {
      const found = await loaded;
      pending--;
      if (!found) return;
      const text = JSON.stringify(found.event);
      const devices = found.deviceIds && new Set(found.deviceIds);
      for (const userId of new Set(found.userIds)) {
        const clients = byUser.get(userId);
        if (!clients) continue;
        for (const client of [...clients]) {
          if (!devices || devices.has(client.deviceId)) send(client, text);
        }
      }
    });
  }

  return {
    get size() {
      return size;
    },
    ready() {
      if (stopped) return Promise.reject(new ServiceUnavailable("The server is shutting down"));
      listening ??= listen(channel, received, {
        onReconnect: () => dropAll(CLOSE.restart, "Changes may have been missed"),
      }).catch((err) => {
        // The next connection tries again.
        listening = undefined;
        throw err;
      });
      return listening.then(() => {});
    },
    add(client) {
      if (stopped) {
        client.close(CLOSE.goingAway, "The server is shutting down");
        return () => {};
      }
      let clients = byUser.get(client.userId);
      if (!clients) byUser.set(client.userId, clients = new Set());
      if (clients.size >= maxClientsPerUser) {
        client.close(CLOSE.policy, "Too many live connections");
        return () => {};
      }
      clients.add(client);
      size++;
      return () => remove(client);
    },
    async stop() {
      stopped = true;
      dropAll(CLOSE.goingAway, "The server is shutting down");
      const unlisten = await listening?.catch(() => undefined);
      await unlisten?.();
      await delivering;
    },
  };
}
