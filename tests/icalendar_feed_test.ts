/**
 * The iCalendar feed at its secret URL, read back with a real parser
 * (ical.js): the events of an act's owner and of an organizer, their
 * statuses and UTC times (only agreed shows are busy time; a request awaiting
 * a reply is tentative and free), folding of a long Hindi and emoji title; and the
 * URL's secrecy: forged, tampered and rotated tokens answer 404.
 */
import assert from "node:assert/strict";
import ICAL from "ical.js";
import type { BookingState } from "../domain/booking_machine.ts";
import { openTestApp } from "./support/app.ts";
import { postJson, type SignedIn, signUp } from "./support/accounts.ts";

const LONG_TITLE = "दीवाली की शाम: सूफ़ी, ग़ज़ल; और बहुत कुछ 🎶🪔✨ — a long evening of music, lights and sweets";

function events(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  return {
    cal,
    byUid: new Map(cal.getAllSubcomponents("vevent").map((c) => [String(c.getFirstPropertyValue("uid")), c])),
  };
}

Deno.test("iCalendar feeds behind secret URLs", async (t) => {
  const app = await openTestApp({ APP_ORIGIN: "https://artistspace.example" });
  const db = app.database.db;
  const year = new Date().getUTCFullYear() + 1;
  try {
    const artist = await signUp(app, "artist");
    const organizer = await signUp(app, "organizer");
    const created = await postJson(app, "/api/v1/artists", {
      kind: "solo",
      name: "Asha Rao",
      budgetMin: 1_500_000,
      budgetStandard: 2_500_000,
      budgetPremium: 4_000_000,
    }, artist.headers);
    const act = (await created.json()).data.act;
    const booking = async (title: string, status: BookingState, startsAt: string) =>
      (await db.insertInto("bookings").values({
        act_id: act.id,
        organizer_id: organizer.id,
        title,
        status,
        starts_at: startsAt,
        duration_minutes: 150,
        fee: 3_000_000,
        address: "Kamala Mills, Lower Parel, Mumbai",
      }).returning("id").executeTakeFirstOrThrow()).id;
    const confirmed = await booking(LONG_TITLE, "confirmed", `${year}-11-08T13:30:00Z`);
    const tentative = await booking("Jazz brunch", "negotiating", `${year}-11-09T05:30:00Z`);
    const cancelled = await booking("Rained off", "cancelled", `${year}-11-10T13:30:00Z`);
    const old = await booking("Long ago", "completed", "2020-01-01T13:30:00Z");
    await db.insertInto("act_blocks").values({
      act_id: act.id,
      starts_at: `${year}-12-24T18:30:00Z`,
      ends_at: `${year}-12-26T18:30:00Z`,
      reason: "Family, wedding; Goa",
    }).execute();

    const feedOf = async (who: SignedIn) => {
      const res = await app.request("/api/v1/calendar/feed", { headers: who.headers });
      assert.equal(res.status, 200);
      return (await res.json()).data.feed as { path: string; url: string; webcal: string; version: number };
    };

    let artistFeed = await feedOf(artist);

    await t.step(
      "the feed link is on the app's origin and names no one in clear text but the user id",
      () => {
        assert.match(
          artistFeed.path,
          new RegExp(`^/calendar/feed/${artist.id}\\.1\\.[A-Za-z0-9_-]{43}\\.ics$`),
        );
        assert.equal(artistFeed.url, `https://artistspace.example${artistFeed.path}`);
        assert.equal(artistFeed.webcal, `webcal://artistspace.example${artistFeed.path}`);
      },
    );

    await t.step("the act owner's feed lists bookings with their status, blocks, and parses", async () => {
      const res = await app.request(artistFeed.path);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), "text/calendar; charset=utf-8");
      assert.equal(res.headers.get("cache-control"), "private, no-store");
      const text = await res.text();
      for (const line of text.split("\r\n")) assert.ok(new TextEncoder().encode(line).length <= 75, line);
      const { cal, byUid } = events(text);
      assert.equal(cal.getFirstPropertyValue("prodid"), "-//Artist Space//Bookings//EN");
      assert.match(String(cal.getFirstPropertyValue("x-wr-calname")), /^Artist Space · Test \d+$/);
      assert.equal(byUid.size, 4, [...byUid.keys()].join(", "));
      assert.ok(!byUid.has(`${old}@artistspace`), "older than 90 days");

      const gig = new ICAL.Event(byUid.get(`${confirmed}@artistspace`)!);
      assert.equal(gig.summary, LONG_TITLE, "folded and escaped, read back whole");
      assert.equal(gig.location, "Kamala Mills, Lower Parel, Mumbai");
      assert.equal(gig.startDate.toJSDate().toISOString(), `${year}-11-08T13:30:00.000Z`);
      assert.equal(gig.endDate.toJSDate().toISOString(), `${year}-11-08T16:00:00.000Z`);
      assert.equal(gig.startDate.zone.tzid, "UTC");
      assert.equal(gig.component.getFirstPropertyValue("status"), "CONFIRMED");
      assert.equal(
        gig.component.getFirstPropertyValue("url"),
        `https://artistspace.example/bookings/${confirmed}`,
      );
      assert.ok(gig.component.getFirstPropertyValue("dtstamp"));
      assert.equal(gig.component.getFirstPropertyValue("transp"), "OPAQUE", "an agreed show is busy time");
      const statusOf = (id: string) => byUid.get(`${id}@artistspace`)!.getFirstPropertyValue("status");
      const transpOf = (id: string) => byUid.get(`${id}@artistspace`)!.getFirstPropertyValue("transp");
      assert.equal(statusOf(tentative), "TENTATIVE");
      assert.equal(transpOf(tentative), "TRANSPARENT", "a request awaiting a reply leaves the time free");
      const request = new ICAL.Event(byUid.get(`${tentative}@artistspace`)!);
      assert.equal(request.summary, "Request: Jazz brunch", "calendar apps that ignore STATUS still say so");
      assert.equal(request.description, "Asha Rao · negotiating · awaiting reply");
      assert.equal(statusOf(cancelled), "CANCELLED");
      assert.equal(transpOf(cancelled), "TRANSPARENT");

      const block = [...byUid.entries()].find(([uid]) => uid.startsWith("block-"))![1];
      assert.equal(block.getFirstPropertyValue("summary"), "Unavailable · Asha Rao");
      assert.equal(block.getFirstPropertyValue("description"), "Family, wedding; Goa");
      assert.equal(block.getFirstPropertyValue("transp"), "OPAQUE");
    });

    await t.step("the organizer's feed lists their bookings, with the act's name", async () => {
      const res = await app.request((await feedOf(organizer)).path);
      assert.equal(res.status, 200);
      const { byUid } = events(await res.text());
      assert.equal(byUid.size, 3);
      assert.equal(
        byUid.get(`${tentative}@artistspace`)!.getFirstPropertyValue("summary"),
        "Request: Jazz brunch · Asha Rao",
      );
      const gig = byUid.get(`${confirmed}@artistspace`)!;
      assert.equal(gig.getFirstPropertyValue("summary"), `${LONG_TITLE} · Asha Rao`);
      assert.deepEqual([gig.getFirstPropertyValue("status"), gig.getFirstPropertyValue("transp")], [
        "CONFIRMED",
        "OPAQUE",
      ]);
      assert.equal(byUid.get(`${tentative}@artistspace`)!.getFirstPropertyValue("transp"), "TRANSPARENT");
    });

    await t.step("a forged, tampered or extension-less token answers 404", async () => {
      const token = artistFeed.path.slice("/calendar/feed/".length, -".ics".length);
      const [, version, mac] = token.split(".");
      const flipped = mac.slice(0, -1) + (mac.endsWith("A") ? "B" : "A");
      for (
        const path of [
          `/calendar/feed/${artist.id}.${version}.${flipped}.ics`,
          `/calendar/feed/${organizer.id}.${version}.${mac}.ics`,
          `/calendar/feed/${artist.id}.2.${mac}.ics`,
          `/calendar/feed/${token}`,
          "/calendar/feed/nonsense.ics",
        ]
      ) {
        const res = await app.request(path);
        assert.equal(res.status, 404, path);
        await res.body?.cancel();
      }
    });

    await t.step("rotating the feed revokes the old URL at once", async () => {
      const rotated = await app.request("/api/v1/calendar/feed/rotate", {
        method: "POST",
        headers: artist.headers,
      });
      assert.equal(rotated.status, 200);
      const fresh = (await rotated.json()).data.feed;
      assert.equal(fresh.version, 2);
      assert.notEqual(fresh.path, artistFeed.path);
      const gone = await app.request(artistFeed.path);
      assert.equal(gone.status, 404);
      await gone.body?.cancel();
      const works = await app.request(fresh.path);
      assert.equal(works.status, 200);
      assert.equal(works.headers.get("content-type"), "text/calendar; charset=utf-8");
      await works.body?.cancel();
      artistFeed = await feedOf(artist);
      assert.equal(artistFeed.path, fresh.path, "the link stays the same until the next rotation");
      const audit = await db.selectFrom("audit_logs").select("action").where("actor_id", "=", artist.id)
        .where("action", "=", "calendar_feed.rotated").execute();
      assert.equal(audit.length, 1);
    });

    await t.step("a suspended account's feed answers 404", async () => {
      await db.updateTable("users").set({ status: "suspended" }).where("id", "=", artist.id).execute();
      const res = await app.request(artistFeed.path);
      assert.equal(res.status, 404);
      await res.body?.cancel();
    });
  } finally {
    await app.close();
  }
});
