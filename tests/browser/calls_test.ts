/**
 * A peer-to-peer call in Chromium against the real server, with Chromium's
 * fake microphone and camera: Dev (the organizer) calls Asha (the act) with
 * video from the book launch's booking page; her conversation page rings;
 * she answers with video. Proven here: both pages' RTCPeerConnection
 * statistics show audio packets received and video frames decoded; every
 * signal left Dev's browser sealed to Asha's device key alone, with no SDP
 * or candidate in the clear; the call's code loaded only when the call
 * started; on a 390×844 page the call fills the screen with its controls on
 * it, and axe finds nothing serious on the ringing page or in the call;
 * hanging up on one page ends it on both; and the booking's
 * timeline records the call with its duration. Then, with the server set to
 * relay only and a local coturn as its TURN server, the same call goes relay
 * to relay through ports that coturn allocated. A browser that refuses the
 * microphone and camera is told why and can still call to listen; and on a
 * slow connection (3G) a call is audio only until the person asks for video.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { DEMO_RECOVERY_KEY } from "../../server/demo_messages.ts";
import { isSerious, violations } from "../support/axe.ts";
import { browserTest, launchChromium } from "../support/browser.ts";
import {
  conversationOf,
  launchBooking,
  type Person,
  restoreWith,
  signIn,
  unexpected,
} from "../support/chat_browser.ts";
import { startServer } from "../support/server.ts";
import { startTurnServer, type TurnServer } from "../support/turn_server.ts";

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
  /** The ports of the pair in use. */
  localPort: number | null;
  remotePort: number | null;
  /** As the page configured it from the server's answer. */
  iceTransportPolicy: string | null;
  /** The types of every candidate this side gathered. */
  gathered: string[];
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
      localPort: null as number | null,
      remotePort: null as number | null,
      iceTransportPolicy: null as string | null,
      gathered: [] as string[],
    };
    if (!pc) return figures;
    figures.iceTransportPolicy = pc.getConfiguration().iceTransportPolicy ?? null;
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
    const local = stats.find((s) => s.id === pair?.localCandidateId);
    const remote = stats.find((s) => s.id === pair?.remoteCandidateId);
    figures.localCandidateType = local?.candidateType ?? null;
    figures.remoteCandidateType = remote?.candidateType ?? null;
    figures.localPort = local?.port ?? null;
    figures.remotePort = remote?.port ?? null;
    figures.gathered = [
      ...new Set(stats.filter((s) => s.type === "local-candidate").map((s) => s.candidateType as string)),
    ];
    return figures;
  });
}

/**
 * Polls both pages until each connection reports itself connected and has received audio and decoded video,
 * failing with the last figures. Chromium can count the first packets before it moves `connectionState` on from
 * "new", so one reading is not enough.
 */
