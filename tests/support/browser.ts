/**
 * Debian's chromium driven by playwright-core, for browser tests. Browsers
 * are never downloaded: a missing chromium is a clear failure.
 */
import assert from "node:assert/strict";
import { type Browser, chromium, type Page } from "playwright-core";
import { type RunningServer, startServer, type StartServerOptions } from "./server.ts";

const CHROMIUM = "/usr/bin/chromium";

/** `args` are added to the usual flags (fake media devices for calls, say). */
export async function launchChromium(args: string[] = []): Promise<Browser> {
  try {
    await Deno.stat(CHROMIUM);
  } catch {
    throw new Error(`${CHROMIUM} is missing: install it with \`apt-get install -y chromium\` (CI does)`);
  }
  return await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      ...args,
    ],
  });
}

/** Console errors and uncaught exceptions; Chromium reports CSP violations as console errors. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(`console: ${msg.text()} (${msg.location().url})`);
  });
  page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
  return errors;
}

/** Waits for an element's text to settle on `expected`, failing with what it reads instead. */
export async function waitForText(page: Page, selector: string, expected: string): Promise<void> {
  try {
    await page.waitForFunction(
      ([sel, text]) => document.querySelector(sel)?.textContent?.trim() === text,
      [selector, expected],
      { timeout: 5_000 },
    );
  } catch {
    assert.equal((await page.textContent(selector))?.trim(), expected);
  }
}

/**
 * A test against the real server (development mode, demo data) in Chromium;
 * both are started for it and closed after it, whatever happens.
 */
export function browserTest(
  name: string,
  fn: (ctx: { browser: Browser; server: RunningServer; t: Deno.TestContext }) => Promise<void>,
  opts: { chromiumArgs?: string[]; server?: StartServerOptions } = {},
): void {
  Deno.test({
    name,
    // playwright-core keeps its pipe to the browser and timers of its own alive between calls.
    sanitizeResources: false,
    sanitizeOps: false,
    async fn(t) {
      const browser = await launchChromium(opts.chromiumArgs);
      const server = await startServer(opts.server).catch(async (err) => {
        await browser.close();
        throw err;
      });
      try {
        await fn({ browser, server, t });
      } finally {
        await browser.close();
        await server.close();
      }
    },
  });
}
