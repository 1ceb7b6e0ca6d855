/**
 * The whole booking path in Chromium against the real server, as the demo
 * organizer and the demo artist live it: the organizer posts a gig, the
 * artist applies, they trade two counter-offers, the organizer accepts (the
 * terms shown once more first), the gig shows the agreed fee, and the show
 * appears on both calendars and in the artist's iCalendar feed.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { DEMO_PASSWORD } from "../../server/demo_seed.ts";
import { browserTest, collectErrors, waitForText } from "../support/browser.ts";

const DAY = 86_400_000;
const ORGANIZER = "dev.organizer@demo.artistspace.in";
const ARTIST = "asha.artist@demo.artistspace.in";
const TITLE = "Kala Ghoda rooftop sessions";

/** A date in India, `days` from now, as the date input takes it. */
function indiaDate(days: number): string {
  return new Date(Date.now() + days * DAY + 330 * 60_000).toISOString().slice(0, 10);
}

async function signedIn(browser: Browser, origin: string, email: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${origin}/login?next=/dashboard`);
  await page.fill("#identifier", email);
  await page.fill("#password", DEMO_PASSWORD);
  await Promise.all([page.waitForURL(/\/dashboard$/), page.click("button[type=submit]")]);
  return page;
}

/** Sends an offer from the booking page's composer, watching the island work out the deposit live. */
async function counter(page: Page, fee: string, deposit: string): Promise<void> {
  await page.click("summary:has-text('counter-offer')");
  await page.fill("#offer-fee", "");
  await page.locator("#offer-fee").pressSequentially(fee);
  await page.fill("#offer-deposit", deposit);
  await page.waitForFunction(
    (text) => document.querySelector("[data-testid=offer-summary]")?.textContent?.includes(text),
    `₹${(Number(fee) * Number(deposit) / 100).toLocaleString("en-IN")}`,
    { timeout: 5_000 },
  );
  await Promise.all([page.waitForURL(/done=offer/), page.click("button:has-text('Send offer')")]);
}

browserTest(
  "organizer posts, artist applies, two counter-offers, accept; calendars and the feed show the show",
  async ({ browser, server }) => {
    const organizer = await signedIn(browser, server.url, ORGANIZER);
    const artist = await signedIn(browser, server.url, ARTIST);
    const errors = [...collectErrors(organizer), ...collectErrors(artist)];
    const showDay = indiaDate(40);

    // The organizer posts a gig with the plain form.
    await organizer.goto(`${server.url}/opportunities/new`);
    await organizer.fill("#title", TITLE);
    await organizer.fill("#description", "Sunset sets on a terrace above the art district.");
    await organizer.fill("#date", showDay);
    await organizer.fill("#time", "19:30");
    await organizer.fill("#durationMinutes", "90");
    await organizer.fill("#city", "Mumbai");
    await organizer.fill("#address", "Rampart Row, Kala Ghoda");
    await organizer.check("input[name=genres][value=ghazal]");
    await organizer.fill("#budgetMin", "80000");
    await organizer.fill("#budgetMax", "150000");
    await organizer.fill("#deadline", indiaDate(30));
    await Promise.all([
      organizer.waitForURL(/\/opportunities\/[0-9a-f-]{36}\?posted=1$/),
      organizer.click("button[type=submit]"),
    ]);
    const gigUrl = organizer.url().split("?")[0];

    // The artist finds it by searching and applies with her act.
    await artist.goto(`${server.url}/opportunities?q=${encodeURIComponent("Kala Ghoda")}`);
    await Promise.all([artist.waitForURL(gigUrl), artist.click(`a:has-text("${TITLE}")`)]);
    await artist.fill("#pitch", "Ghazals at sunset, with harmonium and tabla.");
    await artist.fill("#proposedFee", "140000");
    await Promise.all([artist.waitForLoadState("load"), artist.click("button[value=apply]")]);
    assert.match(await artist.textContent("main") ?? "", /Submitted|submitted/);

    // The organizer accepts the application into a negotiation: the artist's fee is the opening offer.
    await organizer.goto(gigUrl);
    await Promise.all([
      organizer.waitForURL(/\/bookings\/[0-9a-f-]{36}/),
      organizer.click("button[value=negotiate]"),
    ]);
    const bookingUrl = organizer.url().split("?")[0];
    await counter(organizer, "100000", "25");

    await artist.goto(bookingUrl);
    assert.match(await artist.textContent("main") ?? "", /₹1,00,000/);
    await counter(artist, "120000", "30");

    // Accepting shows the terms once more, then takes a second, explicit yes.
    await organizer.goto(bookingUrl);
    await Promise.all([
      organizer.waitForURL(/confirm=accept/),
      organizer.click("button:has-text('Accept ₹1,20,000')"),
    ]);
    assert.equal(await organizer.textContent("[data-testid=confirm-fee]"), "₹1,20,000");
    await Promise.all([
      organizer.waitForURL(/done=accept/),
      organizer.click("button:has-text('Yes, accept these terms')"),
    ]);
    assert.match(await organizer.textContent("main") ?? "", /Confirmed/);
    const timeline = await organizer.textContent("main") ?? "";
    assert.match(timeline, /Round 3/);

    // The gig is filled; its page shows the agreed booking, not the fee first asked.
    await organizer.goto(gigUrl);
    assert.match(await organizer.textContent("[data-testid=agreed-fee]") ?? "", /₹1,20,000 agreed/);
    assert.doesNotMatch(await organizer.textContent("[data-testid=applications]") ?? "", /₹1,40,000/);

    // Both calendars show the show in its month.
    const month = showDay.slice(0, 7);
    for (const page of [organizer, artist]) {
      await page.goto(`${server.url}/calendar?month=${month}`);
      await waitForText(page, `[data-testid=entries] a[href="${new URL(bookingUrl).pathname}"]`, TITLE);
    }

    // The artist's feed, fetched as a calendar app would: no cookies, only the secret URL.
    const feedUrl = await artist.inputValue("#feed-url");
    const feed = await fetch(`${server.url}${new URL(feedUrl).pathname}`);
    assert.equal(feed.status, 200);
    assert.equal(feed.headers.get("content-type"), "text/calendar; charset=utf-8");
    const ics = (await feed.text()).replaceAll("\r\n ", "");
    const event = ics.split("BEGIN:VEVENT").find((e) => e.includes(`SUMMARY:${TITLE}`));
    assert.ok(event, "the booking is in the feed");
    assert.match(event, /STATUS:CONFIRMED/);
    assert.match(event, new RegExp(`DTSTART:${showDay.replaceAll("-", "")}T140000Z`));
    assert.deepEqual(errors, []);
  },
);
