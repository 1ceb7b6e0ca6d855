/**
 * A venue's public page, and GET /api/v1/venues/:id/events, list its next
 * confirmed shows, and nothing still under negotiation.
 */
import assert from "node:assert/strict";
import { openTestApp } from "./support/app.ts";
import { apiCaller } from "./support/accounts.ts";
import { parsePage, textsOf } from "./support/dom.ts";
import { band, booking, person, venue } from "./support/fixtures.ts";

const DAY = 86_400_000;

Deno.test("a venue page lists upcoming confirmed shows only", async () => {
  const app = await openTestApp();
  try {
    const db = app.database.db;
    const owner = await person(db);
    const club = await venue(db, owner.userId, {
      name: "The Piano Man Jazz Club",
      slug: "the-piano-man-jazz-club",
      capacity: 120,
    });
    const choir = await band(db, owner.userId, {
      name: "Shillong Chamber <Choir>",
      slug: "shillong-chamber-choir",
    });
    const show = (title: string, status: "confirmed" | "negotiating" | "scheduled", days: number) =>
      booking(db, choir.id, owner.userId, {
        venue_id: club.id,
        title,
        status,
        starts_at: new Date(Date.now() + days * DAY),
        duration_minutes: 120,
      });
    await show("Christmas carols", "confirmed", 30);
    await show("New Year's Eve", "scheduled", 40);
    await show("Valentine's night", "negotiating", 80);
    await show("Last season", "confirmed", -30);

    const res = await app.request("/venues/the-piano-man-jazz-club");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
    const html = await res.text();
    const list = html.split('data-testid="upcoming-shows"')[1]?.split("</ul>")[0] ?? "";
    // Each show's first line is its title.
    assert.deepEqual(textsOf(parsePage(html), '[data-testid="upcoming-shows"] > li > p:first-child'), [
      "Christmas carols",
      "New Year's Eve",
    ]);
    assert.match(list, /href="\/bands\/shillong-chamber-choir"[^>]*>Shillong Chamber &lt;Choir><\/a>/);
  } finally {
    await app.close();
  }
});

Deno.test("GET /venues/:id/events pages through the upcoming public shows", async () => {
  const app = await openTestApp();
  try {
    const db = app.database.db;
    const owner = await person(db);
    const club = await venue(db, owner.userId, { name: "Blue Frog Lounge", slug: "blue-frog-lounge" });
    const { id: actId } = await band(db, owner.userId, { name: "Indian Ocean", slug: "indian-ocean" });
    const show = (
      title: string,
      status: "confirmed" | "paid_deposit" | "scheduled" | "offered" | "cancelled",
      days: number,
    ) =>
      booking(db, actId, owner.userId, {
        venue_id: club.id,
        title,
        status,
        starts_at: new Date(Date.now() + days * DAY),
        fee: 9_900_000,
        message: "Private terms",
      });
    await show("Kandisa live", "scheduled", 40);
    await show("Monsoon set", "confirmed", 10);
    await show("Desert rain", "paid_deposit", 20);
    await show("Still talking", "offered", 15);
    await show("Called off", "cancelled", 25);
    await show("Last year", "confirmed", -30);
    const call = apiCaller(app);

    const first = await call(null, "GET", `/venues/${club.id}/events?pageSize=2`);
    assert.equal(first.status, 200);
    assert.equal(first.type, "application/json");
    assert.deepEqual(first.body.data.map((e: { title: string }) => e.title), ["Monsoon set", "Desert rain"]);
    assert.deepEqual(Object.keys(first.body.data[0]).sort(), ["act", "startsAt", "title"]);
    assert.deepEqual(first.body.data[0].act, { name: "Indian Ocean", slug: "indian-ocean", kind: "band" });
    assert.deepEqual(first.body.pagination, {
      page: 1,
      pageSize: 2,
      totalItems: 3,
      totalPages: 2,
      hasNext: true,
      hasPrevious: false,
    });
    const second = await call(null, "GET", `/venues/${club.id}/events?page=2&pageSize=2`);
    assert.deepEqual(second.body.data.map((e: { title: string }) => e.title), ["Kandisa live"]);
    assert.equal(second.body.pagination.hasNext, false);
    // Nothing private leaves: no fee, organizer, message or booking id anywhere in the answer.
    assert.doesNotMatch(JSON.stringify(first.body), /9900000|Private terms|organizer|"id"/);

    assert.equal((await call(null, "GET", `/venues/${crypto.randomUUID()}/events`)).status, 404);
    const badId = await call(null, "GET", "/venues/not-a-venue/events");
    assert.equal(badId.status, 422);
    const badSize = await call(null, "GET", `/venues/${club.id}/events?pageSize=0`);
    assert.equal(badSize.status, 422);
    assert.equal(badSize.body.error.details[0].field, "pageSize");
    const farPage = await call(null, "GET", `/venues/${club.id}/events?page=99999999999`);
    assert.equal(farPage.status, 422);
    assert.equal(farPage.body.error.details[0].field, "page");
  } finally {
    await app.close();
  }
});
