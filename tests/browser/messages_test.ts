/**
 * End-to-end encrypted messages in Chromium against the real server, on the
 * demo data, whose people have keys restorable with the demo recovery key.
 * Meera, a new organizer, asks Asha for a date and sets up private messages
 * on the booking's page; Dev (organizer) and Asha (the act) carry on the
 * book launch's conversation. Proven here: the round trip both ways; keys in
 * IndexedDB hold no secret in the clear and the key wrapping them cannot be
 * exported; a fresh browser restores the history with the recovery key
 * written down at set-up; a second browser of the same person receives new
 * messages; starting over shows the other side that the security code
 * changed; a message written offline goes out when the connection returns;
 * files travel sealed; a party can show messages to the admins; the header
 * counts unread messages; outsiders find no conversation; and without
 * JavaScript the list works and the conversation says why it needs it.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import nacl from "tweetnacl";
import type { Browser, Page } from "playwright-core";
import { DEMO_RECOVERY_KEY } from "../../server/demo_messages.ts";
import { browserTest } from "../support/browser.ts";
import {
  conversationOf,
  KEYS_MS,
  launchConversation,
  restoreWith,
  signIn,
  unexpected,
} from "../support/chat_browser.ts";
import { mailTo } from "../support/mailbox.ts";

const DAY = 86_400_000;
const MEERA = { email: "meera.events@example.in", password: "Monsoon-Sessions-26" };
/** Polling is every 4 s; a message or a receipt must show within a few rounds of it. */
const ARRIVES_MS = 20_000;

/** Meera registers as an organizer and verifies her address; she has no keys anywhere yet. */
async function registerMeera(browser: Browser, origin: string): Promise<void> {
  const page = await browser.newPage();
  await page.goto(`${origin}/register`);
  await page.fill("#displayName", "Meera Nair");
  await page.fill("#email", MEERA.email);
  await page.fill("#password", MEERA.password);
  await page.selectOption("#role", "organizer");
  await Promise.all([page.waitForURL(/\/verify\?/), page.click("button[type=submit]")]);
  const code = /verification page: (\d{6})/.exec((await mailTo(origin, MEERA.email, /verify/i)).text)?.[1];
  await page.fill("#code", code!);
  await Promise.all([page.waitForURL(/\/login\?notice=verified/), page.click("form >> text=Verify")]);
  await page.close();
}

/** A request to Asha for a date, from the plain form; answers the booking page's address. */
async function requestAsha(page: Page, origin: string): Promise<string> {
  await page.goto(`${origin}/bookings/new?act=asha-rao`);
  await page.fill("#title", "Monsoon evening at the Kochi Biennale");
  await page.fill("#startsAt", `${new Date(Date.now() + 90 * DAY).toISOString().slice(0, 10)}T19:00`);
  await page.fill("#city", "Kochi");
  await page.fill("#address", "Aspinwall House, Fort Kochi");
  await page.fill("#offer-fee", "90000");
  await Promise.all([
    page.waitForURL(/\/bookings\/[0-9a-f-]{36}$/),
    page.click("button:has-text('Send request')"),
  ]);
  return page.url();
}

/** First use: writes down the recovery key shown, promises to have done so, and waits for the keys. */
async function setUpKeys(page: Page): Promise<string> {
  await page.click("button:has-text('Set up private messages')");
  return await writeDownAndContinue(page);
}

async function writeDownAndContinue(page: Page): Promise<string> {
  const groups = await page.locator("[data-testid=recovery-key] li").allTextContents();
  assert.equal(groups.length, 8);
  assert.match(
    await page.textContent("[data-testid=recovery-key-step]") ?? "",
    /Without it your old messages/,
  );
  assert.ok(await page.isDisabled("button:has-text('Continue')"), "no going on before it is written down");
  await page.check("[data-testid=recovery-written]");
  await page.click("button:has-text('Continue')");
  await page.waitForSelector("[data-testid=composer]", { timeout: KEYS_MS });
  return groups.join("-");
}

