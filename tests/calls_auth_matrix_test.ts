/**
 * Every call endpoint, LiveKit's and peer to peer, called by everyone who
 * relates to a booking in some way: anonymous -> 401; the booking's people
 * (its organizer, the band's manager and accepted member) -> the answer; a
 * venue's manager, a stranger, staff and admins -> 404, as for the
 * conversation's messages. The webhook
 * takes no sign-in: only LiveKit's signature admits, so everyone else gets 401.
 */
import assert from "node:assert/strict";
import { openTestApp } from "./support/app.ts";
import { bookingCast, type Caller, CAST } from "./support/booking_cast.ts";
import { startLiveKitStandIn } from "./support/livekit_server.ts";
import { withKeys } from "./support/messages.ts";
import { sealMessage } from "../lib/e2ee/envelope.ts";
import { publicOf } from "../lib/e2ee/keys.ts";

Deno.test("authorization matrix of the call endpoints", async (t) => {
  const livekit = startLiveKitStandIn();
  const app = await openTestApp(livekit.env);
  try {
    const { people, conversationId } = await bookingCast(app);
    const missing = crypto.randomUUID();
    let callId = missing;

    const call = async (who: Caller, path: string, body: unknown) => {
      const headers: Record<string, string> = who === "anonymous" ? {} : { ...people[who].headers };
      headers["Content-Type"] = "application/json";
      return await app.request(`/api/v1${path}`, { method: "POST", headers, body: JSON.stringify(body) });
    };
    const outsiders = { anonymous: 401, venue: 404, stranger: 404, staff: 404, admin: 404 };
    const signedIn = (status: number) => ({
      organizer: status,
      act: status,
      member: status,
      venue: status,
      stranger: status,
      staff: status,
      admin: status,
    });

    // [name, path, body, expected status per caller]; callers in order, so the first start makes the call.
    type Row = [string, string, () => unknown, Record<Caller, number>];
    const table: Row[] = [
      ["start a call", "/livekit/room", () => ({ conversationId }), {
        ...outsiders,
        organizer: 201,
        act: 200,
        member: 200,
      }],
      ["start a call in a missing conversation", "/livekit/room", () => ({ conversationId: missing }), {
        anonymous: 401,
        ...signedIn(404),
      }],
      ["get a join token", "/livekit/token", () => ({ callId }), {
        ...outsiders,
        organizer: 200,
        act: 200,
        member: 200,
      }],
      ["get a token for a missing call", "/livekit/token", () => ({ callId: missing }), {
        anonymous: 401,
        ...signedIn(404),
      }],
      // A sign-in is no signature: the Authorization LiveKit's receiver reads is the caller's own token.
      ["deliver a webhook", "/livekit/webhooks", () => ({ event: "room_finished", id: "EV_x" }), {
        anonymous: 401,
        ...signedIn(401),
      }],
    ];

    for (const [name, path, body, expected] of table) {
      await t.step(`POST ${name}`, async () => {
        for (const who of ["anonymous", ...CAST] as Caller[]) {
          const res = await call(who, path, body());
          const text = await res.text();
          assert.equal(res.status, expected[who], `${who}: ${text.slice(0, 300)}`);
          const envelope = JSON.parse(text);
          assert.equal(typeof envelope.success, "boolean");
          if (path === "/livekit/room" && res.status < 300) callId = envelope.data.call.id;
        }
      });
    }
    assert.notEqual(callId, missing);
    assert.equal(livekit.createRoomRequests.length, 3);
  } finally {
    await app.close();
    await livekit.close();
  }
});

