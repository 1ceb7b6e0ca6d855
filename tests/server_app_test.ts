/**
 * The composed server (server/app.ts) through `app.request()`: the real
 * routes, API, island build and database, no socket.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { openTestApp } from "./support/app.ts";

Deno.test("the composed server", async (t) => {
  const testApp = await openTestApp({ BODY_LIMIT_BYTES: "1024" });
  const { config, database } = testApp;
  const logLines: string[] = [];
  const originalLog = console.log;
  try {
    const get = (path: string, init?: RequestInit) => testApp.request(path, init);

    await t.step(
      "the home page renders its island; its CSP allows its inline code by hash only",
      async () => {
        const res = await get("/");
        assert.equal(res.status, 200);
        assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
        const csp = res.headers.get("content-security-policy") ?? "";
        assert.doesNotMatch(csp, /unsafe-inline|nonce-/);
        const html = await res.text();
        assert.match(html, /<!--frsh:island:QuickSearch:0-->/);
        assert.match(html, /4,242 cities in 36 states/);
        const sha = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
        const executable = [
          ...html.matchAll(/<(script|style)((?![^>]*application\/json)[^>]*)>(.*?)<\/\1>/gs),
        ];
        assert.equal(executable.length, 2, "one style, one module script");
        for (const [, tag, , body] of executable) {
          assert.ok(csp.includes(sha(body)), `${tag} is allowed by its hash: ${csp}`);
        }
        assert.ok(res.headers.get("x-request-id"));
      },
    );

    await t.step("other responses get the same policy with no inline code allowed", async () => {
      const res = await get("/healthz");
      const csp = res.headers.get("content-security-policy") ?? "";
      assert.match(csp, /script-src 'self'; style-src 'self';/);
      await res.body?.cancel();
    });

    await t.step(
      "every built file the page imports is served immutable; an old build id is 404",
      async () => {
        const html = await (await get("/")).text();
        const urls = [...html.matchAll(/"(\/_fresh\/js\/[^"]+\.js)"/g)].map((m) => m[1]);
        assert.ok(urls.some((u) => /\/islands\/QuickSearch-/.test(u)), `island entry imported: ${urls}`);
        const seen = new Set<string>();
        // Follow static imports too: chunks live in subfolders of the build.
        while (urls.length) {
          const url = urls.pop()!;
          if (seen.has(url)) continue;
          seen.add(url);
          const res = await get(url);
          assert.equal(res.status, 200, url);
          assert.equal(res.headers.get("content-type"), "text/javascript; charset=utf-8");
          assert.equal(res.headers.get("cache-control"), "public, max-age=31536000, immutable");
          const js = await res.text();
          const dir = url.slice(0, url.lastIndexOf("/") + 1);
          for (const m of js.matchAll(/from\s*"(\.{1,2}\/[^"]+\.js)"/g)) {
            urls.push(new URL(m[1], `http://x${dir}`).pathname);
          }
        }
        assert.ok([...seen].some((u) => u.includes("/chunks/")), `a shared chunk was loaded: ${[...seen]}`);
        const stale = await get(
          [...seen][0].replace(/\/_fresh\/js\/[^/]+\//, "/_fresh/js/0000000000000000/"),
        );
        assert.equal(stale.status, 404);
        await stale.body?.cancel();
      },
    );

    await t.step("static files revalidate with ETags and answer 304", async () => {
      const first = await get("/favicon.svg");
      assert.equal(first.status, 200);
      assert.equal(first.headers.get("content-type"), "image/svg+xml");
      assert.equal(first.headers.get("cache-control"), "public, max-age=0, must-revalidate");
      const etag = first.headers.get("etag");
      assert.ok(etag);
      await first.body?.cancel();
      const again = await get("/favicon.svg", { headers: { "If-None-Match": etag } });
      assert.equal(again.status, 304);
      const busted = await get("/favicon.svg?__frsh_c=abc");
      assert.equal(busted.headers.get("cache-control"), "public, max-age=31536000, immutable");
      await busted.body?.cancel();
    });

    await t.step("dot-files and path traversal never leave static/", async () => {
      for (const path of ["/../deno.json", "/%2e%2e/deno.json", "/.env"]) {
        const res = await get(path);
        assert.equal(res.status, 404, path);
        await res.body?.cancel();
      }
    });

    await t.step("responses are compressed for clients that accept gzip", async () => {
      const res = await get("/", { headers: { "Accept-Encoding": "gzip" } });
      assert.equal(res.headers.get("content-encoding"), "gzip");
      await res.body?.cancel();
    });

    await t.step("the development mailbox does not exist outside development", async () => {
      const res = await get("/dev/mailbox.json");
      assert.equal(res.status, 404);
      await res.body?.cancel();
    });

    await t.step("healthz checks the database", async () => {
      const res = await get("/healthz");
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), "application/json");
      assert.deepEqual(await res.json(), { status: "ok", database: "ok", driver: database.driver });
    });

    await t.step("unknown pages get the 404 page; unknown API paths the JSON envelope", async () => {
      const page = await get("/no/such/page");
      assert.equal(page.status, 404);
      assert.match(await page.text(), /This stage is empty/);
      const api = await get("/api/v1/no/such/thing");
      assert.equal(api.status, 404);
      assert.equal(api.headers.get("content-type"), "application/json");
      assert.equal((await api.json()).error.code, "NOT_FOUND");
    });

    await t.step("a page without a POST handler answers 405 with Allow", async () => {
      const res = await get("/artists", { method: "POST" });
      assert.equal(res.status, 405);
      assert.equal(res.headers.get("allow"), "GET, HEAD");
    });

    await t.step("cross-site state changes are refused, same-site and non-browser ones pass", async () => {
      const evil = await get("/api/v1/geo/cities", {
        method: "POST",
        headers: { Origin: "https://evil.example" },
      });
      assert.equal(evil.status, 403);
      assert.equal((await evil.json()).error.code, "FORBIDDEN");
      const fetchMeta = await get("/artists", {
        method: "POST",
        headers: { "Sec-Fetch-Site": "cross-site" },
      });
      assert.equal(fetchMeta.status, 403);
      await fetchMeta.body?.cancel();
      const same = await get("/artists", { method: "POST", headers: { Origin: "http://localhost" } });
      assert.equal(same.status, 405, "reaches the route");
      await same.body?.cancel();
    });

    await t.step("bodies over the limit get 413 in the envelope", async () => {
      const res = await get("/api/v1/geo/cities", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ blob: "x".repeat(4096) }),
      });
      assert.equal(res.status, 413);
      assert.equal((await res.json()).success, false);
    });

    await t.step("one JSON log line per request, without the query string", async () => {
      const logging = testApp.rebuild({ ...config, logRequests: true });
      console.log = (line: string) => logLines.push(line);
      const res = await logging.request("http://localhost/artists?city=Pune&token=secret");
      await res.body?.cancel();
      console.log = originalLog;
      assert.equal(logLines.length, 1);
      const line = JSON.parse(logLines[0]);
      assert.deepEqual(Object.keys(line).sort(), [
        "id",
        "level",
        "method",
        "ms",
        "msg",
        "path",
        "status",
        "time",
      ]);
      assert.equal(line.path, "/artists");
      assert.equal(line.status, 200);
      assert.equal(line.id, res.headers.get("x-request-id"));
    });

    await t.step(
      "a cached page keeps every security header, gets its own request id and log line, and revalidates",
      async () => {
        const cached = testApp.rebuild({ ...config, pageCacheSeconds: 60, logRequests: true });
        const request = (init?: RequestInit) => cached.request("http://localhost/", init);
        logLines.length = 0;
        console.log = (line: string) => logLines.push(line);
        const first = await request({ headers: { "Accept-Encoding": "gzip" } });
        const firstBody = new Uint8Array(await first.arrayBuffer());
        const hit = await request({ headers: { "Accept-Encoding": "gzip" } });
        const hitBody = new Uint8Array(await hit.arrayBuffer());
        const revalidated = await request({ headers: { "If-None-Match": hit.headers.get("etag")! } });
        const signedIn = await request({ headers: { Cookie: "__Host-as_access=not-a-token" } });
        await signedIn.body?.cancel();
        console.log = originalLog;

        assert.equal(hit.status, 200);
        assert.equal(hit.headers.get("content-type"), "text/html; charset=utf-8");
        assert.deepEqual(hitBody, firstBody);
        const names = (res: Response) => [...res.headers.keys()].filter((name) => name !== "x-request-id");
        assert.deepEqual(names(hit), names(first), "the same headers as the rendered page");
        for (const name of ["content-security-policy", "x-frame-options", "strict-transport-security"]) {
          assert.equal(hit.headers.get(name), first.headers.get(name), name);
        }
        assert.equal(revalidated.status, 304);
        assert.equal(
          revalidated.headers.get("content-security-policy"),
          first.headers.get("content-security-policy"),
        );
        assert.equal(revalidated.headers.get("x-content-type-options"), "nosniff");
        const ids = [first, hit, revalidated, signedIn].map((res) => res.headers.get("x-request-id"));
        assert.equal(new Set(ids).size, 4, `one id per request: ${ids}`);
        assert.equal(signedIn.headers.get("etag"), null, "a signed-in visitor never gets the cached page");
        const logged = logLines.map((line) => JSON.parse(line)).filter((line) => line.msg === "request");
        assert.deepEqual(logged.map((line) => [line.id, line.status]), [
          [ids[0], 200],
          [ids[1], 200],
          [ids[2], 304],
          [ids[3], signedIn.status],
        ]);
      },
    );

    await t.step("the API docs page lists the geography endpoints, with no script", async () => {
      const res = await get("/api/docs");
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.match(html, /\/geo\/cities/);
      assert.doesNotMatch(html, /<script/);
    });
  } finally {
    console.log = originalLog;
    await testApp.close();
  }
});
