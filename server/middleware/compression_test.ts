import assert from "node:assert/strict";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { Hono } from "hono";
import { compression } from "./compression.ts";

const page = "<p>" + "Raga and rhythm ".repeat(400) + "</p>";
const app = new Hono();
app.use(compression());
app.get("/page", (c) => c.html(page));
app.get("/small", (c) => c.text("tiny"));
app.get(
  "/file",
  () =>
    new Response(page, {
      headers: { "Content-Type": "text/css", ETag: '"abc"', "Content-Length": String(page.length) },
    }),
);
app.get("/png", () => new Response(new Uint8Array(4096), { headers: { "Content-Type": "image/png" } }));
app.get(
  "/events",
  () => new Response("data: x\n\n".repeat(200), { headers: { "Content-Type": "text/event-stream" } }),
);
app.get("/cookie", (c) => {
  c.header("Set-Cookie", "a=1");
  return c.html(page);
});

const get = (path: string, accept?: string) =>
  app.request(path, { headers: accept ? { "Accept-Encoding": accept } : {} });

Deno.test("a page made for one request is gzipped where the client takes gzip, else brotli'd, byte for byte the same", async () => {
  const gz = await get("/page", "gzip, deflate, br");
  assert.equal(gz.headers.get("content-encoding"), "gzip");
  const gzBytes = new Uint8Array(await gz.arrayBuffer());
  assert.equal(Number(gz.headers.get("content-length")), gzBytes.length);
  assert.equal(new TextDecoder().decode(gunzipSync(gzBytes)), page);
  const br = await get("/page", "br");
  assert.equal(br.headers.get("content-encoding"), "br");
  assert.equal(new TextDecoder().decode(brotliDecompressSync(new Uint8Array(await br.arrayBuffer()))), page);
  assert.match(br.headers.get("vary") ?? "", /Accept-Encoding/);
});

Deno.test("a file, compressed once and kept, is brotli'd where the client takes brotli", async () => {
  const br = await get("/file", "gzip, deflate, br");
  assert.equal(br.headers.get("content-encoding"), "br");
  assert.equal(new TextDecoder().decode(brotliDecompressSync(new Uint8Array(await br.arrayBuffer()))), page);
  const gz = await get("/file", "gzip");
  assert.equal(gz.headers.get("content-encoding"), "gzip");
  assert.equal(new TextDecoder().decode(gunzipSync(new Uint8Array(await gz.arrayBuffer()))), page);
});

Deno.test("no compression without Accept-Encoding, for tiny bodies, images, event streams or q=0", async () => {
  for (
    const [path, accept] of [
      ["/page", undefined],
      ["/small", "gzip"],
      ["/png", "gzip"],
      ["/events", "gzip"],
      ["/page", "gzip;q=0"],
    ]
  ) {
    const res = await get(path!, accept);
    assert.equal(res.headers.get("content-encoding"), null, `${path} ${accept}`);
    await res.body?.cancel();
  }
});

Deno.test("a file's ETag becomes weak and its length is the compressed one", async () => {
  for (let i = 0; i < 2; i++) {
    const res = await get("/file", "gzip");
    assert.equal(res.headers.get("etag"), 'W/"abc"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.equal(Number(res.headers.get("content-length")), bytes.length);
    assert.equal(new TextDecoder().decode(gunzipSync(bytes)), page);
  }
});

Deno.test("cookies survive compression exactly once", async () => {
  const res = await get("/cookie", "gzip");
  assert.deepEqual(res.headers.getSetCookie(), ["a=1"]);
  await res.body?.cancel();
});
