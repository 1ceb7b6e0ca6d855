/**
 * The build's own files: stored when the worker installs, answered from the
 * cache ever after (their URLs change with every build, so a stored one is
 * never stale), and deleted with the build when the next one takes over.
 */
import type { ServiceWorkerBuild } from "../../lib/fresh/islands.ts";
import { OFFLINE_PATH } from "../../domain/offline_copies.ts";
import { shellCacheName, staleShells } from "./cache_names.ts";

export async function storeShell(build: ServiceWorkerBuild): Promise<void> {
  const cache = await caches.open(shellCacheName(build.id));
  // Without cookies: the offline page must be the one anybody gets, naming nobody.
  await cache.addAll(build.precache.map((url) => new Request(url, { credentials: "omit" })));
}

export async function dropOtherBuilds(build: ServiceWorkerBuild): Promise<void> {
  for (const name of staleShells(await caches.keys(), build.id)) await caches.delete(name);
}

export async function shellFile(request: Request, build: ServiceWorkerBuild): Promise<Response> {
  const name = shellCacheName(build.id);
  const hit = await caches.match(request, { cacheName: name });
  if (hit) return hit;
  const res = await fetch(request);
  // Into this build's cache only while it exists: opening it would bring back one a newer worker deleted.
  if (res.ok && await caches.has(name)) await (await caches.open(name)).put(request, res.clone());
  return res;
}

/** The offline page stored with the shell; a line of text if storage was cleared since. */
export async function offlinePage(build: ServiceWorkerBuild): Promise<Response> {
  const page = await caches.match(OFFLINE_PATH, { cacheName: shellCacheName(build.id) });
  return page ?? new Response("You are offline, and this page is not saved on this device.", {
    status: 503,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}
