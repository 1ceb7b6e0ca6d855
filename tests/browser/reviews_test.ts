/**
 * Reviews in Chromium against the real server and its demo data: the demo's
 * completed show is reviewed by its organizer and then by the band's manager,
 * each through the booking page's form; the manager sees only that a review
 * is in until theirs is, then both, and replies; the band's public page
 * shows the review and the reply. axe finds nothing serious on the booking
 * page's review form or on the public page.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { PAID_DEMO_SHOW } from "../../server/demo_payments.ts";
import { DEMO_PASSWORD } from "../../server/demo_seed.ts";
import { isSerious, violations } from "../support/axe.ts";
import { browserTest } from "../support/browser.ts";

async function signedIn(browser: Browser, origin: string, who: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${origin}/login?next=/dashboard`);
  await page.fill("#identifier", `${who}@demo.artistspace.in`);
  await page.fill("#password", DEMO_PASSWORD);
  await Promise.all([page.waitForURL(/\/dashboard$/), page.click("button[type=submit]")]);
  return page;
}

async function openShow(page: Page, origin: string): Promise<string> {
  await page.goto(`${origin}/bookings`);
  await Promise.all([
    page.waitForURL(/\/bookings\/[0-9a-f-]{36}$/),
    page.click(`a:has-text("${PAID_DEMO_SHOW}")`),
  ]);
  return page.url();
}

async function seriousOn(page: Page): Promise<string[]> {
  return (await violations(page)).filter(isSerious).map((v) => `${v.rule}: ${v.targets.join(", ")}`);
}

browserTest(
  "both sides review the demo's completed show, blind until both are in",
  async ({ browser, server }) => {
    const organizer = await signedIn(browser, server.url, "chitra.promoter");
    const bookingUrl = await openShow(organizer, server.url);
    await organizer.waitForSelector("[data-testid=review-form]");
    assert.deepEqual(await seriousOn(organizer), []);
    // Submitting without the overall rating is stopped by the browser (required radios), so fill it all.
    for (
      const [name, stars] of [["overall", 5], ["punctuality", 5], ["performance_as_described", 4], [
        "professionalism",
        5,
      ]] as const
    ) {
      await organizer.check(`input[name=${name}][value="${stars}"]`);
    }
    await organizer.fill("#text", "The Monsoon Collective filled the hall in Kochi");
    await Promise.all([organizer.waitForURL(/done=review/), organizer.click("text=Submit your review")]);
    assert.match(
      await organizer.textContent("[data-testid=booking-reviews]") ?? "",
      /filled the hall in Kochi/,
    );

    const manager = await signedIn(browser, server.url, "bharat.bandmanager");
    await manager.goto(bookingUrl);
    await manager.waitForSelector("[data-testid=other-submitted]");
    assert.doesNotMatch(await manager.textContent("[data-testid=booking-reviews]") ?? "", /filled the hall/);
    for (
      const [name, stars] of [["overall", 4], ["paid_on_time", 5], ["hospitality_and_sound", 4], [
        "communication",
        4,
      ]] as const
    ) {
      await manager.check(`input[name=${name}][value="${stars}"]`);
    }
    await manager.fill("#text", "Paid in full before the night");
    await Promise.all([manager.waitForURL(/done=review/), manager.click("text=Submit your review")]);
    const both = await manager.textContent("[data-testid=booking-reviews]") ?? "";
    assert.match(both, /filled the hall in Kochi/);
    assert.match(both, /Paid in full before the night/);
    assert.deepEqual(await seriousOn(manager), []);
    await manager.fill("#reply", "Thank you, Kochi!");
    await Promise.all([manager.waitForURL(/done=reply/), manager.click("text=Post the reply")]);

    const visitor = await browser.newPage();
    await visitor.goto(`${server.url}/bands/the-monsoon-collective`);
    assert.match(await visitor.textContent("[data-testid=review-summary]") ?? "", /from 1 review/);
    assert.match(await visitor.textContent("#reviews") ?? "", /Thank you, Kochi!/);
    assert.deepEqual(await seriousOn(visitor), []);
  },
);
