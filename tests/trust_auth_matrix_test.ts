/**
 * Every trust endpoint, called by everyone who relates to a booking:
 * anonymous -> 401; anyone signed in reads their own scores; one score's
 * explanation is for its owner (the organizer for theirs, the band's manager
 * for the band, the venue's manager for the venue), staff and admins (200),
 * and refused to everyone else (403), the band's member included. A missing
 * act or venue is 404; a missing person's score is refused like any other
 * person's, except to staff and admins, who learn it is missing.
 */
import assert from "node:assert/strict";
import { openTestApp } from "./support/app.ts";
import { bookingCast, type Caller, CAST } from "./support/booking_cast.ts";

Deno.test("authorization matrix of the trust endpoints", async (t) => {
  const app = await openTestApp();
  try {
    const { people, bookingId } = await bookingCast(app);
    const { act_id: actId, venue_id: venueId } = await app.database.db.selectFrom("bookings")
      .select(["act_id", "venue_id"]).where("id", "=", bookingId).executeTakeFirstOrThrow();
    const missing = crypto.randomUUID();

    const request = async (who: Caller, path: string) =>
      await app.request(`/api/v1${path}`, { headers: who === "anonymous" ? {} : { ...people[who].headers } });
    const everyone = (status: number): Record<Caller, number> =>
      Object.fromEntries(["anonymous", ...CAST].map((who) => [who, status])) as Record<Caller, number>;
    const signedIn = (status: number) => ({ ...everyone(status), anonymous: 401 });
    const ownerAndStaff = (owner: Caller) => ({ ...signedIn(403), [owner]: 200, staff: 200, admin: 200 });

    const table: [string, string, Record<Caller, number>][] = [
      ["your own scores", "/trust/me", signedIn(200)],
      ["the organizer's score", `/trust/organizer/${people.organizer.id}`, ownerAndStaff("organizer")],
      ["the band's score", `/trust/act/${actId}`, ownerAndStaff("act")],
      ["the venue's score", `/trust/venue/${venueId}`, ownerAndStaff("venue")],
      ["a page of the band's history", `/trust/act/${actId}?page=2&pageSize=5`, ownerAndStaff("act")],
      ["a missing act's score", `/trust/act/${missing}`, signedIn(404)],
      ["a missing venue's score", `/trust/venue/${missing}`, signedIn(404)],
      ["a missing person's score", `/trust/organizer/${missing}`, {
        ...signedIn(403),
        staff: 404,
        admin: 404,
      }],
      ["a kind of score that does not exist", `/trust/band/${actId}`, { ...signedIn(422), anonymous: 422 }],
      ["a page that does not exist", `/trust/act/${actId}?page=0`, { ...signedIn(422), anonymous: 422 }],
    ];

    for (const [name, path, expected] of table) {
      await t.step(`GET ${name}`, async () => {
        for (const who of ["anonymous", ...CAST] as Caller[]) {
          const res = await request(who, path);
          const text = await res.text();
          assert.equal(res.status, expected[who], `${who}: ${text.slice(0, 300)}`);
          assert.equal(typeof JSON.parse(text).success, "boolean");
        }
      });
    }

    await t.step(
      "each person's own scores are theirs: the organizer's, the band's, the venue's",
      async () => {
        const kinds = async (who: Caller) =>
          (await (await request(who, "/trust/me")).json()).data.scores.map((
            s: { subject: { type: string } },
          ) => s.subject.type);
        assert.deepEqual(await kinds("organizer"), ["organizer"]);
        assert.deepEqual(await kinds("act"), ["act"]);
        assert.deepEqual(await kinds("venue"), ["organizer", "venue"]);
        assert.deepEqual(await kinds("member"), []);
      },
    );
  } finally {
    await app.close();
  }
});
