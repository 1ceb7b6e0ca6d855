/**
 * The service worker's caches and which requests go to which. Two kinds:
 * - `shell:<build id>`: the build's files and the offline page, public and
 *   immutable; a new build's worker deletes every other build's when it
 *   takes over.
 * - `private:<viewer>`: the offline copies of one signed-in session's pages
 *   (domain/offline_copies.ts), never more than one at a time: seeing any
 *   other viewer, or nobody, deletes it.
 */
import type { ServiceWorkerBuild } from "../../lib/fresh/islands.ts";
import { ASSET_CACHE_BUST_KEY } from "../../lib/fresh/runtime.ts";

const SHELL = "shell:";
const PRIVATE = "private:";

export const shellCacheName = (buildId: string) => `${SHELL}${buildId}`;
export const privateCacheName = (viewer: string) => `${PRIVATE}${viewer}`;
export const isPrivateCache = (name: string) => name.startsWith(PRIVATE);

/** The caches a worker of `buildId` deletes when it takes over: other builds' shells. */
export function staleShells(names: readonly string[], buildId: string): string[] {
  return names.filter((n) => n.startsWith(SHELL) && n !== shellCacheName(buildId));
}

/** The private caches to delete once `viewer` (null: nobody) is the one signed in. */
export function otherViewers(names: readonly string[], viewer: string | null): string[] {
  return names.filter((n) => isPrivateCache(n) && (viewer === null || n !== privateCacheName(viewer)));
}

/**
 * A file of this build: under its prefix, or a static file asset() stamped
 * with its id. Immutable, so answered from the cache once stored. Another
 * build's files are left to the network, which no longer has them either.
 */
export function isShellFile(url: URL, build: ServiceWorkerBuild, origin: string): boolean {
  return url.origin === origin &&
    (url.pathname.startsWith(build.base) || url.searchParams.get(ASSET_CACHE_BUST_KEY) === build.id);
}
