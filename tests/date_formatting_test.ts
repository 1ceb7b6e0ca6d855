/**
 * Times read the same way on every page: pages, components and islands show
 * dates and times only through domain/time_format.ts, never with a formatter
 * of their own. A failure names the file, the line and what it used.
 */
import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url);
const DIRS = ["components/", "routes/", "islands/"];

/** Ways of turning a date into words by hand. */
const OWN_FORMATTING: [RegExp, string][] = [
  [/\bDateTimeFormat\b/, "Intl.DateTimeFormat"],
  [/\.toLocale(?:Date|Time)String\(/, "toLocaleDateString/toLocaleTimeString"],
  [/\bindiaWallClock\b/, "a wall clock of its own"],
  [/\.get(?:UTC)?(?:FullYear|Month|Date|Day|Hours|Minutes)\(/, "the parts of a Date"],
  [/\.toLocaleString\(/, "toLocaleString"],
];
/** toLocaleString is fine on a number ("Up to 1,200 people"); this is the one the pages format so. */
const NUMBERS = /\bcapacity\.toLocaleString\(/;

async function* sources(dir: URL): AsyncGenerator<URL> {
  for await (const entry of Deno.readDir(dir)) {
    const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
    if (entry.isDirectory) yield* sources(url);
    else if (/\.tsx?$/.test(entry.name) && !/_test\.tsx?$/.test(entry.name)) yield url;
  }
}

Deno.test("no page, component or island formats a date or time on its own", async () => {
  const found: string[] = [];
  let checked = 0;
  for (const dir of DIRS) {
    for await (const file of sources(new URL(dir, ROOT))) {
      checked++;
      const lines = (await Deno.readTextFile(file)).split("\n");
      lines.forEach((line, i) => {
        for (const [pattern, what] of OWN_FORMATTING) {
          if (pattern.test(line) && !(what === "toLocaleString" && NUMBERS.test(line))) {
            found.push(`${file.pathname.slice(ROOT.pathname.length)}:${i + 1}: ${what}: ${line.trim()}`);
          }
        }
      });
    }
  }
  assert.ok(checked > 50, `only ${checked} files checked`);
  assert.deepEqual(found, []);
});
