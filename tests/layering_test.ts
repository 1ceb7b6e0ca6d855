/**
 * The import rules of ARCHITECTURE.md, checked on every source file: a layer
 * imports only the layers below it, and some only the types of others. Tests
 * and the entries (main.ts, dev.ts, cli/) compose everything and are not
 * checked. A failure names the file, the import and the rule it breaks.
 */
import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url);

type Layer =
  | "domain"
  | "lib"
  | "config"
  | "db"
  | "integrations"
  | "services"
  | "api"
  | "components"
  | "islands"
  | "routes"
  | "utils.ts"
  | "server";

/** What each layer may import: its values, and the layers it may import only types from. */
const RULES: Record<Layer, { values: Layer[]; types?: Layer[] }> = {
  domain: { values: ["domain"] },
  lib: { values: ["lib", "domain"] },
  config: { values: ["config"] },
  db: { values: ["db", "domain", "lib", "config"] },
  integrations: { values: ["integrations", "domain", "lib", "config"] },
  services: { values: ["services", "db", "integrations", "domain", "lib", "config"] },
  api: { values: ["api", "services", "domain", "lib"], types: ["db", "integrations"] },
  components: { values: ["components", "islands", "domain", "lib"], types: ["services", "utils.ts"] },
  islands: { values: ["islands", "domain", "lib"] },
  routes: {
    values: ["routes", "components", "islands", "services", "domain", "lib", "utils.ts"],
    types: ["db", "integrations"],
  },
  "utils.ts": { values: ["lib"], types: ["db", "domain", "services", "integrations", "components"] },
  server: {
    values: ["server", "api", "services", "db", "integrations", "domain", "lib", "config", "utils.ts"],
    types: ["components"],
  },
};

const IMPORT = /^\s*(import|export)\s+(type\s+)?(?:[^"';]*?\s+from\s+)?["'](\.{1,2}\/[^"']+)["']/gm;

async function* sourceFiles(dir: URL): AsyncGenerator<URL> {
  for await (const entry of Deno.readDir(dir)) {
    if (entry.name.startsWith(".") || entry.name === "node_modules" || entry.name === "_fresh") continue;
    const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
    if (entry.isDirectory) yield* sourceFiles(url);
    else if (/\.tsx?$/.test(entry.name) && !/_test\.tsx?$/.test(entry.name)) yield url;
  }
}

function layerOf(url: URL): Layer | null {
  const top = url.pathname.slice(ROOT.pathname.length).split("/")[0];
  return top in RULES ? top as Layer : null;
}

Deno.test("every import follows the layering rules of ARCHITECTURE.md", async () => {
  const broken: string[] = [];
  let checked = 0;
  for await (const file of sourceFiles(ROOT)) {
    const from = layerOf(file);
    if (!from) continue;
    checked++;
    const rule = RULES[from];
    const source = await Deno.readTextFile(file);
    for (const [, , typeOnly, specifier] of source.matchAll(IMPORT)) {
      const to = layerOf(new URL(specifier, file));
      if (!to || rule.values.includes(to) || (typeOnly && rule.types?.includes(to))) continue;
      const why = rule.types?.includes(to) ? "only types may come from" : "may not import";
      broken.push(`${file.pathname.slice(ROOT.pathname.length)}: ${from} ${why} ${to} (${specifier})`);
    }
  }
  assert.ok(checked > 200, `only ${checked} files checked`);
  assert.deepEqual(broken, []);
});

/** Services whose statements all live in db/queries/ (ARCHITECTURE.md, "Where queries live"). */
const WITHOUT_SQL = [
  "services/bookings/",
  "services/calendar/",
  "services/catalog/",
  "services/dashboard.ts",
  "services/push/",
  "services/reviews/",
  "services/trust/",
];
const STATEMENT =
  /\.(?:selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(|\bsql\s*(?:<[^>]*>)?`/;

Deno.test("the booking, calendar, catalog and trust services compose named queries and hold no SQL of their own", async () => {
  const found: string[] = [];
  for (const path of WITHOUT_SQL) {
    const files = path.endsWith("/") ? sourceFiles(new URL(path, ROOT)) : [new URL(path, ROOT)];
    for await (const file of files) {
      const lines = (await Deno.readTextFile(file)).split("\n");
      lines.forEach((line, i) => {
        if (STATEMENT.test(line)) {
          found.push(`${file.pathname.slice(ROOT.pathname.length)}:${i + 1}: ${line.trim()}`);
        }
      });
    }
  }
  assert.deepEqual(found, []);
});
