import assert from "node:assert/strict";
import { cp } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Metafile } from "esbuild";
import { buildIslands, isBuildStale, METAFILE, readBuildManifest } from "./build.ts";
import { stringLiterals } from "./build_string_tokens.ts";
import { SERVICE_WORKER_BUILD, SERVICE_WORKER_PATH } from "./islands.ts";
import { serviceWorkerResponder, serviceWorkerScript } from "./service_worker.ts";

const PROJECT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const FIXTURE = join(PROJECT, "tests", "fixtures", "islands_app");

/**
 * A throwaway copy of the fixture app, with the project's import map (local
 * targets made absolute) and node_modules, so the build sees what a real
 * app's build sees.
 */
async function fixtureApp(): Promise<{ root: string; outDir: string } & AsyncDisposable> {
  const root = await Deno.makeTempDir({ prefix: "islands_app_" });
  await cp(FIXTURE, root, { recursive: true });
  const config = JSON.parse(await Deno.readTextFile(join(PROJECT, "deno.json")));
  const imports = Object.fromEntries(
    Object.entries(config.imports as Record<string, string>).map(([key, target]) => [
      key,
      target.startsWith(".") ? pathToFileURL(resolve(PROJECT, target)).href : target,
    ]),
  );
  await Deno.writeTextFile(join(root, "deno.json"), JSON.stringify({ imports }));
  await Deno.symlink(join(PROJECT, "node_modules"), join(root, "node_modules"));
  return {
    root,
    outDir: join(root, "_fresh"),
    [Symbol.asyncDispose]: () => Deno.remove(root, { recursive: true }),
  };
}

const PACKAGES = ["preact", "@preact/signals", "@preact/signals-core"];

/** The package an input under node_modules belongs to, e.g. "@preact/signals". */
function packageOf(input: string): string | undefined {
  return input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/)?.[1];
}

Deno.test("preact, signals and signals-core each end up in exactly one output file", async () => {
  await using app = await fixtureApp();
  await buildIslands({ root: app.root, outDir: app.outDir });
  const metafile: Metafile = JSON.parse(await Deno.readTextFile(join(app.outDir, METAFILE)));

  const outputsByInput = new Map<string, string[]>();
  for (const [output, { inputs }] of Object.entries(metafile.outputs)) {
    for (const input of Object.keys(inputs)) {
      outputsByInput.set(input, [...outputsByInput.get(input) ?? [], output]);
    }
  }
  for (const name of PACKAGES) {
    const inputs = Object.keys(metafile.inputs).filter((i) => packageOf(i) === name);
    assert.ok(inputs.length > 0, `${name} is bundled`);
    // One installed copy: every input of the package sits in one package directory.
    const dirs = new Set(inputs.map((i) => i.slice(0, i.lastIndexOf(`node_modules/${name}/`))));
    assert.equal(dirs.size, 1, `${name} comes from one directory, got ${[...dirs]}`);
    for (const input of inputs) {
      assert.deepEqual(outputsByInput.get(input)?.length, 1, `${input} is in exactly one output`);
    }
  }
});

Deno.test("outputs are minified, content-hashed and free of process.env", async () => {
  await using app = await fixtureApp();
  const manifest = await buildIslands({ root: app.root, outDir: app.outDir });
  assert.deepEqual(Object.keys(manifest.islands).sort(), ["Counter", "forms/Meter"]);
  assert.ok(manifest.files.includes(manifest.boot));
  for (const file of manifest.files) {
    assert.match(file, /-[A-Z0-9]{8}\.js$/);
    const code = await Deno.readTextFile(join(app.outDir, file));
    assert.ok(code.trimEnd().split("\n").length <= 3, `${file} is minified`);
    assert.doesNotMatch(code, /process\.env/);
  }
  assert.deepEqual(await readBuildManifest(app.outDir), manifest);
});

