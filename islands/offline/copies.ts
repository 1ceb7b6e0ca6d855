/**
 * The offline copies of a signed-in person's pages (domain/offline_copies.ts
 * says which). Every page the network answers says who it was rendered for
 * (the Offline-Viewer header, absent when nobody is signed in); the copies
 * of anyone else go at once, so signing out, a session that expired, or
 * another person signing in on this browser leaves nothing of the previous
 * person's to read.
 */
import {
  hasOfflineBanner,
  isKeptAddress,
  SAVED_AT_HEADER,
  showSavedCopy,
  VIEWER_HEADER,
} from "../../domain/offline_copies.ts";
import { isPrivateCache, otherViewers, privateCacheName } from "./cache_names.ts";

/** Deletes every copy that is not `viewer`'s (all of them for null). */
export async function keepOnlyCopiesOf(viewer: string | null): Promise<void> {
  for (const name of otherViewers(await caches.keys(), viewer)) await caches.delete(name);
}

/**
 * Learns from a page the network answered who is signed in, and keeps or
 * drops its copy. Only pages count: a redirect's headers are hidden from the
 * worker, and a PDF or JSON document opened in a tab is not rendered for
 * anyone in particular.
 */
export async function notePage(url: URL, res: Response, now: Date): Promise<void> {
  if (res.type !== "basic" || !res.headers.get("Content-Type")?.startsWith("text/html")) return;
  const viewer = res.headers.get(VIEWER_HEADER);
  await keepOnlyCopiesOf(viewer);
  if (viewer === null || res.status !== 200 || !isKeptAddress(url)) return;
  const cache = await caches.open(privateCacheName(viewer));
  const html = await res.text();
  // No banner: the server no longer offers this page for offline reading (the show is over, say).
  if (!hasOfflineBanner(html)) return void await cache.delete(url.href);
  const headers = new Headers(res.headers);
  // The body is stored decoded; the session's cookies were never readable here.
  for (const name of ["Content-Encoding", "Content-Length", "ETag", "Set-Cookie"]) headers.delete(name);
  headers.set(SAVED_AT_HEADER, now.toISOString());
  await cache.put(url.href, new Response(html, { status: 200, headers }));
}

/** The saved copy of `url`, shown with its banner, if the person signed in last has one. */
export async function savedCopy(url: URL): Promise<Response | undefined> {
  const names = (await caches.keys()).filter(isPrivateCache);
  // More than one would mean two people's copies; none is safer than a guess.
  if (names.length !== 1) return undefined;
  const copy = await (await caches.open(names[0])).match(url.href);
  if (!copy) return undefined;
  const savedAt = new Date(copy.headers.get(SAVED_AT_HEADER) ?? 0);
  return new Response(showSavedCopy(await copy.text(), savedAt), { status: 200, headers: copy.headers });
}
