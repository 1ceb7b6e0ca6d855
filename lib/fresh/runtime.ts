/**
 * Fresh's `fresh/runtime` module, importable from islands and server code.
 *
 * The build id used by asset() comes from setBuildId() on the server (call it
 * with the loaded BuildManifest's buildId), and in the browser from the
 * `data-build-id` attribute of the `#__FRSH_STATE` script, which the renderer
 * writes. Both sides must agree, or hydration sees different URLs.
 */
export const IS_BROWSER = typeof document !== "undefined";

/** The query parameter asset() adds. */
export const ASSET_CACHE_BUST_KEY = "__frsh_c";

// Module scripts run after the document is parsed, so the state script the
// renderer puts before them is already there. Its id is STATE_ID of
// islands.ts, spelled out: importing it would make esbuild split those few
// constants into a chunk of their own, shared by boot and every island that
// uses this module, which costs phones a request.
let buildId = IS_BROWSER ? document.getElementById("__FRSH_STATE")?.dataset.buildId ?? "" : "";

/** The URL prefix built files are served under, followed by the build id. */
export const BUILD_PREFIX = "/_fresh/js/";
/** Where the build puts web workers (lib/fresh/build.ts). */
export const WORKER_DIR = "workers";

/**
 * The URL to start a worker built from `islands/<id>.worker.ts` with
 * (`new Worker(workerUrl(id), { type: "module" })`).
 */
export function workerUrl(id: string): string {
  return `${BUILD_PREFIX}${encodeURIComponent(buildId)}/${WORKER_DIR}/${id}.js`;
}

export function setBuildId(id: string): void {
  buildId = id;
}

/**
 * "/logo.svg" -> "/logo.svg?__frsh_c=<buildId>", so a static file can be
 * cached forever and still change with each build. Relative, protocol-relative
 * and already-queried paths are returned unchanged, as is everything while no
 * build id is known.
 */
export function asset(path: string): string {
  const hashAt = path.indexOf("#");
  const base = hashAt < 0 ? path : path.slice(0, hashAt);
  if (!buildId || !base.startsWith("/") || base.startsWith("//") || base.includes("?")) return path;
  return `${base}?${ASSET_CACHE_BUST_KEY}=${encodeURIComponent(buildId)}${path.slice(base.length)}`;
}
