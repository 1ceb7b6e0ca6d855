/**
 * The console's verification, disputes and review moderation on a phone
 * (390 px wide) in Chromium, against the app served over a socket: an
 * artist asks to be verified with a link and a PDF, an admin approves from
 * the queue, opens the disputes and a dispute's case, and the moderation
 * page. No page scrolls sideways, none logs an error (CSP included), and
 * axe finds nothing serious.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import type { Browser, Page } from "playwright-core";
import { openTestApp } from "../support/app.ts";
import { PASSWORD, type SignedIn, signUp } from "../support/accounts.ts";
import { isSerious, violations } from "../support/axe.ts";
import { collectErrors, launchChromium } from "../support/browser.ts";
import { act, booking } from "../support/fixtures.ts";
import { capturedBehind } from "../support/payments.ts";

const PHONE = { width: 390, height: 844 };
const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n");

async function signedIn(
  browser: Browser,
  origin: string,
  who: SignedIn,
): Promise<{ page: Page; errors: string[] }> {
  const page = await (await browser.newContext({ viewport: PHONE })).newPage();
  const errors = collectErrors(page);
  await page.goto(`${origin}/login?next=/dashboard`);
  await page.fill("#identifier", who.email);
  await page.fill("#password", PASSWORD);
  await Promise.all([page.waitForURL(/\/dashboard$/), page.click("button[type=submit]")]);
  return { page, errors };
}

/** The page fits the phone's width, and axe finds nothing serious on it. */
async function fitsAPhone(page: Page): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  assert.ok(scroll <= client, `${page.url()} is ${scroll}px wide on a ${client}px screen`);
  const serious = (await violations(page)).filter(isSerious).map((v) => `${v.rule}: ${v.targets.join(", ")}`);
  assert.deepEqual(serious, [], page.url());
}

Deno.test({
  name: "verification, disputes and moderation fit a phone",
  // playwright-core keeps its pipe to the browser and timers of its own alive between calls.
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const app = await openTestApp();
    const server = Deno.serve(
      { port: 0, hostname: "127.0.0.1", onListen: () => {} },
      (req, info) => app.app.fetch(req, info),
    );
    const origin = `http://localhost:${server.addr.port}`;
    const browser = await launchChromium();
    try {
      const db = app.database.db;
      const [artistAccount, organizer, admin] = [
        await signUp(app, "artist"),
        await signUp(app, "organizer"),
        await signUp(app, "admin"),
      ];
      const solo = await act(db, artistAccount.id, {
        name: "Ananya Bhattacharya and the Long Evening Ensemble",
      });
      const show = await booking(db, solo.id, organizer.id, {
        title: "A rooftop evening of Rabindrasangeet with a rather long title",
        status: "disputed",
        disputed: true,
        starts_at: new Date(Date.now() - 86_400_000),
        fee: 5_000_000,
        paid: 1_500_000,
        offers_made: 1,
      });
      await capturedBehind(db, show, 1_500_000);
      await db.insertInto("booking_events").values({
        booking_id: show.id,
        actor_id: organizer.id,
        party: "organizer",
        event: "dispute",
        from_status: "completed",
        to_status: "disputed",
        detail: JSON.stringify({ reason: "The set ended after forty minutes of the ninety agreed." }),
      }).execute();
      const { id: reviewId } = await db.insertInto("reviews").values({
        booking_id: show.id,
        author_id: organizer.id,
        side: "organizer",
        subject_act_id: solo.id,
        overall: 1,
        punctuality: 1,
        performance_as_described: 1,
        professionalism: 1,
        text: "A very long complaint ".repeat(20),
        submitted_at: new Date(),
      }).returning("id").executeTakeFirstOrThrow();
      await db.insertInto("review_reports").values({
        review_id: reviewId,
        reporter_id: artistAccount.id,
        reason: "Personal and untrue",
      }).execute();

      const artist = await signedIn(browser, origin, artistAccount);
      await artist.page.goto(`${origin}/artists/${solo.slug}/verification`);
      await fitsAPhone(artist.page);
      await artist.page.fill("#link1", "instagram.com/ananya.bhattacharya.and.the.long.evening.ensemble");
      await artist.page.fill("#note", "We play every monsoon at the Kala Mandir.");
      await artist.page.setInputFiles("#documents", {
        name: "a-very-long-file-name-for-our-society-registration-certificate.pdf",
        mimeType: "application/pdf",
        buffer: Buffer.from(PDF),
      });
      await Promise.all([artist.page.waitForURL(/done=ask/), artist.page.click("text=Send the request")]);
      assert.match(
        await artist.page.textContent("[data-testid=verification-state]") ?? "",
        /Waiting for staff/,
      );
      await fitsAPhone(artist.page);

      const staff = await signedIn(browser, origin, admin);
      for (
        const path of ["/admin", "/admin/verifications", "/admin/disputes", `/admin/disputes/${show.id}`]
      ) {
        await staff.page.goto(`${origin}${path}`);
        await fitsAPhone(staff.page);
      }
      await staff.page.goto(`${origin}/admin/verifications`);
      await Promise.all([staff.page.waitForURL(/done=approve/), staff.page.click("text=Approve: verify")]);
      await staff.page.goto(`${origin}/admin/reviews`);
      await fitsAPhone(staff.page);
      await staff.page.fill(`#hide-${reviewId}`, "It is personal and names a third person");
      await Promise.all([staff.page.waitForURL(/done=hide/), staff.page.click("text=Hide the review")]);
      await fitsAPhone(staff.page);
      assert.deepEqual([...artist.errors, ...staff.errors], []);
    } finally {
      await browser.close();
      await server.shutdown();
      await app.close();
    }
  },
});
