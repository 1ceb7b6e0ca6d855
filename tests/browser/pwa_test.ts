/**
 * The installable app in Chromium against the real server and its demo data:
 * - the manifest passes Chromium's own installability check (CDP's `Page.getInstallabilityErrors`; Lighthouse
 *   dropped its PWA category) and has what it asks for, each icon a reachable PNG of its stated size;
 * - signed in, a service worker with scope "/" controls the page after a reload;
 * - Dev's calendar, an upcoming booking and its signed contract read offline (`context.setOffline(true)`),
 *   marked "Saved …; you are offline", while search and messages give the offline page;
 * - after logging out nothing private is readable offline and Cache Storage holds no private entry;
 * - Asha signing in on the same browser after Dev's session ended (no logout: a shared device) never gets
 *   Dev's copies.
 * A second test serves a new build to the same browser: its worker takes over on the next navigation and
 * the old build's cache is gone.
 */
import assert from "node:assert/strict";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { SAVED_AT_HEADER, VIEWER_HEADER } from "../../domain/offline_copies.ts";
import { DEPOSIT_DUE_DEMO_BOOKING } from "../../server/demo_payments.ts";
import { DEMO_PASSWORD } from "../../server/demo_seed.ts";
import { openTestApp } from "../support/app.ts";
import { PASSWORD, signUp } from "../support/accounts.ts";
import { collectErrors, launchChromium } from "../support/browser.ts";
import { freePort, startServer } from "../support/server.ts";

const EMAIL = (name: string) => `${name}@demo.artistspace.in`;
const OFFLINE_HEADING = "You are offline";
const CHROMIUM = "/usr/bin/chromium";

