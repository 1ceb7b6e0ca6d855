/** A venue's public page lists its next confirmed shows, and nothing still under negotiation. */
import assert from "node:assert/strict";
import { openTestApp } from "./support/app.ts";
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
