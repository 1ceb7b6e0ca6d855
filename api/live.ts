/**
 * What the live routes (api/routes/messages_live.ts) need from the server:
 * a hub that holds this instance's connected clients and hands each the
 * events meant for its user, and what to do with a client's acknowledgement.
 * server/live/message_hub.ts provides the hub; the composition root wires both.
 */
import type { Actor } from "../domain/access.ts";

/** One open WebSocket or event stream of one person's device. */
export interface LiveClient {
  userId: string;
  deviceId: string;
  /** Sends one event, already JSON. */
  send(text: string): void;
  /** Bytes handed to `send` that the socket has not taken yet. */
  buffered(): number;
  /** Ends the connection; the client reconnects and catches up from its cursors. */
  close(code: number, reason: string): void;
}

export interface LiveHub {
  /**
   * Resolves once the hub hears what every instance commits: a client added
   * after it misses nothing committed later (and fetches what came before).
   */
  ready(): Promise<void>;
  /** Adds an open client; the returned function removes it. A hub that cannot take it closes it. */
  add(client: LiveClient): () => void;
}

export interface LiveDeps {
  hub: LiveHub;
  /** A device has a conversation up to `seq` (the WebSocket's `delivered`). */
  delivered(actor: Actor, conversationId: string, seq: number): Promise<void>;
}

/** WebSocket close codes the live connections use (RFC 6455 section 7.4). */
export const CLOSE = {
  /** The server is shutting down. */
  goingAway: 1001,
  /** Too many connections for one person. */
  policy: 1008,
  /** The hub may have missed changes (its database session dropped): catch up. */
  restart: 1012,
  /** The client (or the hub) fell behind: catch up, then reconnect. */
  tryAgainLater: 1013,
  /** The connection reached its age limit: reconnect, which checks the session again. */
  renew: 4000,
} as const;
