import assert from "node:assert/strict";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { Hono } from "hono";
import { pageCache } from "./page_cache.ts";

function app() {
  let clock = 0;
  let renders = 0;
  let between = 0;
  let requests = 0;
  const cache = pageCache({ ttlMs: 10_000, maxEntries: 2, sessionCookies: ["sid"], now: () => clock });
  const hono = new Hono();
  // Per request, outside the cache, like the request id.
  hono.use(async (c, next) => {
    await next();
    c.res.headers.set("X-Seq", String(++requests));
  });
  hono.use(cache.answer);
  // The same for every response, like the security headers.
  hono.use(async (c, next) => {
    between++;
    await next();
    c.res.headers.set("X-Frame-Options", "DENY");
  });
  hono.use(cache.keep);
  hono.get("/page", (c) => c.html(`<p>render ${++renders} for ${c.req.query("q") ?? ""}</p>`));
  hono.get("/big", (c) => c.html(`<p>${"Sitar and tabla ".repeat(200)}${++renders}</p>`));
  hono.get("/cookie", (c) => {
    c.header("Set-Cookie", "x=1");
    return c.html(`<p>${++renders}</p>`);
  });
  hono.get("/stable", (c) => {
    ++renders;
    return c.html("<p>the same every time</p>");
  });
  hono.get("/json", (c) => c.json({ n: ++renders }));
  hono.get("/missing", (c) => c.html("<p>no</p>", 404));
  return { hono, tick: (ms: number) => (clock += ms), renders: () => renders, between: () => between };
}

Deno.test("an anonymous page is rendered once per TTL and revalidates with its ETag", async () => {
  const { hono, tick, renders } = app();
  const first = await hono.request("/page");
  const etag = first.headers.get("etag");
  assert.ok(etag);
  assert.equal(first.headers.get("cache-control"), "private, no-cache");
  assert.equal(await first.text(), "<p>render 1 for </p>");
  assert.equal(await (await hono.request("/page")).text(), "<p>render 1 for </p>");
  const revalidated = await hono.request("/page", { headers: { "If-None-Match": etag } });
  assert.equal(revalidated.status, 304);
  assert.equal(renders(), 1);
  tick(10_001);
  assert.equal(await (await hono.request("/page")).text(), "<p>render 2 for </p>");
});

Deno.test("the query is part of the key", async () => {
  const { hono } = app();
  assert.match(await (await hono.request("/page?q=a")).text(), /for a/);
  assert.match(await (await hono.request("/page?q=b")).text(), /for b/);
});

Deno.test("signed-in requests, non-GETs, cookies, JSON and errors are never cached", async () => {
  const { hono, renders } = app();
  await (await hono.request("/page", { headers: { Cookie: "theme=dark; sid=abc" } })).text();
  await (await hono.request("/page", { headers: { Authorization: "Bearer x" } })).text();
  await (await hono.request("/page", { headers: { Cookie: "sid=abc" } })).text();
  assert.equal(renders(), 3);
  for (const path of ["/cookie", "/cookie", "/json", "/json", "/missing", "/missing"]) {
    await (await hono.request(path)).text();
  }
  assert.equal(renders(), 7, "/cookie and /json rendered every time");
  const other = await hono.request("/page", { headers: { Cookie: "theme=dark" } });
  assert.ok(other.headers.get("etag"), "an unrelated cookie does not make a visitor signed in");
  await other.body?.cancel();
});

Deno.test("the cache holds at most maxEntries pages", async () => {
  const { hono, renders } = app();
  for (const q of ["a", "b", "c", "a"]) await (await hono.request(`/page?q=${q}`)).text();
  assert.equal(renders(), 4, "a was evicted by c");
});

Deno.test("a cached page is served compressed for clients that accept it, compressed once", async () => {
  const { hono, renders } = app();
  const plain = await (await hono.request("/big")).text();
  for (let i = 0; i < 2; i++) {
    const res = await hono.request("/big", { headers: { "Accept-Encoding": "gzip" } });
    assert.equal(res.headers.get("content-encoding"), "gzip");
    assert.equal(res.headers.get("vary"), "Accept-Encoding");
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.equal(Number(res.headers.get("content-length")), bytes.length);
    assert.equal(new TextDecoder().decode(gunzipSync(bytes)), plain);
  }
  assert.equal(renders(), 1);
});

Deno.test("a hit is answered before the middleware after `answer`, with the headers it added on the first render", async () => {
  const { hono, renders, between } = app();
  const first = await hono.request("/page", { headers: { "Accept-Encoding": "gzip" } });
  await first.text();
  for (const accept of ["gzip", "br", ""]) {
    const hit = await hono.request("/page", { headers: { "Accept-Encoding": accept } });
    assert.equal(hit.status, 200);
    assert.equal(hit.headers.get("x-frame-options"), "DENY", accept);
    assert.equal(hit.headers.get("etag"), first.headers.get("etag"));
    assert.equal(hit.headers.get("vary"), "Accept-Encoding");
    const bytes = new Uint8Array(await hit.arrayBuffer());
    const decode = { gzip: gunzipSync, br: brotliDecompressSync, "": (b: Uint8Array) => b }[accept]!;
    assert.equal(new TextDecoder().decode(decode(bytes)), "<p>render 1 for </p>");
  }
  assert.equal(renders(), 1);
  assert.equal(between(), 1, "only the first request ran the middleware between answer and keep");
});

Deno.test("per-request headers set outside the cache never stick to a cached page", async () => {
  const { hono } = app();
  for (let i = 0; i < 3; i++) {
    const res = await hono.request("/page");
    assert.equal(res.headers.get("x-seq"), String(i + 1));
    await res.body?.cancel();
  }
  const notModified = await hono.request("/page", {
    headers: { "If-None-Match": (await hono.request("/page")).headers.get("etag")! },
  });
  assert.equal(notModified.status, 304);
  assert.equal(notModified.headers.get("x-seq"), "5");
  assert.equal(notModified.headers.get("x-frame-options"), "DENY");
});

Deno.test("a revalidation that renders the page again caches it again", async () => {
  const { hono, tick, renders } = app();
  const etag = (await hono.request("/stable")).headers.get("etag")!;
  tick(10_001);
  const revalidated = await hono.request("/stable", { headers: { "If-None-Match": etag } });
  assert.equal(revalidated.status, 304, "the same page renders to the same ETag");
  assert.equal(revalidated.headers.get("x-frame-options"), "DENY");
  assert.equal(renders(), 2);
  await (await hono.request("/stable")).text();
  assert.equal(renders(), 2, "kept from the revalidated render");
});
