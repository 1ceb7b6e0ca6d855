/**
 * The home page in a real browser against the real server: the island
 * hydrates under the CSP, talks to the API and submits a plain GET form;
 * a page without islands ships no script at all.
 *
 * Drives Debian's chromium through playwright-core; browsers are never
 * downloaded.
 */
import assert from "node:assert/strict";
import { browserTest, collectErrors, waitForText } from "../support/browser.ts";

browserTest("home page in Chromium", async ({ browser, server, t }) => {
  await t.step("the search island hydrates, suggests cities, summarises and submits", async () => {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    await page.goto(`${server.url}/`);

    // The listbox appears only once the island has hydrated and the API has answered.
    await page.locator("#qs-city").pressSequentially("Pun");
    const options = page.getByRole("listbox", { name: "Cities" }).getByRole("option");
    await options.first().waitFor({ timeout: 10_000 }).catch((err) => {
      throw new Error(`no city suggestions appeared; page errors: ${errors.join("; ") || "none"}`, {
        cause: err,
      });
    });
    const names = await options.evaluateAll((items) => items.map((o) => o.firstChild?.textContent?.trim()));
    assert.ok(names.includes("Pune"), `suggestions for "Pun" lack Pune: ${names.join(", ")}`);
    await options.nth(names.indexOf("Pune")).click();
    assert.equal(await page.inputValue("#qs-city"), "Pune");

    await page.selectOption("#qs-genre", { label: "Sufi" });
    await waitForText(page, "[data-testid=qs-summary]", "Sufi acts in Pune");

    await Promise.all([
      page.waitForURL((url) => url.pathname === "/artists"),
      page.getByRole("button", { name: "Find artists" }).click(),
    ]);
    const landed = new URL(page.url());
    assert.equal(landed.pathname + landed.search, "/artists?city=Pune&genre=sufi");
    assert.deepEqual(errors, []);
    await page.close();
  });

  await t.step("a page without islands loads no script", async () => {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    const scripts: string[] = [];
    page.on("request", (req) => {
      if (req.resourceType() === "script") scripts.push(req.url());
    });
    const res = await page.goto(`${server.url}/artists?city=Pune&genre=sufi`);
    assert.equal(res?.status(), 200);
    assert.deepEqual(scripts, []);
    assert.equal(await page.evaluate(() => document.scripts.length), 0);
    assert.deepEqual(errors, []);
    await page.close();
  });

  await t.step("a phone-sized screenshot of the home page is saved for review", async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    const path = `${await Deno.makeTempDir({ prefix: "artist-space-screenshot-" })}/home-390x844.png`;
    await page.screenshot({ path, fullPage: true });
    const png = await Deno.readFile(path);
    assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47], "a PNG file");
    console.log(`home page screenshot (390x844): ${path}`);
    await context.close();
  });
});
