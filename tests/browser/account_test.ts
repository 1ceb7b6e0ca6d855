/**
 * The account flow in a real browser against the real server, the way a new
 * user goes through it: register, read the e-mail (the development mailbox),
 * verify with the code, log in, see the account, log out.
 */
import assert from "node:assert/strict";
import { browserTest, collectErrors } from "../support/browser.ts";
import { mailTo } from "../support/mailbox.ts";

browserTest(
  "register, verify, log in, see the account and log out in Chromium",
  async ({ browser, server }) => {
    const email = "noor.sings@example.in";
    const page = await browser.newPage();
    const errors = collectErrors(page);

    await page.goto(`${server.url}/register`);
    await page.fill("#displayName", "Noor Sings");
    await page.fill("#email", email);
    // The password island checks the rules as the user types.
    await page.locator("#password").pressSequentially("Qawwali-Nights-26");
    await page.waitForFunction(() =>
      [...document.querySelectorAll("[data-testid=password-rules] li")].every((li) =>
        li.getAttribute("data-met") === "yes"
      )
    );
    // Hydrated, the island adds its Show button: it reveals the password and hides it again.
    await page.click("button:has-text('Show')");
    assert.equal(await page.getAttribute("#password", "type"), "text");
    await page.click("button:has-text('Hide')");
    assert.equal(await page.getAttribute("#password", "type"), "password");
    await page.selectOption("#role", "artist");
    await Promise.all([page.waitForURL(/\/verify\?/), page.click("button[type=submit]")]);
    assert.match(
      await page.textContent("body") ?? "",
      /We sent you an e-mail with a link and a 6-digit code/,
    );

    const mail = await mailTo(server.url, email, /verify/i);
    const code = /verification page: (\d{6})/.exec(mail.text)?.[1];
    assert.ok(code, "the e-mail carries a code");
    await page.fill("#code", code);
    await Promise.all([page.waitForURL(/\/login\?notice=verified/), page.click("form >> text=Verify")]);
    assert.match(await page.textContent("[role=status]") ?? "", /verified/);

    await page.fill("#identifier", email);
    await page.fill("#password", "Qawwali-Nights-26");
    await Promise.all([page.waitForURL(/\/account$/), page.click("button[type=submit]")]);
    assert.match(await page.textContent("h1") ?? "", /Noor Sings/);
    assert.match(await page.textContent("[data-testid=sessions]") ?? "", /This device/);
    const cookies = await page.context().cookies();
    assert.ok(cookies.every((c) => c.httpOnly && c.sameSite === "Lax"), JSON.stringify(cookies));
    assert.equal(
      await page.evaluate(() => document.cookie),
      "",
      "session cookies are invisible to scripts",
    );

    await Promise.all([page.waitForURL(`${server.url}/`), page.click("text=Log out")]);
    assert.match(await page.textContent("header") ?? "", /Log in/);
    await page.goto(`${server.url}/account`);
    assert.match(page.url(), /\/login\?next=\/account$/);
    assert.deepEqual(errors, []);
  },
);
