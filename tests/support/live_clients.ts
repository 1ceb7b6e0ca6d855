/**
 * Clients of the live routes as an app or a browser opens them: a WebSocket
 * that sends its credentials in the handshake's headers, and an event stream
 * read chunk by chunk as it arrives.
 */

/**
 * Deno's WebSocket takes handshake headers (a non-standard option, which the
 * DOM typings of the project's `lib` hide); browsers send their cookies by
 * themselves, so only this way can a test be a browser or a mobile client.
 */
const HeaderedWebSocket = WebSocket as unknown as new (
  url: string,
  options: { headers: HeadersInit },
) => WebSocket;

export interface LiveSocket {
  ws: WebSocket;
  /** Every event so far, parsed. */
  received: unknown[];
  /** Resolves when open; rejects when the server refused the handshake. */
  opened: Promise<void>;
  closed: Promise<CloseEvent>;
}

/** Opens `GET /api/v1/messages/live` on `origin` (http://…) as `device`. */
export function openLiveSocket(
  origin: string,
  headers: Record<string, string>,
  device: string = crypto.randomUUID(),
): LiveSocket {
  const url = `${origin.replace(/^http/, "ws")}/api/v1/messages/live?device=${device}`;
  const ws = new HeaderedWebSocket(url, { headers });
  const received: unknown[] = [];
  const opened = Promise.withResolvers<void>();
  const closed = Promise.withResolvers<CloseEvent>();
  ws.onopen = () => opened.resolve();
  ws.onerror = () => opened.reject(new Error("the WebSocket was refused"));
  ws.onmessage = (e) => received.push(JSON.parse(e.data));
  ws.onclose = (e) => closed.resolve(e);
  // A refused handshake also closes: that rejection is the caller's to see, not an unhandled one.
  opened.promise.catch(() => {});
  return { ws, received, opened: opened.promise, closed: closed.promise };
}

export interface EventStreamReader {
  /** Everything read so far. */
  text(): string;
  /** The events (`data:` lines) read so far, parsed. */
  events(): unknown[];
  /** Resolves when the stream ends (or rejects when it is aborted). */
  done: Promise<void>;
}

export function readEventStream(body: ReadableStream<Uint8Array>): EventStreamReader {
  const chunks: string[] = [];
  const decoder = new TextDecoder();
  const done = (async () => {
    for await (const chunk of body) chunks.push(decoder.decode(chunk, { stream: true }));
  })();
  done.catch(() => {});
  const text = () => chunks.join("");
  return {
    text,
    events: () =>
      text().split("\n\n").filter((block) => block.startsWith("data: ")).map((block) =>
        JSON.parse(block.slice("data: ".length))
      ),
    done,
  };
}