async function send(page: Page, text: string): Promise<void> {
  await page.fill("#chat-text", text);
  await page.click("[data-testid=composer] button[type=submit]");
}

async function sees(page: Page, text: string): Promise<void> {
  try {
    await page.waitForSelector(`[data-testid=chat-text]:text-is(${JSON.stringify(text)})`, {
      timeout: ARRIVES_MS,
    });
  } catch {
    // Fails with what the chat shows instead: a message waiting, a refusal, a problem.
    assert.fail(`"${text}" did not arrive; the chat reads: ${await page.textContent("main")}`);
  }
}

/** Everything this browser stored for the signed-in person, as plain arrays for the test to inspect. */
async function storedKeys(page: Page) {
  return await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open("artistspace-messages");
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const all = (store: string) =>
      new Promise<unknown[]>((resolve, reject) => {
        const req = db.transaction(store).objectStore(store).getAll();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    const [records, wrapping] = [await all("keys"), await all("wrapping") as CryptoKey[]];
    const plain = (v: unknown): unknown =>
      v instanceof Uint8Array
        ? { bytes: Array.from(v) }
        : v && typeof v === "object"
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]))
        : v;
    return {
      records: records.map(plain) as Record<string, unknown>[],
      wrapping: await Promise.all(wrapping.map(async (key) => ({
        type: key.type,
        algorithm: key.algorithm.name,
        extractable: key.extractable,
        exported: await crypto.subtle.exportKey("raw", key).then(() => "exported", () => "refused"),
      }))),
    };
  });
}

/** Every byte array of a stored record, wherever it sits in it. */
function byteArrays(value: unknown): Uint8Array[] {
  if (!value || typeof value !== "object") return [];
  if ("bytes" in value) return [new Uint8Array((value as { bytes: number[] }).bytes)];
  return Object.values(value).flatMap(byteArrays);
}

/**
 * No 32 bytes anywhere in `stored` are a secret key of `publicKeys`: no window is an X25519 secret whose
 * public key is one of them, nor an Ed25519 seed whose public key is.
 */
function holdsNoSecretOf(stored: Uint8Array[], boxPublic: Uint8Array[], signPublic: Uint8Array[]): boolean {
  const eq = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);
  for (const bytes of stored) {
    for (let at = 0; at + 32 <= bytes.length; at++) {
      const window = bytes.slice(at, at + 32);
      const box = nacl.scalarMult.base(window);
      const sign = nacl.sign.keyPair.fromSeed(window).publicKey;
      if (boxPublic.some((k) => eq(k, box)) || signPublic.some((k) => eq(k, sign))) return false;
    }
  }
  return true;
}

