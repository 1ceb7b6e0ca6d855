/**
 * Paying for a booking in Chromium against the real server, on the demo
 * data, as its people live it: Dev pays the book launch's deposit in the
 * sandbox with JavaScript on; Asha signs New Year's Eve's contract and Dev
 * pays its deposit by UPI with JavaScript off (plain forms must do); both
 * bookings are then paid_deposit for Dev and for Asha. Dev's payments page
 * lists them, marked as sandbox payments, and the tax invoice downloads as a
 * PDF that qpdf passes and whose text has its GST particulars. The band's
 * past show, paid and completed by the demo, shows on the band's earnings
 * page as released, with every member's share for Bharat and her own for
 * Asha. axe finds nothing serious on the payment pages.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { formatMoneyExact } from "../../domain/money_format.ts";
import { HALF_SIGNED_DEMO_BOOKING } from "../../server/demo_contracts.ts";
import { DEPOSIT_DUE_DEMO_BOOKING, PAID_DEMO_SHOW, PAID_SOLO_DEMO_SHOW } from "../../server/demo_payments.ts";
import { DEMO_PASSWORD } from "../../server/demo_seed.ts";
import { isSerious, violations } from "../support/axe.ts";
import { browserTest, collectErrors } from "../support/browser.ts";
import { pdfTool } from "../support/pdf_tools.ts";

const EMAIL = (name: string) => `${name}@demo.artistspace.in`;
const BAND_EARNINGS = "/bands/the-monsoon-collective/earnings";
const rupees = (minor: number) => formatMoneyExact(minor, "INR");

async function signIn(browser: Browser, origin: string, who: string, javaScript = true) {
  const context = await browser.newContext({ javaScriptEnabled: javaScript, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${origin}/login?next=/dashboard`);
  await page.fill("#identifier", EMAIL(who));
  await page.fill("#password", DEMO_PASSWORD);
  await Promise.all([page.waitForURL(/\/dashboard$/), page.click("button[type=submit]")]);
  return { context, page };
}

async function seriousOn(page: Page, what: string): Promise<void> {
  const found = (await violations(page)).filter(isSerious).map((v) => `${v.rule}: ${v.targets.join(", ")}`);
  assert.deepEqual(found, [], what);
}

/** Opens a booking from the dashboard list `list` by its title; returns its address. */
async function openFromDashboard(page: Page, origin: string, list: string, title: string): Promise<string> {
  await page.goto(`${origin}/dashboard`);
  await Promise.all([
    page.waitForURL(/\/bookings\/[0-9a-f-]{36}$/),
    page.click(`[data-testid=${list}] a:has-text("${title}")`),
  ]);
  return page.url();
}

/** Pays what the booking page offers on the sandbox's checkout with a test card or UPI id. */
async function payInSandbox(page: Page, bookingUrl: string, how: "card" | "upi"): Promise<void> {
  await page.goto(bookingUrl);
  await Promise.all([page.waitForURL(/\/sandbox\/checkout\/sbx_order_/), page.click("[data-testid=pay]")]);
  assert.match(await page.textContent("[data-testid=sandbox-banner]") ?? "", /no real money moves/);
  await page.fill(`#${how}`, how === "card" ? "4111 1111 1111 1111" : "success@sandbox");
  await Promise.all([
    page.waitForURL(/\/bookings\/[0-9a-f-]{36}\?done=paid$/),
    page.click(`[data-testid=sandbox-${how}] button`),
  ]);
}

async function status(page: Page, bookingUrl: string): Promise<string> {
  await page.goto(bookingUrl);
  return (await page.textContent("h1 + p > span"))?.trim() ?? "";
}

