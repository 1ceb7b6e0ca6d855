/**
 * A group call through LiveKit in Chromium, against the real server set up
 * for LiveKit with the stand-in of LiveKit's room API (no SFU: no media can
 * flow here). The Kochi show's conversation has three people, so Chitra's
 * "Call" goes through LiveKit: her browser makes the call's media key;
 * Bharat's page rings, he answers, his browser fetches a LiveKit token and
 * asks for the key, and Chitra's browser answers with it sealed to his
 * device. Proven here: both screens show the same call code (so they hold
 * the same key), and no value of the size of a key that Chitra's page made
 * ever crossed our server readably, in any request, response or live frame
 * of either page; both browsers then go to LiveKit's URL with their token,
 * and, finding no SFU there, say so.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { encodeBase64url } from "../../lib/base64url.ts";
import { keyCode } from "../../islands/calls/livekit.ts";
import { DEMO_RECOVERY_KEY } from "../../server/demo_messages.ts";
import { PAID_DEMO_SHOW } from "../../server/demo_payments.ts";
import { launchChromium } from "../support/browser.ts";
import { type Person, restoreWith, signIn, unexpected } from "../support/chat_browser.ts";
import { startLiveKitStandIn } from "../support/livekit_server.ts";
import { startServer } from "../support/server.ts";

const FAKE_MEDIA = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"];
const RINGS_MS = 30_000;

/** Every 32 random bytes the page's main thread asks for, kept where the test can read them. */
const RECORD_RANDOM_KEYS = () => {
  const fill = crypto.getRandomValues.bind(crypto);
  const made: number[][] = [];
  (globalThis as unknown as { __random32: number[][] }).__random32 = made;
  crypto.getRandomValues = <T extends ArrayBufferView | null>(array: T): T => {
    const filled = fill(array as unknown as Uint8Array) as unknown as T;
    if (array && array.byteLength === 32) {
      made.push([...new Uint8Array(array.buffer, array.byteOffset, array.byteLength)]);
    }
    return filled;
  };
};

/** Everything a page sends to or receives from our server: addresses, bodies, responses, live frames. */
function traffic(page: Page, origin: string): string[] {
  const seen: string[] = [];
  const ours = (url: string) => url.startsWith(origin) || url.startsWith(origin.replace(/^http/, "ws"));
  page.on("request", (r) => {
    if (!ours(r.url())) return;
    seen.push(r.url());
    if (r.postData()) seen.push(r.postData()!);
  });
  page.on("response", (r) => {
    if (!ours(r.url()) || r.request().resourceType() === "script") return;
    r.text().then((t) => seen.push(t), () => {});
  });
  page.on("websocket", (ws) => {
    if (!ours(ws.url())) return;
    ws.on("framereceived", (f) => seen.push(String(f.payload)));
    ws.on("framesent", (f) => seen.push(String(f.payload)));
  });
  return seen;
}

async function openShow(person: Person, origin: string): Promise<void> {
  await person.page.goto(`${origin}/messages`);
  await Promise.all([
    person.page.waitForURL(/\/messages\/[0-9a-f-]{36}$/),
    person.page.click(`a:has-text("${PAID_DEMO_SHOW}")`),
  ]);
  await restoreWith(person.page, DEMO_RECOVERY_KEY);
}

