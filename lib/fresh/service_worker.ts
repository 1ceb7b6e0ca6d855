/**
 * Serves the service worker at SERVICE_WORKER_PATH ("/sw.js"). A worker's
 * scope can be no wider than the folder its script is served from, so it is
 * served from the root rather than under the build's prefix, and under a
 * name that never changes: a page of an old build registering it finds the
 * current worker, never its own build's.
 *
 * The script is the build's `islands/sw.worker.ts` preceded by what it must
 * know of the build (ServiceWorkerBuild: its id and the files to store when
 * it installs). So every build makes a different script, which browsers
 * compare byte for byte on each navigation: a new build's worker installs
 * on the first navigation after a deploy. Answered with `no-cache` and an
 * ETag, so that check costs a 304.
 */
import { join } from "node:path";
import type { BuildManifest } from "./build.ts";
import { SERVICE_WORKER_BUILD, SERVICE_WORKER_ID, type ServiceWorkerBuild } from "./islands.ts";
import { BUILD_PREFIX } from "./runtime.ts";

/** The script served at /sw.js, or null when the build has no service worker. */
export async function serviceWorkerScript(
  build: BuildManifest,
  buildDir: string,
  /** The app's own pages and files to store on install (e.g. its offline page). */
  precache: readonly string[],
): Promise<string | null> {
  const file = build.workers[SERVICE_WORKER_ID];
  if (!file) return null;
  const base = `${BUILD_PREFIX}${build.buildId}/`;
  const config: ServiceWorkerBuild = {
    id: build.buildId,
    base,
    precache: [...build.shell.map((f) => `${base}${f}`), ...precache],
  };
  const code = await Deno.readTextFile(join(buildDir, file));
  return `self.${SERVICE_WORKER_BUILD}=${JSON.stringify(config)};\n${code}`;
}

/** Answers GET/HEAD of the script, built once on first request; null (404) without a worker. */
export function serviceWorkerResponder(
  script: () => Promise<string | null>,
): (req: Request) => Promise<Response | null> {
  let served: Promise<{ body: Uint8Array<ArrayBuffer>; etag: string } | null> | undefined;
  const load = async () => {
    const text = await script();
    if (text === null) return null;
    const body = new TextEncoder().encode(text);
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
    return { body, etag: `"${btoa(String.fromCharCode(...digest.subarray(0, 12)))}"` };
  };
  return async (req) => {
    const file = await (served ??= load());
    if (!file) return null;
    const headers = new Headers({
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": "no-cache",
      ETag: file.etag,
    });
    if (req.headers.get("If-None-Match") === file.etag) return new Response(null, { status: 304, headers });
    return new Response(req.method === "HEAD" ? null : file.body, { headers });
  };
}
