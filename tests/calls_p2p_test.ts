/**
 * Peer-to-peer calls on the server: ringing, answering (one answer only),
 * declining, hanging up, the sweeper's missed and lost calls, the sealed
 * signals the browsers set the call up with (relayed only to the devices they
 * are sealed to, checked without being read, gone when the call ends), the
 * booking's timeline, STUN/TURN settings with coturn's credentials, and the
 * live connections that make the other side ring.
 */
import assert from "node:assert/strict";
import { loadConfig } from "../config/env.ts";
import { timelineOfBooking } from "../db/queries/booking_events.ts";
import { findCall } from "../db/queries/calls.ts";
import { AppError, statusOf } from "../domain/errors.ts";
import { type Envelope, openMessage, sealMessage } from "../lib/e2ee/envelope.ts";
import { type KeySet, publicOf } from "../lib/e2ee/keys.ts";
import { joinP2PCall, keepP2PCallAlive, leaveP2PCall, startP2PCall } from "../services/calls/p2p.ts";
import { callSignalsFor, sendCallSignal } from "../services/calls/signals.ts";
import { sweepCalls } from "../services/calls/sweep.ts";
import { conversationPage } from "../services/messages/read.ts";
import { openTestApp, type TestApp } from "./support/app.ts";
import { bookingCast } from "./support/booking_cast.ts";
import { openLiveSocket } from "./support/live_clients.ts";
import { startLiveKitStandIn } from "./support/livekit_server.ts";
import { type KeyedUser, meta, withKeys } from "./support/messages.ts";
import { waitFor } from "./support/wait.ts";

/** The booking's three people with message keys, and its conversation. */
async function keyedCast(app: TestApp) {
  const cast = await bookingCast(app);
  const keyed = async (who: "organizer" | "act" | "member") =>
    await withKeys(app.services.messages, cast.actor(who));
  return {
    ...cast,
    organizer: await keyed("organizer"),
    act: await keyed("act"),
    member: await keyed("member"),
  };
}

/** A signal as a browser seals it: from its device, to the peer's device only, naming the call. */
function sealSignal(
  from: KeyedUser,
  to: KeySet[],
  conversationId: string,
  content: Record<string, unknown>,
  device = from.devices[0],
): Envelope {
  return sealMessage(
    { userId: from.actor.userId, device },
    {
      conversationId,
      clientId: crypto.randomUUID(),
      recipients: to.map((k) => ({ id: k.id, boxKey: publicOf(k).boxKey })),
    },
    { text: JSON.stringify(content), attachments: [] },
  );
}

async function refused(promise: Promise<unknown>, status: number, message?: RegExp) {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof AppError, String(err));
    assert.equal(statusOf(err.code), status, err.message);
    if (message) assert.match(err.message, message);
    return true;
  });
}

const eventsOf = async (app: TestApp, bookingId: string) =>
  (await timelineOfBooking(app.database.db, bookingId)).filter((e) => e.event.startsWith("call_"));

