/**
 * The catalogue in a real browser against the real server (which seeds the
 * demo catalogue in development mode): search by city and genre with the
 * plain GET form, open a profile from the results, read its name and fee.
 * Profiles carry a JSON-LD data block; the CSP must not object to it.
 */
import assert from "node:assert/strict";
import { browserTest, collectErrors } from "../support/browser.ts";

browserTest("catalogue search and profiles in Chromium", async ({ browser, server, t }) => {
  await t.step("search by city and genre, then open a profile from the results", async () => {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    await page.goto(`${server.url}/artists`);
    await page.fill("input[name=city]", "Mumbai");
    await page.selectOption("select[name=genre]", { label: "Rock" });
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get("genre") === "rock"),
      page.getByRole("button", { name: "Search" }).click(),
    ]);
    assert.equal(await page.locator("h1").first().textContent(), "Rock acts in Mumbai");
    const first = page.locator("[data-testid=results] li").first();
    const name = (await first.locator("h2").evaluate((h) => h.firstChild?.textContent ?? "")).trim();
    const fee = (await first.locator("text=/^From ₹/").textContent())?.trim();
    assert.ok(name && fee, `a first result with a name and fee: ${name} ${fee}`);

    await Promise.all([
      page.waitForURL((url) => /^\/(artists|bands)\/[a-z0-9-]+$/.test(url.pathname)),
      first.locator("a").first().click(),
    ]);
    const heading = await page.locator("h1").evaluate((h) => h.firstChild?.textContent ?? "");
    assert.equal(heading.trim(), name);
    assert.equal((await page.locator("[data-testid=fee]").textContent())?.trim(), fee);
    assert.equal(await page.title(), `${name} · Artist Space`);
    // Only the JSON-LD data block, which browsers never execute.
    assert.deepEqual(
      await page.evaluate(() => [...document.scripts].map((s) => s.type)),
      ["application/ld+json"],
    );
    assert.deepEqual(errors, []);
    await page.close();
  });

  await t.step("a venue list and a venue page load without console errors", async () => {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    await page.goto(`${server.url}/venues`);
    await page.fill("input[name=city]", "Bengaluru");
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get("city") === "Bengaluru"),
      page.getByRole("button", { name: "Show venues" }).click(),
    ]);
    const first = page.locator("[data-testid=venues] li a").first();
    const name = (await first.locator("h2").evaluate((h) => h.firstChild?.textContent ?? "")).trim();
    await Promise.all([page.waitForURL(/\/venues\/[a-z0-9-]+$/), first.click()]);
    assert.equal(
      (await page.locator("h1").evaluate((h) => h.firstChild?.textContent ?? "")).trim(),
      name,
    );
    assert.deepEqual(errors, []);
    await page.close();
  });

  await t.step("a phone-sized screenshot of a profile is saved for review", async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${server.url}/artists?genre=rock`);
    await Promise.all([
      page.waitForURL(/\/(artists|bands)\/[a-z0-9-]+$/),
      page.locator("[data-testid=results] li a").first().click(),
    ]);
    // Nothing wider than the phone: no sideways scrolling.
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390));
    const path = `${await Deno.makeTempDir({ prefix: "artist-space-screenshot-" })}/profile-390x844.png`;
    await page.screenshot({ path, fullPage: true });
    console.log(`profile screenshot (390x844): ${path}`);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
