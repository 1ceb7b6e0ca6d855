/** A venue's public page lists its next confirmed shows, and nothing still under negotiation. */
import assert from "node:assert/strict";
import { openTestApp } from "./support/app.ts";

const DAY = 86_400_000;

Deno.test("a venue page lists upcoming confirmed shows only", async () => {
  const app = await openTestApp();
  try {
    const db = app.database.db;
    const owner = await db.insertInto("users").values({ email: "venue@example.in", metadata: "{}" })
      .returning("id").executeTakeFirstOrThrow();
    const venue = await db.insertInto("venues").values({
      owner_id: owner.id,
      name: "The Piano Man Jazz Club",
      slug: "the-piano-man-jazz-club",
      capacity: 120,
      venue_type: "club",
      tech_specs: "{}",
    }).returning("id").executeTakeFirstOrThrow();
    const act = await db.insertInto("acts").values({
      kind: "band",
      owner_id: owner.id,
      name: "Shillong Chamber <Choir>",
      slug: "shillong-chamber-choir",
      budget_min: 1,
      budget_standard: 2,
      budget_premium: 3,
      social_links: "{}",
    }).returning("id").executeTakeFirstOrThrow();
    const show = (title: string, status: "confirmed" | "negotiating" | "scheduled", days: number) =>
      db.insertInto("bookings").values({
        act_id: act.id,
        organizer_id: owner.id,
        venue_id: venue.id,
        title,
        status,
        starts_at: new Date(Date.now() + days * DAY),
        duration_minutes: 120,
        fee: 4_000_000,
      }).execute();
    await show("Christmas carols", "confirmed", 30);
    await show("New Year's Eve", "scheduled", 40);
    await show("Valentine's night", "negotiating", 80);
    await show("Last season", "confirmed", -30);

    const res = await app.request("/venues/the-piano-man-jazz-club");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
    const html = await res.text();
    const list = html.split('data-testid="upcoming-shows"')[1]?.split("</ul>")[0] ?? "";
    assert.deepEqual([...list.matchAll(/<p class="font-medium">([^<]*)<\/p>/g)].map((m) => m[1]), [
      "Christmas carols",
      "New Year's Eve",
    ]);
    assert.match(list, /href="\/bands\/shillong-chamber-choir"[^>]*>Shillong Chamber &lt;Choir><\/a>/);
  } finally {
    await app.close();
  }
});
