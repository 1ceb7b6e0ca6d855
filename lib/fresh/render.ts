/**
 * Renders a page tree to a complete HTML document: the markup, exactly the
 * CSS it uses (inlined, so a first visit costs one round trip), and, only
 * when islands are present, their props and the boot script.
 *
 * Every inline script and style is reported by its SHA-256, for a Content
 * Security Policy that allows exactly those (CSP hashes). Unlike a
 * per-request nonce, hashes leave the page's bytes the same from one request
 * to the next, so a page can be cached, validated with an ETag and
 * compressed once. The props payload is a JSON data block, which browsers
 * never execute, so it needs no hash.
 */
import type { VNode } from "preact";
import { renderToStringAsync } from "preact-render-to-string";
import { type IslandCollector, withIslandCollector } from "./island_marker.ts";
import { serialize, SerializeError } from "./serializer.ts";
import type { BuildManifest } from "./build.ts";
import { STATE_ID } from "./islands.ts";
import { reloadScript } from "./dev/reload.ts";
import type { StyleSheet } from "./twind.ts";
import { LruMap } from "../lru.ts";

export interface RenderOptions {
  build: BuildManifest | null;
  styles: StyleSheet;
  /** URL prefix of built files, e.g. "/_fresh/js/<buildId>/". */
  assetBase: string;
  /** Adds the live-reload script (development only). */
  devReload?: boolean;
}

/** CSP source expressions ('sha256-…') of a document's inline code. */
export interface InlineHashes {
  scripts: string[];
  styles: string[];
}

export interface RenderedDocument {
  html: string;
  inline: InlineHashes;
}

export async function renderDocument(tree: VNode, opts: RenderOptions): Promise<RenderedDocument> {
  const collector: IslandCollector = { islands: [] };
  const body = await renderToStringAsync(withIslandCollector(tree, collector));
  const ids = [...new Set(collector.islands.map((i) => i.id))];
  const inline: InlineHashes = { scripts: [], styles: [] };

  const islandTokens = Object.fromEntries(ids.map((id) => [id, opts.build?.islandTokens[id] ?? []]));
  const css = opts.styles.cssFor(body, islandTokens);
  let html = body;
  if (css) {
    inline.styles.push(await cspHash(css));
    html = insertAt(html, html.indexOf("</head>"), `<style>${css}</style>`, 0);
  }
  let scripts = "";
  if (collector.islands.length > 0) {
    const { state, boot } = islandScripts(collector, ids, opts);
    inline.scripts.push(await cspHash(boot));
    scripts += `<script id="${STATE_ID}" type="application/json" data-build-id="${opts.build!.buildId}">` +
      `${state}</script><script type="module">${boot}</script>`;
  }
  if (opts.devReload) {
    inline.scripts.push(await cspHash(reloadScript));
    scripts += `<script>${reloadScript}</script>`;
  }
  if (scripts) html = insertAt(html, html.lastIndexOf("</body>"), scripts, html.length);
  return { html: `<!DOCTYPE html>${html}`, inline };
}

/** Hashes of recent texts: a page's CSS and boot script are the same on most requests. */
const hashes = new LruMap<string, Promise<string>>(500);

/** 'sha256-<base64>' of an inline script's or style's exact text. */
export function cspHash(text: string): Promise<string> {
  let hash = hashes.get(text);
  if (hash === undefined) {
    hash = crypto.subtle.digest("SHA-256", new TextEncoder().encode(text))
      .then((digest) => `'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`);
    hashes.set(text, hash);
  }
  return hash;
}

function islandScripts(
  collector: IslandCollector,
  ids: string[],
  opts: RenderOptions,
): { state: string; boot: string } {
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
  return {
    state,
    boot: `import{boot}from"${opts.assetBase}${build.boot}";${imports.join("")}boot({${registry}});`,
  };
}

/** Inserts `snippet` at `index`, or at `fallback` when the tag was not found (-1). */
function insertAt(html: string, index: number, snippet: string, fallback: number): string {
  const at = index === -1 ? fallback : index;
  return html.slice(0, at) + snippet + html.slice(at);
}