browserTest(
  "a new organizer sets up keys and writes to Asha, who restores hers; both ways; keys at rest are wrapped; her own recovery key restores her history; no JavaScript, no messages",
  async ({ browser, server }) => {
    const origin = server.url;
    await registerMeera(browser, origin);
    const meera = await signIn(browser, origin, MEERA);
    const bookingUrl = await requestAsha(meera.page, origin);

    // On the booking's page the chat opens on a tap; Meera has no keys yet, so she sets them up.
    await meera.page.click("[data-testid=chat-closed] button");
    const meeraKey = await setUpKeys(meera.page);
    await send(meera.page, "Soundcheck at 5?");
    await sees(meera.page, "Soundcheck at 5?");

    // Asha, whose keys this browser has never seen, restores them and reads it on the conversation's page.
    const url = await conversationOf(meera.page, origin, bookingUrl);
    const asha = await signIn(browser, origin, "asha.artist");
    await asha.page.goto(url);
    await restoreWith(asha.page, DEMO_RECOVERY_KEY);
    await sees(asha.page, "Soundcheck at 5?");
    await send(asha.page, "5 is perfect. I'll bring the harmonium.");
    await sees(meera.page, "5 is perfect. I'll bring the harmonium.");
    // Asha has read Meera's message: her tick says so.
    await meera.page.waitForSelector(
      "[data-testid=chat-message]:has-text('Soundcheck at 5?') [data-testid=tick]:text-is('Read')",
      { timeout: ARRIVES_MS },
    );

    // The server holds only ciphertext.
    const stored = await asha.page.request.get(`${origin}/api/v1/messages/${url.split("/").pop()}?after=0`);
    const raw = await stored.text();
    assert.equal(stored.status(), 200);
    assert.ok(!raw.includes("Soundcheck") && !raw.includes("harmonium"), "no plaintext on the server");

    // Meera's keys at rest: public halves, an IV and a sealed box per key set; no secret in the clear.
    const { records, wrapping } = await storedKeys(meera.page);
    assert.equal(records.length, 1);
    assert.deepEqual(Object.keys(records[0]).sort(), ["device", "identity", "userId", "v"]);
    for (const role of ["identity", "device"]) {
      assert.deepEqual(Object.keys(records[0][role] as object).sort(), [
        "boxPublic",
        "id",
        "iv",
        "sealed",
        "signPublic",
      ]);
    }
    assert.deepEqual(wrapping, [{
      type: "secret",
      algorithm: "AES-GCM",
      extractable: false,
      exported: "refused",
    }]);
    const pub = (role: string, half: string) =>
      byteArrays((records[0][role] as Record<string, unknown>)[half])[0];
    assert.ok(
      holdsNoSecretOf(
        byteArrays(records[0]),
        [pub("identity", "boxPublic"), pub("device", "boxPublic")],
        [pub("identity", "signPublic"), pub("device", "signPublic")],
      ),
      "no secret key lies in IndexedDB in the clear",
    );
    // They are usable all the same: a reload reads the history with them.
    await meera.page.reload();
    await meera.page.click("[data-testid=chat-closed] button");
    await sees(meera.page, "5 is perfect. I'll bring the harmonium.");

    // Meera on a new phone: a wrong key is refused; the one she wrote down at set-up restores her history.
    const phone = await signIn(browser, origin, MEERA);
    await phone.page.goto(url);
    await phone.page.waitForSelector("[data-testid=key-setup-restore]");
    await phone.page.fill("#recovery-key-input", DEMO_RECOVERY_KEY);
    await phone.page.click("button:has-text('Restore my messages')");
    await phone.page.waitForSelector("#recovery-key-problem:has-text('does not open your backup')", {
      timeout: KEYS_MS,
    });
    await phone.page.fill("#recovery-key-input", meeraKey.toLowerCase().replaceAll("-", " "));
    await phone.page.click("button:has-text('Restore my messages')");
    await sees(phone.page, "Soundcheck at 5?");
    await sees(phone.page, "5 is perfect. I'll bring the harmonium.");

    // Without JavaScript the list of conversations works, and the conversation's page says why there is
    // nothing to read.
    const plain = await signIn(browser, origin, MEERA, false);
    await plain.page.goto(`${origin}/messages`);
    assert.match(await plain.page.textContent("[data-testid=conversations]") ?? "", /Monsoon evening/);
    await plain.page.goto(url);
    assert.match(
      await plain.page.textContent("[data-testid=chat-needs-js]") ?? "",
      /end-to-end encrypted in your browser.*needs JavaScript/s,
    );
    // Someone outside the booking finds no such conversation.
    const chitra = await signIn(browser, origin, "chitra.promoter");
    assert.equal((await chitra.page.goto(url))?.status(), 404);
    assert.deepEqual(
      [...unexpected(meera.errors), ...unexpected(asha.errors), ...unexpected(phone.errors)],
      [],
    );
  },
);

