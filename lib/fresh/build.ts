/**
 * Builds the browser side ahead of time: the boot script plus one entry per
 * island, bundled by esbuild with code splitting so preact and signals land
 * in shared chunks, content-hashed so the server can serve them as immutable.
 *
 * `deno run -A lib/fresh/build.ts [--dev]` builds the project in the working
 * directory into ./_fresh/.
 */
import { dirname, extname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { importMapPlugin, readImportMap } from "./build_import_map.ts";
import { stringTokens } from "./build_string_tokens.ts";
import { isIslandFile, islandIdOf, isWorkerFile, workerIdOf } from "./islands.ts";
import { WORKER_DIR } from "./runtime.ts";

export interface BuildManifest {
  /** Hash of every output file; names the URL prefix the files are served under. */
  buildId: string;
  /** Hash of every input that can change the output; see isBuildStale(). */
  inputsHash: string;
  /** The boot module, relative to the output directory. */
  boot: string;
  /** The module that registers the service worker (client/register_sw.ts), relative to the output directory. */
  register: string;
  /**
   * What the service worker stores when it installs, relative to the output
   * directory: the boot module and the chunks it imports (what any page with
   * islands runs first) and the registration module. Islands are cached when
   * a page first loads them.
   */
  shell: string[];
  /** Island id -> its entry module, relative to the output directory. */
  islands: Record<string, string>;
  /** Worker id -> its script, relative to the output directory (see `workerUrl` in runtime.ts). */
  workers: Record<string, string>;
  /** Every file written, relative to the output directory. */
  files: string[];
  /** Island id -> tokens of the string literals in its project-local sources. */
  islandTokens: Record<string, string[]>;
  /** The inputs hashed into inputsHash, relative to the root. */
  inputs: string[];
}

export interface BuildOptions {
  /** Project root: holds deno.json, islands/ and components/. */
  root: string;
  outDir: string;
  /** Unminified, keeps process.env.NODE_ENV checks (Preact's dev warnings). */
  dev?: boolean;
}

const FRESH_DIR = dirname(fileURLToPath(import.meta.url));
const BOOT = join(FRESH_DIR, "client", "boot.ts");
const REGISTER = join(FRESH_DIR, "client", "register_sw.ts");
// The build's own code and the client runtime change the output as surely as
// an island does.
const FRAMEWORK_FILES = ["build.ts", "build_import_map.ts", "build_string_tokens.ts", "runtime.ts"]
  .map((f) => join(FRESH_DIR, f));
const FRAMEWORK_DIRS = [join(FRESH_DIR, "client")];
const SOURCE_DIRS = ["islands", "components"];
const CONFIG_FILES = ["deno.json", "deno.lock"];
const NODE_MODULES = /(^|[\\/])node_modules[\\/]/;
const MANIFEST = "manifest.json";
/** esbuild's metafile, for bundle analysis and the one-copy-of-preact test; never served. */
export const METAFILE = "metafile.json";

export async function buildIslands(opts: BuildOptions): Promise<BuildManifest> {
  const root = resolve(opts.root);
  const outDir = resolve(opts.outDir);
  const dev = opts.dev ?? false;
  const configPath = join(root, "deno.json");
  const islandFiles = await islandSources(root);

  const entryPoints: Record<string, string> = { boot: BOOT, register: REGISTER };
  for (const file of islandFiles) {
    entryPoints[`islands/${islandIdOf(relative(join(root, "islands"), file))}`] = file;
  }

  try {
    const result = await esbuild.build({
      absWorkingDir: root,
      entryPoints,
      outdir: outDir,
      entryNames: "[dir]/[name]-[hash]",
      chunkNames: "chunks/[name]-[hash]",
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "browser",
      target: "es2020",
      // Class fields as written (Chrome 72, Firefox 69, Safari 14): lowering them needs esbuild's helpers,
      // which land in the chunk every island page loads (see esmWrapPlugin).
      supported: { "class-field": true },
      minify: !dev,
      jsx: "automatic",
      jsxImportSource: "preact",
      define: dev ? {} : { "process.env.NODE_ENV": '"production"' },
      plugins: [esmWrapPlugin(), importMapPlugin(configPath, await readImportMap(configPath))],
      metafile: true,
      write: false,
      logLevel: "silent",
    });
    const workerBuild = await buildWorkers(root, outDir, configPath, dev);
    const metafile = result.metafile!;
    const outputs = [...result.outputFiles!, ...workerBuild.outputFiles].map((f) => ({
      path: relative(outDir, f.path).replaceAll("\\", "/"),
      contents: f.contents,
    })).sort((a, b) => a.path.localeCompare(b.path));

    const entryOutput = new Map<string, string>();
    for (const [path, output] of Object.entries(metafile.outputs)) {
      if (output.entryPoint) {
        entryOutput.set(resolve(root, output.entryPoint), relative(outDir, resolve(root, path)));
      }
    }
    const islands: Record<string, string> = {};
    const islandTokens: Record<string, string[]> = {};
    for (const file of islandFiles) {
      const id = islandIdOf(relative(join(root, "islands"), file));
      islands[id] = entryOutput.get(file)!.replaceAll("\\", "/");
      islandTokens[id] = await tokensOf(localInputsReachableFrom(metafile, root, file));
    }

    const localInputs = [...Object.keys(metafile.inputs), ...workerBuild.inputs]
      .filter((p) => !NODE_MODULES.test(p))
      .map((p) => resolve(root, p));
    const inputs = await inputList(root, localInputs);
    const boot = entryOutput.get(BOOT)!.replaceAll("\\", "/");
    const register = entryOutput.get(REGISTER)!.replaceAll("\\", "/");
    const manifest: BuildManifest = {
      buildId: await hashHex(outputs.flatMap((o) => [o.path, o.contents])),
      inputsHash: await inputsHashOf(root, inputs, dev),
      boot,
      register,
      shell: [...staticImportsOf(metafile, root, outDir, boot), register],
      islands,
      workers: workerBuild.workers,
      files: outputs.map((o) => o.path),
      islandTokens,
      inputs,
    };
    await writeOutputs(outDir, outputs, manifest);
    await Deno.writeTextFile(join(outDir, METAFILE), JSON.stringify(metafile));
    return manifest;
  } finally {
    await esbuild.stop();
  }
}

/**
 * Web workers (files under islands/ named `*.worker.ts`): each bundled whole into one module
 * of its own, named for its id without a hash (the URL prefix already names
 * the build, and a worker is started by URL, which islands must be able to
 * write down: runtime.ts `workerUrl`).
 */
async function buildWorkers(root: string, outDir: string, configPath: string, dev: boolean) {
  const dir = join(root, "islands");
  const files = (await walkFiles(dir)).filter((f) => isWorkerFile(relative(dir, f))).sort();
  if (files.length === 0) return { outputFiles: [], workers: {}, inputs: [] };
  const entryPoints = Object.fromEntries(
    files.map((f) => [`${WORKER_DIR}/${workerIdOf(relative(dir, f))}`, f]),
  );
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints,
    outdir: outDir,
    entryNames: "[dir]/[name]",
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2020",
    minify: !dev,
    define: dev ? {} : { "process.env.NODE_ENV": '"production"' },
    plugins: [importMapPlugin(configPath, await readImportMap(configPath))],
    metafile: true,
    write: false,
    logLevel: "silent",
  });
  const workers = Object.fromEntries(
    Object.keys(entryPoints).map((key) => [key.slice(WORKER_DIR.length + 1), `${key}.js`]),
  );
  return { outputFiles: result.outputFiles!, workers, inputs: Object.keys(result.metafile!.inputs) };
}

