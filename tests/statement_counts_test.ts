/**
 * Statements per request: a page or an API list runs the same number of SQL
 * statements however many rows it lists, so no request queries once per row,
 * and no page runs ten or more (round trips to the database are what a page's
 * time goes on).
 * Each request is counted by a Kysely plugin on the app's own database
 * handle (every statement the services and middleware run goes through it;
 * BEGIN and COMMIT do not), then more rows are added and the same request is
 * counted again.
 */
import assert from "node:assert/strict";
import { signUp } from "./support/accounts.ts";
import { openTestApp } from "./support/app.ts";
import { bookingCast } from "./support/booking_cast.ts";
import { openTestDatabase } from "./support/db.ts";
import { StatementCounter } from "./support/statement_counter.ts";
import { act, booking, opportunity, person, venue } from "./support/fixtures.ts";

const DAY = 86_400_000;

Deno.test("each page and API list runs a fixed number of statements, whatever it lists", async () => {
  const counter = new StatementCounter();
  const database = await openTestDatabase();
  const app = await openTestApp({}, { database: { ...database, db: database.db.withPlugin(counter) } });
  try {
    const db = database.db;
    const { people, bookingId } = await bookingCast(app);
    const organizer = { headers: people.organizer.headers };
    const artist = { headers: people.act.headers };
    const admin = { headers: people.admin.headers };
    // Every role at once: the dashboard shows each half, the venue's and the disputes too.
    const all = await signUp(app, "admin", ["organizer", "artist", "band_manager", "venue_manager"]);
    const everyone = { headers: all.headers };
    const { id: allActId } = await act(db, all.id, { genres: ["rock"] });
    const { id: allVenueId } = await venue(db, all.id);

    let added = 0;
    /** `n` more of everything the pages list: acts booked by the organizer, their gigs, notices. */
    const grow = async (n: number) => {
      for (let i = 0; i < n; i++, added++) {
        const owner = await person(db, "artist");
        const { id: actId } = await act(db, owner.userId, { genres: ["rock"] });
        await booking(db, actId, people.organizer.id, {
          status: added % 2 ? "confirmed" : "offered",
          starts_at: new Date(Date.now() + (20 + added) * DAY),
        });
        const { id: gig } = await opportunity(db, people.organizer.id, { title: `Rock night ${added}` });
        const startsAt = new Date(Date.now() + (60 + added) * DAY);
        await booking(db, allActId, all.id, {
          status: "confirmed",
          venue_id: allVenueId,
          starts_at: startsAt,
        });
        await db.insertInto("applications").values({
          opportunity_id: gig,
          act_id: actId,
          applicant_id: owner.userId,
          pitch: "We bring our own drummer",
          proposed_fee: 2_000_000,
          currency: "INR",
        }).execute();
        for (const userId of [people.organizer.id, people.act.id]) {
          await db.insertInto("notifications").values({
            user_id: userId,
            kind: "booking",
            title: `Update ${added}`,
            body: "Something moved",
            link: `/bookings/${bookingId}`,
          }).execute();
        }
      }
    };
    const requests: [string, RequestInit][] = [
      ["/dashboard", organizer],
      ["/dashboard", artist],
      ["/dashboard", everyone],
      ["/bookings", organizer],
      ["/notifications", organizer],
      [`/bookings/${bookingId}`, organizer],
      [`/bookings/${bookingId}`, admin],
      ["/artists?genre=rock", {}],
      ["/artists?q=rock", {}],
      ["/api/v1/search/events?q=rock", {}],
      ["/opportunities", {}],
      ["/api/v1/opportunities", {}],
      ["/api/v1/bookings", organizer],
      ["/api/v1/me/notifications", organizer],
    ];
    const countEach = async () => {
      const counts: number[] = [];
      for (const [path, init] of requests) {
        counter.count = 0;
        const res = await app.request(path, init);
        assert.equal(res.status, 200, path);
        await res.arrayBuffer();
        counts.push(counter.count);
      }
      return counts;
    };

    // Each batch is visited once before it is counted: caches that fill on first use (a page's build, the
    // genres) are warm, and what a first visit writes (unread notices marked read) is written.
    await grow(2);
    await countEach();
    const few = await countEach();
    await grow(8);
    await countEach();
    const many = await countEach();
    const who = (init: RequestInit) =>
      ` (${
        new Map<RequestInit, string>([[organizer, "organizer"], [artist, "artist"], [admin, "admin"], [
          everyone,
          "every role",
        ]]).get(init) ?? "visitor"
      })`;
    const table = requests.map(([path, init], i) =>
      `${path}${who(init)}: ${few[i]} with 2 rows, ${many[i]} with 10`
    );
    console.log(table.join("\n"));
    for (const [i, [path, init]] of requests.entries()) {
      assert.equal(
        many[i],
        few[i],
        `${path}${who(init)} ran ${few[i]} statements for 2 rows and ${many[i]} for 10`,
      );
      assert.ok(many[i] < 10, `${path}${who(init)} ran ${many[i]} statements`);
    }
  } finally {
    await app.close();
  }
});
