/**
 * Pages rendered for a signed-in person say so to the service worker, and
 * to nothing else: an `Offline-Viewer` header (domain/offline_copies.ts)
 * with an opaque value per session, which the worker keys its offline
 * copies to. A page without it was rendered for nobody, so the worker drops
 * every copy then; a different value (another person signed in on this
 * browser) drops the previous person's. The value is a hash of the session
 * id: it names the session to the worker without being a credential, since
 * a session id is random and the hash cannot be turned back into it.
 *
 * The same pages are `no-store` for the HTTP cache: the service worker keeps
 * what may be read offline, under the rules above, and the browser's own
 * cache keeps nothing a later user of the device could open with Back.
 */
import type { MiddlewareHandler } from "hono";
import { VIEWER_HEADER } from "../../domain/offline_copies.ts";
import { LruMap } from "../../lib/lru.ts";

/** Recent sessions' tags: a session asks for page after page, and each hash is an async crypto call. */
const tags = new LruMap<string, Promise<string>>(10_000);

export function offlineViewer(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const actor = c.get("actor");
    // Pages only: a redirect (signing out's among them) is never read by the worker nor stored.
    if (!actor || !c.res.headers.get("Content-Type")?.startsWith("text/html")) return;
    c.res.headers.set(VIEWER_HEADER, await viewerTag(actor.sessionId));
    if (!c.res.headers.has("Cache-Control")) c.res.headers.set("Cache-Control", "private, no-store");
  };
}

/** 22 base64url characters (128 bits of SHA-256) naming one session. */
export function viewerTag(sessionId: string): Promise<string> {
  let tag = tags.get(sessionId);
  if (tag === undefined) {
    tag = hashOf(sessionId);
    tags.set(sessionId, tag);
  }
  return tag;
}

async function hashOf(sessionId: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(`offline-viewer:${sessionId}`),
  );
  return btoa(String.fromCharCode(...new Uint8Array(digest, 0, 16)))
    .replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}
