import assert from "node:assert/strict";
import {
  compareSpecificity,
  formatPattern,
  matchSegments,
  parseSegments,
  splitPath,
} from "./route_pattern.ts";

const CASES: [file: string, pattern: string, url: string, params: Record<string, string> | null][] = [
  ["index", "/", "/", {}],
  ["about", "/about", "/about", {}],
  ["about", "/about", "/about/more", null],
  ["blog/index", "/blog", "/blog", {}],
  ["blog/[slug]", "/blog/:slug", "/blog/hello", { slug: "hello" }],
  ["blog/[slug]", "/blog/:slug", "/blog", null],
  ["blog/[slug]/comments", "/blog/:slug/comments", "/blog/a/comments", { slug: "a" }],
  ["docs/[[page]]", "/docs{/:page}?", "/docs", {}],
  ["docs/[[page]]", "/docs{/:page}?", "/docs/intro", { page: "intro" }],
  ["docs/[[page]]", "/docs{/:page}?", "/docs/intro/x", null],
  ["files/[...path]", "/files/:path*", "/files", { path: "" }],
  ["files/[...path]", "/files/:path*", "/files/a/b/c", { path: "a/b/c" }],
  ["(marketing)/pricing", "/pricing", "/pricing", {}],
  ["(app)/(deep)/index", "/", "/", {}],
  ["artists/[id]", "/artists/:id", "/artists/caf%C3%A9", { id: "café" }],
];

for (const [file, pattern, url, params] of CASES) {
  Deno.test(`routes/${file} is ${pattern} and ${params ? "matches" : "does not match"} ${url}`, () => {
    const segments = parseSegments(file);
    assert.equal(formatPattern(segments), pattern);
    assert.deepEqual(matchSegments(segments, splitPath(url)!), params);
  });
}

Deno.test("static parts outrank parameters, which outrank optional and rest parts", () => {
  const files = ["blog/[...rest]", "blog/[[page]]", "blog/[slug]", "blog/new", "blog/index"];
  const sorted = files.map((f) => ({ f, s: parseSegments(f) }))
    .sort((a, b) => compareSpecificity(a.s, b.s))
    .map((x) => x.f);
  assert.deepEqual(sorted, ["blog/index", "blog/new", "blog/[slug]", "blog/[[page]]", "blog/[...rest]"]);
});

Deno.test("a rest part anywhere but last is refused with the file named", () => {
  assert.throws(() => parseSegments("a/[...rest]/b"), /a\/\[\.\.\.rest\]\/b.*must be the last/);
});

Deno.test("malformed brackets are refused", () => {
  assert.throws(() => parseSegments("a/[id"), /cannot parse route part/);
});

Deno.test("a URL with broken percent-encoding splits to null instead of throwing", () => {
  assert.equal(splitPath("/artists/%E0%A4"), null);
});

Deno.test("prefix matching finds the folders a URL lies in", () => {
  assert.deepEqual(matchSegments(parseSegments("blog"), ["blog", "x", "y"], true), {});
  assert.equal(matchSegments(parseSegments("docs"), ["blog", "x"], true), null);
});
