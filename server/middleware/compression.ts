/**
 * Response compression with zlib, whole body at once. Our responses are
 * rendered completely before they are sent, and zlib's one-shot calls cost
 * a fifth of a CompressionStream's for a page (0.1 ms for the home page at
 * gzip level 6), which was the largest cost of serving a page.
 *
 * Files with an ETag (static files, island bundles) never change under the
 * same tag, so their compressed bytes are kept and reused: they get brotli
 * where the client accepts it, as do the page cache's pages, compressed once
 * each. A body made for one request (a signed-in page, the API's JSON) is
 * compressed every time, so it gets gzip where the client accepts it: on the
 * booking page 0.15 ms for 5.9 KB, where brotli took 0.4 ms for 5.4 KB (20 KB
 * of HTML), a sixth of the page's cost on the server.
 */
import type { MiddlewareHandler } from "hono";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { LruMap } from "../../lib/lru.ts";

const COMPRESSIBLE =
  /^(text\/(?!event-stream)|application\/(json|javascript|manifest\+json|xml)|image\/svg\+xml)/;
/** Below this, compression saves less than its own framing and header. */
const MIN_BYTES = 1024;
const MAX_BYTES = 4 * 1024 * 1024;
const CACHE_ENTRIES = 256;

export type Encoding = "br" | "gzip";

/**
 * Browsers send a handful of distinct Accept-Encoding values, so each is
 * parsed once; the bound keeps made-up values from growing the map.
 */
const ENCODING_MEMO_ENTRIES = 64;
const encodingMemo = new LruMap<string, Accepted>(ENCODING_MEMO_ENTRIES);

/** Which of our encodings a client accepts. */
interface Accepted {
  br: boolean;
  gzip: boolean;
}

/** The densest encoding the client accepts, for bytes compressed once and sent many times; null for none. */
export function encodingFor(accept: string | null | undefined): Encoding | null {
  const accepted = acceptedBy(accept);
  return accepted.br ? "br" : accepted.gzip ? "gzip" : null;
}

/** The cheapest good encoding the client accepts, for a body compressed for this request alone. */
function encodingForOnce(accept: string | null | undefined): Encoding | null {
  const accepted = acceptedBy(accept);
  return accepted.gzip ? "gzip" : accepted.br ? "br" : null;
}

function acceptedBy(accept: string | null | undefined): Accepted {
  if (!accept) return { br: false, gzip: false };
  let accepted = encodingMemo.get(accept);
  if (accepted === undefined) {
    accepted = parseAcceptEncoding(accept);
    encodingMemo.set(accept, accepted);
  }
  return accepted;
}

function parseAcceptEncoding(accept: string): Accepted {
  const offered = accept.split(",").map((part) => {
    const [name, ...params] = part.trim().split(";");
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
    return { name: name.trim().toLowerCase(), q: q === undefined ? 1 : Number(q) };
  });
  const ok = (name: string) => offered.some((o) => (o.name === name || o.name === "*") && o.q > 0);
  return { br: ok("br"), gzip: ok("gzip") };
}

export function compress(body: Uint8Array, encoding: Encoding): Uint8Array<ArrayBuffer> {
  const out = encoding === "br"
    ? brotliCompressSync(body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    })
    : gzipSync(body, { level: 6 });
  return new Uint8Array(out.buffer as ArrayBuffer, out.byteOffset, out.byteLength);
}

export function compression(): MiddlewareHandler {
  const cache = new LruMap<string, Uint8Array<ArrayBuffer>>(CACHE_ENTRIES);
  return async (c, next) => {
    // Read before the handler runs: a WebSocket upgrade closes the request, whose headers then throw.
    const head = c.req.method === "HEAD";
    const accepted = c.req.header("Accept-Encoding");
    await next();
    const res = c.res;
    const headers = res.headers;
    if (!/accept-encoding/i.test(headers.get("Vary") ?? "")) headers.append("Vary", "Accept-Encoding");
    // Cheapest checks first, and `res.body` last of all: reading it turns a
    // byte body into a stream, which Deno then sends the slow way.
    if (headers.has("Content-Encoding") || head) return;
    const etag = headers.get("ETag");
    const encoding = etag ? encodingFor(accepted) : encodingForOnce(accepted);
    if (
      !encoding || !COMPRESSIBLE.test(headers.get("Content-Type") ?? "") ||
      headers.get("Cache-Control")?.includes("no-transform")
    ) return;
    const length = Number(headers.get("Content-Length") ?? NaN);
    if (length < MIN_BYTES || length > MAX_BYTES || !res.body) return;

    const key = etag && `${encoding}:${etag}`;
    let packed = key ? cache.get(key) : undefined;
    if (!packed) {
      const body = new Uint8Array(await res.arrayBuffer());
      if (body.length < MIN_BYTES || body.length > MAX_BYTES) {
        c.res = new Response(body, res);
        return;
      }
      packed = compress(body, encoding);
      if (key) cache.set(key, packed);
    } else {
      await res.body.cancel();
    }
    // The new response takes the old one's status and headers. Hono's setter
    // would copy them over it once more, header by header (40 µs for a page's
    // 19), unless the old one is cleared first.
    const encoded = new Response(packed, res);
    encoded.headers.set("Content-Encoding", encoding);
    encoded.headers.set("Content-Length", String(packed.byteLength));
    // The same representation in other bytes: a weak validator still matches If-None-Match.
    if (etag && !etag.startsWith("W/")) encoded.headers.set("ETag", `W/${etag}`);
    c.res = undefined;
    c.res = encoded;
  };
}
