/**
 * esbuild puts the helpers it needs for CommonJS and for lowered syntax into
 * the chunk every entry shares, so a helper one island's lazily loaded code
 * needs (the chat's crypto) would be downloaded by every page with any
 * island. The project's real build must need none of them.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { buildIslands } from "../lib/fresh/build.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const HELPER =
  /\b__(?:commonJS|toESM|require|publicField|privateGet|privateAdd|privateSet|privateMethod|defNormalProp|async|objRest|spreadValues)\b/;

Deno.test("no island output carries esbuild's runtime helpers, so no page pays for another's dependencies", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "island_bundles_" });
  try {
    // Unminified, so the helpers keep their names.
    const manifest = await buildIslands({ root: ROOT, outDir, dev: true });
    const withHelpers = [];
    for (const file of manifest.files) {
      const found = HELPER.exec(await Deno.readTextFile(join(outDir, file)));
      if (found) withHelpers.push(`${file}: ${found[0]}`);
    }
    assert.deepEqual(withHelpers, []);
    // The chat's crypto is there, loaded lazily: the check saw the code that needed the helpers.
    assert.ok(
      manifest.files.some((f) => /^chunks\/conversation-/.test(f)),
      "the chat's lazy chunk was built",
    );
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
