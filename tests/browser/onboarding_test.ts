/**
 * A new artist's first hour in Chromium against the real server: register,
 * verify with the e-mailed code, log in, follow the dashboard's next step to
 * create their act, see its public page, and apply to an open gig that the
 * demo organizer has just posted.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { DEMO_PASSWORD } from "../../server/demo_seed.ts";
import { browserTest, collectErrors } from "../support/browser.ts";
import { mailTo } from "../support/mailbox.ts";

const DAY = 86_400_000;
const EMAIL = "zoya.strings@example.in";
const PASSWORD = "Sarangi-Evenings-26";

/** A date in India, `days` from now, as the date input takes it. */
function indiaDate(days: number): string {
  return new Date(Date.now() + days * DAY + 330 * 60_000).toISOString().slice(0, 10);
}

/** The demo organizer posts an open gig with the plain form; answers its address. */
async function postGig(page: Page, origin: string): Promise<string> {
  await page.goto(`${origin}/login?next=/opportunities/new`);
  await page.fill("#identifier", "dev.organizer@demo.artistspace.in");
  await page.fill("#password", DEMO_PASSWORD);
  await Promise.all([page.waitForURL(/\/opportunities\/new$/), page.click("button[type=submit]")]);
  await page.fill("#title", "Sufi night at the stepwell");
  await page.fill("#date", indiaDate(45));
  await page.fill("#time", "19:00");
  await page.fill("#durationMinutes", "120");
  await page.fill("#city", "Jaipur");
  await page.fill("#address", "Panna Meena ka Kund");
  await page.fill("#budgetMin", "30000");
  await page.fill("#budgetMax", "90000");
  await page.fill("#deadline", indiaDate(30));
  await Promise.all([
    page.waitForURL(/\/opportunities\/[0-9a-f-]{36}\?posted=1$/),
    page.click("button[type=submit]"),
  ]);
  return page.url().split("?")[0];
}

browserTest(
  "a new artist registers, creates their act from the next step and applies to a gig in Chromium",
  async ({ browser, server, t }) => {
    const organizer = await browser.newPage();
    const gigUrl = await postGig(organizer, server.url);
    const page = await browser.newPage();
    const errors = [...collectErrors(organizer), ...collectErrors(page)];

    await t.step("register and verify with the e-mailed code", async () => {
      await page.goto(`${server.url}/register`);
      await page.fill("#displayName", "Zoya Strings");
      await page.fill("#email", EMAIL);
      await page.locator("#password").pressSequentially(PASSWORD);
      await page.selectOption("#role", "artist");
      await Promise.all([page.waitForURL(/\/verify\?/), page.click("button[type=submit]")]);
      const code = /verification page: (\d{6})/.exec((await mailTo(server.url, EMAIL, /verify/i)).text)?.[1];
      assert.ok(code, "the e-mail carries a code");
      await page.fill("#code", code);
      await Promise.all([page.waitForURL(/\/login\?notice=verified/), page.click("form >> text=Verify")]);
      const welcome = await mailTo(server.url, EMAIL, /welcome/i);
      assert.ok(welcome.text.includes(`${server.url}/artists/new`), welcome.text);
    });

    await t.step("log in; the dashboard's next step leads to the act form", async () => {
      await page.fill("#identifier", EMAIL);
      await page.fill("#password", PASSWORD);
      await Promise.all([page.waitForURL(/\/account$/), page.click("button[type=submit]")]);
      await Promise.all([page.waitForURL(/\/dashboard$/), page.click("header >> text=Dashboard")]);
      const step = page.locator("[data-testid=next-step]");
      assert.match(await step.locator("h2").textContent() ?? "", /Create your solo act/);
      await Promise.all([
        page.waitForURL(/\/artists\/new$/),
        step.getByRole("link", { name: "Create your act" }).click(),
      ]);
    });

    await t.step("create the act and land on its edit page, then see its public page", async () => {
      await page.fill("#name", "Zoya Sarangi Project");
      await page.fill("#homeCity", "Jaipur");
      await page.check("input[name=genres][value=sufi]");
      await page.fill("#budgetMin", "40000");
      await page.fill("#budgetStandard", "60000");
      await page.fill("#budgetPremium", "85000");
      await page.fill("#bio", "Sarangi and voice from the Thar.");
      await Promise.all([
        page.waitForURL(/\/artists\/zoya-sarangi-project\/edit\?done=created$/),
        page.click("button[type=submit]"),
      ]);
      assert.match(await page.textContent("[role=status]") ?? "", /Your act is created/);
      await Promise.all([
        page.waitForURL(/\/artists\/zoya-sarangi-project$/),
        page.click("text=See your public page"),
      ]);
      const heading = await page.locator("h1").evaluate((h) => h.firstChild?.textContent ?? "");
      assert.equal(heading.trim(), "Zoya Sarangi Project");
      assert.equal((await page.textContent("[data-testid=fee]"))?.trim(), "From ₹40,000");
      await page.goto(`${server.url}/dashboard`);
      assert.equal(await page.locator("[data-testid=next-step]").count(), 0, "the next step is done");
    });

    await t.step("apply to the open gig with the new act", async () => {
      await page.goto(gigUrl);
      await page.fill("#pitch", "Sufi kalaam on sarangi, under the stars.");
      await page.fill("#proposedFee", "60000");
      await Promise.all([page.waitForURL(/\?applied=1$/), page.click("button[value=apply]")]);
      assert.match(await page.textContent("[role=status]") ?? "", /Application sent/);
      assert.match(await page.textContent("main") ?? "", /Zoya Sarangi Project/);
    });
    assert.deepEqual(errors, []);
  },
);
