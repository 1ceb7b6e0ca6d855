/**
 * Passkeys in Chromium with its virtual authenticator (CDP WebAuthn: CTAP2,
 * built in, resident keys, user verification), against the real server on
 * http://localhost (WebAuthn takes no IP address for a relying party): sign
 * in with the password, add a passkey on /account, log out, sign in through
 * the identifier field's autofill and again with the passkey button, landing
 * on the dashboard. The same answer sent again is
 * refused, and so is a copy of the authenticator whose counter lags; the
 * passkey is removed and then signs nobody in.
 */
import assert from "node:assert/strict";
import type { BrowserContext, Page } from "playwright-core";
import { browserTest, collectErrors } from "../support/browser.ts";
import { DEMO_PASSWORD } from "../../server/demo_seed.ts";

const ASHA = "asha.artist@demo.artistspace.in";

interface VirtualCredential {
  credentialId: string;
  isResidentCredential: boolean;
  rpId: string;
  privateKey: string;
  userHandle: string;
  signCount: number;
}

/** A page whose browser has a built-in authenticator with a fingerprint reader that always says yes. */
async function pageWithAuthenticator(context: BrowserContext) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  const credentials = async () =>
    (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials as VirtualCredential[];
  const addCredential = async (credential: VirtualCredential) =>
    await cdp.send("WebAuthn.addCredential", { authenticatorId, credential });
  return { page, credentials, addCredential };
}

/** Signs in with the passkey button and returns the form's posted answer. */
async function passkeyButton(page: Page): Promise<string> {
  const button = page.locator("[data-testid=passkey-sign-in]");
  await button.waitFor({ state: "visible" });
  const posted = page.waitForRequest((r) => r.method() === "POST" && new URL(r.url()).pathname === "/login");
  await button.click();
  return new URLSearchParams((await posted).postData() ?? "").get("passkey") ?? "";
}

browserTest(
  "add a passkey, log out, sign in with it, and remove it, in Chromium's virtual authenticator",
  async ({ browser, server }) => {
    const context = await browser.newContext();
    const { page, credentials } = await pageWithAuthenticator(context);
    const errors = collectErrors(page);

    await page.goto(`${server.url}/login?next=/account`);
    await page.fill("#identifier", ASHA);
    await page.fill("#password", DEMO_PASSWORD);
    await Promise.all([page.waitForURL(/\/account$/), page.click("form:has(#password) button[type=submit]")]);

    // Signed in a moment ago: adding asks for no password.
    await page.locator("[data-testid=passkey-add]").waitFor();
    assert.equal(await page.locator("#passkey-new-password").count(), 0);
    await page.fill("#passkey-new-name", "Chromium on this laptop");
    await Promise.all([
      page.waitForURL(/\/account\?passkey=added$/),
      page.click("[data-testid=passkey-add-button]"),
    ]);
    assert.equal(await page.textContent("[data-testid=passkey-name]"), "Chromium on this laptop");
    assert.match(await page.textContent("[data-testid=passkey]") ?? "", /not used yet/);
    const [made] = await credentials();
    assert.equal(made.isResidentCredential, true, "a discoverable credential: a passkey");
    assert.equal(made.rpId, "localhost");

    // Autofill first: Chromium's virtual authenticator answers the identifier field's conditional
    // request at once, as a person picking the passkey from the field's suggestions would.
    await Promise.all([page.waitForURL(`${server.url}/`), page.click("text=Log out")]);
    const autofilled = page.waitForRequest((r) =>
      r.method() === "POST" && new URL(r.url()).pathname === "/login"
    );
    await page.goto(`${server.url}/login?next=/dashboard`);
    const answer = new URLSearchParams((await autofilled).postData() ?? "").get("passkey") ?? "";
    await page.waitForURL(/\/dashboard$/);
    assert.equal(await page.textContent("h1"), "Your dashboard");

    // Then the button, in a browser whose autofill offers no passkeys.
    await context.addInitScript(() => {
      PublicKeyCredential.isConditionalMediationAvailable = () => Promise.resolve(false);
    });
    await page.goto(`${server.url}/account`);
    await Promise.all([page.waitForURL(`${server.url}/`), page.click("text=Log out")]);
    await page.goto(`${server.url}/login?next=/dashboard`);
    assert.equal(await page.getAttribute("#identifier", "autocomplete"), "username webauthn");
    await Promise.all([passkeyButton(page), page.waitForURL(/\/dashboard$/)]);
    assert.equal(await page.textContent("h1"), "Your dashboard");

    // The same answer again, as an attacker who copied it would send it: its challenge is spent.
    const replayed = await page.evaluate(async (response) => {
      const res = await fetch("/api/v1/auth/biometric", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ response: JSON.parse(response) }),
      });
      return res.status;
    }, answer);
    assert.equal(replayed, 401);

    // A copy of the authenticator as it was before that sign-in: its counter lags the original's.
    const otherContext = await browser.newContext();
    await otherContext.addInitScript(() => {
      PublicKeyCredential.isConditionalMediationAvailable = () => Promise.resolve(false);
    });
    const copy = await pageWithAuthenticator(otherContext);
    await copy.addCredential(made);
    await copy.page.goto(`${server.url}/login?next=/dashboard`);
    await Promise.all([
      passkeyButton(copy.page),
      copy.page.waitForResponse((r) => new URL(r.url()).pathname === "/login" && r.status() === 401),
    ]);
    assert.match(await copy.page.textContent("[role=alert]") ?? "", /This passkey did not sign you in/);
    await otherContext.close();

    await page.goto(`${server.url}/account`);
    assert.match(await page.textContent("[data-testid=passkey]") ?? "", /last used/);
    await page.click("[data-testid=passkey-remove]");
    await page.waitForSelector("[data-testid=no-passkeys]");
    assert.match(await page.textContent("[role=status]") ?? "", /Passkey removed/);

    // The authenticator still holds it, but it signs nobody in any more.
    await Promise.all([page.waitForURL(`${server.url}/`), page.click("text=Log out")]);
    await page.goto(`${server.url}/login?next=/dashboard`);
    await passkeyButton(page);
    await page.waitForSelector("[role=alert]");
    assert.match(await page.textContent("[role=alert]") ?? "", /This passkey did not sign you in/);
    // Chromium logs each refusal the test provoked (the replay, the removed passkey) as a failed load.
    assert.deepEqual(errors.filter((e) => !/status of 401/.test(e)), []);
    await context.close();
  },
  { server: { host: "localhost" } },
);
