/**
 * Live reload for `deno task dev`. Deno's --watch restarts the server on
 * every edit; each server start has its own id, sent over an event stream.
 * The page's small script reloads when, after a reconnect, the id changed.
 */
export const RELOAD_PATH = "/_fresh/reload";

const SERVER_ID = crypto.randomUUID();
/** Streams end by themselves so shutdown never waits on them; browsers reconnect. */
const STREAM_MS = 25_000;

export const reloadScript = `(()=>{let id;const s=new EventSource(${JSON.stringify(RELOAD_PATH)});` +
  `s.onmessage=(e)=>{if(id&&id!==e.data)location.reload();id=e.data}})()`;

export function reloadStream(): Response {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(`retry: 300\ndata: ${SERVER_ID}\n\n`));
      timer = setTimeout(() => controller.close(), STREAM_MS);
    },
    cancel() {
      clearTimeout(timer);
    },
  });
  return new Response(body, {
    headers: { "Content-Type": "text/event-stream", "Cache-Control": "no-store" },
  });
}