Deno.test({
  name: "a group call through LiveKit: the key goes browser to browser sealed, both screens show one call " +
    "code, no key crosses our server readably, and without an SFU both browsers say so",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const livekit = startLiveKitStandIn();
    const browser = await launchChromium(FAKE_MEDIA);
    const server = await startServer({ env: livekit.env });
    try {
      const origin = server.url;
      const chitra = await signIn(browser, origin, "chitra.promoter");
      const bharat = await signIn(browser, origin, "bharat.bandmanager");
      await chitra.context.addInitScript(RECORD_RANDOM_KEYS);
      const seen = [...[chitra, bharat].map((p) => traffic(p.page, origin))];
      const tokens: number[] = [];
      bharat.page.on("response", (r) => r.url().endsWith("/api/v1/livekit/token") && tokens.push(r.status()));

      await openShow(bharat, origin);
      await openShow(chitra, origin);
      await chitra.page.click("[data-testid=call-bar] button:has-text('Call')");

      // Bharat's page rings with Chitra's group call; he answers.
      await bharat.page.waitForSelector("[data-testid=call-ringing]", { timeout: RINGS_MS });
      assert.match(
        await bharat.page.textContent("[data-testid=call-ringing]") ?? "",
        /Chitra .* is calling…/,
      );
      await bharat.page.click("[data-testid=call-ringing] button:has-text('Answer')");

      // Both hold the same key: the same code on both screens, said to be end to end.
      const codes = await Promise.all([chitra, bharat].map(async (p) => {
        await p.page.waitForSelector("[data-testid=call-code]", { timeout: RINGS_MS }).catch(async (err) => {
          throw new Error(
            `${err.message}\nthe page shows: ${await p.page.textContent("[data-testid=call-bar]")}\n` +
              p.errors.join("\n"),
          );
        });
        assert.match(
          await p.page.textContent("[data-testid=call-encryption]") ?? "",
          /Encrypted end to end: LiveKit relays the call but cannot see or hear it/,
        );
        return await p.page.textContent("[data-testid=call-code]");
      }));
      console.log("Call codes on the two screens:", JSON.stringify(codes));
      assert.match(codes[0] ?? "", /^\d{3} \d{3}$/);
      assert.equal(codes[1], codes[0]);
      assert.deepEqual(tokens, [200], "Bharat's browser got a LiveKit token");

      // The key is among what Chitra's page made, and none of those values crossed our server readably.
      const made = await chitra.page.evaluate(() =>
        (globalThis as unknown as { __random32: number[][] }).__random32
      );
      const candidates = made.map((b) => Uint8Array.from(b));
      const matching = [];
      for (const k of candidates) if (await keyCode(k) === codes[0]) matching.push(k);
      assert.ok(matching.length >= 1, "the call's key was made on Chitra's page");
      const everything = seen.flat().join("\n");
      assert.ok(everything.includes("call-signal"), "the key request and answer crossed the live connection");
      for (const k of candidates) {
        const forms = [
          encodeBase64url(k),
          btoa(String.fromCharCode(...k)),
          [...k].map((b) => b.toString(16).padStart(2, "0")).join(""),
        ];
        for (const form of forms) assert.ok(!everything.includes(form), `a key crossed the server: ${form}`);
      }
      console.log(
        `${candidates.length} random 32-byte values made on Chitra's page, ${matching.length} of them the ` +
          `call's key; none in ${seen.flat().length} requests, responses and live frames of either page`,
      );

      // Both browsers went to LiveKit's URL to join, and, with no SFU there, say they could not reach it.
      for (const p of [chitra, bharat]) {
        await p.page.waitForSelector(
          "[data-testid=call] [role=alert]:has-text('call server could not be reached')",
          {
            timeout: RINGS_MS,
          },
        );
      }
      assert.ok(livekit.unhandled.some((r) => /^GET \/rtc/.test(r)), JSON.stringify(livekit.unhandled));
      for (const p of [chitra, bharat]) {
        await p.page.click("[data-testid=call-hang-up]");
        await p.page.waitForSelector("[data-testid=call]", { state: "detached" });
      }
      const expectedErrors = (errors: string[]) =>
        unexpected(errors).filter((e) => !e.includes(livekit.url.replace(/^http/, "ws")) && !/\/rtc/.test(e));
      assert.deepEqual([...expectedErrors(chitra.errors), ...expectedErrors(bharat.errors)], []);
    } finally {
      await browser.close();
      await server.close();
      await livekit.close();
    }
  },
});
