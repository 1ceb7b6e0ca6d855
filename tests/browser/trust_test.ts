/**
 * Trust on both sides in Chromium, on a phone, against the real server and
 * its demo data: the demo's two played shows (Dev's ghazal evening with
 * Asha, Chitra's album launch with Bharat's band) are reviewed by both
 * sides through the booking page, each review hidden from the other side
 * until theirs is in; each owner's trust page then shows the score moved
 * and says why. The demo admin suspends Chitra, whose open page is signed
 * out on its next request and whose sign-in is refused with a clear
 * message; approves The Baradari's verification request from the queue;
 * and rules on the demo's open dispute with a partial refund.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { PAID_DEMO_SHOW, PAID_SOLO_DEMO_SHOW } from "../../server/demo_payments.ts";
import { DEMO_PASSWORD } from "../../server/demo_seed.ts";
import { SUSPENDED_SIGN_IN } from "../../domain/suspension.ts";
import { isSerious, violations } from "../support/axe.ts";
import { browserTest, collectErrors } from "../support/browser.ts";

const PHONE = { width: 390, height: 844 };

interface Person {
  page: Page;
  errors: string[];
}

async function signedIn(browser: Browser, origin: string, who: string): Promise<Person> {
  const page = await (await browser.newContext({ viewport: PHONE })).newPage();
  const errors = collectErrors(page);
  await page.goto(`${origin}/login?next=/dashboard`);
  await page.fill("#identifier", `${who}@demo.artistspace.in`);
  await page.fill("#password", DEMO_PASSWORD);
  await Promise.all([page.waitForURL(/\/dashboard$/), page.click("button[type=submit]")]);
  return { page, errors };
}

async function openShow(page: Page, origin: string, title: string): Promise<string> {
  await page.goto(`${origin}/bookings`);
  await Promise.all([page.waitForURL(/\/bookings\/[0-9a-f-]{36}$/), page.click(`a:has-text("${title}")`)]);
  return page.url();
}

/** Fills and sends the booking page's review form: the overall rating, each category's, and the text. */
async function review(page: Page, stars: Record<string, number>, text: string): Promise<void> {
  for (const [name, value] of Object.entries(stars)) {
    await page.check(`input[name=${name}][value="${value}"]`);
  }
  await page.fill("#text", text);
  await Promise.all([page.waitForURL(/done=review/), page.click("text=Submit your review")]);
}

interface Reviewer {
  page: Page;
  stars: Record<string, number>;
  text: string;
}

/** Both sides review `show` through its booking page, blind until both are in. */
async function bothReview(origin: string, show: string, first: Reviewer, second: Reviewer): Promise<void> {
  const url = await openShow(first.page, origin, show);
  await review(first.page, first.stars, first.text);
  await second.page.goto(url);
  await second.page.waitForSelector("[data-testid=other-submitted]");
  assert.ok(!(await reviewsOn(second.page)).includes(first.text), `${show}: the first review stays hidden`);
  assert.deepEqual(await seriousOn(second.page), [], "axe on the review form");
  await review(second.page, second.stars, second.text);
  for (const page of [first.page, second.page]) {
    await page.goto(url);
    const both = await reviewsOn(page);
    assert.ok(both.includes(first.text) && both.includes(second.text), `${show}: both read both`);
  }
}

async function reviewsOn(page: Page): Promise<string> {
  return await page.textContent("[data-testid=booking-reviews]") ?? "";
}

/** The score the owner's trust page shows for one of their subjects, and its newest history entry. */
async function trustOf(
  page: Page,
  origin: string,
  section: string,
): Promise<{ score: number; newest: string }> {
  await page.goto(`${origin}/account/trust`);
  const box = page.locator(`[data-testid=${section}]`);
  const score = Number(await box.locator("[data-testid=trust-score]").textContent());
  const newest = await box.locator("[data-testid=trust-history] li").first().textContent() ?? "";
  return { score, newest };
}

async function seriousOn(page: Page): Promise<string[]> {
  return (await violations(page)).filter(isSerious).map((v) => `${v.rule}: ${v.targets.join(", ")}`);
}

