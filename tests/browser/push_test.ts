/**
 * /account's notification toggle in Chromium: the island hydrates without a
 * console or CSP error, asks for no permission by itself, and tells where the
 * browser stands: without the site's service worker, that push needs it;
 * with it, the button that turns notifications on.
 */
import assert from "node:assert/strict";
import { DEMO_PASSWORD } from "../../server/demo_seed.ts";
import { browserTest, collectErrors } from "../support/browser.ts";

browserTest(
  "the push toggle on /account hydrates and asks for nothing until tapped",
  async ({ browser, server }) => {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    await page.goto(`${server.url}/login?next=/account`);
    await page.fill("#identifier", "asha.artist@demo.artistspace.in");
    await page.fill("#password", DEMO_PASSWORD);
    await Promise.all([page.waitForURL(/\/account$/), page.click("button[type=submit]")]);

    const toggle = page.locator("[data-testid=push-toggle][data-state]");
    await toggle.waitFor();
    const state = await toggle.getAttribute("data-state");
    const text = await toggle.textContent() ?? "";
    if (state === "no-worker") assert.match(text, /service worker/);
    else {
      assert.equal(state, "off", text);
      assert.match(text, /Turn on notifications on this device/);
    }
    assert.equal(
      await page.evaluate(() => Notification.permission),
      "default",
      "no permission asked on load",
    );
    assert.equal(await page.locator("[data-testid=push-preferences] input[type=checkbox]").count(), 6);
    assert.deepEqual(errors, []);
  },
);