async function signIn(page: Page, origin: string, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${origin}/login?next=/dashboard`);
  await page.fill("#identifier", email);
  await page.fill("#password", password);
  await Promise.all([page.waitForURL(/\/dashboard$/), page.click("button[type=submit]")]);
}

/**
 * Waits for a worker to control the page (it registers after `load` and claims open pages). Installing
 * precaches the whole build first, which took over 15 s once on a loaded CI machine, hence the margin.
 */
async function controlled(page: Page): Promise<{ scope: string; scriptURL: string }> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 45_000 });
  return await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    return { scope: registration!.scope, scriptURL: navigator.serviceWorker.controller!.scriptURL };
  });
}

/**
 * Polls `check` in the page until it answers true. Playwright's waitForFunction would take the promise
 * an async function returns for a true answer, so Cache Storage (async only) is polled from here.
 */
async function until<A>(
  page: Page,
  check: (arg: A) => Promise<boolean>,
  arg: A,
  what: string,
): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!await page.evaluate(check as (arg: unknown) => Promise<boolean>, arg)) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Every entry of Cache Storage as [cache, path], read in the page as any script of the site could. */
function cacheEntries(page: Page): Promise<[string, string][]> {
  return page.evaluate(async () => {
    const all: [string, string][] = [];
    for (const name of await caches.keys()) {
      for (const req of await (await caches.open(name)).keys()) all.push([name, new URL(req.url).pathname]);
    }
    return all;
  });
}

/** Waits until the worker has stored a copy of each of `paths` (it does after answering the page). */
async function saved(page: Page, paths: string[]): Promise<void> {
  await until(
    page,
    async (wanted: string[]) => {
      const names = (await caches.keys()).filter((n) => n.startsWith("private:"));
      if (names.length !== 1) return false;
      const have = (await (await caches.open(names[0])).keys()).map((r) => new URL(r.url).pathname);
      return wanted.every((p) => have.includes(p));
    },
    paths,
    `copies of ${paths}`,
  );
}

/** The page at `path` as it reads now: its h1 and, if shown, the offline banner's text. */
async function read(page: Page, url: string): Promise<{ heading: string; banner: string | null }> {
  await page.goto(url);
  const banner = page.locator("[data-offline-banner]");
  return {
    heading: (await page.textContent("h1"))?.trim() ?? "",
    banner: await banner.isVisible() ? (await banner.textContent())!.replace(/\s+/g, " ").trim() : null,
  };
}

async function pngSize(origin: string, src: string): Promise<string> {
  const res = await fetch(new URL(src, origin));
  assert.equal(res.status, 200, src);
  assert.equal(res.headers.get("content-type"), "image/png", src);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const view = new DataView(bytes.buffer);
  return `${view.getUint32(16)}x${view.getUint32(20)}`;
}

Deno.test({
  name: "installable; calendar, booking and contract readable offline; nothing private after logout",
  // playwright-core keeps its pipe to the browser and timers of its own alive between calls.
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const server = await startServer();
    // A profile on disk, as a person's is: Chromium never offers to install from an off-the-record one.
    const profile = await Deno.makeTempDir({ prefix: "artist-space-pwa-" });
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
    }).catch(async (err) => {
      await server.close();
      throw err;
    });
    try {
      await installableAndOffline(t, server.url, context);
    } finally {
      await context.close();
      await server.close();
      await Deno.remove(profile, { recursive: true });
    }
  },
});

async function installableAndOffline(t: Deno.TestContext, origin: string, context: BrowserContext) {
  const page = context.pages()[0] ?? await context.newPage();
  const errors = collectErrors(page);

  await t.step("the manifest passes Chromium's installability check", async () => {
    await page.goto(`${origin}/`);
    const href = await page.getAttribute("link[rel=manifest]", "href");
    const web = await (await fetch(new URL(href!, origin))).json();
    assert.equal(web.display, "standalone");
    assert.ok(web.name && web.short_name);
    assert.ok(new URL(web.start_url, origin).pathname.startsWith(new URL(web.scope, origin).pathname));
    const sizes = new Map<string, string>();
    for (const icon of web.icons.filter((i: { type: string }) => i.type === "image/png")) {
      assert.equal(await pngSize(origin, icon.src), icon.sizes);
      sizes.set(`${icon.sizes} ${icon.purpose ?? "any"}`, icon.src);
    }
    for (const wanted of ["192x192 any", "512x512 any", "512x512 maskable"]) {
      assert.ok(sizes.has(wanted), wanted);
    }

    const cdp = await context.newCDPSession(page);
    const { url, errors: parseErrors } = await cdp.send("Page.getAppManifest");
    assert.equal(new URL(url).pathname, "/manifest.webmanifest");
    assert.deepEqual(parseErrors, []);
    const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
    assert.deepEqual(installabilityErrors, []);
    await cdp.detach();
  });

  let booking = "";
  await t.step("signed in, a service worker with scope / controls the page after a reload", async () => {
    await signIn(page, origin, EMAIL("dev.organizer"));
    await page.click(`[data-testid=organizer-upcoming] a:has-text("${DEPOSIT_DUE_DEMO_BOOKING}")`);
    await page.waitForURL(/\/bookings\/[0-9a-f-]{36}$/);
    booking = new URL(page.url()).pathname;
    await page.reload();
    const worker = await controlled(page);
    assert.equal(worker.scope, `${origin}/`);
    assert.equal(worker.scriptURL, `${origin}/sw.js`);
  });

  const kept = () => ["/calendar", booking, `${booking}/contract`];
  await t.step("offline, the calendar, the booking and its contract read as saved", async () => {
    for (const path of kept()) await read(page, `${origin}${path}`);
    await saved(page, kept());
    const online = await read(page, `${origin}${booking}`);
    assert.equal(online.banner, null, "no banner while the network answers");

    await context.setOffline(true);
    for (const path of kept()) {
      const { heading, banner } = await read(page, `${origin}${path}`);
      assert.notEqual(heading, OFFLINE_HEADING, path);
      assert.match(
        banner ?? "",
        /^Saved \w{3}, \d{1,2} \w{3} \d{4}, \d{1,2}:\d{2} [ap]m; you are offline\./,
        path,
      );
    }
    assert.match((await read(page, `${origin}${booking}/contract`)).heading, /^Contract: /);
    assert.equal((await read(page, `${origin}${booking}`)).heading, DEPOSIT_DUE_DEMO_BOOKING);
    // Not kept: search, messages, another month; each says what works offline instead.
    for (const path of ["/artists?q=tabla", "/messages", "/calendar?month=2020-01", "/dashboard"]) {
      assert.equal((await read(page, `${origin}${path}`)).heading, OFFLINE_HEADING, path);
    }
    await context.setOffline(false);
  });

  await t.step(
    "after logging out, nothing private is readable offline or left in Cache Storage",
    async () => {
      await page.goto(`${origin}/account`);
      await Promise.all([page.waitForURL(`${origin}/`), page.click("form[action='/logout'] button")]);
      await until(
        page,
        async () => !(await caches.keys()).some((n) => n.startsWith("private:")),
        null,
        "no copies",
      );
      await context.setOffline(true);
      for (const path of kept()) {
        const { heading, banner } = await read(page, `${origin}${path}`);
        assert.equal(heading, OFFLINE_HEADING, path);
        assert.equal(banner, null, path);
      }
      const entries = await cacheEntries(page);
      assert.deepEqual(entries.filter(([name]) => !name.startsWith("shell:")), []);
      assert.deepEqual(entries.filter(([, path]) => kept().includes(path)), []);
      await context.setOffline(false);
    },
  );

  await t.step("the next person on this browser never gets the previous one's copies", async () => {
    // Dev again, with copies saved; then the session ends without a logout (a shared device).
    await signIn(page, origin, EMAIL("dev.organizer"));
    for (const path of kept()) await read(page, `${origin}${path}`);
    await saved(page, kept());
    await context.clearCookies();

    await signIn(page, origin, EMAIL("asha.artist"));
    const viewer = await page.evaluate(
      async (header) => (await fetch("/dashboard")).headers.get(header),
      VIEWER_HEADER,
    );
    await read(page, `${origin}/calendar`);
    await saved(page, ["/calendar"]);
    const entries = await cacheEntries(page);
    const privateCaches = new Set(entries.map(([name]) => name).filter((n) => !n.startsWith("shell:")));
    assert.deepEqual([...privateCaches], [`private:${viewer}`]);
    assert.deepEqual(entries.filter(([, path]) => path.startsWith("/bookings/")), []);

    await context.setOffline(true);
    for (const path of [booking, `${booking}/contract`]) {
      assert.equal((await read(page, `${origin}${path}`)).heading, OFFLINE_HEADING, path);
    }
    // Her own calendar is hers, saved a moment ago.
    assert.match((await read(page, `${origin}/calendar`)).banner ?? "", /^Saved /);
    const savedAt = await page.evaluate(async ([header]) => {
      const [name] = (await caches.keys()).filter((n) => n.startsWith("private:"));
      return (await (await caches.open(name)).match("/calendar"))!.headers.get(header);
    }, [SAVED_AT_HEADER]);
    assert.ok(Date.now() - Date.parse(savedAt!) < 60_000);
    await context.setOffline(false);
  });

  // Offline, the browser itself reports each request it could not make; anything else is a fault.
  assert.deepEqual(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e)), []);
}

Deno.test({
  name: "a new build's worker takes over on the next navigation and deletes the old build's cache",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const port = freePort();
    const origin = `http://localhost:${port}`;
    // Development cookies (no Secure, no __Host-) so plain http://localhost signs in.
    const app = await openTestApp({ APP_ENV: "development", APP_ORIGIN: origin });
    let serving = app.app;
    const server = Deno.serve(
      { port, hostname: "127.0.0.1", onListen: () => {} },
      (req, info) => serving.fetch(req, info),
    );
    const browser = await launchChromium();
    try {
      const person = await signUp(app, "organizer");
      const page = await browser.newPage();
      await signIn(page, origin, person.email, PASSWORD);
      await controlled(page);
      const before = (await cacheEntries(page)).map(([name]) => name);
      const oldShell = before.find((n) => n.startsWith("shell:"))!;
      assert.ok(oldShell, `a shell cache in ${before}`);

      // A deploy: the same files under another build id, so /sw.js changes by its build line alone.
      const build = app.build;
      const next = { ...build, buildId: `${build.buildId.slice(1)}0` };
      serving = app.rebuild(app.config, next);
      // One navigation: the browser checks /sw.js as it goes, and the new worker installs and takes over.
      await page.goto(`${origin}/dashboard`);
      await until(
        page,
        async ([gone, id]) => {
          const names = await caches.keys();
          return !names.includes(gone) && names.includes(`shell:${id}`);
        },
        [oldShell, next.buildId],
        "the new build's shell and the old one's gone",
      );
      // The new worker answers the next page with the new build's files.
      await page.goto(`${origin}/dashboard`);
      assert.ok((await page.content()).includes(`/_fresh/js/${next.buildId}/`));
      const names = (await cacheEntries(page)).map(([name]) => name);
      assert.ok(!names.includes(oldShell));
    } finally {
      await browser.close();
      await server.shutdown();
      await app.close();
    }
  },
});