browserTest(
  "deposits paid in the sandbox with and without JavaScript, a GST invoice, a band's earnings",
  async ({ browser, server }) => {
    const origin = server.url;
    const dev = await signIn(browser, origin, "dev.organizer");
    const devNoScript = await signIn(browser, origin, "dev.organizer", false);
    const asha = await signIn(browser, origin, "asha.artist");
    const bharat = await signIn(browser, origin, "bharat.bandmanager");
    const errors = [dev, devNoScript, asha, bharat].flatMap(({ page }) => collectErrors(page));

    // Before paying, Dev's payments page has only his ghazal evening's, the show that was played.
    await dev.page.click("a[href='/payments']");
    await dev.page.waitForURL(`${origin}/payments`);
    const before = await dev.page.locator("[data-testid=my-payment]").allTextContents();
    assert.deepEqual(before.map((line) => line.slice(0, PAID_SOLO_DEMO_SHOW.length)), [
      PAID_SOLO_DEMO_SHOW,
      PAID_SOLO_DEMO_SHOW,
    ]);

    // Dev pays the book launch's deposit with a test card, JavaScript on.
    const launch = await openFromDashboard(dev.page, origin, "organizer-upcoming", DEPOSIT_DUE_DEMO_BOOKING);
    assert.match(await dev.page.textContent("[data-testid=pay]") ?? "", /Pay ₹27,000/);
    await seriousOn(dev.page, "the booking page with its deposit to pay");
    await dev.page.click("[data-testid=pay]");
    await dev.page.waitForURL(/\/sandbox\/checkout\//);
    await seriousOn(dev.page, "the sandbox checkout");
    await payInSandbox(dev.page, launch, "card");
    assert.match(await dev.page.textContent("[role=status]") ?? "", /Payment received/);
    assert.equal(await status(dev.page, launch), "Deposit paid");

    // Asha signs New Year's Eve's contract; Dev pays its deposit by UPI without JavaScript.
    await asha.page.goto(`${origin}/dashboard`);
    await Promise.all([
      asha.page.waitForURL(/\/contract$/),
      asha.page.click(`[data-testid=act-to-sign] a:has-text("${HALF_SIGNED_DEMO_BOOKING}")`),
    ]);
    await asha.page.fill("#fullName", "Asha Rao");
    await asha.page.check("#consent");
    await asha.page.fill("#password", DEMO_PASSWORD);
    await Promise.all([
      asha.page.waitForURL(/done=sign/),
      asha.page.click("button:has-text('Sign the contract')"),
    ]);
    const eve = asha.page.url().replace(/\/contract\?.*$/, "");
    await payInSandbox(devNoScript.page, eve, "upi");
    assert.equal(await status(devNoScript.page, eve), "Deposit paid");

    // Asha sees both deposits paid on her side, and where her earnings are.
    assert.equal(await status(asha.page, eve), "Deposit paid");
    assert.equal(await status(asha.page, launch), "Deposit paid");
    assert.match(await asha.page.textContent("[data-testid=payments-card]") ?? "", /₹27,000 of ₹90,000 paid/);
    assert.equal(await asha.page.textContent("[data-testid=earnings-link]"), "Asha Rao's earnings");
    await asha.page.click("[data-testid=earnings-link] a");
    await asha.page.waitForURL(`${origin}/artists/asha-rao/earnings`);
    assert.match(
      await asha.page.textContent("[data-testid=earnings-totals]") ?? "",
      new RegExp(`Held in escrow until the show${rupees(2_700_000 + 4_050_000)}`),
    );

    // Dev's payments: both deposits first, then the played show's, each a sandbox payment with its tax invoice.
    await dev.page.goto(`${origin}/payments`);
    const listed = await dev.page.locator("[data-testid=my-payment]").allTextContents();
    assert.equal(listed.length, 4, listed.join("\n"));
    assert.match(listed[0], new RegExp(`^${HALF_SIGNED_DEMO_BOOKING}₹40,500Deposit · Received · by UPI`));
    assert.match(listed[1], new RegExp(`^${DEPOSIT_DUE_DEMO_BOOKING}₹27,000Deposit · Received · by card`));
    for (const line of listed) assert.match(line, /Sandbox: a test payment, no real money moved\./);
    await seriousOn(dev.page, "the payments page");

    const link = dev.page.locator("[data-testid=my-payment]").nth(1).locator("[data-testid=invoice-link]");
    const number = (await link.textContent())!.replace("Tax invoice ", "");
    assert.match(number, /^AS\/\d{4}-\d{2}\/\d{5}$/);
    const [download] = await Promise.all([dev.page.waitForEvent("download"), link.click()]);
    const file = await download.path();
    const check = await pdfTool("qpdf", "--check", file);
    assert.equal(check.code, 0, check.out);
    const { out: text } = await pdfTool("pdftotext", "-layout", file, "-");
    for (
      const expected of [
        "Tax Invoice",
        number,
        "999631",
        "GSTIN: 29AAACA1234A1ZG",
        "GSTIN: Not registered",
        "IGST at 18%",
        "₹27,000.00",
        "Rupees Twenty-Seven Thousand Only",
      ]
    ) {
      assert.ok(text.includes(expected), `the invoice lacks ${JSON.stringify(expected)}:\n${text}`);
    }

    // The band's past show: Bharat sees what was released and every member's share.
    await bharat.page.goto(`${origin}/dashboard`);
    await Promise.all([
      bharat.page.waitForURL(`${origin}${BAND_EARNINGS}`),
      bharat.page.click("[data-testid=act-earnings] a:has-text('The Monsoon Collective')"),
    ]);
    const totals = await bharat.page.textContent("[data-testid=earnings-totals]") ?? "";
    for (
      const [label, amount] of [
        ["Held in escrow until the show", 0],
        ["Platform fee on what was released", 1_400_000],
        ["Released to the act after the fee", 12_600_000],
        ["Anand Varghese's share", 2_520_000],
        ["Meera Nair's share", 2_520_000],
        ["Joseph Kurian's share", 2_520_000],
        ["Lakshmi Pillai's share", 1_890_000],
        ["Asha Rao's share", 1_260_000],
        ["Left with the act", 1_890_000],
      ] as const
    ) {
      assert.ok(totals.includes(`${label}${rupees(amount)}`), `${label} ${rupees(amount)} in: ${totals}`);
    }
    assert.match(
      await bharat.page.textContent("[data-testid=earnings-bookings]") ?? "",
      new RegExp(PAID_DEMO_SHOW),
    );
    // The show's payouts go to the sandbox's pretend accounts: on hold, or sent once the sweeper has run.
    assert.match(
      await bharat.page.textContent("[data-testid=earnings-paid-out]") ?? "",
      /Sent to payout accounts\s*₹[\d,]+(\.\d\d)?/,
    );
    await seriousOn(bharat.page, "the band's earnings page");

    // Asha, the band's guest singer, sees its totals and her own share only.
    await asha.page.goto(`${origin}/dashboard`);
    await Promise.all([
      asha.page.waitForURL(`${origin}${BAND_EARNINGS}`),
      asha.page.click("[data-testid=act-earnings] a:has-text('The Monsoon Collective')"),
    ]);
    const hers = await asha.page.textContent("[data-testid=earnings-totals]") ?? "";
    assert.ok(hers.includes(`Released to the act after the fee${rupees(12_600_000)}`), hers);
    assert.ok(hers.includes(`Your share${rupees(1_260_000)}`), hers);
    assert.ok(!hers.includes("Anand Varghese"), hers);
    await seriousOn(asha.page, "a member's view of the band's earnings");

    // Someone else's earnings are not there, and a visitor is asked to sign in first.
    const stranger = await dev.page.goto(`${origin}${BAND_EARNINGS}`);
    assert.equal(stranger?.status(), 404);
    const visitor = await fetch(`${origin}${BAND_EARNINGS}`, { redirect: "manual" });
    await visitor.body?.cancel();
    assert.equal(visitor.headers.get("location"), `/login?next=${BAND_EARNINGS}`);

    assert.deepEqual(errors, []);
    for (const { context } of [dev, devNoScript, asha, bharat]) await context.close();
  },
);
