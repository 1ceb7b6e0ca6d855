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
