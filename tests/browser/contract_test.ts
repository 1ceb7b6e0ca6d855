/**
 * A booking's contract in Chromium against the real server, as the demo
 * organizer and the demo artist live it: the organizer asks for a date with
 * an offer, the artist accepts and the contract is drawn up, the organizer
 * sends it, the artist signs with JavaScript off (plain forms must do), the
 * organizer signs with it on, both download the PDF (sealed once both have
 * signed, and poppler's pdfsig calls the seal valid), and the booking page
 * then names the deposit as the next step. axe checks the page in its
 * signing states.
 */
import assert from "node:assert/strict";
import type { BrowserContext, Page } from "playwright-core";
import { DEMO_PASSWORD } from "../../server/demo_seed.ts";
import { isSerious, violations } from "../support/axe.ts";
import { browserTest, collectErrors } from "../support/browser.ts";

const DAY = 86_400_000;
const ORGANIZER = "dev.organizer@demo.artistspace.in";
const ARTIST = "asha.artist@demo.artistspace.in";
const TITLE = "Monsoon baithak at Prithvi";

/** The date-time input's value for 11 am in India, `days` from now. */
function indiaMorning(days: number): string {
  return `${new Date(Date.now() + days * DAY + 330 * 60_000).toISOString().slice(0, 10)}T11:00`;
}

async function signIn(context: BrowserContext, origin: string, email: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${origin}/login?next=/dashboard`);
  await page.fill("#identifier", email);
  await page.fill("#password", DEMO_PASSWORD);
  await Promise.all([page.waitForURL(/\/dashboard$/), page.click("button[type=submit]")]);
  return page;
}

async function sign(page: Page, name: string): Promise<void> {
  await page.fill("#fullName", name);
  await page.check("#consent");
  await page.fill("#password", DEMO_PASSWORD);
  await Promise.all([page.waitForURL(/done=sign/), page.click("button:has-text('Sign the contract')")]);
}

/** Downloads the contract's PDF from its page's link; the bytes, and the file where they were saved. */
async function downloadPdf(page: Page): Promise<{ bytes: Uint8Array; path: string }> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=pdf-link]")]);
  const path = await download.path();
  const bytes = await Deno.readFile(path);
  assert.equal(new TextDecoder().decode(bytes.subarray(0, 5)), "%PDF-");
  assert.match(download.suggestedFilename(), /^contract-[0-9a-f]{8}-v\d+\.pdf$/);
  return { bytes, path };
}

async function pdfsig(path: string): Promise<string> {
  const { stdout, stderr } = await new Deno.Command("pdfsig", {
    args: [path],
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  return new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr);
}

async function seriousOn(page: Page): Promise<string[]> {
  return (await violations(page)).filter(isSerious).map((v) => `${v.rule}: ${v.targets.join(", ")}`);
}

browserTest(
  "the organizer sends, the artist signs without JavaScript, the organizer signs; sealed PDFs; the deposit step",
  async ({ browser, server }) => {
    const origin = server.url;
    const organizer = await signIn(await browser.newContext(), origin, ORGANIZER);
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    const artist = await signIn(noScript, origin, ARTIST);
    const errors = [...collectErrors(organizer), ...collectErrors(artist)];

    // The organizer asks the artist for a date, with an offer; the artist accepts it.
    await organizer.goto(`${origin}/bookings/new?act=asha-rao`);
    await organizer.fill("#title", TITLE);
    await organizer.fill("#startsAt", indiaMorning(160));
    await organizer.fill("#city", "Mumbai");
    await organizer.fill("#address", "Prithvi Theatre, Juhu");
    await organizer.fill("#offer-fee", "100000");
    await Promise.all([
      organizer.waitForURL(/\/bookings\/[0-9a-f-]{36}$/),
      organizer.click("button:has-text('Send request')"),
    ]);
    const bookingUrl = organizer.url();
    await artist.goto(`${bookingUrl}?confirm=accept`);
    await Promise.all([
      artist.waitForURL(/done=accept/),
      artist.click("button:has-text('Yes, accept these terms')"),
    ]);

    // The organizer finds the draft from the booking page and sends it.
    await organizer.goto(bookingUrl);
    assert.match(await organizer.textContent("[data-testid=contract-card]") ?? "", /Draft/);
    await Promise.all([
      organizer.waitForURL(/\/contract$/),
      organizer.click("[data-testid=contract-card] a"),
    ]);
    const contractUrl = organizer.url();
    assert.deepEqual(await seriousOn(organizer), [], "the draft with the organizer's forms");
    await Promise.all([
      organizer.waitForURL(/done=send/),
      organizer.click("button:has-text('Send for signature')"),
    ]);
    assert.equal(await organizer.textContent("[data-testid=contract-status]"), "Out for signature");

    // The artist, without JavaScript, finds it on her dashboard; a form missing the consent comes back.
    await artist.goto(`${origin}/dashboard`);
    await Promise.all([
      artist.waitForURL(contractUrl),
      artist.click(`[data-testid=act-to-sign] a:has-text("${TITLE}")`),
    ]);
    assert.match(await artist.textContent("[data-testid=must-sign]") ?? "", /Waiting for your signature/);
    await artist.fill("#fullName", "Asha Rao");
    await artist.fill("#password", DEMO_PASSWORD);
    await Promise.all([
      artist.waitForLoadState("load"),
      artist.click("button:has-text('Sign the contract')"),
    ]);
    assert.equal(
      (await artist.textContent("#consent-error"))?.trim(),
      "Tick the box to agree to sign electronically",
    );
    assert.equal(await artist.inputValue("#fullName"), "Asha Rao");
    await sign(artist, "Asha Rao");
    assert.equal(await artist.textContent("[data-testid=contract-status]"), "Signed by the act");
    const unsealed = await downloadPdf(artist);
    assert.doesNotMatch(await pdfsig(unsealed.path), /Signature is Valid\./, "not sealed before both sign");

    // The organizer signs with JavaScript on.
    await organizer.goto(contractUrl);
    assert.match(
      await organizer.textContent("[data-testid=signed-by]") ?? "",
      /Signed by Asha Rao \(the act\)/,
    );
    await sign(organizer, "Dev Mehta");
    assert.equal(await organizer.textContent("[data-testid=contract-status]"), "Signed by both");
    assert.match(
      await organizer.textContent("[data-testid=verification]") ?? "",
      /History intact: \d+ events/,
    );
    assert.deepEqual(await seriousOn(organizer), [], "the signed contract");

    // Both download the sealed PDF: the same bytes, and a seal pdfsig verifies.
    const sealed = await downloadPdf(organizer);
    await artist.reload();
    const again = await downloadPdf(artist);
    assert.deepEqual(again.bytes, sealed.bytes, "everyone gets the one sealed file");
    const report = await pdfsig(sealed.path);
    assert.ok(report.includes("Signature is Valid."), report);

    // The booking page now names the deposit as the next step.
    await artist.goto(bookingUrl);
    const deposit = await artist.textContent("[data-testid=payment-step]") ?? "";
    assert.match(deposit, /Next: the deposit of ₹30,000 \(30% of the fee\) is due by /);
    assert.match(deposit, /The organizer pays through Artist Space/);
    assert.deepEqual(errors, []);
    await noScript.close();
  },
);
