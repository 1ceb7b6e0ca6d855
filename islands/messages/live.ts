/**
 * Hearing about new messages as they come: a WebSocket, else Server-Sent
 * Events, else polling every few seconds (slower while the tab is hidden).
 * Whatever the transport, every (re)connect and every poll calls `catchUp`,
 * which fetches the messages after the last one seen: the events only say
 * that something came, the fetch is what is trusted to be complete.
 */
import type { CallView, SignalView } from "../calls/api.ts";
import type { MessageView } from "./api.ts";

export type LiveEvent =
  | { type: "message"; conversationId: string; message: MessageView }
  | { type: "receipt"; conversationId: string; userId: string; deliveredSeq: number; readSeq: number }
  /** The contract's; the server does not send it yet (the session counts unread itself meanwhile). */
  | { type: "unread"; total: number }
  /** A call started, someone joined, left or declined, or it ended. */
  | { type: "call"; conversationId: string; call: CallView }
  /** A call's signal sealed to this device. */
  | { type: "call-signal"; conversationId: string; callId: string; signal: SignalView };

export interface LiveHandlers {
  onEvent(event: LiveEvent): void;
  catchUp(): Promise<void>;
  /** Which transport is in use, for the page to say how fresh it is. */
  onMode?(mode: LiveMode): void;
}

export type LiveMode = "websocket" | "sse" | "polling";

const POLL_VISIBLE_MS = 4_000;
const POLL_HIDDEN_MS = 30_000;
const RETRY_MAX_MS = 30_000;

export interface Live {
  /** Tells the server this device got a message (over the WebSocket only; fetching says it too). */
  delivered(conversationId: string, seq: number): void;
  close(): void;
}

export function connectLive(deviceId: string, handlers: LiveHandlers): Live {
  let closed = false;
  let socket: WebSocket | null = null;
  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let retries = 0;
  const query = `device=${encodeURIComponent(deviceId)}`;

  const dispatch = (data: string) => {
    try {
      handlers.onEvent(JSON.parse(data));
    } catch {
      // An event this page does not understand changes nothing; the next catch-up is complete anyway.
    }
  };
  const catchUp = () => handlers.catchUp().catch(() => {});
  const later = (fn: () => void, ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => !closed && fn(), ms);
  };

  function webSocket() {
    const ws = new WebSocket(
      `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}` +
        `/api/v1/messages/live?${query}`,
    );
    socket = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      retries = 0;
      handlers.onMode?.("websocket");
      catchUp();
    };
    ws.onmessage = (e) => dispatch(String(e.data));
    ws.onclose = () => {
      socket = null;
      if (closed) return;
      // Never opened: this server (or a proxy before it) has no WebSockets; try the next transport.
      if (!opened) return eventSource();
      later(webSocket, Math.min(RETRY_MAX_MS, 1_000 * 2 ** retries++));
    };
  }

  function eventSource() {
    const es = new EventSource(`/api/v1/messages/events?${query}`);
    source = es;
    let opened = false;
    es.onopen = () => {
      opened = true;
      handlers.onMode?.("sse");
      // EventSource reconnects by itself; each reopening catches up.
      catchUp();
    };
    es.onmessage = (e) => dispatch(e.data);
    es.onerror = () => {
      if (opened || closed) return;
      es.close();
      source = null;
      poll();
    };
  }

  function poll() {
    handlers.onMode?.("polling");
    const tick = async () => {
      await catchUp();
      later(tick, document.visibilityState === "visible" ? POLL_VISIBLE_MS : POLL_HIDDEN_MS);
    };
    tick();
  }

  // Back from a tunnel or a sleeping tab: no need to wait for the next tick.
  const wake = () => document.visibilityState === "visible" && catchUp();
  addEventListener("online", catchUp);
  document.addEventListener("visibilitychange", wake);
  webSocket();

  return {
    delivered(conversationId, seq) {
      if (socket?.readyState === WebSocket.OPEN) {
        socket.send(JSON.stringify({ type: "delivered", conversationId, seq }));
      }
    },
    close() {
      closed = true;
      clearTimeout(timer);
      socket?.close();
      source?.close();
      removeEventListener("online", catchUp);
      document.removeEventListener("visibilitychange", wake);
    },
  };
}