browserTest(
  "two played demo shows reviewed by both sides, blind until both are in; the scores move with a readable reason; an admin suspends, verifies and rules",
  async ({ browser, server }) => {
    const origin = server.url;
    const dev = await signedIn(browser, origin, "dev.organizer");
    const asha = await signedIn(browser, origin, "asha.artist");
    const chitra = await signedIn(browser, origin, "chitra.promoter");
    const bharat = await signedIn(browser, origin, "bharat.bandmanager");
    const before = {
      asha: await trustOf(asha.page, origin, "trust-act"),
      dev: await trustOf(dev.page, origin, "trust-organizer"),
      band: await trustOf(bharat.page, origin, "trust-act"),
    };

    // Each show: the organizer reviews first; the act's side sees that a review is in, not what it says,
    // until theirs is, and then both sides read both.
    await bothReview(origin, PAID_SOLO_DEMO_SHOW, {
      page: dev.page,
      stars: { overall: 5, punctuality: 5, performance_as_described: 5, professionalism: 4 },
      text: "Asha held 150 patrons in the palm of her hand",
    }, {
      page: asha.page,
      stars: { overall: 5, paid_on_time: 5, hospitality_and_sound: 4, communication: 5 },
      text: "Paid before the interval, and a tuned harmonium waiting",
    });
    await bothReview(origin, PAID_DEMO_SHOW, {
      page: chitra.page,
      stars: { overall: 5, punctuality: 4, performance_as_described: 5, professionalism: 5 },
      text: "The Monsoon Collective sold out the hall",
    }, {
      page: bharat.page,
      stars: { overall: 4, paid_on_time: 5, hospitality_and_sound: 3, communication: 4 },
      text: "Paid on time; the monitors were weak",
    });

    // Each owner's page: the score moved, and the newest change says which reviews moved it.
    const after = {
      asha: await trustOf(asha.page, origin, "trust-act"),
      dev: await trustOf(dev.page, origin, "trust-organizer"),
      band: await trustOf(bharat.page, origin, "trust-act"),
    };
    for (
      const [who, show] of [["asha", PAID_SOLO_DEMO_SHOW], ["dev", PAID_SOLO_DEMO_SHOW], [
        "band",
        PAID_DEMO_SHOW,
      ]]
    ) {
      const { score, newest } = after[who as keyof typeof after];
      assert.notEqual(score, before[who as keyof typeof before].score, `${who}'s score moved`);
      assert.match(newest, new RegExp(`Both reviews of “${show}” were revealed`), `${who}: ${newest}`);
    }
    assert.ok(after.asha.score > before.asha.score, "five stars never lower a score");
    assert.deepEqual(await seriousOn(asha.page), [], "axe on the trust page");

    // The admin suspends Chitra: her open page is signed out on its next request, and she cannot sign in.
    const admin = await signedIn(browser, origin, "farhan.admin");
    await admin.page.goto(`${origin}/admin/users?q=chitra`);
    await Promise.all([
      admin.page.waitForURL(/\/admin\/users\/[0-9a-f-]{36}$/),
      admin.page.click("[data-testid=user-result] a:has-text('Chitra')"),
    ]);
    await admin.page.fill("[data-testid=suspend-form] #reason", "Reviews traded for discounts (case 114)");
    await Promise.all([admin.page.waitForURL(/done=suspend/), admin.page.click("text=Suspend the account")]);
    assert.match(await admin.page.textContent("main") ?? "", /Suspended\. Every session has ended\./);
    await chitra.page.goto(`${origin}/dashboard`);
    assert.match(new URL(chitra.page.url()).pathname, /^\/login$/, "signed out at once");
    await chitra.page.fill("#identifier", "chitra.promoter@demo.artistspace.in");
    await chitra.page.fill("#password", DEMO_PASSWORD);
    await chitra.page.click("button[type=submit]");
    await chitra.page.waitForSelector(`text=${SUSPENDED_SIGN_IN}`);

    // The Baradari's request waits in the queue; approving it puts the badge on the venue's page.
    await admin.page.goto(`${origin}/admin/verifications`);
    const baradari = admin.page.locator("[data-testid=verification-case]", { hasText: "The Baradari" });
    await Promise.all([
      admin.page.waitForURL(/done=approve/),
      baradari.locator("[data-testid=approve-form] button").click(),
    ]);
    const venue = await (await browser.newContext({ viewport: PHONE })).newPage();
    await venue.goto(`${origin}/venues/the-baradari-bandra`);
    assert.match(await venue.textContent("h1") ?? "", /The Baradari\s*,?\s*Verified/);

    // The open dispute: the admin refunds part of it, with a reason both parties read.
    await admin.page.goto(`${origin}/admin/disputes`);
    await Promise.all([
      admin.page.waitForURL(/\/admin\/disputes\/[0-9a-f-]{36}$/),
      admin.page.click("[data-testid=dispute] h2 a:has-text('Club night')"),
    ]);
    await admin.page.check("input[name=outcome][value=refund]");
    await admin.page.fill("#refund", "50,000");
    await admin.page.fill(
      "#reason",
      "The set was cut short by more than half; the act keeps the rest for the hour played.",
    );
    await Promise.all([admin.page.waitForURL(/done=ruled/), admin.page.click("text=Record the ruling")]);
    assert.match(
      await admin.page.textContent("[data-testid=ruled]") ?? "",
      /₹50,000(\.00)? refunded to the organizer, the rest released to the act\. “The set was cut short/,
    );
    assert.deepEqual(await seriousOn(admin.page), [], "axe on the ruled case");

    for (const person of [dev, asha, bharat, admin]) assert.deepEqual(person.errors, []);
  },
);