browserTest(
  "two browsers of one person both receive; starting over tells the other side, and the old history stays closed to the new keys",
  async ({ browser, server }) => {
    const origin = server.url;
    const dev = await signIn(browser, origin, "dev.organizer");
    const asha = await signIn(browser, origin, "asha.artist");
    const url = await launchConversation(dev, origin);
    // Both restore the demo's keys and read the conversation the demo left them.
    await dev.page.goto(url);
    await restoreWith(dev.page, DEMO_RECOVERY_KEY);
    await asha.page.goto(url);
    await restoreWith(asha.page, DEMO_RECOVERY_KEY);
    const history = "Yes: a 20-minute reading, then my set of six ghazals.";
    await sees(dev.page, history);
    await sees(asha.page, history);

    // Dev on his phone too: Asha's answer reaches both of his browsers (her page learns of the new
    // device when the server refuses what was sealed without it).
    const phone = await signIn(browser, origin, "dev.organizer");
    await phone.page.goto(url);
    await restoreWith(phone.page, DEMO_RECOVERY_KEY);
    await send(asha.page, "Sending the set list tonight.");
    await sees(dev.page, "Sending the set list tonight.");
    await sees(phone.page, "Sending the set list tonight.");

    // Every message so far came from a device on its sender's signed list.
    assert.equal(await dev.page.locator("[data-testid=chat-unlisted]").count(), 0);

    // Asha loses her keys and starts over in another browser: Dev is told her security code changed.
    const codeBefore = await securityCodeWith(dev.page);
    const ashaNew = await signIn(browser, origin, "asha.artist");
    await ashaNew.page.goto(url);
    await ashaNew.page.waitForSelector("[data-testid=key-setup-restore]");
    await ashaNew.page.click("button:has-text('Start over with new keys')");
    assert.match(
      await ashaNew.page.textContent("[data-testid=key-setup-start-over]") ?? "",
      /old messages will be gone/,
    );
    await ashaNew.page.click("button:has-text('Yes, make new keys')");
    await writeDownAndContinue(ashaNew.page);
    await dev.page.waitForSelector("[data-testid=key-changed]", { timeout: ARRIVES_MS });
    assert.match(await dev.page.textContent("[data-testid=key-changed]") ?? "", /security code changed/);
    await dev.page.click("[data-testid=key-changed] button");
    assert.notEqual(await securityCodeWith(dev.page), codeBefore);
    // Her old device is on no list now: what it sent says so.
    await dev.page.waitForSelector(
      "[data-testid=chat-message]:has-text('Sending the set list tonight.') [data-testid=chat-unlisted]",
    );
    // What was sealed to her old keys stays closed to the new ones.
    await ashaNew.page.waitForSelector(
      "[data-testid=chat-problem]:has-text('not locked for your current keys')",
    );
    // Dev's page still sealed to her old keys: the server says so, it seals again, and she reads it.
    await send(dev.page, "Welcome back, Asha.");
    await sees(ashaNew.page, "Welcome back, Asha.");
    // Dev's browser had pinned her old identity key, so it says so itself, not only because the server wrote a
    // notice (a server swapping keys in silence would write none); once Dev has checked, it stops saying it.
    await dev.page.waitForSelector("[data-testid=pinned-key-changed]:has-text('Asha')", {
      timeout: ARRIVES_MS,
    });
    await dev.page.click("[data-testid=pinned-key-changed] button:has-text('I have checked')");
    assert.equal(await dev.page.locator("[data-testid=pinned-key-changed]").count(), 0);
    assert.deepEqual(
      [...unexpected(dev.errors), ...unexpected(phone.errors), ...unexpected(ashaNew.errors)],
      [],
    );
  },
);

async function securityCodeWith(page: Page): Promise<string> {
  if (!await page.isVisible("[data-testid=security-codes]")) {
    await page.click("button:has-text('Security codes')");
  }
  const code = (await page.textContent("[data-testid=security-code]"))?.trim() ?? "";
  assert.match(code, /^(\d{5}){12}$/);
  return code;
}

