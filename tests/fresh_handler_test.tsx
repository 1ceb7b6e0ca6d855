/**
 * The dispatcher, driven through its public entry with an in-memory manifest:
 * the same shape fresh.gen.ts has, so every file convention is exercised
 * without touching the disk.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { signal } from "@preact/signals";
import { createDefine, HttpError, page } from "fresh";
import { createFreshHandler, type FreshOptions } from "../lib/fresh/handler.ts";
import type { BuildManifest } from "../lib/fresh/build.ts";
import { deserialize } from "../lib/fresh/client/deserialize.ts";
import { createStyleSheet } from "../lib/fresh/twind.ts";
import type { Manifest, PageProps } from "../lib/fresh/types.ts";

interface State {
  trail: string[];
}
const define = createDefine<State>();

const trail = (name: string) =>
  define.middleware(async (ctx) => {
    ctx.state.trail = [...(ctx.state.trail ?? []), name];
    const res = await ctx.next();
    res.headers.append("X-Trail", name);
    return res;
  });

function Counter({ count, label }: { count: { value: number }; label: string }) {
  return <button type="button" class="px-2">{label}: {count.value}</button>;
}
function Nested() {
  return <Counter count={signal(1)} label="inner" />;
}
function Clicker(_props: { onClick: () => void }) {
  return <button type="button">click</button>;
}

const layout = (name: string) => ({
  default: ({ Component }: PageProps) => (
    <div data-layout={name}>
      <Component />
    </div>
  ),
});

const manifest: Manifest = {
  baseUrl: import.meta.url,
  islands: {
    "./islands/Counter.tsx": { default: Counter },
    "./islands/widgets/Nested.tsx": { default: Nested },
    "./islands/Clicker.tsx": { default: Clicker },
  },
  routes: {
    "./routes/_app.tsx": {
      default: ({ Component, state }: PageProps<unknown, State>) => (
        <html>
          <head>
            <title>{state.trail?.join(">") ?? ""}</title>
          </head>
          <body>
            <Component />
          </body>
        </html>
      ),
    },
    "./routes/_middleware.ts": { handler: trail("root") },
    "./routes/_layout.tsx": layout("root"),
    "./routes/_404.tsx": { default: ({ url }: PageProps) => <p>no page at {url.pathname}</p> },
    "./routes/_error.tsx": {
      default: ({ error }: PageProps) => <p>failed: {(error as Error).message}</p>,
    },
    "./routes/index.tsx": { default: () => <h1 class="text-xl">home</h1> },
    "./routes/about.tsx": { default: () => <p>about</p>, config: { skipInheritedLayouts: true } },
    "./routes/raw.tsx": { default: () => <p>raw</p>, config: { skipAppWrapper: true } },
    "./routes/blog/_middleware.ts": { handler: [trail("blog-a"), trail("blog-b")] },
    "./routes/blog/_layout.tsx": layout("blog"),
    "./routes/blog/_404.tsx": { default: () => <p>no such post</p> },
    "./routes/blog/new.tsx": { default: () => <p>new post form</p> },
    "./routes/blog/[slug].tsx": {
      handler: define.handlers({
        GET(ctx) {
          if (ctx.params.slug === "missing") throw new HttpError(404);
          if (ctx.params.slug === "broken") throw new Error("database on fire");
          return page({ slug: ctx.params.slug }, { status: 203, headers: { "X-Post": "1" } });
        },
        POST(ctx) {
          return ctx.redirect(`//evil.example/${ctx.params.slug}`, 303);
        },
      }),
      default: ({ data }: PageProps<{ slug: string }>) => <article>post {data.slug}</article>,
    },
    "./routes/go/[where].tsx": {
      handler: define.handlers({
        GET: (ctx) => ctx.redirect(`/blog/${ctx.params.where}?from=${ctx.params.where}`),
      }),
    },
    "./routes/(shop)/_layout.tsx": layout("shop"),
    "./routes/(shop)/_middleware.ts": { handler: trail("shop") },
    "./routes/(shop)/cart.tsx": { default: () => <p>cart</p> },
    "./routes/api-ish.ts": {
      handler: {
        DELETE: () => new Response("gone"),
        PUT: () => new Response("put"),
      },
    },
    "./routes/custom.tsx": {
      handler: (ctx) => ctx.render(<p>custom render</p>, { status: 201 }),
    },
    "./routes/islands.tsx": {
      default: () => {
        const shared = signal(5);
        return (
          <div>
            <Counter count={shared} label="a</script><script>alert(1)</script>" />
            <Counter count={shared} label="b" />
            <Nested />
          </div>
        );
      },
    },
    "./routes/bad-island.tsx": { default: () => <Clicker onClick={() => {}} /> },
  },
};

const build: BuildManifest = {
  buildId: "b1",
  inputsHash: "x",
  boot: "boot-1.js",
  register: "register-1.js",
  shell: ["boot-1.js", "register-1.js"],
  islands: { Counter: "Counter-1.js", "widgets/Nested": "Nested-1.js", Clicker: "Clicker-1.js" },
  workers: {},
  files: [],
  islandTokens: { Counter: ["bg-saffron-500"] },
  inputs: [],
};

const errors: unknown[] = [];
const options: FreshOptions = {
  config: { mode: "production" },
  build,
  styles: createStyleSheet({ theme: { extend: { colors: { saffron: { 500: "#f59300" } } } } }),
  assetBase: "/_fresh/js/b1/",
  onServerError: (e) => errors.push(e),
  contentSecurityPolicy: (inline) =>
    `script-src ${inline.scripts.join(" ")}; style-src ${inline.styles.join(" ")}`,
};
const handle = createFreshHandler(manifest, options);
const get = (path: string, init?: RequestInit) => handle(new Request(`http://localhost${path}`, init));

Deno.test("a page renders inside its layouts and _app, with a doctype", async () => {
  const res = await get("/");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
  const html = await res.text();
  assert.match(html, /^<!DOCTYPE html><html><head>/);
  assert.match(html, /<body><div data-layout="root"><h1 class="text-xl">home<\/h1><\/div><\/body>/);
});

Deno.test("middleware runs outermost first and sees the response on the way out", async () => {
  const res = await get("/blog/new");
  const html = await res.text();
  assert.match(html, /<title>root>blog-a>blog-b<\/title>/);
  assert.equal(res.headers.get("X-Trail"), "blog-b, blog-a, root");
  assert.match(html, /data-layout="root"><div data-layout="blog"><p>new post form/);
});

Deno.test("a static route wins over a dynamic sibling", async () => {
  assert.match(await (await get("/blog/new")).text(), /new post form/);
  assert.match(await (await get("/blog/hello")).text(), /post hello/);
});

Deno.test("page() carries status and headers; params are decoded", async () => {
  const res = await get("/blog/caf%C3%A9");
  assert.equal(res.status, 203);
  assert.equal(res.headers.get("X-Post"), "1");
  assert.match(await res.text(), /post café/);
});

Deno.test("a (group) scopes its layout and middleware but not the URL", async () => {
  const res = await get("/cart");
  const html = await res.text();
  assert.match(html, /<title>root>shop<\/title>/);
  assert.match(html, /data-layout="root"><div data-layout="shop"><p>cart/);
});

Deno.test("skipInheritedLayouts and skipAppWrapper cut the chain", async () => {
  assert.match(await (await get("/about")).text(), /<body><p>about<\/p><\/body>/);
  const raw = await (await get("/raw")).text();
  assert.match(raw, /^<!DOCTYPE html><div data-layout="root"><p>raw/);
});

Deno.test("an unknown URL gets the deepest folder's _404, after its middleware ran", async () => {
  const res = await get("/blog/a/b/c");
  assert.equal(res.status, 404);
  const html = await res.text();
  assert.match(html, /no such post/);
  assert.match(html, /<title>root>blog-a>blog-b<\/title>/);
  const top = await get("/nowhere");
  assert.equal(top.status, 404);
  assert.match(await top.text(), /no page at \/nowhere/);
});

Deno.test("HttpError(404) from a handler renders the _404 page", async () => {
  const res = await get("/blog/missing");
  assert.equal(res.status, 404);
  assert.match(await res.text(), /no such post/);
});

Deno.test("an unexpected error renders _error with 500 and is reported once", async () => {
  errors.length = 0;
  const res = await get("/blog/broken");
  assert.equal(res.status, 500);
  assert.match(await res.text(), /failed: database on fire/);
  assert.equal(errors.length, 1);
});

Deno.test("a missing method answers 405 with Allow; HEAD follows GET with no body", async () => {
  const res = await get("/api-ish", { method: "GET" });
  assert.equal(res.status, 405);
  assert.equal(res.headers.get("Allow"), "PUT, DELETE");
  const post = await get("/", { method: "POST" });
  assert.equal(post.status, 405);
  assert.equal(post.headers.get("Allow"), "GET, HEAD");
  const head = await get("/blog/hello", { method: "HEAD" });
  assert.equal(head.status, 203);
  assert.equal(head.headers.get("content-type"), "text/html; charset=utf-8");
  assert.equal(await head.text(), "");
});

Deno.test("ctx.redirect never leaves the site through a protocol-relative path", async () => {
  const res = await get("/blog/x", { method: "POST" });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get("Location"), "/");
});

Deno.test("ctx.redirect percent-encodes what the request's decoded path carried", async () => {
  // The param arrives decoded: a form feed and Devanagari, neither writable in a header as they are.
  const res = await get("/go/%0C%E0%A4%B8");
  assert.equal(res.status, 302);
  assert.equal(res.headers.get("Location"), "/blog/%0C%E0%A4%B8?from=%0C%E0%A4%B8");
});

Deno.test("ctx.render renders arbitrary JSX inside the layouts", async () => {
  const res = await get("/custom");
  assert.equal(res.status, 201);
  assert.match(await res.text(), /data-layout="root"><p>custom render/);
});

Deno.test("a page without islands ships no script at all", async () => {
  const html = await (await get("/blog/new")).text();
  assert.doesNotMatch(html, /<script/);
});

Deno.test("twind inlines exactly the CSS the page uses", async () => {
  const html = await (await get("/")).text();
  const css = /<style>(.*?)<\/style>/s.exec(html)?.[1] ?? "";
  assert.match(css, /\.text-xl\{/);
  assert.doesNotMatch(css, /\.text-2xl/);
});

Deno.test("islands are marked, their props serialized once, nested islands not marked", async () => {
  const html = await (await get("/islands")).text();
  const markers = [...html.matchAll(/<!--frsh:island:([\w/]+):(\d+)-->/g)].map((m) => `${m[1]}:${m[2]}`);
  assert.deepEqual(markers, ["Counter:0", "Counter:1", "widgets/Nested:2"]);
  assert.equal(html.match(/<!--\/frsh:island-->/g)?.length, 3);
  // The inner Counter of Nested rendered, unmarked.
  assert.match(html, /<button type="button" class="px-2">inner: 1<\/button><!--\/frsh:island-->/);

  const state = /<script id="__FRSH_STATE" type="application\/json" data-build-id="b1">(.*?)<\/script>/s
    .exec(html)?.[1];
  assert.ok(state, "state script present");
  assert.doesNotMatch(state, /<\/script>/i);
  let made = 0;
  const props = deserialize(state, (v) => ({ value: v, id: ++made })) as Record<string, unknown>[];
  assert.equal(props[0].label, "a</script><script>alert(1)</script>");
  assert.equal(props[0].count, props[1].count, "a shared signal stays one signal");
  assert.equal(made, 1);

  const boot = /<script type="module">(.*?)<\/script>/s.exec(html)?.[1] ?? "";
  assert.match(boot, /import\{boot\}from"\/_fresh\/js\/b1\/boot-1\.js"/);
  assert.match(boot, /import i0 from "\/_fresh\/js\/b1\/Counter-1\.js"/);
  assert.match(boot, /"widgets\/Nested":i1/);
  // Tokens of islands on the page are styled even if not rendered yet.
  assert.match(html, /\.bg-saffron-500\{/);
});

Deno.test("a function prop on an island fails with the island and prop named", async () => {
  errors.length = 0;
  const res = await get("/bad-island");
  assert.equal(res.status, 500);
  assert.match(String((errors[0] as Error).message), /Island "Clicker", prop "onClick"/);
});

Deno.test("two concurrent renders never mix their islands", async () => {
  const pages = await Promise.all(Array.from({ length: 20 }, (_, i) => get(i % 2 ? "/islands" : "/")));
  for (const [i, res] of pages.entries()) {
    const html = await res.text();
    assert.equal((html.match(/<!--frsh:island:/g) ?? []).length, i % 2 ? 3 : 0);
  }
});

Deno.test("the page's CSP allows exactly its inline script and style, by SHA-256", async () => {
  const res = await get("/islands");
  const html = await res.text();
  const sha = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
  const style = /<style>(.*?)<\/style>/s.exec(html)![1];
  const boot = /<script type="module">(.*?)<\/script>/s.exec(html)![1];
  assert.equal(
    res.headers.get("content-security-policy"),
    `script-src ${sha(boot)}; style-src ${sha(style)}`,
  );
  const again = await get("/islands");
  assert.equal(await again.text(), html, "no per-request randomness: the same page, byte for byte");
});
