/**
 * Calls through LiveKit, against a stand-in of LiveKit's server API that the
 * real SDK talks to (tests/support/livekit_server.ts): rooms created with the
 * right limits, join tokens checked with the SDK's own verifier, webhooks
 * signed as livekit-server signs them, and the booking's timeline. No media
 * flows here: that needs a real SFU.
 */
import assert from "node:assert/strict";
import { RoomServiceClient, TokenVerifier } from "livekit-server-sdk";
import { ConfigError, loadConfig } from "../config/env.ts";
import { eventsOfCall, findCall } from "../db/queries/calls.ts";
import { timelineOfBooking } from "../db/queries/booking_events.ts";
import { openConversation } from "../services/messages/conversations.ts";
import { openTestApp, type TestApp } from "./support/app.ts";
import { type SignedIn, signUp } from "./support/accounts.ts";
import { band, booking } from "./support/fixtures.ts";
import { startLiveKitStandIn, TEST_LIVEKIT } from "./support/livekit_server.ts";

async function api(app: TestApp, who: SignedIn | null, path: string, body: unknown) {
  const res = await app.request(`/api/v1${path}`, {
    method: "POST",
    headers: { ...(who?.headers ?? {}), "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const envelope = await res.json();
  return { status: res.status, data: envelope.success ? envelope.data : envelope.error };
}

async function deliver(app: TestApp, webhook: { body: string; headers: Record<string, string> }) {
  const res = await app.request("/api/v1/livekit/webhooks", {
    method: "POST",
    headers: webhook.headers,
    body: webhook.body,
  });
  const envelope = await res.json();
  return { status: res.status, data: envelope.success ? envelope.data : envelope.error };
}

async function bookingWithConversation(app: TestApp) {
  const db = app.database.db;
  const organizer = await signUp(app, "organizer");
  const act = await signUp(app, "band_manager");
  const member = await signUp(app, "artist");
  const stranger = await signUp(app, "organizer");
  const { id: actId } = await band(db, act.id);
  await db.insertInto("band_members").values({
    act_id: actId,
    user_id: member.id,
    status: "accepted",
    responded_at: new Date(),
  }).execute();
  const { id: bookingId } = await booking(db, actId, organizer.id, { status: "confirmed" });
  const { conversation } = await openConversation(
    db,
    { userId: organizer.id, roles: ["organizer"], sessionId: crypto.randomUUID() },
    { bookingId },
  );
  return { organizer, act, member, stranger, bookingId, conversationId: conversation.id };
}

Deno.test("a LiveKit call: its room, its tokens, its webhooks and the booking's timeline", async (t) => {
  const livekit = startLiveKitStandIn();
  const app = await openTestApp(livekit.env);
  const db = app.database.db;
  try {
    const { organizer, act, member, stranger, bookingId, conversationId } = await bookingWithConversation(
      app,
    );
    let callId = "";
    let roomName = "";

    await t.step("starting a call creates its room on LiveKit with the conversation's size", async () => {
      const started = await api(app, organizer, "/livekit/room", { conversationId });
      assert.equal(started.status, 201, JSON.stringify(started.data));
      callId = started.data.call.id;
      roomName = started.data.room.name;
      assert.match(roomName, /^[A-Za-z0-9_-]{43}$/);
      assert.ok(!roomName.includes(bookingId) && !roomName.includes(conversationId));
      assert.deepEqual(started.data.call.status, "live");
      assert.equal(started.data.created, true, "the one who started it makes the call's media key");
      assert.equal(livekit.createRoomRequests.length, 1);
      const [asked] = livekit.createRoomRequests;
      assert.deepEqual(
        { name: asked.name, emptyTimeout: asked.emptyTimeout, maxParticipants: asked.maxParticipants },
        { name: roomName, emptyTimeout: 300, maxParticipants: 3 },
      );
      // Another participant starting finds the live call; LiveKit is asked again and returns the same room.
      const again = await api(app, act, "/livekit/room", { conversationId });
      assert.equal(again.status, 200);
      assert.equal(again.data.call.id, callId);
      assert.equal(again.data.created, false, "the others ask for the key");
      assert.equal(again.data.room.name, roomName);
      assert.equal(livekit.rooms.size, 1);
      assert.deepEqual(livekit.refused, []);
    });

    await t.step(
      "a participant's token admits them to that room with camera and microphone only",
      async () => {
        const before = Math.floor(Date.now() / 1000);
        const res = await api(app, member, "/livekit/token", { callId });
        assert.equal(res.status, 200, JSON.stringify(res.data));
        assert.equal(res.data.url, livekit.url);
        const claims = await new TokenVerifier(TEST_LIVEKIT.apiKey, TEST_LIVEKIT.apiSecret)
          .verify(res.data.token) as Record<string, any>;
        assert.equal(claims.sub, member.id);
        assert.equal(claims.iss, TEST_LIVEKIT.apiKey);
        const user = await db.selectFrom("users").select("display_name").where("id", "=", member.id)
          .executeTakeFirstOrThrow();
        assert.equal(claims.name, user.display_name);
        assert.deepEqual(claims.video, {
          roomJoin: true,
          room: roomName,
          canPublish: true,
          canPublishSources: ["camera", "microphone"],
          canSubscribe: true,
          canPublishData: true,
        });
        assert.deepEqual(Object.keys(claims).sort(), ["exp", "iss", "name", "nbf", "sub", "video"]);
        assert.ok(
          claims.exp > before && claims.exp <= before + 5 * 60 + 2,
          `exp ${claims.exp - before}s away`,
        );
        await assert.rejects(new TokenVerifier(TEST_LIVEKIT.apiKey, "another-secret-entirely-000000").verify(
          res.data.token,
        ));
      },
    );

    await t.step(
      "someone outside the conversation is told neither the call nor the conversation exists",
      async () => {
        assert.equal((await api(app, stranger, "/livekit/token", { callId })).status, 404);
        assert.equal((await api(app, stranger, "/livekit/room", { conversationId })).status, 404);
        assert.equal((await api(app, null, "/livekit/token", { callId })).status, 401);
        assert.equal(livekit.createRoomRequests.length, 2);
      },
    );

    await t.step(
      "the stand-in holds LiveKit's line: a wrong secret or a missing grant is refused",
      async () => {
        const wrong = new RoomServiceClient(
          livekit.url,
          TEST_LIVEKIT.apiKey,
          "not-the-secret-at-all-00000000",
        );
        await assert.rejects(wrong.createRoom({ name: "x" }), (err: any) => err.status === 401);
        const listing = new RoomServiceClient(livekit.url, TEST_LIVEKIT.apiKey, TEST_LIVEKIT.apiSecret);
        // DeleteRoom is authorised with roomCreate too; ListRooms with roomList, which CreateRoom refuses.
        const noGrant = await fetch(`${livekit.url}/twirp/livekit.RoomService/CreateRoom`, {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            ...await (listing as any).authHeader({ roomList: true }),
          },
          body: JSON.stringify({ name: "y" }),
        });
        assert.equal(noGrant.status, 403);
        await noGrant.body?.cancel();
        assert.equal(livekit.refused.length, 2);
      },
    );

    await t.step(
      "signed webhooks are recorded once; tampered, forged, replayed and stale ones refused",
      async () => {
        const joined = await livekit.webhook({
          event: "participant_joined",
          room: roomName,
          identity: act.id,
        });
        assert.deepEqual(await deliver(app, joined), { status: 200, data: { outcome: "recorded" } });
        // The same event again (LiveKit retries on a lost answer): its id is known.
        assert.deepEqual(await deliver(app, joined), { status: 200, data: { outcome: "duplicate" } });

        const other = await livekit.webhook({
          event: "participant_joined",
          room: roomName,
          identity: member.id,
        });
        const tampered = { ...other, body: other.body.replace(member.id, organizer.id) };
        assert.equal((await deliver(app, tampered)).status, 401);
        const forged = await livekit.webhook({
          event: "participant_joined",
          room: roomName,
          identity: member.id,
        }, {
          secret: "someone-else-secret-0000000000000",
        });
        assert.equal((await deliver(app, forged)).status, 401);
        const unsigned = { ...other, headers: { "Content-Type": "application/webhook+json" } };
        assert.equal((await deliver(app, unsigned)).status, 401);
        const stale = await livekit.webhook({
          event: "participant_joined",
          room: roomName,
          identity: member.id,
          createdAt: new Date(Date.now() - 10 * 60 * 1000),
        });
        const staleAnswer = await deliver(app, stale);
        assert.equal(staleAnswer.status, 401);
        assert.equal(staleAnswer.data.code, "UNAUTHORIZED");

        const events = await eventsOfCall(db, callId);
        assert.deepEqual(events.map((e) => [e.kind, e.user_id]), [["joined", act.id]]);
        const left = await livekit.webhook({ event: "participant_left", room: roomName, identity: act.id });
        assert.equal((await deliver(app, left)).data.outcome, "recorded");
        // Someone our tokens never named is not recorded.
        const intruder = await livekit.webhook({
          event: "participant_joined",
          room: roomName,
          identity: stranger.id,
        });
        assert.equal((await deliver(app, intruder)).data.outcome, "ignored");
        assert.equal((await eventsOfCall(db, callId)).length, 2);
      },
    );

    await t.step("the room's end ends the call, and the booking's timeline shows it", async () => {
      const finished = await livekit.webhook({ event: "room_finished", room: roomName });
      assert.equal((await deliver(app, finished)).data.outcome, "recorded");
      const call = await findCall(db, callId);
      assert.equal(call?.status, "ended");
      assert.ok(call?.ended_at);
      const timeline = (await timelineOfBooking(db, bookingId)).filter((e) => e.event.startsWith("call_"));
      assert.deepEqual(timeline.map((e) => [e.event, e.actor_id, e.party]), [
        ["call_started", organizer.id, "organizer"],
        ["call_joined", act.id, "act"],
        ["call_left", act.id, "act"],
        ["call_ended", null, "system"],
      ]);
      const ended = timeline[3].detail as { callId: string; durationSeconds: number };
      assert.equal(ended.callId, callId);
      assert.equal(typeof ended.durationSeconds, "number");
      assert.ok(ended.durationSeconds >= 0 && ended.durationSeconds < 120);
      // The page shows it in words.
      const page = await app.request(`/bookings/${bookingId}`, { headers: organizer.headers });
      const html = await page.text();
      assert.match(html, /started a call/);

      assert.equal((await api(app, act, "/livekit/token", { callId })).status, 409);
      const next = await api(app, act, "/livekit/room", { conversationId });
      assert.equal(next.status, 201);
      assert.notEqual(next.data.call.id, callId);
      assert.notEqual(next.data.room.name, roomName);
    });
  } finally {
    await app.close();
    await livekit.close();
  }
});

Deno.test("without LiveKit the call routes say it is not configured", async () => {
  const app = await openTestApp();
  try {
    const { organizer, conversationId } = await bookingWithConversation(app);
    const started = await api(app, organizer, "/livekit/room", { conversationId });
    assert.equal(started.status, 503);
    assert.equal(started.data.code, "SERVICE_UNAVAILABLE");
    assert.match(started.data.message, /not configured.*LIVEKIT_URL/);
    const webhook = await app.request("/api/v1/livekit/webhooks", { method: "POST", body: "{}" });
    assert.equal(webhook.status, 503);
    await webhook.body?.cancel();
  } finally {
    await app.close();
  }
});

Deno.test("LiveKit's configuration is all three settings or none", async () => {
  const base = { APP_ENV: "test", DATA_DIR: await Deno.makeTempDir() };
  await assert.rejects(loadConfig({ ...base, LIVEKIT_URL: "wss://lk.example.in" }), ConfigError);
  await assert.rejects(loadConfig({ ...base, LIVEKIT_MEET_URL: "wss://meet.example.in" }), ConfigError);
  assert.equal((await loadConfig(base)).livekit, null);
  const on = await loadConfig({
    ...base,
    LIVEKIT_URL: "wss://lk.example.in",
    LIVEKIT_API_KEY: "k",
    LIVEKIT_API_SECRET: "s",
    LIVEKIT_CHAT_URL: "wss://chat.example.in",
  });
  assert.deepEqual(on.livekit?.urls, {
    main: "wss://lk.example.in",
    meet: "wss://lk.example.in",
    chat: "wss://chat.example.in",
  });
});

Deno.test("pages may connect to the configured LiveKit servers, and to nowhere else", async () => {
  const connectSrc = async (env: Record<string, string>) => {
    const app = await openTestApp(env);
    try {
      const res = await app.request("/login");
      await res.body?.cancel();
      const csp = res.headers.get("Content-Security-Policy")!;
      return csp.split("; ").find((d) => d.startsWith("connect-src"));
    } finally {
      await app.close();
    }
  };
  assert.equal(await connectSrc({}), "connect-src 'self'");
  assert.equal(
    await connectSrc({
      LIVEKIT_URL: "wss://calls.example.in",
      LIVEKIT_API_KEY: TEST_LIVEKIT.apiKey,
      LIVEKIT_API_SECRET: TEST_LIVEKIT.apiSecret,
      LIVEKIT_MEET_URL: "https://meet.example.in",
    }),
    "connect-src 'self' wss://calls.example.in https://calls.example.in wss://meet.example.in https://meet.example.in",
  );
});
