/** The dashboard page: each side sees what waits for them, and only their own. */
import assert from "node:assert/strict";
import { openTestApp } from "./support/app.ts";
import { signUp } from "./support/accounts.ts";
import { parsePage, textsOf } from "./support/dom.ts";
import { act, booking, cityId, offeredBooking, opportunity } from "./support/fixtures.ts";

const DAY = 86_400_000;

Deno.test("the dashboard shows each side what waits for them", async (t) => {
  const app = await openTestApp();
  try {
    const db = app.database.db;
    const organizer = await signUp(app, "organizer");
    const artist = await signUp(app, "artist");
    const stranger = await signUp(app, "organizer");
    const { id: actId } = await act(db, artist.id, { name: "Kabir Sufi Ensemble" });
    const pune = await cityId(db);

    const posted = await opportunity(db, organizer.id, {
      title: "Jaipur Lit Fest closing night",
      starts_at: new Date(Date.now() + 20 * DAY),
      city_id: pune,
      budget_max: 4_000_000,
      application_deadline: new Date(Date.now() + 10 * DAY),
    });
    await db.insertInto("applications").values({
      opportunity_id: posted.id,
      act_id: actId,
      applicant_id: artist.id,
      pitch: "Qawwali under the stars.",
      proposed_fee: 2_500_000,
      currency: "INR",
    }).execute();

    const show = (title: string, days: number) => ({
      city_id: pune,
      title,
      starts_at: new Date(Date.now() + days * DAY),
      fee: 3_000_000,
    });
    const offered = await offeredBooking(db, actId, organizer.id, {
      ...show("Sangeet at the Rambagh", 30),
      expiresAt: new Date(Date.now() + 5 * DAY),
    });
    await booking(db, actId, organizer.id, { ...show("Diwali at Nahargarh", 40), status: "confirmed" });

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
      assert.ok(textsOf(parsePage(html), '[data-testid="organizer-states"] li').includes("1 Offer made"));
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

    await t.step("unread notifications stand out until marked read with a form post, then stay", async () => {
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
      assert.doesNotMatch(after, /data-testid="unread"/);
      const doc = parsePage(after);
      assert.deepEqual(textsOf(doc, '[data-testid="unread-notifications"] li'), []);
      assert.deepEqual(
        textsOf(doc, '[data-testid="read-notifications"] li a'),
        ["New offer on your booking"],
        "read, it stays listed as history",
      );
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
