/**
 * Every call endpoint, called by everyone who relates to a booking in some
 * way: anonymous -> 401; the booking's people (its organizer, the band's
 * manager and accepted member) -> the answer; a venue's manager, a stranger,
 * staff and admins -> 404, as for the conversation's messages. The webhook
 * takes no sign-in: only LiveKit's signature admits, so everyone else gets 401.
 */
import assert from "node:assert/strict";
import { openTestApp } from "./support/app.ts";
import { bookingCast, type Caller, CAST } from "./support/booking_cast.ts";
import { startLiveKitStandIn } from "./support/livekit_server.ts";

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
