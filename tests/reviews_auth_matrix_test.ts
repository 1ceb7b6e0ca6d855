/**
 * Every review endpoint, called by everyone who relates to a completed
 * booking: anonymous -> 401 (public lists: 200); the two parties write and
 * reply; the band's member, the venue's manager, staff and admins read the
 * booking's reviews but do not write them (403); a stranger is told the
 * booking does not exist (404) yet may report a public review; only staff
 * and admins see the moderation queue and hide.
 */
import assert from "node:assert/strict";
import { openTestApp } from "./support/app.ts";
import { bookingCast, type Caller, CAST, completeCastBooking } from "./support/booking_cast.ts";

Deno.test("authorization matrix of the review endpoints", async (t) => {
  const app = await openTestApp();
  try {
    const { people, bookingId } = await bookingCast(app);
    const actId = await completeCastBooking(app, { people, bookingId });
    const missing = crypto.randomUUID();
    let reviewId = missing;

    const request = async (who: Caller, method: string, path: string, body?: unknown) => {
      const headers: Record<string, string> = who === "anonymous" ? {} : { ...people[who].headers };
      if (body !== undefined) headers["Content-Type"] = "application/json";
      return await app.request(`/api/v1${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    };
    const everyone = (status: number): Record<Caller, number> =>
      Object.fromEntries(["anonymous", ...CAST].map((who) => [who, status])) as Record<Caller, number>;
    const signedIn = (status: number) => ({ ...everyone(status), anonymous: 401 });
    const reviewBy = (who: Caller) =>
      who === "organizer"
        ? { overall: 5, punctuality: 5, performance_as_described: 5, professionalism: 4, text: "Superb" }
        : { overall: 4, paid_on_time: 5, hospitality_and_sound: 4, communication: 4, text: "Smooth" };

    // [name, method, path, body, expected per caller]; callers in order, so the organizer reviews first.
    type Row = [string, string, () => string, ((who: Caller) => unknown) | null, Record<Caller, number>];
    const table: Row[] = [
      ["see a booking's reviews", "GET", () => `/bookings/${bookingId}/reviews`, null, {
        ...signedIn(200),
        stranger: 404,
      }],
      ["review", "POST", () => `/bookings/${bookingId}/reviews`, reviewBy, {
        ...signedIn(403),
        organizer: 201,
        act: 201,
        stranger: 404,
      }],
      ["review a missing booking", "POST", () => `/bookings/${missing}/reviews`, reviewBy, signedIn(404)],
      ["reply", "POST", () => `/reviews/${reviewId}/reply`, () => ({ reply: "Thank you" }), {
        ...signedIn(403),
        act: 200,
      }],
      ["reply to a missing review", "POST", () => `/reviews/${missing}/reply`, () => ({ reply: "Hi" }), {
        ...signedIn(404),
      }],
      ["report", "POST", () => `/reviews/${reviewId}/report`, () => ({ reason: "Not true" }), signedIn(201)],
      ["report a missing review", "POST", () => `/reviews/${missing}/report`, () => ({ reason: "x" }), {
        ...signedIn(404),
      }],
      ["see the moderation queue", "GET", () => "/reviews/reported", null, {
        ...signedIn(403),
        staff: 200,
        admin: 200,
      }],
      // Staff hide it first; the admin then finds it hidden already.
      ["hide", "POST", () => `/reviews/${reviewId}/hide`, () => ({ reason: "Off topic" }), {
        ...signedIn(403),
        staff: 200,
        admin: 409,
      }],
      ["hide a missing review", "POST", () => `/reviews/${missing}/hide`, () => ({ reason: "x" }), {
        ...signedIn(403),
        staff: 404,
        admin: 404,
      }],
      ["an act's reviews", "GET", () => `/artists/${actId}/reviews`, null, everyone(200)],
      ["a missing act's reviews", "GET", () => `/artists/${missing}/reviews`, null, everyone(404)],
      ["an organizer's reviews", "GET", () => `/users/${people.organizer.id}/reviews`, null, everyone(200)],
      ["a missing organizer's reviews", "GET", () => `/users/${missing}/reviews`, null, everyone(404)],
    ];

    for (const [name, method, path, body, expected] of table) {
      await t.step(`${method} ${name}`, async () => {
        for (const who of ["anonymous", ...CAST] as Caller[]) {
          const res = await request(who, method, path(), body?.(who));
          const text = await res.text();
          assert.equal(res.status, expected[who], `${who}: ${text.slice(0, 300)}`);
          const envelope = JSON.parse(text);
          assert.equal(typeof envelope.success, "boolean");
          if (name === "review" && who === "organizer") reviewId = envelope.data.review.id;
        }
      });
    }
    assert.notEqual(reviewId, missing);
    // Hidden: the act's public list no longer has it, though both reviews were in.
    const res = await request("anonymous", "GET", `/artists/${actId}/reviews`);
    assert.equal((await res.json()).data.summary.count, 0);
    const own = await request("organizer", "GET", `/bookings/${bookingId}/reviews`);
    assert.equal(
      (await own.json()).data.state.reviews.find((r: { id: string }) => r.id === reviewId).text,
      "Superb",
    );
  } finally {
    await app.close();
  }
});