Deno.test("a peer-to-peer call: ring, one answer, sealed signals, hang up, and the timeline", async (t) => {
  const app = await openTestApp();
  const deps = app.services.calls;
  try {
    const { conversationId, bookingId, organizer, act, member } = await keyedCast(app);
    const device = (u: KeyedUser) => ({ deviceId: u.devices[0].id });
    let callId = "";

    await t.step("the organizer calls from a device of theirs, and is in the call at once", async () => {
      await refused(
        startP2PCall(deps, organizer.actor, { conversationId, deviceId: act.devices[0].id }, meta),
        422,
        /not one of your current devices/,
      );
      const started = await startP2PCall(
        deps,
        organizer.actor,
        { conversationId, ...device(organizer) },
        meta,
      );
      assert.equal(started.created, true);
      callId = started.call.id;
      assert.equal(started.call.transport, "p2p");
      assert.equal(started.call.status, "live");
      assert.deepEqual(started.call.joined, [{ userId: organizer.actor.userId, ...device(organizer) }]);
      assert.equal(started.call.answeredAt, null);
      // No STUN/TURN configured: host candidates only, which is what one machine or a LAN needs.
      assert.deepEqual(started.iceServers, []);
      assert.equal(started.iceTransportPolicy, "all");
      // The act calling back at the same moment finds the same call, to join it.
      const glare = await startP2PCall(deps, act.actor, { conversationId, ...device(act) }, meta);
      assert.equal(glare.created, false);
      assert.equal(glare.call.id, callId);
      const page = await conversationPage(app.services.messages, member.actor, conversationId, {});
      assert.equal(page.activeCall?.id, callId, "a page that catches up sees it ring");
    });

    await t.step("the act answers; nobody else can, nor the caller from a second device", async () => {
      const joined = await joinP2PCall(deps, act.actor, callId, device(act), meta);
      assert.deepEqual(joined.call.joined.map((p) => p.userId), [organizer.actor.userId, act.actor.userId]);
      assert.ok(joined.call.answeredAt);
      // Answering twice from the same device changes nothing.
      const again = await joinP2PCall(deps, act.actor, callId, device(act), meta);
      assert.deepEqual(again.call.joined, joined.call.joined);
      await refused(
        joinP2PCall(deps, member.actor, callId, device(member), meta),
        409,
        /Someone else answered/,
      );
    });

    let offerId = 0;
    await t.step("signals reach only the devices they are sealed to, and are checked unread", async () => {
      const offer = sealSignal(organizer, [act.devices[0]], conversationId, {
        callId,
        type: "offer",
        sdp: "v=0",
      });
      const sent = await sendCallSignal(deps, organizer.actor, callId, offer);
      assert.equal(sent.created, true);
      offerId = sent.signal.id;
      const resent = await sendCallSignal(deps, organizer.actor, callId, offer);
      assert.deepEqual([resent.created, resent.signal.id], [false, offerId], "idempotent by clientId");

      const forAct = await callSignalsFor(deps, act.actor, callId, { device: act.devices[0].id });
      assert.equal(forAct.length, 1);
      const e = forAct[0].envelope as unknown as Envelope;
      const opened = openMessage(
        { ...e, sealedKey: e.keys[act.devices[0].id] },
        publicOf(organizer.devices[0]),
        act.devices[0],
      );
      assert.deepEqual(JSON.parse(opened.content.text), { callId, type: "offer", sdp: "v=0" });
      assert.deepEqual(
        await callSignalsFor(deps, act.actor, callId, { device: act.devices[0].id, after: offerId }),
        [],
      );
      assert.deepEqual(
        await callSignalsFor(deps, member.actor, callId, { device: member.devices[0].id }),
        [],
      );
      // Only one's own device's signals.
      await refused(callSignalsFor(deps, member.actor, callId, { device: act.devices[0].id }), 422);

      const forged = {
        ...sealSignal(organizer, [act.devices[0]], conversationId, { callId }),
        body: offer.body,
      };
      await refused(sendCallSignal(deps, organizer.actor, callId, forged), 422, /signature/);
      const toIdentity = sealSignal(organizer, [act.identity], conversationId, { callId });
      await refused(sendCallSignal(deps, organizer.actor, callId, toIdentity), 409, /current devices/);
      const inOtherName = sealSignal(act, [organizer.devices[0]], conversationId, { callId });
      await refused(sendCallSignal(deps, organizer.actor, callId, inOtherName), 422, /own name/);
      const elsewhere = sealSignal(organizer, [act.devices[0]], crypto.randomUUID(), { callId });
      await refused(sendCallSignal(deps, organizer.actor, callId, elsewhere), 422, /conversation/);
    });

    await t.step("the act hangs up: it ends for both, its signals go, the timeline has it", async () => {
      await keepP2PCallAlive(deps, organizer.actor, callId);
      const left = await leaveP2PCall(deps, act.actor, callId, meta);
      assert.equal(left.call.status, "ended");
      assert.equal(left.call.endReason, "hung_up");
      assert.deepEqual(left.call.joined, []);
      const again = await leaveP2PCall(deps, organizer.actor, callId, meta);
      assert.equal(again.call.endedAt, left.call.endedAt, "leaving an ended call changes nothing");
      const count = await app.database.db.selectFrom("call_signals").select((eb) => eb.fn.countAll().as("n"))
        .where("call_id", "=", callId).executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 0);
      await refused(keepP2PCallAlive(deps, organizer.actor, callId), 409, /ended/);
      const late = sealSignal(organizer, [act.devices[0]], conversationId, { callId });
      await refused(sendCallSignal(deps, organizer.actor, callId, late), 409, /ended/);
      await refused(joinP2PCall(deps, member.actor, callId, device(member), meta), 409, /ended/);
      const timeline = await eventsOf(app, bookingId);
      assert.deepEqual(timeline.map((e) => [e.event, e.actor_id, e.party]), [
        ["call_started", organizer.actor.userId, "organizer"],
        ["call_joined", act.actor.userId, "act"],
        ["call_ended", act.actor.userId, "act"],
      ]);
      assert.equal(typeof JSON.parse(JSON.stringify(timeline[2].detail)).durationSeconds, "number");
    });
  } finally {
    await app.close();
  }
});

