/**
 * What a first visit to a page costs on the wire: the HTML (with its inline
 * CSS) and every JavaScript file it loads at start-up, each fetched with
 * `Accept-Encoding: gzip` and counted as the bytes the server actually sent.
 *
 * node:http, because it hands over the body still compressed; fetch would
 * decompress it and hide the figure.
 */
import http from "node:http";

export interface Transfer {
  url: string;
  /** Body bytes on the wire, compressed or not, as the server chose. */
  wireBytes: number;
  /** Body bytes after decoding. */
  rawBytes: number;
  text: string;
}

export interface PageWeight {
  html: Transfer;
  scripts: Transfer[];
}

/** `headers` go with the page's request only (a signed-in page's authorization); scripts are public. */
export async function measurePage(url: string, headers: Record<string, string> = {}): Promise<PageWeight> {
  const html = await download(url, headers);
  const scripts: Transfer[] = [];
  const seen = new Set<string>();
  const queue = moduleUrls(html.text, url, /["'](\/_fresh\/js\/[^"']+\.js)["']/g);
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (seen.has(next)) continue;
    seen.add(next);
    const script = await download(next);
    scripts.push(script);
    queue.push(...moduleUrls(script.text, next, STATIC_IMPORT));
  }
  return { html, scripts };
}

/**
 * Static `import`/`export ... from` specifiers in esbuild's output. Dynamic
 * `import()` is left out on purpose: it loads later, if ever, not at start-up.
 */
export const STATIC_IMPORT =
  /\b(?:import|export)\s*(?:[\w$*{},\s]+?\s*from\s*)?["']((?:\.{1,2}\/|\/)[^"']+)["']/g;

export function moduleUrls(source: string, base: string, pattern: RegExp): string[] {
  return [...source.matchAll(pattern)].map((m) => new URL(m[1], base).href);
}

export async function download(url: string, headers: Record<string, string> = {}): Promise<Transfer> {
  const { status, encoding, body } = await new Promise<
    { status: number; encoding: string; body: Uint8Array<ArrayBuffer> }
  >((resolve, reject) => {
    http.get(url, { headers: { ...headers, "accept-encoding": "gzip" } }, (res) => {
      const chunks: Uint8Array[] = [];
      res.on("data", (chunk: Uint8Array) => chunks.push(chunk));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          encoding: String(res.headers["content-encoding"] ?? "identity"),
          body: concat(chunks),
        }));
      res.on("error", reject);
    }).on("error", reject);
  });
  if (status !== 200) throw new Error(`GET ${url} answered ${status}`);
  if (encoding !== "gzip" && encoding !== "identity") {
    throw new Error(`GET ${url}: unexpected ${encoding} encoding`);
  }
  const decoded = encoding === "gzip" ? await gunzip(body) : body;
  return { url, wireBytes: body.length, rawBytes: decoded.length, text: new TextDecoder().decode(decoded) };
}

async function gunzip(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function concat(chunks: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return all;
}
