/**
 * The venue side in Chromium against the real server, as the demo venue
 * manager lives it: the show the promoter booked at her venue is on her
 * dashboard under "At your venues", its booking page opens read-only, and it
 * is on her calendar.
 */
import assert from "node:assert/strict";
import { indiaMidnightOf, indiaWallClock } from "../../domain/india_time.ts";
import { DEMO_PASSWORD } from "../../server/demo_seed.ts";
import { browserTest, collectErrors, waitForText } from "../support/browser.ts";

const VENUE_MANAGER = "esha.venue@demo.artistspace.in";
const SHOW = "Rooftop sessions at The Baradari";

browserTest("a venue manager follows the show booked at her venue", async ({ browser, server }) => {
  const page = await browser.newPage();
  const errors = collectErrors(page);
  await page.goto(`${server.url}/login?next=/dashboard`);
  await page.fill("#identifier", VENUE_MANAGER);
  await page.fill("#password", DEMO_PASSWORD);
  await Promise.all([page.waitForURL(/\/dashboard$/), page.click("button[type=submit]")]);

  // The dashboard has the venue's side, and does not call her an organizer.
  await waitForText(page, "[data-testid=venue-dashboard] h2", "At your venues");
  const headings = await page.locator("main h2").allTextContents();
  assert.ok(!headings.includes("As organizer"), headings.join(" | "));
  const upcoming = await page.textContent("[data-testid=venue-upcoming]") ?? "";
  assert.match(upcoming, /The Monsoon Collective at The Baradari/);

  // The booking page opens read-only: the terms and timeline, no step to take.
  await Promise.all([
    page.waitForURL(/\/bookings\/[0-9a-f-]{36}$/),
    page.click(`[data-testid=venue-upcoming] a:has-text("${SHOW}")`),
  ]);
  const bookingPath = new URL(page.url()).pathname;
  await waitForText(page, "main h1", SHOW);
  assert.match(await page.textContent("[data-testid=read-only]") ?? "", /The Baradari/);
  assert.match(await page.textContent("[data-testid=terms]") ?? "", /₹1,60,000/);
  assert.match(await page.textContent("[data-testid=timeline]") ?? "", /accepted the offer/);
  assert.equal(await page.locator("[data-testid=actions]").count(), 0);
  assert.equal(await page.locator("main form[method=post]").count(), 0);

  // Her calendar has it, in the month the demo seed put it (20 days from today, 20:00 in India).
  const startsAt = new Date(indiaMidnightOf(new Date()).getTime() + (20 * 24 + 20) * 60 * 60 * 1000);
  const month = indiaWallClock(startsAt).date.slice(0, 7);
  await page.goto(`${server.url}/calendar?month=${month}`);
  await waitForText(page, `[data-testid=entries] a[href="${bookingPath}"]`, SHOW);
  assert.deepEqual(errors, []);
});
