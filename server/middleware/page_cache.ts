/**
 * A short-lived cache of the pages anonymous visitors get. Most traffic to
 * a public page comes from people who are not signed in, and for them a page
 * is a function of its URL alone, so it is rendered once per `ttlMs` and
 * served from memory in between, with a strong ETag: repeat visits cost a
 * 304, and the compression layer compresses each cached page once.
 *
 * Only GETs without credentials (no Authorization header, no session
 * cookie), and only 200 HTML responses that set no cookie, are kept. Pages
 * must therefore not vary by anything but the URL and the signed-in person.
 */
import type { MiddlewareHandler } from "hono";
import { readCookie } from "../session_cookies.ts";
import { compress, type Encoding, encodingFor } from "./compression.ts";

interface Entry {
  /** Keyed by content encoding ("identity", "gzip", "br"), each made on first demand. */
  bodies: Map<string, Uint8Array<ArrayBuffer>>;
  headers: [string, string][];
  etag: string;
  expires: number;
}

export interface PageCacheOptions {
  ttlMs: number;
  maxEntries: number;
  /** Names of the cookies that identify a session. */
  sessionCookies: string[];
  now?: () => number;
}

/**
 * A cached page in the encoding the client accepts, compressed once per
 * entry: the compression layer leaves an already encoded body alone.
 */
function serve(entry: Entry, acceptEncoding: string | undefined, ifNoneMatch: string | undefined): Response {
  const headers = new Headers(entry.headers);
  if (ifNoneMatch === entry.etag) return new Response(null, { status: 304, headers });
  const encoding = encodingFor(acceptEncoding) ?? "identity";
  let body = entry.bodies.get(encoding);
  if (!body) {
    body = compress(entry.bodies.get("identity")!, encoding as Encoding);
    entry.bodies.set(encoding, body);
  }
  if (encoding !== "identity") headers.set("Content-Encoding", encoding);
  headers.set("Content-Length", String(body.byteLength));
  return new Response(body, { headers });
}

export function pageCache(options: PageCacheOptions): MiddlewareHandler {
  const entries = new Map<string, Entry>();
  const now = options.now ?? Date.now;

  return async (c, next) => {
    const cookie = c.req.header("Cookie");
    const anonymous = c.req.method === "GET" && !c.req.header("Authorization") &&
      !options.sessionCookies.some((name) => readCookie(cookie, name) !== undefined);
    if (!anonymous) return await next();

    const key = c.req.url;
    const hit = entries.get(key);
    if (hit && hit.expires > now()) {
      return serve(hit, c.req.header("Accept-Encoding"), c.req.header("If-None-Match"));
    }
    if (hit) entries.delete(key);

    await next();
    const res = c.res;
    if (
      res.status !== 200 || !res.headers.get("Content-Type")?.startsWith("text/html") ||
      res.headers.has("Set-Cookie") || res.headers.has("ETag")
    ) return;
    const body = new Uint8Array(await res.arrayBuffer());
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
    const etag = `"${btoa(String.fromCharCode(...digest.subarray(0, 12)))}"`;
    const headers = new Headers(res.headers);
    headers.set("ETag", etag);
    // Shared caches must not keep it: the same URL differs once signed in.
    headers.set("Cache-Control", "private, no-cache");
    headers.append("Vary", "Accept-Encoding");
    const entry: Entry = {
      bodies: new Map([["identity", body]]),
      headers: [...headers],
      etag,
      expires: now() + options.ttlMs,
    };
    if (entries.size >= options.maxEntries) entries.delete(entries.keys().next().value!);
    entries.set(key, entry);
    c.res = serve(entry, c.req.header("Accept-Encoding"), undefined);
  };
}
