/**
 * Files under static/ and the island build, with strong ETags. A request
 * carrying asset()'s cache-busting parameter, or a path under the build id,
 * is immutable for a year; anything else must revalidate (cheap: a 304).
 */
import { extname, join, normalize } from "node:path";

const TYPES: Record<string, string> = {
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".xml": "application/xml",
  ".woff2": "font/woff2",
  ".map": "application/json",
};

const IMMUTABLE = "public, max-age=31536000, immutable";
const REVALIDATE = "public, max-age=0, must-revalidate";

interface CachedFile {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
  type: string;
}

export interface StaticFiles {
  /** Answers for `path` (URL path relative to the root) or null when there is no such file. */
  serve(req: Request, path: string, immutable: boolean): Promise<Response | null>;
}

/** The longest file name Linux, macOS and Windows file systems allow. */
const NAME_MAX = 255;

const utf8Length = (text: string) => new TextEncoder().encode(text).byteLength;

/** `cache` keeps file bodies in memory: on in production, off in development so edits show. */
export function staticFiles(root: string, { cache }: { cache: boolean }): StaticFiles {
  const memo = new Map<string, CachedFile | null>();

  async function load(path: string): Promise<CachedFile | null> {
    if (cache && memo.has(path)) return memo.get(path)!;
    const file = join(root, path);
    let found: CachedFile | null = null;
    try {
      const body = await Deno.readFile(file);
      const digest = await crypto.subtle.digest("SHA-256", body);
      const etag = `"${btoa(String.fromCharCode(...new Uint8Array(digest).slice(0, 12)))}"`;
      found = { body, etag, type: TYPES[extname(file).toLowerCase()] ?? "application/octet-stream" };
    } catch (err) {
      if (!(err instanceof Deno.errors.NotFound || err instanceof Deno.errors.IsADirectory)) {
        throw err;
      }
    }
    if (cache) memo.set(path, found);
    return found;
  }

  return {
    async serve(req, path, immutable) {
      if (req.method !== "GET" && req.method !== "HEAD") return null;
      const clean = normalize(`/${path}`);
      const parts = clean.split("/");
      // No file has such a name: asking the file system would fail with an error, not "not found".
      if (clean.includes("\0") || parts.some((p) => p.startsWith(".") || utf8Length(p) > NAME_MAX)) {
        return null;
      }
      const file = await load(clean);
      if (!file) return null;
      const headers = new Headers({
        "Content-Type": file.type,
        "Cache-Control": immutable ? IMMUTABLE : REVALIDATE,
        ETag: file.etag,
      });
      if (etagMatches(req.headers.get("If-None-Match"), file.etag)) {
        return new Response(null, { status: 304, headers });
      }
      headers.set("Content-Length", String(file.body.byteLength));
      return new Response(req.method === "HEAD" ? null : file.body, { headers });
    },
  };
}

/** If-None-Match may list several tags, and a compressing proxy may have weakened ours. */
function etagMatches(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || t.replace(/^W\//, "") === etag;
  });
}