/**
 * CommonJS packages the islands use, as ES modules. esbuild bundles CommonJS
 * with helpers of its own (__commonJS, __toESM, __require), and it puts its
 * helpers in the chunk shared by every entry, so one island's lazily loaded
 * dependency would cost every page with an island. These packages are single
 * self-contained files (UMD): `module` becomes a local of the file, exported
 * as its default, and `require` a local that finds nothing (their Node-only
 * branch, which a browser never takes).
 */
const ESM_WRAPPED = /[\\/]tweetnacl[\\/]nacl-fast\.js$/;

export function esmWrapPlugin(): esbuild.Plugin {
  return {
    name: "esm-wrap",
    setup(build) {
      build.onLoad({ filter: ESM_WRAPPED }, async (args) => ({
        contents: "var module = { exports: {} }, exports = module.exports;\n" +
          "var require = function () { return {}; };\n" +
          `${await Deno.readTextFile(args.path)}\nexport default module.exports;\n`,
        loader: "js",
      }));
    },
  };
}

/** True when no build exists in `outDir` or an input changed since it was made. */
export async function isBuildStale(root: string, outDir: string, dev = false): Promise<boolean> {
  const manifest = await readBuildManifest(outDir);
  if (!manifest) return true;
  const absRoot = resolve(root);
  const inputs = await inputList(absRoot, manifest.inputs.map((p) => resolve(absRoot, p)));
  return await inputsHashOf(absRoot, inputs, dev) !== manifest.inputsHash;
}

export async function readBuildManifest(outDir: string): Promise<BuildManifest | null> {
  try {
    return JSON.parse(await Deno.readTextFile(join(outDir, MANIFEST)));
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return null;
    throw err;
  }
}

async function islandSources(root: string): Promise<string[]> {
  const dir = join(root, "islands");
  return (await walkFiles(dir)).filter((f) => isIslandFile(relative(dir, f))).sort();
}

/** Every file under `dir`, or [] when it does not exist. */
async function walkFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory) files.push(...await walkFiles(path));
      else if (entry.isFile) files.push(path);
    }
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  return files;
}

/**
 * The inputs that decide whether a build is current, relative to `root`:
 * the given files plus everything that could add inputs (a new island, a
 * changed import map or lockfile, the build code itself). Files an island
 * imports from elsewhere in the project come in through `known`.
 */
