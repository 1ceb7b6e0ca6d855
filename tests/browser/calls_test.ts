/**
 * A peer-to-peer call in Chromium against the real server, with Chromium's
 * fake microphone and camera: Dev (the organizer) calls Asha (the act) with
 * video from the book launch's booking page; her conversation page rings;
 * she answers with video. Proven here: both pages' RTCPeerConnection
 * statistics show audio packets received and video frames decoded; every
 * signal left Dev's browser sealed to Asha's device key alone, with no SDP
 * or candidate in the clear; the call's code loaded only when the call
 * started; hanging up on one page ends it on both; and the booking's
 * timeline records the call with its duration.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { DEMO_RECOVERY_KEY } from "../../server/demo_messages.ts";
import { browserTest } from "../support/browser.ts";
import {
  conversationOf,
  launchBooking,
  type Person,
  restoreWith,
  signIn,
  unexpected,
} from "../support/chat_browser.ts";

const FAKE_MEDIA = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"];
/** A call event or a signal crosses the live connection in well under a second; the machine may be slow. */
const RINGS_MS = 30_000;
/** ICE on loopback, DTLS, then the first frames through a software decoder on a shared machine. */
const MEDIA_MS = 60_000;

/** Every RTCPeerConnection the page makes, kept where the test can reach it (no hook in the app). */
const COLLECT_PEERS = () => {
  const Native = globalThis.RTCPeerConnection;
  const peers: RTCPeerConnection[] = [];
  (globalThis as unknown as { __peers: RTCPeerConnection[] }).__peers = peers;
  globalThis.RTCPeerConnection = class extends Native {
    constructor(config?: RTCConfiguration) {
      super(config);
      peers.push(this);
    }
  };
};

interface MediaFigures {
  peers: number;
  connectionState: string;
  audioPacketsReceived: number;
  videoFramesDecoded: number;
  videoFramesReceived: number;
  /** Of the candidate pair in use: "host", "srflx", "prflx" or "relay". */
  localCandidateType: string | null;
  remoteCandidateType: string | null;
}

/** What the page's newest peer connection has received so far, and over which candidates. */
async function mediaFigures(page: Page): Promise<MediaFigures> {
  return await page.evaluate(async () => {
    const peers = (globalThis as unknown as { __peers: RTCPeerConnection[] }).__peers;
    const pc = peers.at(-1);
    const figures = {
      peers: peers.length,
      connectionState: pc?.connectionState ?? "none",
      audioPacketsReceived: 0,
      videoFramesDecoded: 0,
      videoFramesReceived: 0,
      localCandidateType: null as string | null,
      remoteCandidateType: null as string | null,
    };
    if (!pc) return figures;
    const stats = [...(await pc.getStats()).values()];
    for (const s of stats) {
      if (s.type !== "inbound-rtp") continue;
      if (s.kind === "audio") figures.audioPacketsReceived += s.packetsReceived ?? 0;
      if (s.kind === "video") {
        figures.videoFramesDecoded += s.framesDecoded ?? 0;
        figures.videoFramesReceived += s.framesReceived ?? 0;
      }
    }
    const transport = stats.find((s) => s.type === "transport" && s.selectedCandidatePairId);
    const pair = stats.find((s) => s.id === transport?.selectedCandidatePairId);
    figures.localCandidateType = stats.find((s) => s.id === pair?.localCandidateId)?.candidateType ?? null;
    figures.remoteCandidateType = stats.find((s) => s.id === pair?.remoteCandidateId)?.candidateType ?? null;
    return figures;
  });
}

