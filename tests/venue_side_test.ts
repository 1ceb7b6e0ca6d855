/**
 * The venue side of bookings: whoever manages a venue follows the bookings
 * at it (whoever organized them) on the dashboard, the booking page, the
 * bookings list and the calendar, read-only; the API's reads agree with the
 * pages; a manager of another venue sees none of it.
 */
import assert from "node:assert/strict";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { AppError, Forbidden, NotFound } from "../domain/errors.ts";
import * as bookings from "../services/bookings/bookings.ts";
import * as negotiations from "../services/bookings/negotiations.ts";
import { openTestApp } from "./support/app.ts";
import { apiCaller, signUp } from "./support/accounts.ts";
import { hasPostgres, openTestDatabase } from "./support/db.ts";
import { find, parsePage, textsOf } from "./support/dom.ts";
import { act, booking, offeredBooking, person, venue } from "./support/fixtures.ts";
import { outboxDeps } from "./support/workflow_deps.ts";

const DAY = 86_400_000;
const meta = { ip: "203.0.113.19", userAgent: "venue-side-test" };

async function rejects<E extends AppError>(
  promise: Promise<unknown>,
  type: new (...args: never[]) => E,
  message?: RegExp,
) {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof type, `expected ${type.name}, got ${err}`);
    if (message) assert.match((err as Error).message, message);
    return true;
  });
}

for (const driver of ["pglite", "pg"] as const) {
  Deno.test({
    name: `a venue's manager reads the bookings at their venue and changes none [${driver}]`,
    ignore: driver === "pg" && !hasPostgres,
    async fn() {
      const handle = await openTestDatabase({ driver });
      const db: Kysely<Database> = handle.db;
      const deps = outboxDeps(db);
      try {
        const manager = await person(db, "venue_manager");
        const otherManager = await person(db, "venue_manager");
        const promoter = await person(db, "promoter");
        const artist = await person(db, "artist");
        const { id: actId } = await act(db, artist.userId);
        const club = await venue(db, manager.userId);
        await venue(db, otherManager.userId);

        const request = await bookings.createBooking(deps, promoter, {
          actId,
          title: "Jazz brunch",
          startsAt: new Date(Date.now() + 20 * DAY).toISOString(),
          durationMinutes: 90,
          venueId: club.id,
          offer: { fee: 4_000_000 },
        }, meta);
        const elsewhere = await bookings.createBooking(deps, promoter, {
          actId,
          title: "Not at the club",
          startsAt: new Date(Date.now() + 25 * DAY).toISOString(),
          durationMinutes: 90,
          venueId: (await venue(db, promoter.userId)).id,
        }, meta);

        const seen = await bookings.getBooking(deps, manager, request.id);
        assert.equal(seen.viewer.role, "venue");
        assert.deepEqual(seen.viewer.allowedEvents, []);
        assert.equal(seen.terms.fee, 4_000_000);
        assert.deepEqual(
          (await bookings.getTimeline(deps, manager, request.id)).map((e) => e.event),
          ["request", "offer"],
        );
        assert.equal((await negotiations.getNegotiation(deps, manager, request.id)).offers.length, 1);
        assert.equal((await bookings.bookingPage(deps, manager, request.id)).booking.viewer.role, "venue");

        // Reading is all: every step is refused, and refused as the venue's.
        await rejects(negotiations.acceptOffer(deps, manager, request.id, {}, meta), Forbidden, /venue/);
        await rejects(negotiations.makeOffer(deps, manager, request.id, { fee: 1_000_000 }, meta), Forbidden);
        await rejects(
          bookings.cancelBooking(deps, manager, request.id, { reason: "Not here" }, meta),
          Forbidden,
        );
        await rejects(bookings.updateBooking(deps, manager, request.id, { title: "Ours" }, meta), Forbidden);

        // Another venue's manager, and the club's manager for a booking elsewhere, are strangers.
        await rejects(bookings.getBooking(deps, otherManager, request.id), NotFound);
        await rejects(bookings.getTimeline(deps, otherManager, request.id), NotFound);
        await rejects(bookings.getBooking(deps, manager, elsewhere.id), NotFound);

        const list = await bookings.listBookings(deps, manager, {});
        assert.deepEqual(list.items.map((i) => [i.title, i.role]), [["Jazz brunch", "venue"]]);
        assert.equal((await bookings.listBookings(deps, manager, { as: "venue" })).items.length, 1);
        assert.equal((await bookings.listBookings(deps, manager, { as: "organizer" })).items.length, 0);
        assert.equal((await bookings.listBookings(deps, otherManager, {})).items.length, 0);
        // The promoter's own list is unchanged by the venue's view of it.
        assert.deepEqual(
          (await bookings.listBookings(deps, promoter, {})).items.map((i) => i.role),
          ["organizer", "organizer"],
        );
      } finally {
        await handle.close();
      }
    },
  });
}