Deno.test("declines, missed and lost calls, and a new call after a lapsed one", async (t) => {
  const app = await openTestApp();
  let now = new Date("2026-12-05T10:00:00Z");
  const deps = { ...app.services.calls, now: () => now };
  const later = (seconds: number) => now = new Date(now.getTime() + seconds * 1000);
  try {
    const { conversationId, bookingId, organizer, act, member } = await keyedCast(app);
    const start = async (who: KeyedUser) =>
      (await startP2PCall(deps, who.actor, { conversationId, deviceId: who.devices[0].id }, meta)).call;
    const missedCalls = () =>
      app.database.db.selectFrom("notifications").select(["user_id", "link", "body"])
        .where("kind", "=", "Missed call").execute();

    await t.step("it ends when everyone called has declined, not before", async () => {
      const call = await start(organizer);
      const one = await leaveP2PCall(deps, act.actor, call.id, meta);
      assert.equal(one.call.status, "live");
      assert.deepEqual(one.call.declined, [act.actor.userId]);
      const both = await leaveP2PCall(deps, member.actor, call.id, meta);
      assert.equal(both.call.status, "ended");
      assert.equal(both.call.endReason, "declined");
      assert.deepEqual(await missedCalls(), [], "a declined call is no missed call");
    });

    await t.step("the sweeper ends a call nobody answered in 45 s as missed, once", async () => {
      const call = await start(organizer);
      later(44);
      assert.equal(await sweepCalls(deps), 0);
      later(1);
      assert.equal(await sweepCalls(deps), 1);
      assert.equal((await findCall(app.database.db, call.id))?.end_reason, "missed");
      assert.equal(await sweepCalls(deps), 0);
      // Those it rang for are told, once, with a link to call back from; the caller is not.
      const notices = await missedCalls();
      assert.deepEqual(notices.map((n) => n.user_id).sort(), [act.actor.userId, member.actor.userId].sort());
      assert.ok(
        notices.every((n) => n.link === `/messages/${conversationId}` && /called you about/.test(n.body!)),
      );
    });

    await t.step("an answered call whose browsers go quiet for a minute is lost", async () => {
      const call = await start(act);
      await joinP2PCall(deps, organizer.actor, call.id, { deviceId: organizer.devices[0].id }, meta);
      later(50);
      await keepP2PCallAlive(deps, act.actor, call.id);
      later(50);
      assert.equal(await sweepCalls(deps), 0, "heard from 50 s ago");
      later(10);
      assert.equal(await sweepCalls(deps), 1);
      assert.equal((await findCall(app.database.db, call.id))?.end_reason, "lost");
    });

    await t.step(
      "calling again over a call that lapsed (before any sweep) ends it and starts anew",
      async () => {
        const stale = await start(member);
        later(120);
        const fresh = await start(organizer);
        assert.notEqual(fresh.id, stale.id);
        assert.equal((await findCall(app.database.db, stale.id))?.end_reason, "missed");
      },
    );

    const timeline = await eventsOf(app, bookingId);
    assert.deepEqual(timeline.map((e) => e.event), [
      "call_started",
      "call_declined",
      "call_started",
      "call_missed",
      "call_started",
      "call_joined",
      "call_ended",
      "call_started",
      "call_missed",
      "call_started",
    ]);
  } finally {
    await app.close();
  }
});

Deno.test("the sweeper ends a LiveKit call whose room LiveKit closed without telling us", async () => {
  const livekit = startLiveKitStandIn();
  const app = await openTestApp(livekit.env);
  let now = new Date();
  const deps = { ...app.services.calls, now: () => now };
  try {
    const { conversationId, bookingId, people } = await bookingCast(app);
    const started = await app.request("/api/v1/livekit/room", {
      method: "POST",
      headers: { ...people.organizer.headers, "Content-Type": "application/json" },
      body: JSON.stringify({ conversationId }),
    });
    assert.equal(started.status, 201, await started.clone().text());
    const { data } = await started.json();
    now = new Date(now.getTime() + 11 * 60_000);
    assert.equal(await sweepCalls(deps), 0, "its room is still there");
    livekit.rooms.delete(data.room.name);
    assert.equal(await sweepCalls(deps), 1);
    assert.equal((await findCall(app.database.db, data.call.id))?.end_reason, "lost");
    assert.deepEqual(livekit.refused, []);
    assert.deepEqual((await eventsOf(app, bookingId)).map((e) => e.event), ["call_started", "call_ended"]);
  } finally {
    await app.close();
    await livekit.close();
  }
});