Deno.test("authorization matrix of the peer-to-peer call endpoints", async (t) => {
  const app = await openTestApp();
  try {
    const { people, actor, conversationId } = await bookingCast(app);
    const keyed = {
      organizer: await withKeys(app.services.messages, actor("organizer")),
      act: await withKeys(app.services.messages, actor("act")),
      member: await withKeys(app.services.messages, actor("member")),
    };
    // Outsiders name a device of their own too: they are refused before it is looked at.
    const deviceOf = (who: Caller) =>
      who in keyed ? keyed[who as keyof typeof keyed].devices[0].id : crypto.randomUUID();
    /** A signal from `who`'s device to the organizer's (or, from the organizer, to the act's). */
    const signalFrom = (who: Caller) => {
      const from = keyed[who as keyof typeof keyed] ?? keyed.organizer;
      const to = who === "organizer" ? keyed.act : keyed.organizer;
      return sealMessage(
        { userId: from.actor.userId, device: from.devices[0] },
        {
          conversationId,
          clientId: crypto.randomUUID(),
          recipients: [{ id: to.devices[0].id, boxKey: publicOf(to.devices[0]).boxKey }],
        },
        { text: JSON.stringify({ callId, type: "candidate" }), attachments: [] },
      );
    };
    const missing = crypto.randomUUID();
    let callId = missing;

    const request = async (who: Caller, method: string, path: string, body?: unknown) => {
      const headers: Record<string, string> = who === "anonymous" ? {} : { ...people[who].headers };
      if (body !== undefined) headers["Content-Type"] = "application/json";
      return await app.request(`/api/v1${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    };
    const outsiders = { anonymous: 401, venue: 404, stranger: 404, staff: 404, admin: 404 };
    const people3 = (organizer: number, act: number, member: number) => ({
      ...outsiders,
      organizer,
      act,
      member,
    });
    const everyone = (status: number) => ({
      ...outsiders,
      ...people3(status, status, status),
      anonymous: 401,
    });

    // [name, method, path, body, expected per caller]; callers in order, so the organizer's start rings first.
    type Row = [string, string, () => string, ((who: Caller) => unknown) | null, Record<Caller, number>];
    const table: Row[] = [
      [
        "start",
        "POST",
        () => "/calls",
        (who) => ({ conversationId, deviceId: deviceOf(who) }),
        people3(201, 200, 200),
      ],
      ["start in a missing conversation", "POST", () => "/calls", (who) => ({
        conversationId: missing,
        deviceId: deviceOf(who),
      }), everyone(404)],
      ["see", "GET", () => `/calls/${callId}`, null, people3(200, 200, 200)],
      ["see a missing call", "GET", () => `/calls/${missing}`, null, everyone(404)],
      // The organizer is in it from this device already; the act answers; the member is too late.
      [
        "answer",
        "POST",
        () => `/calls/${callId}/join`,
        (who) => ({ deviceId: deviceOf(who) }),
        people3(200, 200, 409),
      ],
      [
        "answer a missing call",
        "POST",
        () => `/calls/${missing}/join`,
        (who) => ({ deviceId: deviceOf(who) }),
        everyone(404),
      ],
      ["still here", "POST", () => `/calls/${callId}/alive`, null, people3(204, 204, 204)],
      ["send a signal", "POST", () => `/calls/${callId}/signals`, signalFrom, people3(201, 201, 201)],
      [
        "send a signal to a missing call",
        "POST",
        () => `/calls/${missing}/signals`,
        signalFrom,
        everyone(404),
      ],
      [
        "catch up on signals",
        "GET",
        () => `/calls/${callId}/signals?device=${keyed.act.devices[0].id}`,
        null,
        {
          ...outsiders,
          organizer: 422,
          act: 200,
          member: 422,
        },
      ],
      ["hang up", "POST", () => `/calls/${callId}/leave`, null, people3(200, 200, 200)],
      ["hang up a missing call", "POST", () => `/calls/${missing}/leave`, null, everyone(404)],
    ];

    for (const [name, method, path, body, expected] of table) {
      await t.step(`${method} ${name}`, async () => {
        for (const who of ["anonymous", ...CAST] as Caller[]) {
          const res = await request(
            who,
            method,
            path(),
            body ? body(who) : method === "POST" ? {} : undefined,
          );
          const text = await res.text();
          assert.equal(res.status, expected[who], `${who}: ${text.slice(0, 300)}`);
          if (res.status === 204) continue;
          const envelope = JSON.parse(text);
          assert.equal(typeof envelope.success, "boolean");
          if (name === "start" && res.status === 201) callId = envelope.data.call.id;
        }
      });
    }
    assert.notEqual(callId, missing);
  } finally {
    await app.close();
  }
});