/** Polls both pages until each has received audio and decoded video, failing with the last figures. */
async function untilMediaFlows(pages: Page[]): Promise<MediaFigures[]> {
  const deadline = Date.now() + MEDIA_MS;
  let figures: MediaFigures[] = [];
  while (Date.now() < deadline) {
    figures = await Promise.all(pages.map(mediaFigures));
    if (figures.every((f) => f.audioPacketsReceived > 0 && f.videoFramesDecoded > 0)) return figures;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  const shown = await Promise.all(pages.map((p) => p.textContent("[data-testid=call-bar]")));
  assert.fail(
    `media did not flow both ways within ${MEDIA_MS / 1000} s: ${JSON.stringify(figures)}; the pages show ` +
      JSON.stringify(shown),
  );
}

/** The person's pages keep every peer connection they make where the test can read its statistics. */
async function collectingPeers(person: Person): Promise<Person> {
  await person.context.addInitScript(COLLECT_PEERS);
  return person;
}

/** The envelopes a page posts as call signals, as sent. */
function signalsSent(page: Page): { keys: Record<string, string>; body: string }[] {
  const sent: { keys: Record<string, string>; body: string }[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST" && /\/api\/v1\/calls\/[^/]+\/signals$/.test(new URL(r.url()).pathname)) {
      sent.push(JSON.parse(r.postData() ?? "{}"));
    }
  });
  return sent;
}

/** This browser's device id for the person, as the chat stored it. */
async function deviceIdOf(page: Page): Promise<string> {
  return await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open("artistspace-messages");
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const [record] = await new Promise<{ device: { id: string } }[]>((resolve, reject) => {
      const req = db.transaction("keys").objectStore("keys").getAll();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    return record.device.id;
  });
}