Deno.test("a dev build is readable and is stale for a production server", async () => {
  await using app = await fixtureApp();
  const manifest = await buildIslands({ root: app.root, outDir: app.outDir, dev: true });
  const island = await Deno.readTextFile(join(app.outDir, manifest.islands.Counter));
  assert.ok(island.split("\n").length > 10);
  assert.equal(await isBuildStale(app.root, app.outDir, true), false);
  assert.equal(await isBuildStale(app.root, app.outDir), true);
});

Deno.test("editing an island makes the build stale, and rebuilding changes the build id", async () => {
  await using app = await fixtureApp();
  assert.equal(await isBuildStale(app.root, app.outDir), true, "no build yet");
  const first = await buildIslands({ root: app.root, outDir: app.outDir });
  assert.equal(await isBuildStale(app.root, app.outDir), false);

  const counter = join(app.root, "islands", "Counter.tsx");
  const source = await Deno.readTextFile(counter);
  await Deno.writeTextFile(counter, source.replace("ring-0", "ring-1"));
  assert.equal(await isBuildStale(app.root, app.outDir), true);

  const second = await buildIslands({ root: app.root, outDir: app.outDir });
  assert.notEqual(second.buildId, first.buildId);
  assert.notEqual(second.islands.Counter, first.islands.Counter);
  assert.equal(second.boot, first.boot, "files that did not change keep their name");
  assert.equal(await isBuildStale(app.root, app.outDir), false);
  await assert.rejects(Deno.stat(join(app.outDir, first.islands.Counter)), Deno.errors.NotFound);
});

Deno.test("adding an island or editing a component makes the build stale", async () => {
  await using app = await fixtureApp();
  await buildIslands({ root: app.root, outDir: app.outDir });
  await Deno.writeTextFile(join(app.root, "islands", "New.tsx"), "export default () => null;\n");
  assert.equal(await isBuildStale(app.root, app.outDir), true);

  await buildIslands({ root: app.root, outDir: app.outDir });
  await Deno.writeTextFile(join(app.root, "components", "Badge.tsx"), "export const Badge = () => null;\n");
  assert.equal(await isBuildStale(app.root, app.outDir), true);
});

Deno.test("islandTokens holds classes an island only adds after hydration", async () => {
  await using app = await fixtureApp();
  const { islandTokens } = await buildIslands({ root: app.root, outDir: app.outDir });
  const counter = islandTokens.Counter;
  // Set on click, in the island and in a component it imports.
  for (const cls of ["ring-2", "ring-emerald-500", "badge", "px-2", "text-xs", "text-sm"]) {
    assert.ok(counter.includes(cls), `${cls} in ${counter}`);
  }
  assert.ok(!counter.includes("preact/hooks"), "import specifiers are not text");
  assert.ok(!counter.includes("__FRSH_STATE"), "the framework's own strings are left out");
  assert.ok(!islandTokens["forms/Meter"].includes("ring-emerald-500"));
});

Deno.test("string literals are found past comments, regular expressions and templates", () => {
  const code = [
    `import { x } from "./x.ts";`,
    `/* @__PURE__ */ jsx("p", { children: "Don't stop" }); // a 'comment'`,
    `const re = /["'\`]/g, half = a / 2 / b;`,
    "const cls = `px-2 ${on ? `bg-${tone} ring` : { k: 'off' }.k} end`;",
    `f("esc\\"aped\\u0041");`,
  ].join("\n");
  assert.deepEqual(stringLiterals(code), [
    "p",
    "Don't stop",
    "px-2 ",
    "bg-",
    " ring",
    "off",
    " end",
    'esc"apedA',
  ]);
});

