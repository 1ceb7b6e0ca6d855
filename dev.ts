/**
 * `deno task dev`: regenerate fresh.gen.ts, then start the server with an
 * unminified island build and live reload. The task runs this under
 * `deno run --watch`, which restarts it on every edit.
 */
import { writeManifest } from "./lib/fresh/dev/manifest.ts";

if (await writeManifest(new URL(".", import.meta.url).pathname)) {
  console.log("fresh.gen.ts regenerated");
}
// Imported only now, so the server loads the manifest just written.
const { start } = await import("./main.ts");
await start({ dev: true });
