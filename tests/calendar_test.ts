/**
 * Calendars over the API: an act's blocks (and the 409 over a confirmed
 * booking), holds end to end, the public availability, what each person's
 * month shows, and search's "available on" leaving out booked acts.
 */
import assert from "node:assert/strict";
import type { BookingState } from "../domain/booking_machine.ts";
import { searchActs } from "../db/queries/search.ts";
import { openTestApp } from "./support/app.ts";
import { apiCaller, type SignedIn, signUp } from "./support/accounts.ts";

const actInput = (name: string, kind = "solo") => ({
  kind,
  name,
  budgetMin: 1_500_000,
  budgetStandard: 2_500_000,
  budgetPremium: 4_000_000,
  genres: ["ghazal"],
});

Deno.test("calendars over the API", async (t) => {
  // The services' clock is the real one, so every date here is far ahead.
  const app = await openTestApp();
  const call = apiCaller(app);
  const db = app.database.db;
  const year = new Date().getUTCFullYear() + 1;
  const day = (md: string) => `${year}-${md}`;

  async function booking(
    actId: string,
    organizerId: string,
    startsAt: string,
    status: BookingState,
    title: string,
  ) {
    const { id } = await db.insertInto("bookings").values({
      act_id: actId,
      organizer_id: organizerId,
      title,
      status,
      starts_at: startsAt,
      duration_minutes: 120,
      fee: 2_500_000,
    }).returning("id").executeTakeFirstOrThrow();
    return id;
  }

  try {
    const artist = await signUp(app, "artist");
    const manager = await signUp(app, "band_manager");
    const member = await signUp(app, "artist");
    const organizer = await signUp(app, "organizer");
    const promoter = await signUp(app, "promoter");
    const stranger = await signUp(app, "artist");
    const solo = (await call(artist, "POST", "/artists", actInput("Asha Rao"))).body.data.act;
    const band =
      (await call(manager, "POST", "/artists", actInput("The Raga Collective", "band"))).body.data.act;
    await call(manager, "POST", `/bands/${band.id}/members`, { userId: member.id, role: "Tabla" });
    assert.equal((await call(member, "POST", `/bands/${band.id}/members/${member.id}/accept`)).status, 200);

    const gig = await booking(solo.id, organizer.id, `${day("03-14")}T14:30:00Z`, "confirmed", "Holi Night");
    await booking(solo.id, organizer.id, `${day("03-20")}T14:30:00Z`, "negotiating", "Spring Soirée");
    await booking(solo.id, organizer.id, `${day("03-21")}T14:30:00Z`, "cancelled", "Called Off");
    await booking(band.id, organizer.id, `${day("03-15")}T13:00:00Z`, "scheduled", "Band at the Fort");
    await booking(band.id, organizer.id, `${day("03-16")}T13:00:00Z`, "offered", "Band maybe");

    await t.step("the act's owner adds, lists and removes a block", async () => {
      const created = await call(artist, "POST", `/artists/${solo.id}/blocks`, {
        startsAt: `${day("03-01")}T00:00:00+05:30`,
        endsAt: `${day("03-03")}T00:00:00+05:30`,
        reason: "Family wedding",
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.match(created.type ?? "", /application\/json/);
      const block = created.body.data.block;
      assert.equal(block.startsAt, `${day("02-28")}T18:30:00.000Z`);
      assert.equal(block.reason, "Family wedding");

      const listed = await call(artist, "GET", `/artists/${solo.id}/blocks`);
      assert.equal(listed.status, 200);
      assert.deepEqual(listed.body.data.blocks.map((b: { id: string }) => b.id), [block.id]);

      const extra = await call(artist, "POST", `/artists/${solo.id}/blocks`, {
        startsAt: `${day("04-01")}T00:00:00+05:30`,
        endsAt: `${day("04-02")}T00:00:00+05:30`,
      });
      const removed = await call(artist, "DELETE", `/artists/${solo.id}/blocks/${extra.body.data.block.id}`);
      assert.equal(removed.status, 200);
      assert.equal(
        (await call(artist, "DELETE", `/artists/${solo.id}/blocks/${extra.body.data.block.id}`)).status,
        404,
      );
    });

    await t.step("a block over a confirmed booking is refused with 409; others may not block", async () => {
      const overlapping = await call(artist, "POST", `/artists/${solo.id}/blocks`, {
        startsAt: `${day("03-14")}T00:00:00+05:30`,
        endsAt: `${day("03-15")}T00:00:00+05:30`,
      });
      assert.equal(overlapping.status, 409);
      assert.equal(overlapping.body.error.code, "CONFLICT");
      assert.match(overlapping.body.error.message, /Holi Night/);
      // A booking still under negotiation does not stop a block.
      const overNegotiation = await call(artist, "POST", `/artists/${solo.id}/blocks`, {
        startsAt: `${day("03-20")}T00:00:00+05:30`,
        endsAt: `${day("03-20")}T12:00:00+05:30`,
      });
      assert.equal(overNegotiation.status, 201);
      const backwards = await call(artist, "POST", `/artists/${solo.id}/blocks`, {
        startsAt: `${day("05-02")}T00:00:00Z`,
        endsAt: `${day("05-01")}T00:00:00Z`,
      });
      assert.equal(backwards.status, 422);
      assert.equal(backwards.body.error.details[0].field, "endsAt");
      const body = { startsAt: `${day("06-01")}T00:00:00Z`, endsAt: `${day("06-02")}T00:00:00Z` };
      assert.equal((await call(stranger, "POST", `/artists/${solo.id}/blocks`, body)).status, 403);
      assert.equal((await call(null, "POST", `/artists/${solo.id}/blocks`, body)).status, 401);
      assert.equal((await call(stranger, "GET", `/artists/${solo.id}/blocks`)).status, 403);
      assert.equal((await call(member, "GET", `/artists/${band.id}/blocks`)).status, 200, "members see them");
    });

    await t.step("holds over the API: place, list by who asks, release", async () => {
      const expiresAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
      const holdDate = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
      const placed = await call(organizer, "POST", `/artists/${solo.id}/holds`, { holdDate, expiresAt });
      assert.equal(placed.status, 201, JSON.stringify(placed.body));
      assert.equal(placed.body.data.hold.rank, 1);
      const second = await call(promoter, "POST", `/artists/${solo.id}/holds`, { holdDate, expiresAt });
      assert.equal(second.body.data.hold.rank, 2);
      assert.equal(
        (await call(promoter, "POST", `/artists/${solo.id}/holds`, { holdDate, expiresAt })).status,
        409,
      );
      assert.equal(
        (await call(artist, "POST", `/artists/${solo.id}/holds`, { holdDate, expiresAt })).status,
        403,
      );

      const owners = await call(artist, "GET", `/artists/${solo.id}/holds`);
      assert.equal(owners.status, 200);
      assert.equal(owners.body.data.holds.length, 2);
      const promoters = await call(promoter, "GET", `/artists/${solo.id}/holds`);
      assert.deepEqual(promoters.body.data.holds.map((h: { rank: number }) => h.rank), [2]);
      assert.equal(promoters.body.data.activeCount, 2);

      assert.equal((await call(promoter, "DELETE", `/holds/${placed.body.data.hold.id}`)).status, 403);
      const released = await call(organizer, "DELETE", `/holds/${placed.body.data.hold.id}`);
      assert.equal(released.status, 200);
      assert.equal(released.body.data.hold.status, "released");
      const after = await call(promoter, "GET", `/artists/${solo.id}/holds`);
      assert.equal(after.body.data.holds[0].rank, 1);
    });

    await t.step("availability is public: busy days only, blocks and agreed bookings", async () => {
      const res = await call(
        null,
        "GET",
        `/artists/${solo.id}/availability?from=${day("03-01")}&to=${day("03-31")}`,
      );
      assert.equal(res.status, 200);
      assert.match(res.type ?? "", /application\/json/);
      assert.deepEqual(res.body.data, {
        actId: solo.id,
        from: day("03-01"),
        to: day("03-31"),
        timeZone: "Asia/Kolkata",
        busy: [day("03-01"), day("03-02"), day("03-14"), day("03-20")],
      });
      const tooLong = await call(
        null,
        "GET",
        `/artists/${solo.id}/availability?from=${day("01-01")}&to=${day("04-30")}`,
      );
      assert.equal(tooLong.status, 422);
      assert.equal(tooLong.body.error.details[0].field, "to");
      const badDate = await call(
        null,
        "GET",
        `/artists/${solo.id}/availability?from=${day("02-30")}&to=${day("03-01")}`,
      );
      assert.equal(badDate.status, 422);
      const missing = await call(
        null,
        "GET",
        `/artists/${crypto.randomUUID()}/availability?from=${day("03-01")}&to=${day("03-02")}`,
      );
      assert.equal(missing.status, 404);
    });

    await t.step("each person's month shows what is theirs", async () => {
      const month = (who: SignedIn) => call(who, "GET", `/calendar?month=${day("03")}`);
      const owner = await month(artist);
      assert.equal(owner.status, 200, JSON.stringify(owner.body));
      const titles = (res: Awaited<ReturnType<typeof month>>) =>
        res.body.data.entries.map((e: { kind: string; title: string }) => `${e.kind}:${e.title}`);
      assert.deepEqual(titles(owner), [
        "block:Family wedding",
        "booking:Holi Night",
        "block:Unavailable",
        "booking:Spring Soirée",
      ]);
      const holi = owner.body.data.entries.find((e: { id: string }) => e.id === gig);
      assert.equal(holi.startTime, "20:00", "shown in India");
      assert.equal(holi.link, `/bookings/${gig}`);
      assert.equal(holi.status, "confirmed");
      assert.deepEqual(owner.body.data.days[day("03-02")], ["block"]);

      assert.deepEqual(titles(await month(organizer)), [
        "booking:Holi Night",
        "booking:Band at the Fort",
        "booking:Band maybe",
        "booking:Spring Soirée",
      ]);
      assert.deepEqual(titles(await month(member)), ["booking:Band at the Fort"], "agreed gigs only");
      assert.deepEqual(titles(await month(stranger)), []);

      await db.updateTable("users").set({ timezone: "Europe/London" }).where("id", "=", artist.id).execute();
      const london = await month(artist);
      assert.equal(london.body.data.timeZone, "Europe/London");
      assert.equal(london.body.data.entries.find((e: { id: string }) => e.id === gig).startTime, "14:30");
      await db.updateTable("users").set({ timezone: "Asia/Kolkata" }).where("id", "=", artist.id).execute();

      assert.equal((await call(artist, "GET", "/calendar?month=2026-13")).status, 422);
      assert.equal((await call(null, "GET", `/calendar?month=${day("03")}`)).status, 401);
    });

    await t.step("search's available-on leaves out acts booked that day in India, not before", async () => {
      const names = async (availableOn: string) =>
        (await searchActs(db, { availableOn, sort: "trust", limit: 50 })).map((r) => r.name).sort();
      assert.deepEqual(await names(day("03-14")), ["The Raga Collective"], "Asha plays Holi Night");
      assert.deepEqual(await names(day("03-15")), ["Asha Rao"], "the band plays at the Fort");
      assert.deepEqual(
        await names(day("03-16")),
        ["Asha Rao", "The Raga Collective"],
        "an offer is not a booking",
      );
      assert.deepEqual(await names(day("03-02")), ["The Raga Collective"], "Asha's block");
      assert.deepEqual(await names(day("03-21")), ["Asha Rao", "The Raga Collective"], "cancelled");
      // 00:30 in India on the 10th is the 9th in UTC.
      await booking(band.id, organizer.id, `${day("04-09")}T19:00:00Z`, "confirmed", "Late show");
      assert.deepEqual(await names(day("04-10")), ["Asha Rao"]);
      assert.deepEqual(await names(day("04-09")), ["Asha Rao", "The Raga Collective"]);
    });

    await t.step("the OpenAPI document describes the calendar endpoints", async () => {
      const doc = await (await app.request("/api/v1/openapi.json")).json();
      for (
        const path of [
          "/artists/{id}/blocks",
          "/artists/{id}/holds",
          "/holds/{id}",
          "/artists/{id}/availability",
        ]
      ) {
        assert.ok(doc.paths[path], path);
      }
    });
  } finally {
    await app.close();
  }
});