Deno.test("STUN and TURN from configuration: coturn credentials of one's own, and relay only", async (t) => {
  await t.step("bad settings are refused when the server starts", async () => {
    await assert.rejects(
      loadConfig({ APP_ENV: "test", ICE_SERVERS: "http://turn.example.in" }),
      /ICE_SERVERS/,
    );
    await assert.rejects(
      loadConfig({ APP_ENV: "test", ICE_SERVERS: "turn:turn.example.in:3478" }),
      /TURN_SECRET/,
    );
    await assert.rejects(
      loadConfig({ APP_ENV: "test", ICE_SERVERS: "stun:stun.example.in", CALLS_RELAY_ONLY: "true" }),
      /CALLS_RELAY_ONLY/,
    );
  });

  const secret = "coturn-static-auth-secret-0123456789";
  const app = await openTestApp({
    ICE_SERVERS:
      "stun:turn.example.in:3478, turn:turn.example.in:3478?transport=udp,turns:turn.example.in:5349",
    TURN_SECRET: secret,
    CALLS_RELAY_ONLY: "true",
  });
  try {
    const { conversationId, organizer } = await keyedCast(app);
    await t.step("each person's TURN credential is HMAC-SHA1 of expiry:user under the secret", async () => {
      const before = Math.floor(Date.now() / 1000);
      const started = await startP2PCall(
        app.services.calls,
        organizer.actor,
        { conversationId, deviceId: organizer.devices[0].id },
        meta,
      );
      assert.equal(started.iceTransportPolicy, "relay");
      const [stun, turn] = started.iceServers;
      assert.deepEqual(stun, { urls: ["stun:turn.example.in:3478"] });
      assert.deepEqual(turn.urls, ["turn:turn.example.in:3478?transport=udp", "turns:turn.example.in:5349"]);
      const [expiry, whom] = turn.username!.split(":");
      assert.equal(whom, organizer.actor.userId);
      assert.ok(Number(expiry) >= before + 12 * 3600 && Number(expiry) <= before + 12 * 3600 + 5);
      const key = await crypto.subtle.importKey(
        "raw",
        new TextEncoder().encode(secret),
        { name: "HMAC", hash: "SHA-1" },
        false,
        ["verify"],
      );
      const mac = Uint8Array.from(atob(turn.credential!), (c) => c.charCodeAt(0));
      assert.ok(await crypto.subtle.verify("HMAC", key, mac, new TextEncoder().encode(turn.username!)));
    });
  } finally {
    await app.close();
  }
});

Deno.test("the other side's browsers ring over their live connections; signals reach one device", async () => {
  const app = await openTestApp();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, app.app.fetch);
  const origin = `http://127.0.0.1:${server.addr.port}`;
  try {
    const { conversationId, people, organizer, act, member } = await keyedCast(app);
    const actSocket = openLiveSocket(origin, people.act.headers, act.devices[0].id);
    const actOtherTab = openLiveSocket(origin, people.act.headers, crypto.randomUUID());
    const memberSocket = openLiveSocket(origin, people.member.headers, member.devices[0].id);
    await Promise.all([actSocket.opened, actOtherTab.opened, memberSocket.opened]);

    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${origin}/api/v1${path}`, {
        method: "POST",
        headers: { ...people.organizer.headers, "Content-Type": "application/json", origin },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    };
    const started = await post("/calls", { conversationId, deviceId: organizer.devices[0].id });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const callId = started.body.data.call.id;
    const rang = (s: { received: unknown[] }) =>
      s.received.some((e: any) => e.type === "call" && e.call.id === callId && e.call.status === "live");
    await waitFor(() => rang(actSocket) && rang(memberSocket) && rang(actOtherTab), {
      timeoutMs: 10_000,
      what: "the call event on every participant's connection",
    });

    const offer = sealSignal(organizer, [act.devices[0]], conversationId, {
      callId,
      type: "offer",
      sdp: "v=0",
    });
    const sent = await post(`/calls/${callId}/signals`, offer);
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    const relayed = (s: { received: unknown[] }) => s.received.filter((e: any) => e.type === "call-signal");
    await waitFor(() => relayed(actSocket).length === 1, { timeoutMs: 10_000, what: "the signal" });
    assert.deepEqual((relayed(actSocket)[0] as any).signal.envelope, { ...offer });
    // The same person's other device, and the member, hear of the call but never get the signal.
    const ended = await post(`/calls/${callId}/leave`, {});
    assert.equal(ended.status, 200);
    await waitFor(
      () => memberSocket.received.some((e: any) => e.type === "call" && e.call.status === "ended"),
      { timeoutMs: 10_000, what: "the end on the member's connection" },
    );
    assert.deepEqual(relayed(actOtherTab), []);
    assert.deepEqual(relayed(memberSocket), []);
    for (const s of [actSocket, actOtherTab, memberSocket]) s.ws.close();
  } finally {
    await app.services.live.hub.stop();
    await server.shutdown();
    await app.close();
  }
});
