/** The dashboard page: each side sees what waits for them, and only their own. */
import assert from "node:assert/strict";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { openTestApp } from "./support/app.ts";
import { signUp } from "./support/accounts.ts";

const DAY = 86_400_000;

async function actOf(db: Kysely<Database>, ownerId: string, name: string): Promise<string> {
  const row = await db.insertInto("acts").values({
    kind: "solo",
    owner_id: ownerId,
    name,
    slug: name.toLowerCase().replaceAll(" ", "-"),
    budget_min: 1_000_000,
    budget_standard: 2_000_000,
    budget_premium: 3_000_000,
    social_links: "{}",
  }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

Deno.test("the dashboard shows each side what waits for them", async (t) => {
  const app = await openTestApp();
  try {
    const db = app.database.db;
    const organizer = await signUp(app, "organizer");
    const artist = await signUp(app, "artist");
    const stranger = await signUp(app, "organizer");
    const actId = await actOf(db, artist.id, "Kabir Sufi Ensemble");
    const { city_id } = await db.selectFrom("cities").select("city_id").limit(1).executeTakeFirstOrThrow();
    const soon = new Date(Date.now() + 20 * DAY);

    const opportunity = await db.insertInto("opportunities").values({
      organizer_id: organizer.id,
      title: "Jaipur Lit Fest closing night",
      starts_at: soon,
      duration_minutes: 90,
      city_id,
      budget_min: 1_000_000,
      budget_max: 4_000_000,
      application_deadline: new Date(Date.now() + 10 * DAY),
    }).returning("id").executeTakeFirstOrThrow();
    await db.insertInto("applications").values({
      opportunity_id: opportunity.id,
      act_id: actId,
      applicant_id: artist.id,
      pitch: "Qawwali under the stars.",
      proposed_fee: 2_500_000,
      currency: "INR",
    }).execute();

    const booking = (title: string, status: "offered" | "confirmed", days: number) =>
      db.insertInto("bookings").values({
        act_id: actId,
        organizer_id: organizer.id,
        city_id,
        title,
        status,
        starts_at: new Date(Date.now() + days * DAY),
        duration_minutes: 90,
        fee: 3_000_000,
      }).returning("id").executeTakeFirstOrThrow();
    const offered = await booking("Sangeet at the Rambagh", "offered", 30);
    await db.insertInto("booking_offers").values({
      booking_id: offered.id,
      round: 1,
      made_by: "organizer",
      fee: 3_000_000,
      currency: "INR",
      deposit_bps: 3000,
      starts_at: new Date(Date.now() + 30 * DAY),
      duration_minutes: 90,
      expires_at: new Date(Date.now() + 5 * DAY),
    }).execute();
    await booking("Diwali at Nahargarh", "confirmed", 40);

    await t.step("anonymous visitors are sent to sign in", async () => {
      const res = await app.request("/dashboard");
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), "/login?next=/dashboard");
    });

    await t.step("the organizer sees application counts, states and upcoming shows", async () => {
      const res = await app.request("/dashboard", { headers: organizer.headers });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
      const html = await res.text();
      assert.match(html, /data-testid="organizer-dashboard"/);
      assert.doesNotMatch(html, /data-testid="act-dashboard"/);
      assert.match(html, /Jaipur Lit Fest closing night/);
      assert.match(html, /1 application(?!s)/);
      assert.match(html, /1 new/);
      assert.match(html, /<span class="font-bold">1<\/span> Offer made/);
      assert.match(html, /Diwali at Nahargarh/);
      // The open offer is the organizer's own: nothing waits for the organizer.
      assert.match(html, /No offers are waiting for you\./);
    });

    await t.step("the artist sees the offer waiting for an answer, the application and the gig", async () => {
      const html = await (await app.request("/dashboard", { headers: artist.headers })).text();
      assert.match(html, /data-testid="act-dashboard"/);
      const awaiting = html.split('data-testid="act-awaiting"')[1].split("data-testid=")[0];
      assert.match(awaiting, /Sangeet at the Rambagh/);
      assert.match(awaiting, /₹30,000/);
      assert.match(awaiting, /Answer by/);
      const applications = html.split('data-testid="act-applications"')[1].split("data-testid=")[0];
      assert.match(applications, /Jaipur Lit Fest closing night/);
      assert.match(applications, /Kabir Sufi Ensemble · .* · submitted/);
      assert.match(html.split('data-testid="act-upcoming"')[1], /Diwali at Nahargarh/);
    });

    await t.step("unread notifications show until marked read with a plain form post", async () => {
      await db.insertInto("notifications").values({
        user_id: artist.id,
        kind: "New offer on your booking",
        title: "New offer on your booking",
        body: "<b>Rambagh</b> offered ₹30,000",
        link: `/bookings/${offered.id}`,
      }).execute();
      const before = await (await app.request("/dashboard", { headers: artist.headers })).text();
      assert.match(before, /1 new update(?!s)/);
      // Every signed-in page's header carries the count, not only the dashboard.
      const elsewhere = await (await app.request("/artists", { headers: artist.headers })).text();
      assert.match(elsewhere, /aria-label="1 unread" data-testid="unread">1</);
      assert.match(before, /&lt;b>Rambagh&lt;\/b> offered ₹30,000/);
      const read = await app.request("/dashboard", {
        method: "POST",
        headers: { ...artist.headers, Origin: "http://localhost" },
      });
      assert.equal(read.status, 303);
      const after = await (await app.request("/dashboard", { headers: artist.headers })).text();
      assert.doesNotMatch(after, /data-testid="notifications"/);
      assert.doesNotMatch(after, /data-testid="unread"/);
    });

    await t.step("another organizer sees none of it", async () => {
      const html = await (await app.request("/dashboard", { headers: stranger.headers })).text();
      assert.doesNotMatch(html, /Jaipur Lit Fest|Rambagh|Nahargarh/);
      assert.match(html, /You have no upcoming opportunities\./);
    });
  } finally {
    await app.close();
  }
});