Deno.test("a worker under islands/ is built whole at a stable path, and is no island", async () => {
  await using app = await fixtureApp();
  await Deno.mkdir(join(app.root, "islands", "jobs"), { recursive: true });
  await Deno.writeTextFile(
    join(app.root, "islands", "jobs", "count.worker.ts"),
    'import { signal } from "@preact/signals";\n' +
      "const total = signal(0);\n" +
      "self.onmessage = (e) => { total.value += e.data; self.postMessage(total.value); };\n",
  );
  const manifest = await buildIslands({ root: app.root, outDir: app.outDir });
  assert.deepEqual(manifest.workers, { "jobs/count": "workers/jobs/count.js" });
  assert.ok(manifest.files.includes("workers/jobs/count.js"));
  assert.ok(!Object.keys(manifest.islands).some((id) => id.includes("count")));
  // Whole: a worker started by URL cannot reach the islands' shared chunks, so it imports nothing.
  const code = await Deno.readTextFile(join(app.outDir, "workers", "jobs", "count.js"));
  assert.doesNotMatch(code, /\bimport\s*[{"'*]|\bimport\(/);
  assert.match(code, /postMessage/);
  // The worker is an input of the build: changing it makes the build stale.
  assert.equal(await isBuildStale(app.root, app.outDir), false);
  await Deno.writeTextFile(join(app.root, "islands", "jobs", "count.worker.ts"), "self.postMessage(1);\n");
  assert.equal(await isBuildStale(app.root, app.outDir), true);
});

Deno.test("the shell is boot, the chunks it imports and the registration module, which imports nothing", async () => {
  await using app = await fixtureApp();
  const manifest = await buildIslands({ root: app.root, outDir: app.outDir });
  const boot = await Deno.readTextFile(join(app.outDir, manifest.boot));
  const chunks = [...boot.matchAll(/from\s*"\.\/(chunks\/[^"]+)"/g)].map((m) => m[1]);
  assert.ok(chunks.length > 0, "boot imports preact's chunk");
  assert.deepEqual(manifest.shell, [manifest.boot, ...chunks, manifest.register].sort());
  for (const island of Object.values(manifest.islands)) assert.ok(!manifest.shell.includes(island), island);

  const register = await Deno.readTextFile(join(app.outDir, manifest.register));
  assert.doesNotMatch(register, /\bimport\s*[{"'*]|\bimport\(/);
  assert.ok(register.includes(JSON.stringify(SERVICE_WORKER_PATH)), "it registers the served path");
  assert.match(register, /addEventListener\("load"/);
});

Deno.test("islands/sw.worker.ts is served whole with its build's id and shell; no worker, no script", async () => {
  await using app = await fixtureApp();
  const without = await buildIslands({ root: app.root, outDir: app.outDir });
  assert.equal(await serviceWorkerScript(without, app.outDir, ["/offline"]), null);

  await Deno.writeTextFile(
    join(app.root, "islands", "sw.worker.ts"),
    'self.addEventListener("fetch", () => {});\n',
  );
  const manifest = await buildIslands({ root: app.root, outDir: app.outDir });
  const script = (await serviceWorkerScript(manifest, app.outDir, ["/offline"]))!;
  const [first, ...rest] = script.split("\n");
  const prefix = `self.${SERVICE_WORKER_BUILD}=`;
  assert.ok(first.startsWith(prefix) && first.endsWith(";"), first);
  const base = `/_fresh/js/${manifest.buildId}/`;
  assert.deepEqual(JSON.parse(first.slice(prefix.length, -1)), {
    id: manifest.buildId,
    base,
    precache: [...manifest.shell.map((f) => `${base}${f}`), "/offline"],
  });
  assert.match(rest.join("\n"), /addEventListener\("fetch"/);

  const serve = serviceWorkerResponder(() => Promise.resolve(script));
  const res = (await serve(new Request("http://x/sw.js")))!;
  assert.equal(res.headers.get("cache-control"), "no-cache");
  assert.equal(await res.text(), script);
  const again =
    (await serve(new Request("http://x/sw.js", { headers: { "If-None-Match": res.headers.get("etag")! } })))!;
  assert.equal(again.status, 304);
  assert.equal(
    await serviceWorkerResponder(() => Promise.resolve(null))(new Request("http://x/sw.js")),
    null,
  );
});