async function inputList(root: string, known: string[]): Promise<string[]> {
  const found = new Set(known);
  for (const dir of SOURCE_DIRS) for (const f of await walkFiles(join(root, dir))) found.add(f);
  for (const f of CONFIG_FILES) found.add(join(root, f));
  for (const f of FRAMEWORK_FILES) found.add(f);
  for (const dir of FRAMEWORK_DIRS) for (const f of await walkFiles(dir)) found.add(f);
  return [...found].map((f) => relative(root, f).replaceAll("\\", "/")).sort();
}

async function inputsHashOf(root: string, inputs: string[], dev: boolean): Promise<string> {
  const parts: (string | Uint8Array)[] = [dev ? "dev" : "prod"];
  for (const input of inputs) {
    parts.push(input);
    try {
      parts.push(await Deno.readFile(resolve(root, input)));
    } catch (err) {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
      parts.push("\0missing");
    }
  }
  return await hashHex(parts);
}

/** `file` and every output it imports statically, directly or not (paths relative to `outDir`). */
function staticImportsOf(metafile: esbuild.Metafile, root: string, outDir: string, file: string): string[] {
  const toOut = (path: string) => relative(outDir, resolve(root, path)).replaceAll("\\", "/");
  const byOut = new Map(Object.entries(metafile.outputs).map(([path, output]) => [toOut(path), output]));
  const seen = new Set<string>();
  const queue = [file];
  while (queue.length > 0) {
    const next = queue.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    for (const imp of byOut.get(next)?.imports ?? []) {
      if (imp.kind === "import-statement") queue.push(toOut(imp.path));
    }
  }
  return [...seen].sort();
}

/** Project files (not node_modules nor lib/fresh) that `entry` imports, directly or not. */
function localInputsReachableFrom(
  metafile: esbuild.Metafile,
  root: string,
  entry: string,
): string[] {
  const seen = new Set<string>();
  const queue = [relative(root, entry).replaceAll("\\", "/")];
  while (queue.length > 0) {
    const path = queue.pop()!;
    if (seen.has(path) || NODE_MODULES.test(path)) continue;
    seen.add(path);
    for (const imp of metafile.inputs[path]?.imports ?? []) queue.push(imp.path);
  }
  return [...seen]
    .filter((p) => p in metafile.inputs)
    .map((p) => resolve(root, p))
    // The framework's own strings are markers and ids, never class names.
    .filter((p) => !p.startsWith(FRESH_DIR));
}

async function tokensOf(files: string[]): Promise<string[]> {
  const tokens = new Set<string>();
  for (const file of files) {
    const { code } = await esbuild.transform(await Deno.readTextFile(file), {
      loader: extname(file).slice(1) as esbuild.Loader,
      jsx: "automatic",
      jsxImportSource: "preact",
    });
    for (const token of stringTokens(code)) tokens.add(token);
  }
  return [...tokens].sort();
}

async function hashHex(parts: (string | Uint8Array)[]): Promise<string> {
  const encoder = new TextEncoder();
  const chunks = parts.flatMap((p) => {
    const bytes = typeof p === "string" ? encoder.encode(p) : p;
    // A length prefix keeps ["ab", "c"] and ["a", "bc"] apart.
    return [encoder.encode(`${bytes.length}:`), bytes];
  });
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", all));
  return Array.from(digest.subarray(0, 8), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Writes the new files and manifest before deleting the previous build's
 * leftovers, so a server reading `outDir` never finds a manifest naming
 * missing files.
 */
async function writeOutputs(
  outDir: string,
  outputs: { path: string; contents: Uint8Array }[],
  manifest: BuildManifest,
): Promise<void> {
  const previous = await readBuildManifest(outDir);
  for (const { path, contents } of outputs) {
    await Deno.mkdir(dirname(join(outDir, path)), { recursive: true });
    await Deno.writeFile(join(outDir, path), contents);
  }
  const tmp = join(outDir, `${MANIFEST}.tmp`);
  await Deno.writeTextFile(tmp, JSON.stringify(manifest, null, 2) + "\n");
  await Deno.rename(tmp, join(outDir, MANIFEST));
  const current = new Set(manifest.files);
  for (const file of previous?.files ?? []) {
    if (current.has(file)) continue;
    await Deno.remove(join(outDir, file)).catch((err) => {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    });
  }
}

if (import.meta.main) {
  const root = Deno.cwd();
  try {
    const manifest = await buildIslands({
      root,
      outDir: join(root, "_fresh"),
      dev: Deno.args.includes("--dev"),
    });
    console.log(
      `Built ${Object.keys(manifest.islands).length} island(s), ${manifest.files.length} files, ` +
        `build ${manifest.buildId} -> _fresh/`,
    );
  } catch (err) {
    // esbuild's message already lists every error with its location.
    console.error(err instanceof Error ? err.message : err);
    Deno.exit(1);
  }
}