browserTest(
  "Dev calls Asha with video peer to peer: both receive audio and decode video, signals cross sealed, hanging up ends it on both, and the timeline records it",
  async ({ browser, server }) => {
    const origin = server.url;
    const dev = await collectingPeers(await signIn(browser, origin, "dev.organizer"));
    const asha = await collectingPeers(await signIn(browser, origin, "asha.artist"));
    const bookingUrl = await launchBooking(dev, origin);
    const url = await conversationOf(dev.page, origin, bookingUrl);

    // Asha keeps the conversation open on its own page.
    await asha.page.goto(url);
    await restoreWith(asha.page, DEMO_RECOVERY_KEY);
    const ashaDevice = await deviceIdOf(asha.page);

    // Dev opens the chat on the booking page with a tap, and the call's code is not loaded until he calls.
    const scripts: string[] = [];
    dev.page.on("request", (r) => r.resourceType() === "script" && scripts.push(new URL(r.url()).pathname));
    const sealed = signalsSent(dev.page);
    await dev.page.goto(bookingUrl);
    await dev.page.click("[data-testid=chat-closed] button");
    await restoreWith(dev.page, DEMO_RECOVERY_KEY);
    await dev.page.waitForSelector("[data-testid=call-bar] button:has-text('Video')");
    assert.deepEqual(scripts.filter((s) => /call_panel/.test(s)), [], "no call code before a call");
    await dev.page.click("[data-testid=call-bar] button:has-text('Video')");
    await dev.page.waitForSelector("[data-testid=call-status]:text-is('Ringing…')", { timeout: RINGS_MS });
    assert.equal(scripts.filter((s) => /call_panel/.test(s)).length, 1, "the call's code, loaded on the tap");

    // Asha's page rings, for screen readers too; she answers with video.
    await asha.page.waitForSelector("[data-testid=call-ringing]", { timeout: RINGS_MS });
    assert.match(await asha.page.textContent("[data-testid=call-ringing]") ?? "", /Dev Kapoor is calling…/);
    assert.equal(
      await asha.page.locator("[aria-live=assertive]:has([data-testid=call-ringing])").count(),
      1,
      "the ringing bar is in a live region",
    );
    await asha.page.click("[data-testid=call-ringing] button:has-text('Answer with video')");

    const [devFigures, ashaFigures] = await untilMediaFlows([dev.page, asha.page]);
    console.log("Dev's page received:", JSON.stringify(devFigures));
    console.log("Asha's page received:", JSON.stringify(ashaFigures));
    for (const f of [devFigures, ashaFigures]) {
      assert.equal(f.peers, 1);
      assert.equal(f.connectionState, "connected");
      assert.ok(f.audioPacketsReceived > 0 && f.videoFramesDecoded > 0);
    }

    // Both show the call going: a running clock, the other's video, what protects it, and its quality.
    for (const page of [dev.page, asha.page]) {
      await page.waitForSelector("[data-testid=call][data-phase=connected]");
      await page.waitForFunction(
        () => /^\d+:\d\d$/.test(document.querySelector("[data-testid=call-status]")?.textContent ?? ""),
      );
      await page.waitForSelector('[data-testid=call] video[aria-label$="\'s video"]');
      assert.match(
        await page.textContent("[data-testid=call-encryption]") ?? "",
        /Encrypted end to end \(peer to peer, DTLS-SRTP\); the call's keys were exchanged in sealed messages/,
      );
      await page.waitForSelector("[data-testid=call-quality][data-quality=good]", { timeout: RINGS_MS });
    }

    // Every signal Dev sent was sealed to Asha's device alone, and none carries SDP or a candidate readably.
    assert.ok(sealed.length >= 2, `an offer and candidates at least (${sealed.length} sent)`);
    for (const envelope of sealed) {
      assert.deepEqual(Object.keys(envelope.keys), [ashaDevice]);
      assert.doesNotMatch(JSON.stringify(envelope), /v=0|a=fingerprint|candidate:|typ host/);
    }
    console.log(`Dev's page sent ${sealed.length} sealed signals, each to Asha's device key alone`);

    // A few seconds of call: media keeps coming both ways. Then Asha hangs up: both pages say it ended and
    // for how long.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const later = await Promise.all([dev.page, asha.page].map(mediaFigures));
    console.log("Seconds later, Dev's page:", JSON.stringify(later[0]));
    console.log("Seconds later, Asha's page:", JSON.stringify(later[1]));
    for (const [i, f] of later.entries()) {
      const before = [devFigures, ashaFigures][i];
      assert.ok(f.audioPacketsReceived > before.audioPacketsReceived, "audio keeps arriving");
      assert.ok(f.videoFramesDecoded > before.videoFramesDecoded, "video keeps being decoded");
    }
    await asha.page.click("[data-testid=call-hang-up]");
    for (const page of [asha.page, dev.page]) {
      await page.waitForSelector("[data-testid=call-ended]", { timeout: RINGS_MS });
      assert.match(
        await page.textContent("[data-testid=call-ended]") ?? "",
        /^Call ended \((0:0[3-9]|0:[1-5]\d)\)$/,
      );
      assert.equal(await page.locator("[data-testid=call]").count(), 0, "the call's view is gone");
    }
    // Dev's camera and microphone are released, his connection closed.
    assert.equal((await mediaFigures(dev.page)).connectionState, "closed");
    const ended = await dev.page.textContent("[data-testid=call-ended]");
    assert.equal(
      await asha.page.textContent("[data-testid=call-ended]"),
      ended,
      "one duration on both sides",
    );
    console.log(`Both pages: "${ended}"`);

    // The booking's timeline ends with this call (the demo's earlier call is above it): started, Asha
    // joined, and she ended it, with its length.
    await dev.page.goto(bookingUrl);
    const entries = await dev.page.locator("[data-testid=timeline] li > p:first-of-type").allTextContents();
    console.log("Timeline's last entries:", JSON.stringify(entries.slice(-3)));
    assert.deepEqual(entries.slice(-3).map((e) => e.replace(/\s+/g, " ").trim()), [
      "Dev Kapoor started a call",
      "Asha Rao joined the call",
      "Asha Rao ended the call, which lasted: 1 min",
    ]);
    assert.deepEqual([...unexpected(dev.errors), ...unexpected(asha.errors)], []);
  },
  { chromiumArgs: FAKE_MEDIA },
);
