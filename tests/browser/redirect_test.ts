/**
 * The browser's own reading of our redirects: Chromium, signed in, is sent
 * to /login with each hostile `next` and must end up on this site.
 */
import assert from "node:assert/strict";
import { browserTest } from "../support/browser.ts";
import { HOSTILE_NEXT } from "../support/hostile_values.ts";

browserTest("a signed-in browser is never sent off the site by ?next=", async ({ browser, server }) => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/login`);
  await page.fill("#identifier", "dev.organizer@demo.artistspace.in");
  await page.fill("#password", "Demo-Stage-2026");
  await Promise.all([page.waitForURL(/\/account$/), page.click("button[type=submit]")]);
  for (const next of HOSTILE_NEXT) {
    await page.goto(`${server.url}/login?next=${encodeURIComponent(next)}`);
    assert.equal(new URL(page.url()).origin, server.url, `next=${JSON.stringify(next)} -> ${page.url()}`);
  }
});
