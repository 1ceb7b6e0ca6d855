/**
 * Every messages endpoint, called by everyone who relates to a booking in
 * some way: anonymous -> 401; the booking's people (its organizer, the band's
 * manager and accepted member) -> the answer; a venue's manager, a stranger,
 * staff and admins -> 404, because messages are the parties' own and end to
 * end encrypted (admins see only what a party discloses). Public keys are for
 * anyone signed in; a key backup is its owner's alone.
 */
import assert from "node:assert/strict";
import { signDeviceList } from "../lib/e2ee/device_list.ts";
import { sealAttachment } from "../lib/e2ee/envelope.ts";
import { newKeySet, publicOf } from "../lib/e2ee/keys.ts";
import { sealIdentity } from "../lib/e2ee/recovery.ts";
import { openTestApp } from "./support/app.ts";
import { bookingCast, type Caller, CAST, type CastMember } from "./support/booking_cast.ts";
import { type KeyedUser, readWith, sealFor, send, withKeys } from "./support/messages.ts";

Deno.test("authorization matrix of the messages endpoints", async (t) => {
  const app = await openTestApp();
  const deps = app.services.messages;
  try {
    const { people, actor, bookingId, conversationId } = await bookingCast(app);
    const keyed = {} as Record<CastMember, KeyedUser>;
    for (const who of CAST) keyed[who] = await withKeys(deps, actor(who));
    const first = await send(deps, keyed.organizer, conversationId, "Matrix hello");
    const opened = readWith(keyed.act.devices[0], first);
    const upload = await app.request(`/api/v1/messages/attachments?conversationId=${conversationId}`, {
      method: "POST",
      headers: { ...people.organizer.headers, "Content-Type": "application/octet-stream" },
      body: sealAttachment(new TextEncoder().encode("rider")).sealed as Uint8Array<ArrayBuffer>,
    });
    assert.equal(upload.status, 201, await upload.clone().text());
    const attachmentId: string = (await upload.json()).data.id;
    const missing = crypto.randomUUID();

    const call = async (who: Caller, method: string, path: string, body?: unknown, raw?: Uint8Array) => {
      const headers: Record<string, string> = who === "anonymous" ? {} : { ...people[who].headers };
      if (raw) headers["Content-Type"] = "application/octet-stream";
      else if (body !== undefined) headers["Content-Type"] = "application/json";
      const res = await app.request(`/api/v1${path}`, {
        method,
        headers,
        body: raw ? raw as Uint8Array<ArrayBuffer> : body === undefined ? undefined : JSON.stringify(body),
      });
      return res;
    };
    const party = (status: number) => ({ organizer: status, act: status, member: status });
    const outsiders = { anonymous: 401, venue: 404, stranger: 404, staff: 404, admin: 404 };
    const signedIn = (status: number) => ({
      ...party(status),
      venue: status,
      stranger: status,
      staff: status,
      admin: status,
    });

    // [name, method, path per caller, body per caller, expected status per caller]
    type Row = [
      string,
      string,
      (who: Caller) => string,
      ((who: Caller) => unknown) | null,
      Record<Caller, number>,
      Uint8Array?,
    ];
    const table: Row[] = [
      ["publish someone else's keys", "PUT", () => `/users/${people.organizer.id}/public-key`, () => ({
        identity: publicOf(newKeySet(crypto.randomUUID())),
        deviceList: { document: "{}", signature: "A".repeat(86) },
      }), {
        anonymous: 401,
        organizer: 422,
        act: 404,
        member: 404,
        venue: 404,
        stranger: 404,
        staff: 404,
        admin: 404,
      }],
      ["read public keys", "GET", () => `/users/${people.organizer.id}/public-key`, null, {
        anonymous: 401,
        ...signedIn(200),
      }],
      ["read public keys of nobody", "GET", () => `/users/${missing}/public-key`, null, {
        anonymous: 401,
        ...signedIn(404),
      }],
      ["read a key backup", "GET", () => `/users/${people.organizer.id}/key-backup`, null, {
        anonymous: 401,
        organizer: 200,
        act: 404,
        member: 404,
        venue: 404,
        stranger: 404,
        staff: 404,
        admin: 404,
      }],
      ["list conversations", "GET", () => "/messages", null, { anonymous: 401, ...signedIn(200) }],
      [
        "open the booking's conversation",
        "POST",
        () => "/messages/conversations",
        () => ({ bookingId }),
        {
          ...outsiders,
          ...party(200),
        },
      ],
      [
        "open a missing booking's",
        "POST",
        () => "/messages/conversations",
        () => ({ bookingId: missing }),
        {
          anonymous: 401,
          ...signedIn(404),
        },
      ],
      ["read the conversation", "GET", () => `/messages/${conversationId}`, null, {
        ...outsiders,
        ...party(200),
      }],
      ["read a missing conversation", "GET", () => `/messages/${missing}`, null, {
        anonymous: 401,
        ...signedIn(404),
      }],
      [
        "send",
        "POST",
        () => "/messages",
        async (who) => {
          // Outsiders cannot even fetch the keys to seal with; they send the organizer's envelope.
          const sender = who === "organizer" || who === "act" || who === "member"
            ? keyed[who]
            : keyed.organizer;
          return await sealFor(deps, sender, conversationId, "hello");
        },
        {
          ...outsiders,
          ...party(201),
        },
      ],
      ["mark read", "PUT", () => `/messages/${first.id}/read`, null, { ...outsiders, ...party(200) }],
      // Anyone signed in may listen: the hub sends each person only their own conversations' events.
      // No Upgrade header here, so the socket's route stops at 426 once the caller is known.
      ["open the live socket", "GET", () => `/messages/live?device=${missing}`, null, {
        anonymous: 401,
        ...signedIn(426),
      }],
      ["stream live events", "GET", () => `/messages/events?device=${missing}`, null, {
        anonymous: 401,
        ...signedIn(200),
      }],
      [
        "upload an attachment",
        "POST",
        () => `/messages/attachments?conversationId=${conversationId}`,
        null,
        {
          ...outsiders,
          ...party(201),
        },
        sealAttachment(new TextEncoder().encode("photo")).sealed,
      ],
      ["download an attachment", "GET", () => `/messages/attachments/${attachmentId}`, null, {
        ...outsiders,
        ...party(200),
      }],
      ["disclose", "POST", () => `/messages/${conversationId}/disclosures`, () => ({
        messages: [{ messageId: first.id, content: opened.contentText, frankingKey: opened.frankingKey }],
      }), { ...outsiders, ...party(200) }],
      // Last: it gives everyone new keys, which the rows above were sealed with.
      [
        "publish your own keys",
        "PUT",
        (who) => `/users/${who === "anonymous" ? missing : people[who].id}/public-key`,
        (who) => {
          const identity = newKeySet(crypto.randomUUID());
          return {
            identity: publicOf(identity),
            backup: sealIdentity(identity, crypto.getRandomValues(new Uint8Array(20)), {
              n: 2 ** 14,
              r: 8,
              p: 1,
            }),
            deviceList: signDeviceList(identity, {
              userId: who === "anonymous" ? missing : people[who].id,
              version: 1,
              devices: [publicOf(newKeySet(crypto.randomUUID()))],
            }),
          };
        },
        { anonymous: 401, ...signedIn(200) },
      ],
    ];

    for (const [name, method, path, body, expected, raw] of table) {
      await t.step(`${method} ${name}`, async () => {
        for (const who of ["anonymous", ...CAST] as Caller[]) {
          const res = await call(who, method, path(who), body ? await body(who) : undefined, raw);
          if (res.headers.get("content-type") === "text/event-stream") {
            // It stays open: its status is the answer.
            assert.equal(res.status, expected[who], who);
            await res.body?.cancel();
            continue;
          }
          const text = await res.text();
          assert.equal(res.status, expected[who], `${who}: ${text.slice(0, 300)}`);
          if (res.headers.get("content-type")?.includes("json")) {
            assert.equal(typeof JSON.parse(text).success, "boolean");
          }
        }
      });
    }
  } finally {
    await app.close();
  }
});