browserTest(
  "written offline, sent when back online; with neither WebSockets nor event streams the chat polls; a rider and a photo travel sealed; admins see what a party shows them; the header counts unread",
  async ({ browser, server }) => {
    const origin = server.url;
    const dev = await signIn(browser, origin, "dev.organizer");
    const asha = await signIn(browser, origin, "asha.artist");
    // Asha's network lets neither WebSockets nor event streams through (a proxy that strips them): her
    // chat falls back to polling, and everything below still reaches her.
    await asha.context.routeWebSocket(/\/api\/v1\/messages\/live/, (ws) => ws.close());
    await asha.context.route(/\/api\/v1\/messages\/events/, (route) => route.abort());
    const url = await launchConversation(dev, origin);
    await dev.page.goto(url);
    await restoreWith(dev.page, DEMO_RECOVERY_KEY);
    await asha.page.goto(url);
    await restoreWith(asha.page, DEMO_RECOVERY_KEY);

    // Dev's connection drops; what he writes waits in his outbox, then goes when it is back.
    await dev.context.setOffline(true);
    await send(dev.page, "Written in the tunnel");
    await dev.page.waitForSelector("[data-testid=chat-waiting]:has-text('Written in the tunnel')");
    await dev.context.setOffline(false);
    await sees(asha.page, "Written in the tunnel");
    await dev.page.waitForSelector("[data-testid=chat-waiting]", { state: "detached", timeout: ARRIVES_MS });
    assert.equal(
      await asha.page.locator("[data-testid=chat-text]:text-is('Written in the tunnel')").count(),
      1,
    );

    // Asha sends her rider and a photo of the stage plot; Dev opens both, decrypted in his browser.
    const rider = new TextEncoder().encode(
      "%PDF-1.4\n% Asha's rider: two vocal mics, one DI for the harmonium\n",
    );
    const photo = Uint8Array.from(atob(PNG_1PX), (c) => c.charCodeAt(0));
    await asha.page.setInputFiles("[data-testid=chat-files]", [
      { name: "rider.pdf", mimeType: "application/pdf", buffer: Buffer.from(rider) },
      { name: "stage.png", mimeType: "image/png", buffer: Buffer.from(photo) },
    ]);
    await send(asha.page, "Rider and stage plot attached");
    await sees(dev.page, "Rider and stage plot attached");
    const message = dev.page.locator("[data-testid=chat-message]:has-text('Rider and stage plot attached')");
    await message.locator("[data-testid=attachment]:has-text('rider.pdf')").click();
    await message.locator("[data-testid=attachment]:has-text('stage.png')").click();
    assert.match(await message.locator("[data-testid=attachment-view]").getAttribute("href") ?? "", /^blob:/);
    const [download] = await Promise.all([
      dev.page.waitForEvent("download"),
      message.locator("[data-testid=attachment-save]:has-text('rider.pdf')").click(),
    ]);
    assert.equal(download.suggestedFilename(), "rider.pdf");
    assert.deepEqual(await Deno.readFile((await download.path())!), rider);
    await dev.page.waitForFunction(() =>
      (document.querySelector("img[alt='stage.png']") as HTMLImageElement)?.naturalWidth === 1
    );

    // Asha shows Dev's offline message to the admins; it verifies against what the server countersigned.
    await asha.page.click("button:has-text('Show messages to admins')");
    assert.match(await asha.page.textContent("[data-testid=disclosure]") ?? "", /cannot be taken back/);
    await asha.page.locator(
      "[data-testid=chat-message]:has-text('Written in the tunnel') input[type=checkbox]",
    ).check();
    await asha.page.click("button:has-text('Show 1 message to the admins')");
    assert.match(await asha.page.textContent("[data-testid=disclosure-results]") ?? "", /verified/);

    // Away from the chat, Dev's header counts Asha's new message; opening it reads it and the count goes.
    await dev.page.goto(`${origin}/messages`);
    await send(asha.page, "See you in Pune");
    await asha.page.waitForSelector(
      "[data-testid=chat-message]:has-text('See you in Pune') [data-testid=tick]",
    );
    await dev.page.goto(`${origin}/messages`);
    assert.equal((await dev.page.textContent("[data-testid=messages-unread]"))?.trim(), "1");
    await dev.page.goto(url);
    await sees(dev.page, "See you in Pune");
    await dev.page.waitForSelector("[data-testid=messages-unread]", { state: "hidden", timeout: ARRIVES_MS });
    assert.deepEqual([...unexpected(dev.errors), ...unexpected(asha.errors)], []);
  },
);

/** A 1×1 PNG. */
const PNG_1PX =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==";
