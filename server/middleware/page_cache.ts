/**
 * A short-lived cache of the pages anonymous visitors get. Most traffic to
 * a public page comes from people who are not signed in, and for them a page
 * is a function of its URL alone, so it is rendered once per `ttlMs` and
 * served from memory in between, with a strong ETag: repeat visits cost a
 * 304, and each cached page is compressed once per encoding.
 *
 * Only GETs without credentials (no Authorization header, no session
 * cookie), and only 200 HTML responses that set no cookie, are kept. Pages
 * must therefore not vary by anything but the URL and the signed-in person.
 * The API's public lists use a cache of their own, of JSON, on the same terms.
 *
 * The cache has two halves, because where a page can be kept and where it
 * can be answered from are different places in the middleware chain:
 * - `keep` sits right before the page handler, so only pages are kept (never
 *   the API, static files or health checks) and it sees the page as rendered.
 * - `answer` sits at the front, inside only the request id and the request
 *   log. A hit is answered there, without running the rest of the chain: for
 *   an anonymous GET of a kept page, every middleware in between (security
 *   headers, compression, CSRF, body limit, static files) adds the same
 *   headers every time, so `answer` records the headers the whole chain gave
 *   the page on its first render and replays them, by cloning one
 *   ready-made Response per encoding. That keeps a hit to a map lookup and
 *   a clone, which is what serving a popular page should cost.
 * So a middleware mounted between the two must not make an anonymous GET's
 * headers depend on the request (a per-request header belongs outside
 * `answer`, as the request id does).
 */
import type { Context, MiddlewareHandler } from "hono";
import { readCookie } from "../../services/auth/session_cookies.ts";
import { LruMap } from "../../lib/lru.ts";
import { compress, type Encoding, encodingFor } from "./compression.ts";

type BodyEncoding = Encoding | "identity";

interface Entry {
  etag: string;
  expires: number;
  /** Keyed by content encoding, each compressed on first demand. */
  bodies: Map<BodyEncoding, Uint8Array<ArrayBuffer>>;
  /** The page's own headers plus the cache's (ETag, Cache-Control, Vary). */
  pageHeaders: [string, string][];
  /**
   * The headers the whole chain answered with, less the body's encoding and
   * length; set once the first response has come back through `answer`.
   */
  finalHeaders?: [string, string][];
  /** The complete response per encoding, made on first demand, answered with clones. */
  ready: Map<BodyEncoding, Response>;
  notModified?: Response;
}

export interface PageCacheOptions {
  ttlMs: number;
  maxEntries: number;
  /** Names of the cookies that identify a session. */
  sessionCookies: string[];
  /** What is kept: pages (the default), or an API's JSON. */
  contentType?: "text/html" | "application/json";
  now?: () => number;
}

export interface PageCache {
  /** First in the chain after the request id and log: answers hits. */
  answer: MiddlewareHandler;
  /** Right before the page handler: keeps the pages anonymous visitors get. */
  keep: MiddlewareHandler;
}

/** Set per encoding by `respond`, so never replayed from another response. */
const BODY_HEADERS = new Set(["content-encoding", "content-length"]);

export function pageCache(options: PageCacheOptions): PageCache {
  const entries = new LruMap<string, Entry>(options.maxEntries);
  /** Entries `keep` made for a request, until `answer` has seen its final headers. */
  const pending = new WeakMap<Context, Entry>();
  const now = options.now ?? Date.now;
  const contentType = options.contentType ?? "text/html";

  /** The cache key of an anonymous GET, else null. */
  function keyOf(c: Context): string | null {
    const req = c.req.raw;
    if (req.method !== "GET") return null;
    const headers = req.headers;
    if (headers.has("Authorization")) return null;
    const cookie = headers.get("Cookie");
    if (cookie !== null && options.sessionCookies.some((name) => readCookie(cookie, name) !== undefined)) {
      return null;
    }
    return req.url;
  }

  /**
   * The entry as the client asked for it. `complete` is false only for the
   * response `keep` makes, which carries the page's headers alone.
   */
  function respond(entry: Entry, headers: Headers, complete: boolean): Response {
    if (headers.get("If-None-Match") === entry.etag) {
      if (!complete) return new Response(null, { status: 304, headers: entry.pageHeaders });
      entry.notModified ??= new Response(null, { status: 304, headers: entry.finalHeaders });
      return entry.notModified.clone();
    }
    const encoding = encodingFor(headers.get("Accept-Encoding")) ?? "identity";
    let ready = complete ? entry.ready.get(encoding) : undefined;
    if (!ready) {
      let body = entry.bodies.get(encoding);
      if (!body) {
        body = compress(entry.bodies.get("identity")!, encoding as Encoding);
        entry.bodies.set(encoding, body);
      }
      const all = new Headers(complete ? entry.finalHeaders : entry.pageHeaders);
      if (encoding !== "identity") all.set("Content-Encoding", encoding);
      all.set("Content-Length", String(body.byteLength));
      ready = new Response(body, { headers: all });
      if (!complete) return ready;
      entry.ready.set(encoding, ready);
    }
    // A clone shares the body's bytes and copies the header list without
    // parsing it again: in Deno it costs half of building the same Response
    // anew. The kept original is never sent, so it can always be cloned.
    return ready.clone();
  }

  const answer: MiddlewareHandler = async (c, next) => {
    const key = keyOf(c);
    if (key === null) return await next();
    const hit = entries.get(key);
    if (hit) {
      if (hit.expires > now()) return respond(hit, c.req.raw.headers, true);
      entries.delete(key);
    }
    await next();
    const kept = pending.get(c);
    if (!kept) return;
    pending.delete(c);
    // Only the response `keep` made (a page or its 304), not an error raised on its way out.
    const res = c.res;
    if ((res.status !== 200 && res.status !== 304) || res.headers.get("ETag") !== kept.etag) return;
    kept.finalHeaders = [...res.headers].filter(([name]) => !BODY_HEADERS.has(name));
    entries.set(key, kept);
  };

  const keep: MiddlewareHandler = async (c, next) => {
    const key = keyOf(c);
    if (key === null) return await next();
    await next();
    const res = c.res;
    if (
      res.status !== 200 || !res.headers.get("Content-Type")?.startsWith(contentType) ||
      res.headers.has("Set-Cookie") || res.headers.has("ETag")
    ) return;
    const identity = new Uint8Array(await res.arrayBuffer());
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", identity));
    const etag = `"${btoa(String.fromCharCode(...digest.subarray(0, 12)))}"`;
    const headers = new Headers(res.headers);
    headers.set("ETag", etag);
    // Shared caches must not keep it: the same URL differs once signed in.
    headers.set("Cache-Control", "private, no-cache");
    headers.append("Vary", "Accept-Encoding");
    const entry: Entry = {
      etag,
      expires: now() + options.ttlMs,
      bodies: new Map([["identity", identity]]),
      pageHeaders: [...headers],
      ready: new Map(),
    };
    pending.set(c, entry);
    // Served like a hit, but with the page's headers only: the middleware
    // outside adds the rest on the way out, and `answer` records them.
    // Cleared first, or Hono would copy the rendered page's headers over
    // ours (its Cache-Control and Vary over the cache's).
    c.res = undefined;
    c.res = respond(entry, c.req.raw.headers, false);
  };

  return { answer, keep };
}
