/**
 * The names shared by the server renderer, the manifest generator, the build
 * and the client boot, kept in one place so they cannot drift apart. This
 * module ships to the browser: keep it free of imports.
 */

/** File extensions an island module may have. */
export const ISLAND_EXTENSIONS = [".tsx", ".jsx", ".ts", ".js"];

/** Prefix of the comment that opens an island: `frsh:island:<id>:<index>`. */
export const ISLAND_OPEN = "frsh:island:";
/** The comment that closes an island. */
export const ISLAND_CLOSE = "/frsh:island";
/** Id of the `<script type="application/json">` holding every island's props. */
export const STATE_ID = "__FRSH_STATE";

/**
 * Whether a file is a module routes or islands are made of: tests (named as
 * `deno test` finds them) and declaration files are not.
 */
export function isModuleFile(relativePath: string): boolean {
  return ISLAND_EXTENSIONS.some((e) => relativePath.endsWith(e)) &&
    !/(^|[\\/._])test\.[jt]sx?$|\.d\.ts$/.test(relativePath);
}

/**
 * Whether a file under islands/ (path relative to it) is an island: a module
 * named as its component is (PascalCase). A lower-case module beside them
 * (islands/messages/keystore.ts) is code the islands share, bundled into
 * whichever island imports it rather than built and registered on its own.
 */
export function isIslandFile(relativePath: string): boolean {
  return isModuleFile(relativePath) && /^[A-Z]/.test(relativePath.split(/[\\/]/).pop()!);
}

const WORKER_SUFFIX = /\.worker\.[jt]s$/;

/**
 * Whether a file under islands/ is a web worker's script (`*.worker.ts`):
 * built into a module of its own that islands start by URL.
 */
export function isWorkerFile(relativePath: string): boolean {
  return WORKER_SUFFIX.test(relativePath);
}

/** "calls/media_e2ee.worker.ts" (relative to islands/) -> "calls/media_e2ee". */
export function workerIdOf(relativePath: string): string {
  return relativePath.replaceAll("\\", "/").replace(/^\.\//, "").replace(WORKER_SUFFIX, "");
}

/** "forms/Meter.tsx" (relative to islands/, either separator) -> "forms/Meter". */
export function islandIdOf(relativePath: string): string {
  const path = relativePath.replaceAll("\\", "/").replace(/^\.\//, "");
  const ext = ISLAND_EXTENSIONS.find((e) => path.endsWith(e));
  return ext ? path.slice(0, -ext.length) : path;
}

/**
 * The service worker: the worker built from `islands/sw.worker.ts`, served at
 * the root so that its scope is the whole site (lib/fresh/service_worker.ts).
 */
export const SERVICE_WORKER_ID = "sw";
export const SERVICE_WORKER_PATH = "/sw.js";
/** The global the served script sets before the worker's code runs: what it must know of its build. */
export const SERVICE_WORKER_BUILD = "__FRSH_SW_BUILD";

export interface ServiceWorkerBuild {
  /** The build id: the worker's caches are named for it. */
  id: string;
  /** URL prefix of this build's files, "/_fresh/js/<id>/": immutable, so cached on first use. */
  base: string;
  /** What the worker stores when it installs: the build's shell files and the app's offline page. */
  precache: string[];
}
