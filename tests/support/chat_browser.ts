/**
 * Demo people in Chromium with their message keys, for the browser tests of
 * the chat and of calls: signing in, finding the book launch's conversation
 * (Dev and Asha's), restoring keys with the demo recovery key, and the
 * console errors that are expected by design.
 */
import assert from "node:assert/strict";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { DEPOSIT_DUE_DEMO_BOOKING } from "../../server/demo_payments.ts";
import { DEMO_PASSWORD } from "../../server/demo_seed.ts";
import { collectErrors } from "./browser.ts";

export const EMAIL = (name: string) => `${name}@demo.artistspace.in`;
/** Setting up seals the backup with scrypt, about a second on a phone. */
export const KEYS_MS = 30_000;

export interface Person {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

export async function signIn(
  browser: Browser,
  origin: string,
  who: string | { email: string; password: string },
  javaScript = true,
): Promise<Person> {
  const { email, password } = typeof who === "string" ? { email: EMAIL(who), password: DEMO_PASSWORD } : who;
  const context = await browser.newContext({ javaScriptEnabled: javaScript, acceptDownloads: true });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${origin}/login?next=/dashboard`);
  await page.fill("#identifier", email);
  await page.fill("#password", password);
  await Promise.all([page.waitForURL(/\/dashboard$/), page.click("button[type=submit]")]);
  return { context, page, errors };
}

/** The address of the conversation a booking's page links to. */
export async function conversationOf(page: Page, origin: string, bookingUrl: string): Promise<string> {
  if (page.url() !== bookingUrl) await page.goto(bookingUrl);
  const href = await page.getAttribute("[data-testid=conversation-link]", "href");
  assert.match(href ?? "", /^\/messages\/[0-9a-f-]{36}$/);
  return `${origin}${href}`;
}

/** The book launch's booking page, found from Dev's dashboard; Dev's page is left on it. */
export async function launchBooking(dev: Person, origin: string): Promise<string> {
  await dev.page.goto(`${origin}/dashboard`);
  await Promise.all([
    dev.page.waitForURL(/\/bookings\/[0-9a-f-]{36}$/),
    dev.page.click(`[data-testid=organizer-upcoming] a:has-text("${DEPOSIT_DUE_DEMO_BOOKING}")`),
  ]);
  return dev.page.url();
}

/** The book launch's conversation, found from Dev's dashboard. */
export async function launchConversation(dev: Person, origin: string): Promise<string> {
  return await conversationOf(dev.page, origin, await launchBooking(dev, origin));
}

/** A browser new to someone who has keys: restores them with the recovery key. */
export async function restoreWith(page: Page, recoveryKey: string): Promise<void> {
  await page.waitForSelector("[data-testid=key-setup-restore]");
  await page.fill("#recovery-key-input", recoveryKey);
  await page.click("button:has-text('Restore my messages')");
  await page.waitForSelector("[data-testid=composer]", { timeout: KEYS_MS });
}

/** Console errors a test did not cause on purpose. */
export function unexpected(errors: string[]): string[] {
  return errors.filter((e) =>
    // Asking for keys someone has not published yet is answered 404, by design.
    !/status of 404 .*\/api\/v1\/users\/[0-9a-f-]+\/public-key\)$/.test(e) &&
    // A message sealed to keys that changed meanwhile is refused (409) and sealed again, by design.
    !/status of 409 \(Conflict\) \(http:\/\/[^)]+\/api\/v1\/messages\)$/.test(e) &&
    // Without a WebSocket or an event stream (a server or proxy without them) the chat polls, by design.
    !/messages\/live\?device=.*failed|Failed to load resource: .*\/messages\/events\?device=/.test(e) &&
    // Offline on purpose.
    !/ERR_INTERNET_DISCONNECTED/.test(e)
  );
}
