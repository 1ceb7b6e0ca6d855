/**
 * Fresh's file-name conventions turned into URL patterns, and a matcher.
 *
 *   routes/index.tsx            -> /
 *   routes/blog/[slug].tsx      -> /blog/:slug
 *   routes/docs/[[page]].tsx    -> /docs and /docs/:page
 *   routes/files/[...path].tsx  -> /files, /files/a, /files/a/b (path = "a/b")
 *   routes/(marketing)/about.tsx-> /about  (a group scopes layouts, not URLs)
 *
 * Patterns are ranked segment by segment: static beats [param] beats
 * [[optional]] beats [...rest], so `/blog/new.tsx` wins over `/blog/[slug].tsx`
 * whatever order the files were found in.
 */

export type Segment =
  | { kind: "static"; value: string }
  | { kind: "param"; name: string }
  | { kind: "optional"; name: string }
  | { kind: "rest"; name: string };

export type Params = Record<string, string>;

const RANK: Record<Segment["kind"], number> = { static: 0, param: 1, optional: 2, rest: 3 };

/** True for a path part that only scopes layouts and middleware: `(group)`. */
export function isGroup(part: string): boolean {
  return part.startsWith("(") && part.endsWith(")");
}

/**
 * Segments of a folder or file path relative to routes/, without extension,
 * e.g. "blog/[slug]" or "(app)/index". `index` and groups contribute nothing.
 */
export function parseSegments(path: string): Segment[] {
  const segments: Segment[] = [];
  const parts = path.split("/").filter((p) => p !== "");
  parts.forEach((part, i) => {
    if (isGroup(part)) return;
    if (part === "index" && i === parts.length - 1) return;
    let m = /^\[\[([A-Za-z_$][\w$]*)\]\]$/.exec(part);
    if (m) return segments.push({ kind: "optional", name: m[1] });
    m = /^\[\.\.\.([A-Za-z_$][\w$]*)\]$/.exec(part);
    if (m) {
      if (i !== parts.length - 1) throw new Error(`"${path}": [...${m[1]}] must be the last part`);
      return segments.push({ kind: "rest", name: m[1] });
    }
    m = /^\[([A-Za-z_$][\w$]*)\]$/.exec(part);
    if (m) return segments.push({ kind: "param", name: m[1] });
    if (/[[\]]/.test(part)) throw new Error(`"${path}": cannot parse route part "${part}"`);
    segments.push({ kind: "static", value: part });
  });
  return segments;
}

/** Human form of a pattern, e.g. "/blog/:slug", used as `ctx.route`. */
export function formatPattern(segments: Segment[]): string {
  if (segments.length === 0) return "/";
  return segments.map((s) => {
    switch (s.kind) {
      case "static":
        return `/${s.value}`;
      case "param":
        return `/:${s.name}`;
      case "optional":
        return `{/:${s.name}}?`;
      case "rest":
        return `/:${s.name}*`;
    }
  }).join("");
}

/** Orders patterns most specific first; use as an Array.sort comparator. */
export function compareSpecificity(a: Segment[], b: Segment[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i], y = b[i];
    // The pattern that ends here goes first: where both can match a URL
    // (the longer continues with an optional or rest part), it is the exact one.
    if (!x) return -1;
    if (!y) return 1;
    const d = RANK[x.kind] - RANK[y.kind];
    if (d !== 0) return d;
    if (x.kind === "static" && y.kind === "static" && x.value !== y.value) {
      return x.value < y.value ? -1 : 1;
    }
  }
  return 0;
}

/** Splits a URL pathname into decoded parts; null when it is not valid UTF-8 percent-encoding. */
export function splitPath(pathname: string): string[] | null {
  const parts = pathname.split("/").filter((p) => p !== "");
  try {
    return parts.map(decodeURIComponent);
  } catch {
    return null;
  }
}

/**
 * Matches URL parts against a pattern. With `prefix`, the pattern may match
 * only the beginning (used to find the folders a URL lies in).
 */
export function matchSegments(
  segments: Segment[],
  parts: string[],
  prefix = false,
): Params | null {
  const params: Params = {};
  let i = 0;
  for (const seg of segments) {
    switch (seg.kind) {
      case "static":
        if (parts[i] !== seg.value) return null;
        i++;
        break;
      case "param":
        if (parts[i] === undefined) return null;
        params[seg.name] = parts[i++];
        break;
      case "optional":
        if (parts[i] !== undefined && !prefix) params[seg.name] = parts[i++];
        break;
      case "rest":
        params[seg.name] = parts.slice(i).join("/");
        i = parts.length;
        break;
    }
  }
  return prefix || i === parts.length ? params : null;
}