async function untilMediaFlows(pages: Page[]): Promise<MediaFigures[]> {
  const deadline = Date.now() + MEDIA_MS;
  let figures: MediaFigures[] = [];
  while (Date.now() < deadline) {
    figures = await Promise.all(pages.map(mediaFigures));
    const flowing = (f: MediaFigures) =>
      f.connectionState === "connected" && f.audioPacketsReceived > 0 && f.videoFramesDecoded > 0;
    if (figures.every(flowing)) return figures;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  const shown = await Promise.all(pages.map((p) => p.textContent("[data-testid=call-bar]")));
  assert.fail(
    `media did not flow both ways within ${MEDIA_MS / 1000} s: ${JSON.stringify(figures)}; the pages show ` +
      JSON.stringify(shown),
  );
}

/** The phone the call's view is made for, held upright. */
const PHONE = { width: 390, height: 844 };

/**
 * On a phone-sized page, the person's pages keep every peer connection they make where the test can read its
 * statistics.
 */
async function collectingPeers(person: Person): Promise<Person> {
  await person.context.addInitScript(COLLECT_PEERS);
  await person.page.setViewportSize(PHONE);
  return person;
}

/** The call fills the phone's screen: their video across it, and the controls on it, not below it. */
async function fitsThePhone(page: Page): Promise<void> {
  const remote = await page.locator('[data-testid=call] video[aria-label$="\'s video"]').boundingBox();
  assert.ok(
    remote && remote.width === PHONE.width && remote.height > PHONE.height / 2,
    JSON.stringify(remote),
  );
  for (const control of ["call-mute", "call-camera", "call-devices-toggle", "call-hang-up"]) {
    const box = await page.locator(`[data-testid=${control}]`).boundingBox();
    assert.ok(
      box && box.x >= 0 && box.y >= 0 && box.x + box.width <= PHONE.width &&
        box.y + box.height <= PHONE.height,
      `${control} at ${JSON.stringify(box)}`,
    );
    assert.ok(box.height >= 44, `${control} is a comfortable target (${box.height} px high)`);
  }
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
    assert.deepEqual((await violations(asha.page)).filter(isSerious), [], "axe on the ringing page");
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
      await fitsThePhone(page);
      assert.deepEqual((await violations(page)).filter(isSerious), [], "axe on the call");
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

Deno.test({
  name:
    "with the server set to relay only, a call goes through TURN (a local coturn): both ends gather relay " +
    "candidates only, the pair in use is relay to relay, and media flows",
  // playwright-core keeps its pipe to the browser and timers of its own alive between calls.
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const turn = await startTurnServer();
    try {
      const browser = await launchChromium(FAKE_MEDIA);
      try {
        const server = await startServer({ env: turn.env });
        try {
          await relayedCall(browser, server.url, turn);
        } finally {
          await server.close();
        }
      } finally {
        await browser.close();
      }
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- coturn's log ---\n${turn.log().slice(-4_000)}`);
    } finally {
      await turn.close();
    }
  },
});

async function relayedCall(browser: Browser, origin: string, turn: TurnServer): Promise<void> {
  const dev = await collectingPeers(await signIn(browser, origin, "dev.organizer"));
  const asha = await collectingPeers(await signIn(browser, origin, "asha.artist"));
  const url = await conversationOf(dev.page, origin, await launchBooking(dev, origin));
  for (const person of [asha, dev]) {
    await person.page.goto(url);
    await restoreWith(person.page, DEMO_RECOVERY_KEY);
  }
  await dev.page.click("[data-testid=call-bar] button:has-text('Video')");
  await asha.page.waitForSelector("[data-testid=call-ringing]", { timeout: RINGS_MS });
  await asha.page.click("[data-testid=call-ringing] button:has-text('Answer with video')");

  const figures = await untilMediaFlows([dev.page, asha.page]);
  for (const [who, f] of [["Dev", figures[0]], ["Asha", figures[1]]] as const) {
    console.log(`${who}'s page, relayed:`, JSON.stringify(f));
    assert.equal(f.iceTransportPolicy, "relay");
    assert.deepEqual(f.gathered, ["relay"], "no host or server-reflexive candidate: no address given away");
    assert.equal(f.localCandidateType, "relay");
    assert.equal(f.remoteCandidateType, "relay");
    // Both ends of the pair are addresses this coturn allocated.
    for (const port of [f.localPort, f.remotePort]) {
      assert.ok(port !== null && port >= turn.relayPorts[0] && port <= turn.relayPorts[1], `port ${port}`);
    }
  }
  // The TURN server the page was given is the one configured, with credentials of the person's own.
  const servers = await dev.page.evaluate(() =>
    (globalThis as unknown as { __peers: RTCPeerConnection[] }).__peers[0].getConfiguration().iceServers
  );
  assert.deepEqual(servers?.map((s) => s.urls), [[turn.url]]);
  assert.match(String(servers?.[0].username), /^\d+:[0-9a-f-]{36}$/);

  await dev.page.click("[data-testid=call-hang-up]");
  for (const page of [dev.page, asha.page]) {
    await page.waitForSelector("[data-testid=call-ended]", { timeout: RINGS_MS });
    assert.match(await page.textContent("[data-testid=call-ended]") ?? "", /^Call ended \(\d+:\d\d\)$/);
  }
  assert.deepEqual([...unexpected(dev.errors), ...unexpected(asha.errors)], []);
}

browserTest(
  "a browser that refuses the microphone and camera says so and offers audio only, listen only or another try; a call nobody answers is cancelled, and the other side sees it missed; a declined one says so",
  async ({ browser, server }) => {
    const origin = server.url;
    const dev = await collectingPeers(await signIn(browser, origin, "dev.organizer"));
    const asha = await collectingPeers(await signIn(browser, origin, "asha.artist"));
    const url = await conversationOf(dev.page, origin, await launchBooking(dev, origin));
    for (const person of [asha, dev]) {
      await person.page.goto(url);
      await restoreWith(person.page, DEMO_RECOVERY_KEY);
    }
    // No permission was granted, and nobody answers the prompt: the browser refuses.
    await dev.page.click("[data-testid=call-bar] button:has-text('Video')");
    await dev.page.waitForSelector("[data-testid=call-media-problem]", { timeout: RINGS_MS });
    assert.match(
      await dev.page.textContent("[data-testid=call-media-problem] [role=alert]") ?? "",
      /not allowed to use your microphone and camera\. Allow it in the browser's site settings/,
    );
    const choices = await dev.page.locator("[data-testid=call-media-problem] button").allTextContents();
    assert.deepEqual(choices, ["Try again", "Audio only", "Call without microphone (listen only)", "Cancel"]);
    // Audio only is refused too; then he calls to listen only, and it rings.
    await dev.page.click("[data-testid=call-media-problem] button:has-text('Audio only')");
    await dev.page.waitForSelector(
      "[data-testid=call-media-problem] [role=alert]:has-text('not allowed to use your microphone.')",
    );
    await dev.page.click("[data-testid=call-media-problem] button:has-text('listen only')");
    await dev.page.waitForSelector("[data-testid=call-status]:text-is('Ringing…')", { timeout: RINGS_MS });
    assert.equal(await dev.page.textContent("[data-testid=call-mute]"), "🎤Use microphone");
    await asha.page.waitForSelector("[data-testid=call-ringing]", { timeout: RINGS_MS });

    // Dev gives up before Asha answers: his page says he cancelled it, hers that she missed it.
    await dev.page.click("[data-testid=call-hang-up]");
    await dev.page.waitForSelector("[data-testid=call-ended]:text-is('Call cancelled')", {
      timeout: RINGS_MS,
    });
    await asha.page.waitForSelector("[data-testid=call-missed]", { timeout: RINGS_MS });
    assert.equal(await asha.page.textContent("[data-testid=call-missed]"), "Missed call from Dev Kapoor");
    assert.equal(await asha.page.locator("[data-testid=call-ringing]").count(), 0);

    // He calls again, listening only; this time she declines: his page says so, hers no longer rings.
    await dev.page.click("[data-testid=call-bar] button:has-text('Call')");
    await dev.page.click("[data-testid=call-media-problem] button:has-text('listen only')");
    await asha.page.waitForSelector("[data-testid=call-ringing]", { timeout: RINGS_MS });
    await asha.page.click("[data-testid=call-ringing] button:has-text('Decline')");
    await dev.page.waitForSelector("[data-testid=call-ended]:text-is('Call declined')", {
      timeout: RINGS_MS,
    });
    assert.equal(await asha.page.locator("[data-testid=call-ringing]").count(), 0);
    assert.equal(await asha.page.locator("[data-testid=call-missed]").count(), 0, "declined is not missed");
    assert.deepEqual([...unexpected(dev.errors), ...unexpected(asha.errors)], []);
  },
  // Devices, but no prompt that says yes: the browser refuses them as a person saying no would.
  { chromiumArgs: ["--use-fake-device-for-media-stream"] },
);

/** What a phone on a slow network says of its connection (the Network Information API). */
const SLOW_3G = () => {
  Object.defineProperty(Navigator.prototype, "connection", {
    get: () => ({ effectiveType: "3g", saveData: false }),
  });
};

/** Video frames the page has decoded, a few seconds apart: how many arrived meanwhile. */
async function framesDuring(page: Page, ms: number): Promise<number> {
  const before = (await mediaFigures(page)).videoFramesDecoded;
  await new Promise((resolve) => setTimeout(resolve, ms));
  return (await mediaFigures(page)).videoFramesDecoded - before;
}

browserTest(
  "on a slow connection a call is audio only: the caller's video is not sent until the person asks for it, and her camera turns on over the same connection",
  async ({ browser, server }) => {
    const origin = server.url;
    const dev = await collectingPeers(await signIn(browser, origin, "dev.organizer"));
    const asha = await collectingPeers(await signIn(browser, origin, "asha.artist"));
    await asha.context.addInitScript(SLOW_3G);
    const url = await conversationOf(dev.page, origin, await launchBooking(dev, origin));
    for (const person of [asha, dev]) {
      await person.page.goto(url);
      await restoreWith(person.page, DEMO_RECOVERY_KEY);
    }
    assert.match(
      await asha.page.textContent("[data-testid=call-bar]") ?? "",
      /Your connection looks slow: calls are audio only unless you choose video/,
    );
    // Dev calls with video; Asha, on 3G, answers with her voice only.
    await dev.page.click("[data-testid=call-bar] button:has-text('Video')");
    await asha.page.waitForSelector("[data-testid=call-ringing]", { timeout: RINGS_MS });
    await asha.page.click("[data-testid=call-ringing] button:has-text('Answer')");
    await asha.page.waitForSelector("[data-testid=call][data-phase=connected]", { timeout: MEDIA_MS });
    await asha.page.waitForSelector("[data-testid=call-audio-only]");
    assert.equal(await asha.page.locator("[data-testid=call-camera]").textContent(), "📷Camera on");

    // Dev's video stops at his end once her page says it wants none: next to nothing reaches her.
    await dev.page.waitForFunction(
      () => {
        const pc = (globalThis as unknown as { __peers: RTCPeerConnection[] }).__peers.at(-1);
        const video = pc?.getTransceivers().find((t) => t.sender.track?.kind === "video");
        return video?.sender.getParameters().encodings.every((e) => e.active === false) ?? false;
      },
      undefined,
      { timeout: RINGS_MS },
    );
    const whileAudioOnly = await framesDuring(asha.page, 3_000);
    // Her audio goes on meanwhile.
    const audio = (await mediaFigures(asha.page)).audioPacketsReceived;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.ok((await mediaFigures(asha.page)).audioPacketsReceived > audio, "audio keeps coming");

    // She asks for his video: it comes, and shows.
    await asha.page.click("[data-testid=call-audio-only] button:has-text('Show their video')");
    await asha.page.waitForSelector('[data-testid=call] video[aria-label$="\'s video"]', {
      timeout: RINGS_MS,
    });
    const withVideo = await framesDuring(asha.page, 3_000);
    console.log(
      `Asha decoded ${whileAudioOnly} frames in 3 s of audio only, ${withVideo} after asking for video`,
    );
    assert.ok(whileAudioOnly <= 5, `${whileAudioOnly} frames while audio only`);
    assert.ok(withVideo >= 20, `${withVideo} frames once she asked`);

    // She turns her camera on: Dev starts receiving her video over the same connection.
    const devBefore = (await mediaFigures(dev.page)).videoFramesDecoded;
    await asha.page.click("[data-testid=call-camera]");
    await asha.page.waitForSelector("[data-testid=call] video[aria-label='Your camera']");
    await dev.page.waitForSelector('[data-testid=call] video[aria-label$="\'s video"]', {
      timeout: RINGS_MS,
    });
    const devAfter = await framesDuring(dev.page, 3_000);
    console.log(`Dev had decoded ${devBefore} frames of Asha before her camera; ${devAfter} in 3 s after`);
    assert.ok(devAfter >= 20, `${devAfter} frames of her camera`);
    assert.equal((await mediaFigures(dev.page)).peers, 1, "one connection throughout");

    await dev.page.click("[data-testid=call-hang-up]");
    await asha.page.waitForSelector("[data-testid=call-ended]", { timeout: RINGS_MS });
    assert.deepEqual([...unexpected(dev.errors), ...unexpected(asha.errors)], []);
  },
  { chromiumArgs: FAKE_MEDIA },
);
