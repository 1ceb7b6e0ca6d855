/**
 * Renders a page tree to a complete HTML document: the markup, exactly the
 * CSS it uses (inlined, so a first visit costs one round trip), and, only
 * when islands are present, their props and the boot script.
 */
import type { VNode } from "preact";
import { renderToStringAsync } from "preact-render-to-string";
import { type IslandCollector, withIslandCollector } from "./island_marker.ts";
import { serialize, SerializeError } from "./serializer.ts";
import type { BuildManifest } from "./build.ts";
import { STATE_ID } from "./islands.ts";
import { reloadScript } from "./dev/reload.ts";
import type { StyleSheet } from "./twind.ts";

export interface RenderOptions {
  nonce?: string;
  build: BuildManifest | null;
  styles: StyleSheet;
  /** URL prefix of built files, e.g. "/_fresh/js/<buildId>/". */
  assetBase: string;
  /** Adds the live-reload script (development only). */
  devReload?: boolean;
}

export async function renderDocument(tree: VNode, opts: RenderOptions): Promise<string> {
  const collector: IslandCollector = { islands: [] };
  const body = await renderToStringAsync(withIslandCollector(tree, collector));
  const ids = [...new Set(collector.islands.map((i) => i.id))];
  const nonceAttr = opts.nonce ? ` nonce="${opts.nonce}"` : "";

  const css = opts.styles.cssFor(body, ids.flatMap((id) => opts.build?.islandTokens[id] ?? []));
  const style = css ? `<style${nonceAttr}>${css}</style>` : "";
  let html = insertAt(body, body.indexOf("</head>"), style, 0);
  let scripts = collector.islands.length > 0 ? islandScripts(collector, ids, opts, nonceAttr) : "";
  if (opts.devReload) scripts += `<script${nonceAttr}>${reloadScript}</script>`;
  if (scripts) html = insertAt(html, html.lastIndexOf("</body>"), scripts, html.length);
  return `<!DOCTYPE html>${html}`;
}

function islandScripts(
  collector: IslandCollector,
  ids: string[],
  opts: RenderOptions,
  nonceAttr: string,
): string {
  const build = opts.build;
  if (!build) {
    throw new Error(
      `This page uses islands (${ids.join(", ")}) but no island build was loaded: run "deno task build"`,
    );
  }
  let state: string;
  try {
    state = serialize(collector.islands.map((i) => i.props));
  } catch (err) {
    if (err instanceof SerializeError && typeof err.path[0] === "number") {
      const island = collector.islands[err.path[0]];
      const prop = err.path.slice(1).join(".");
      throw new Error(`Island "${island.id}", prop "${prop}": ${err.problem}`, { cause: err });
    }
    throw err;
  }
  const imports = ids.map((id, i) => {
    const file = build.islands[id];
    if (!file) throw new Error(`Island "${id}" is missing from the build: run "deno task build"`);
    return `import i${i} from "${opts.assetBase}${file}";`;
  });
  const registry = ids.map((id, i) => `${JSON.stringify(id)}:i${i}`).join(",");
  return `<script id="${STATE_ID}" type="application/json" data-build-id="${build.buildId}"${nonceAttr}>` +
    `${state}</script>` +
    `<script type="module"${nonceAttr}>import{boot}from"${opts.assetBase}${build.boot}";` +
    `${imports.join("")}boot({${registry}});</script>`;
}

/** Inserts `snippet` at `index`, or at `fallback` when the tag was not found (-1). */
function insertAt(html: string, index: number, snippet: string, fallback: number): string {
  const at = index === -1 ? fallback : index;
  return html.slice(0, at) + snippet + html.slice(at);
}
