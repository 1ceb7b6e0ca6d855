/**
 * The booking workflow over HTTP: requests, the negotiation endpoints,
 * cancelling, the timeline, notifications, error statuses and the OpenAPI
 * document. One app (and database) for the whole file.
 */
import assert from "node:assert/strict";
import { openTestApp } from "./support/app.ts";
import { apiCaller, signUp } from "./support/accounts.ts";

const DAY = 24 * 60 * 60 * 1000;

Deno.test("bookings API: request, negotiate, confirm, cancel", async (t) => {
  const app = await openTestApp();
  const call = apiCaller(app);
  try {
    const organizer = await signUp(app, "organizer");
    const artist = await signUp(app, "artist");
    const stranger = await signUp(app, "promoter");
    const created = await call(artist, "POST", "/artists", {
      kind: "solo",
      name: "Kavya Iyer",
      budgetMin: 1_000_000,
      budgetStandard: 3_000_000,
      budgetPremium: 6_000_000,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const actId = created.body.data.act.id;
    const { city_id: cityId } = await app.database.db.selectFrom("cities").select("city_id")
      .where("name", "=", "Bengaluru").orderBy("city_id").executeTakeFirstOrThrow();
    const startsAt = new Date(Date.now() + 45 * DAY).toISOString();
    let bookingId = "";

    await t.step(
      "an organizer sends a request; the act quotes; offers alternate; accept confirms",
      async () => {
        const res = await call(organizer, "POST", "/bookings", {
          actId,
          title: "Carnatic evening",
          startsAt,
          durationMinutes: 120,
          cityId,
          address: "Chowdiah Memorial Hall",
          message: "A two-hour concert",
        });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        assert.match(res.type ?? "", /application\/json/);
        assert.equal(res.body.data.booking.status, "inquiry");
        assert.equal(res.body.data.booking.city.name, "Bengaluru");
        bookingId = res.body.data.booking.id;

        const quote = await call(artist, "POST", `/negotiations/${bookingId}/offer`, { fee: 9_000_000 });
        assert.equal(quote.status, 200, JSON.stringify(quote.body));
        assert.equal(quote.body.data.booking.status, "offered");
        const counter = await call(organizer, "POST", `/negotiations/${bookingId}/offer`, {
          fee: 7_000_000,
          depositBps: 2000,
        });
        assert.equal(counter.status, 200);
        assert.equal(counter.body.data.booking.turn, "act");

        const early = await call(organizer, "POST", `/negotiations/${bookingId}/accept`);
        assert.equal(early.status, 409);
        assert.match(early.type ?? "", /application\/json/);
        assert.equal(early.body.error.code, "CONFLICT");
        assert.equal(early.body.error.message, "It is the act's turn to answer");

        const accepted = await call(artist, "POST", `/negotiations/${bookingId}/accept`);
        assert.equal(accepted.status, 200);
        assert.equal(accepted.body.data.booking.status, "confirmed");
        assert.equal(accepted.body.data.booking.terms.deposit, 1_400_000);

        const thread = await call(artist, "GET", `/negotiations/${bookingId}`);
        assert.equal(thread.status, 200);
        assert.deepEqual(thread.body.data.offers.map((o: { status: string }) => o.status), [
          "countered",
          "accepted",
        ]);
      },
    );

    await t.step("a bad offer answers 422 with the fields named", async () => {
      const other = await call(organizer, "POST", "/bookings", {
        actId,
        title: "Another night",
        startsAt: new Date(Date.now() + 90 * DAY).toISOString(),
        durationMinutes: 60,
        cityId,
      });
      assert.equal(other.status, 201);
      const bad = await call(artist, "POST", `/negotiations/${other.body.data.booking.id}/offer`, {
        fee: -5,
        durationMinutes: 5,
      });
      assert.equal(bad.status, 422);
      assert.match(bad.type ?? "", /application\/json/);
      assert.deepEqual(
        bad.body.error.details.map((d: { field: string }) => d.field).sort(),
        ["durationMinutes", "fee"],
      );
      const declined = await call(artist, "POST", `/negotiations/${other.body.data.booking.id}/decline`);
      assert.equal(declined.status, 200, JSON.stringify(declined.body));
      assert.equal(declined.body.data.booking.status, "cancelled");
    });

    await t.step("strangers get 404, anonymous callers 401", async () => {
      const hidden = await call(stranger, "GET", `/bookings/${bookingId}`);
      assert.equal(hidden.status, 404);
      assert.equal(hidden.body.error.code, "NOT_FOUND");
      assert.equal((await call(stranger, "GET", `/bookings/${bookingId}/timeline`)).status, 404);
      assert.equal((await call(stranger, "POST", `/negotiations/${bookingId}/accept`)).status, 404);
      assert.equal((await call(null, "GET", `/bookings/${bookingId}`)).status, 401);
      assert.equal(
        (await call(artist, "POST", "/bookings", {
          actId,
          title: "Self booking",
          startsAt,
          durationMinutes: 60,
          cityId,
        })).status,
        403,
      );
    });

    await t.step("lists, edits, timeline and cancellation with its split", async () => {
      const list = await call(artist, "GET", "/bookings?status=confirmed");
      assert.equal(list.status, 200);
      assert.deepEqual(list.body.data.map((b: { id: string }) => b.id), [bookingId]);
      assert.equal(list.body.pagination.hasNext, false);
      const paged = await call(organizer, "GET", "/bookings?limit=1");
      assert.equal(paged.body.data.length, 1);
      assert.ok(paged.body.pagination.nextCursor);
      const next = await call(
        organizer,
        "GET",
        `/bookings?limit=1&cursor=${paged.body.pagination.nextCursor}`,
      );
      assert.equal(next.body.data.length, 1);
      assert.notEqual(next.body.data[0].id, paged.body.data[0].id);

      const edit = await call(organizer, "PATCH", `/bookings/${bookingId}`, { title: "Later" });
      assert.equal(edit.status, 409, "confirmed bookings are not edited");

      const noReason = await call(organizer, "DELETE", `/bookings/${bookingId}`, {});
      assert.equal(noReason.status, 422);
      const cancelled = await call(organizer, "DELETE", `/bookings/${bookingId}`, { reason: "Hall closed" });
      assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
      const booking = cancelled.body.data.booking;
      assert.equal(booking.status, "cancelled");
      assert.equal(booking.cancellation.cancelledBy, "organizer");
      assert.equal(booking.cancellation.owedToAct, 0, "45 days' notice under the standard tier");

      const timeline = await call(artist, "GET", `/bookings/${bookingId}/timeline`);
      assert.equal(timeline.status, 200);
      assert.deepEqual(
        timeline.body.data.timeline.map((e: { event: string }) => e.event),
        ["request", "offer", "counter", "accept", "contract_generated", "cancel"],
      );
      assert.equal(timeline.body.data.timeline[5].detail.reason, "Hall closed");
    });

    await t.step("notifications are listed and marked read", async () => {
      const list = await call(artist, "GET", "/me/notifications");
      assert.equal(list.status, 200);
      assert.match(list.type ?? "", /application\/json/);
      const subjects = list.body.data.notifications.map((n: { subject: string }) => n.subject);
      assert.ok(subjects.includes("New booking request"));
      assert.ok(subjects.includes("Booking cancelled"));
      assert.equal(list.body.data.unread, subjects.length);
      const read = await call(artist, "POST", "/me/notifications/read", { ids: "all" });
      assert.equal(read.status, 200);
      assert.equal(read.body.data.marked, subjects.length);
      const unread = await call(artist, "GET", "/me/notifications?unread=true");
      assert.equal(unread.body.data.unread, 0);
      assert.equal((await call(null, "GET", "/me/notifications")).status, 401);
    });

    await t.step("the OpenAPI document lists the booking, negotiation and notification paths", async () => {
      const doc = await call(null, "GET", "/openapi.json");
      assert.equal(doc.status, 200);
      const paths = Object.keys(doc.body.paths);
      for (
        const path of [
          "/bookings",
          "/bookings/{id}",
          "/bookings/{id}/timeline",
          "/negotiations",
          "/negotiations/{id}",
          "/negotiations/{id}/offer",
          "/negotiations/{id}/accept",
          "/negotiations/{id}/decline",
          "/me/notifications",
          "/me/notifications/read",
        ]
      ) assert.ok(paths.includes(path), path);
      assert.deepEqual(Object.keys(doc.body.paths["/bookings/{id}"]).sort(), ["delete", "get", "patch"]);
    });
  } finally {
    await app.close();
  }
});
