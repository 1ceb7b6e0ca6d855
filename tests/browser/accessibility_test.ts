/**
 * Accessibility in Chromium against the real server and its demo data:
 * axe-core, the engine behind Lighthouse's accessibility audits, over every
 * public page and the main signed-in ones (the contract page in its signing
 * states is checked in contract_test.ts); and what axe cannot judge, a
 * keyboard user's skip link and focus ring.
 *
 * Lighthouse itself is not installable here, so its target (100 on the home
 * page) is checked through its engine: no violation of any impact there.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { DEMO_PASSWORD } from "../../server/demo_seed.ts";
import { isSerious, type Violation, violations } from "../support/axe.ts";
import { browserTest, collectErrors } from "../support/browser.ts";

const ARTIST = "asha.artist@demo.artistspace.in";
const ORGANIZER = "dev.organizer@demo.artistspace.in";

/** The serious and critical violations of each page, by path; a page without any is left out. */
async function seriousViolations(page: Page, origin: string, paths: string[]) {
  const found: Record<string, Violation[]> = {};
  for (const path of paths) {
    const res = await page.goto(`${origin}${path}`);
    assert.equal(res?.status(), 200, path);
    const serious = (await violations(page)).filter(isSerious);
    if (serious.length > 0) found[path] = serious;
  }
  return found;
}

async function signedIn(browser: Browser, origin: string, email: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${origin}/login?next=/dashboard`);
  await page.fill("#identifier", email);
  await page.fill("#password", DEMO_PASSWORD);
  await Promise.all([page.waitForURL(/\/dashboard$/), page.click("button[type=submit]")]);
  return page;
}

/** The href of the first element matching `selector` on the page at `path`. */
async function firstHref(page: Page, origin: string, path: string, selector: string): Promise<string> {
  await page.goto(`${origin}${path}`);
  const href = await page.getAttribute(selector, "href");
  assert.ok(href, `a link matching ${selector} on ${path}`);
  return href;
}

/**
 * Tabs through the whole page from the top; for each stop, whether focus
 * shows: a box-shadow it did not have before, or an outline one can see.
 */
async function focusStops(page: Page): Promise<{ element: string; shows: boolean }[]> {
  await page.evaluate(() => {
    const before = new WeakMap<Element, string>();
    for (const el of document.querySelectorAll("*")) before.set(el, getComputedStyle(el).boxShadow);
    (window as unknown as { shadowBefore: WeakMap<Element, string> }).shadowBefore = before;
  });
  const stops: { element: string; shows: boolean }[] = [];
  for (let i = 0; i < 300; i++) {
    await page.keyboard.press("Tab");
    const stop = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const before = (window as unknown as { shadowBefore: WeakMap<Element, string> }).shadowBefore;
      const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0 &&
        style.outlineColor !== "rgba(0, 0, 0, 0)";
      const shadow = style.boxShadow !== "none" && style.boxShadow !== before.get(el);
      const name = (el.getAttribute("aria-label") ?? el.textContent ?? "").trim().slice(0, 40);
      return {
        element: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""} "${name}"`,
        shows: outline || shadow,
      };
    });
    if (!stop) break;
    stops.push(stop);
  }
  return stops;
}