Deno.test("the venue side on the pages and the API", async (t) => {
  const app = await openTestApp();
  try {
    const db = app.database.db;
    const manager = await signUp(app, "venue_manager");
    const otherManager = await signUp(app, "venue_manager");
    const promoter = await signUp(app, "promoter");
    const artist = await signUp(app, "artist");
    const { id: actId } = await act(db, artist.id, { name: "Kabir Sufi Ensemble" });
    const club = await venue(db, manager.id, { name: "Blue Frog Lounge" });
    await venue(db, otherManager.id);
    const startsAt = new Date(Date.now() + 30 * DAY);
    const month = new Date(startsAt.getTime() + 330 * 60_000).toISOString().slice(0, 7);
    const show = await booking(db, actId, promoter.id, {
      venue_id: club.id,
      title: "Qawwali at the Frog",
      status: "confirmed",
      starts_at: startsAt,
      fee: 7_500_000,
    });
    await db.insertInto("booking_events").values([
      { booking_id: show.id, party: "organizer", event: "request", to_status: "inquiry", detail: "{}" },
      { booking_id: show.id, party: "act", event: "accept", from_status: "offered", to_status: "confirmed" },
    ]).execute();
    const request = await offeredBooking(db, actId, promoter.id, {
      venue_id: club.id,
      title: "Sufi Sunday",
      starts_at: new Date(startsAt.getTime() + 2 * DAY),
      expiresAt: new Date(Date.now() + 5 * DAY),
    });
    await booking(db, actId, promoter.id, {
      venue_id: club.id,
      title: "Called off",
      status: "cancelled",
      starts_at: new Date(startsAt.getTime() + 4 * DAY),
    });
    const page = async (path: string, who = manager, status = 200) => {
      const res = await app.request(path, { headers: who.headers });
      assert.equal(res.status, status, path);
      assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
      return parsePage(await res.text());
    };

    await t.step("the dashboard lists the shows and requests under 'At your venues'", async () => {
      const doc = await page("/dashboard");
      const side = find(doc, '[data-testid="venue-dashboard"]');
      assert.equal(find(side, "h2").textContent, "At your venues");
      assert.deepEqual(textsOf(side, '[data-testid="venue-upcoming"] li a'), ["Qawwali at the Frog"]);
      assert.match(
        find(side, '[data-testid="venue-upcoming"] li').textContent ?? "",
        /Kabir Sufi Ensemble at Blue Frog Lounge.*Confirmed.*₹75,000/,
      );
      assert.deepEqual(textsOf(side, '[data-testid="venue-requests"] li a'), ["Sufi Sunday"]);
      // A venue manager books acts too, but is not called an organizer.
      const headings = textsOf(doc, "h2");
      assert.ok(!headings.includes("As organizer"), headings.join(" | "));
      assert.ok(headings.includes("Acts you book"), headings.join(" | "));
      assert.doesNotMatch(doc.body.textContent ?? "", /Called off/);
    });

    await t.step(
      "another venue's manager sees only their own; an organizer keeps 'As organizer'",
      async () => {
        const theirs = find(await page("/dashboard", otherManager), '[data-testid="venue-dashboard"]');
        assert.deepEqual(textsOf(theirs, "li"), []);
        assert.match(theirs.textContent ?? "", /No confirmed shows at your venues yet/);
        const organizer = await signUp(app, "organizer");
        const doc = await page("/dashboard", organizer);
        assert.ok(textsOf(doc, "h2").includes("As organizer"));
        assert.ok(doc.querySelector('[data-testid="venue-dashboard"]') === null, "no venue, no venue side");
      },
    );

    await t.step("the booking page shows the terms and timeline, read-only", async () => {
      const doc = await page(`/bookings/${show.id}`);
      assert.equal(find(doc, "h1").textContent, "Qawwali at the Frog");
      assert.match(find(doc, '[data-testid="read-only"]').textContent ?? "", /Blue Frog Lounge/);
      assert.match(find(doc, '[data-testid="terms"]').textContent ?? "", /₹75,000/);
      assert.deepEqual(
        textsOf(doc, '[data-testid="timeline"] > li').map((e) => /The (act|organizer) [a-z ]+/.exec(e)?.[0]),
        ["The organizer sent the booking request", "The act accepted the offer"],
      );
      assert.ok(doc.querySelector('[data-testid="actions"]') === null, "no actions");
      assert.ok(doc.querySelector("form[method=post]") === null, "no form to change the booking");
      const offered = await page(`/bookings/${request.id}`);
      assert.ok(offered.querySelector('[data-testid="actions"]') === null, "no actions on the request");
      await page(`/bookings/${show.id}`, otherManager, 404);
    });

    await t.step("a posted step from the venue is refused, never carried out", async () => {
      const res = await app.request(`/bookings/${request.id}`, {
        method: "POST",
        headers: {
          ...manager.headers,
          Origin: "http://localhost",
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: "intent=cancel&reason=Double+booked+room",
      });
      assert.equal(res.status, 403);
      await res.body?.cancel();
      const row = await db.selectFrom("bookings").select("status").where("id", "=", request.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.status, "offered");
    });

    await t.step("the bookings list and the calendar have them", async () => {
      const list = await page("/bookings");
      const upcoming = find(list, '[data-group="Upcoming"]').textContent ?? "";
      assert.match(upcoming, /Qawwali at the Frog/);
      assert.match(upcoming, /Kabir Sufi Ensemble for .+ at your venue/);
      assert.match(find(list, '[data-group="In negotiation"]').textContent ?? "", /Sufi Sunday/);
      const calendar = await page(`/calendar?month=${month}`);
      assert.equal(
        find(calendar, `[data-testid=entries] a[href="/bookings/${show.id}"]`).textContent,
        show.title,
      );
      assert.equal(
        find(calendar, `[data-testid=entries] a[href="/bookings/${request.id}"]`).textContent,
        request.title,
      );
      assert.doesNotMatch(find(calendar, "[data-testid=entries]").textContent ?? "", /Called off/);
      const theirs = await page(`/calendar?month=${month}`, otherManager);
      assert.doesNotMatch(find(theirs, "[data-testid=entries]").textContent ?? "", /Qawwali/);
    });

    await t.step("the API's reads agree with the page", async () => {
      const call = apiCaller(app);
      const got = await call(manager, "GET", `/bookings/${show.id}`);
      assert.equal(got.status, 200);
      assert.equal(got.body.data.booking.viewer.role, "venue");
      assert.deepEqual(got.body.data.booking.viewer.allowedEvents, []);
      const timeline = await call(manager, "GET", `/bookings/${show.id}/timeline`);
      assert.equal(timeline.status, 200);
      assert.equal((await call(otherManager, "GET", `/bookings/${show.id}`)).status, 404);
      assert.equal((await call(otherManager, "GET", `/bookings/${show.id}/timeline`)).status, 404);
      assert.equal((await call(manager, "POST", `/negotiations/${request.id}/accept`, {})).status, 403);
      const listed = await call(manager, "GET", "/bookings?as=venue");
      assert.deepEqual(
        listed.body.data.map((b: { title: string; role: string }) => [b.title, b.role]),
        [["Qawwali at the Frog", "venue"], ["Sufi Sunday", "venue"], ["Called off", "venue"]],
      );
      const calendar = await call(manager, "GET", `/calendar?month=${month}`);
      assert.equal(calendar.status, 200, JSON.stringify(calendar.body));
      assert.deepEqual(
        calendar.body.data.entries.map((e: { title: string; role: string }) => [e.title, e.role]),
        [["Qawwali at the Frog", "venue"], ["Sufi Sunday", "venue"]],
      );
    });
  } finally {
    await app.close();
  }
});