browserTest(
  "accessibility: axe over the site, the skip link and focus rings",
  async ({ browser, server, t }) => {
    const origin = server.url;
    const visitor = await browser.newPage();
    const artist = await signedIn(browser, origin, ARTIST);
    const organizer = await signedIn(browser, origin, ORGANIZER);
    const errors = [...collectErrors(visitor), ...collectErrors(artist), ...collectErrors(organizer)];

    // The artist's profile gets a YouTube and a Spotify link, the players' markup being the riskiest.
    const act = "/artists/asha-rao";
    for (
      const [title, url] of [
        ["Live at NCPA", "https://youtu.be/dQw4w9WgXcQ"],
        ["Monsoon Ragas", "https://open.spotify.com/album/4aawyAB9vmqN3uQ7FjRGTy"],
      ]
    ) {
      await artist.goto(`${origin}${act}/edit`);
      const form = artist.locator("[data-testid=add-link-form]");
      await form.getByLabel("Title").fill(title);
      await form.getByLabel("Link").fill(url);
      await Promise.all([
        artist.waitForURL(/\/edit\?done=/),
        form.getByRole("button", { name: "Add link" }).click(),
      ]);
    }
    await visitor.goto(`${origin}${act}`);
    const players = await visitor.locator("[data-embed]").evaluateAll((els) =>
      els.map((e) => e.getAttribute("data-embed")).sort()
    );
    assert.deepEqual(players, ["spotify", "youtube"]);

    await t.step("the home page has no violation of any impact (Lighthouse's 100)", async () => {
      await visitor.goto(`${origin}/`);
      assert.equal(await visitor.getAttribute("html", "lang"), "en-IN");
      assert.deepEqual(await violations(visitor), []);
    });

    await t.step("no public page has a serious or critical violation", async () => {
      const venue = await firstHref(visitor, origin, "/venues", "[data-testid=venues] li a");
      const gig = await firstHref(visitor, origin, "/opportunities", "[data-testid=results] li a");
      const found = await seriousViolations(visitor, origin, [
        "/",
        "/artists",
        "/venues",
        "/opportunities",
        act,
        "/bands/the-monsoon-collective",
        venue,
        gig,
        "/login",
        "/register",
        "/forgot-password",
        "/api/docs",
      ]);
      // The not-found page and a form sent back with its errors.
      await visitor.goto(`${origin}/no-such-page`);
      const notFound = await violations(visitor);
      await visitor.goto(`${origin}/login`);
      await visitor.fill("#identifier", "nobody@example.in");
      await visitor.fill("#password", "not-the-password");
      await visitor.click("button[type=submit]");
      await visitor.getByRole("alert").waitFor();
      const loginError = await violations(visitor);
      for (const [label, list] of [["404", notFound], ["login with an error", loginError]] as const) {
        const serious = list.filter(isSerious);
        if (serious.length > 0) found[label] = serious;
      }
      assert.deepEqual(found, {});
    });

    await t.step("no signed-in page has a serious or critical violation", async () => {
      const artistBooking = await firstHref(artist, origin, "/bookings", "main a[href^='/bookings/']");
      const organizerBooking = await firstHref(organizer, origin, "/bookings", "main a[href^='/bookings/']");
      const found = {
        ...await seriousViolations(artist, origin, [
          "/dashboard",
          "/calendar",
          "/bookings",
          artistBooking,
          `${artistBooking}/contract`,
          "/account",
          `${act}/edit`,
          "/artists/new",
        ]),
        ...Object.fromEntries(
          Object.entries(
            await seriousViolations(organizer, origin, [
              "/dashboard",
              organizerBooking,
              `${organizerBooking}/contract`,
              "/opportunities/new",
              `/bookings/new?act=asha-rao`,
            ]),
          ).map(([path, list]) => [`${path} (organizer)`, list]),
        ),
      };
      assert.deepEqual(found, {});
    });

    await t.step("the first Tab reaches a visible skip link to the main content", async () => {
      await visitor.goto(`${origin}/artists`);
      await visitor.keyboard.press("Tab");
      const skip = await visitor.evaluate(() => {
        const el = document.activeElement as HTMLAnchorElement;
        const box = el.getBoundingClientRect();
        return {
          text: el.textContent?.trim(),
          target: document.querySelector(el.getAttribute("href") ?? "")?.tagName,
          visible: box.width > 20 && box.height > 10 && box.top >= 0,
        };
      });
      assert.deepEqual(skip, { text: "Skip to content", target: "MAIN", visible: true });
      await visitor.keyboard.press("Enter");
      await visitor.keyboard.press("Tab");
      assert.ok(
        await visitor.evaluate(() => document.querySelector("main")!.contains(document.activeElement)),
        "after skipping, the next Tab lands inside the main content",
      );
    });

    await t.step("every control shows a focus ring", async () => {
      const hidden: Record<string, string[]> = {};
      for (
        const [page, path] of [[visitor, "/"], [visitor, act], [visitor, "/register"], [
          artist,
          `${act}/edit`,
        ]] as const
      ) {
        await page.goto(`${origin}${path}`);
        const stops = await focusStops(page);
        assert.ok(stops.length >= 8, `${path}: only ${stops.length} focus stops`);
        const without = stops.filter((s) => !s.shows).map((s) => s.element);
        if (without.length > 0) hidden[path] = without;
      }
      assert.deepEqual(hidden, {});
    });

    await t.step("a Verified badge is read apart from the name before it", async () => {
      await visitor.goto(`${origin}${act}`);
      // Playwright computes accessible names as browsers do: a space either side of the hidden comma.
      const heading = visitor.getByRole("heading", { level: 1, name: /^Asha Rao ?, Verified$/ });
      assert.equal(await heading.count(), 1);
    });

    assert.deepEqual(errors, []);
  },
);
