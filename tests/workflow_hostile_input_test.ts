/**
 * The workflow against callers who probe it: hostile text and cursors get a
 * 4xx, never a 500; strangers cannot tell which ids exist; a cancelled gig
 * cannot turn into a booking; nobody holds dates on their own act.
 */
import assert from "node:assert/strict";
import { encodeCursor } from "../lib/cursor.ts";
import { openTestApp } from "./support/app.ts";
import { apiCaller, signUp } from "./support/accounts.ts";

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

Deno.test("the booking workflow under hostile input", async (t) => {
  const app = await openTestApp();
  const call = apiCaller(app);
  try {
    const { city_id: cityId } = await app.database.db.selectFrom("cities").select("city_id").limit(1)
      .executeTakeFirstOrThrow();
    const organizer = await signUp(app, "organizer", ["artist"]);
    const artist = await signUp(app, "artist");
    const stranger = await signUp(app, "promoter");
    const solo = { kind: "solo", budgetMin: 100_000, budgetStandard: 200_000, budgetPremium: 300_000 };
    const act = (await call(artist, "POST", "/artists", { ...solo, name: "Ila Arun Tribute" })).body.data.act;
    const ownAct = (await call(organizer, "POST", "/artists", { ...solo, name: "Organizer's Own Band" }))
      .body.data.act;
    const gig = (await call(organizer, "POST", "/opportunities", {
      title: "Holi colours party",
      startsAt: inDays(30),
      durationMinutes: 120,
      cityId,
      address: "Juhu beach",
      genres: ["bollywood"],
      budgetMin: 2_000_000,
      budgetMax: 5_000_000,
      applicationDeadline: inDays(10),
    })).body.data.opportunity;
    const application = (await call(artist, "POST", "/applications", {
      opportunityId: gig.id,
      actId: act.id,
      pitch: "Rajasthani folk with a dhol section.",
      proposedFee: 3_000_000,
    })).body.data.application;

    await t.step("a NUL character in free text is a 422 naming the field", async () => {
      const request = await call(organizer, "POST", "/bookings", {
        actId: act.id,
        title: "Sangeet\u0000night",
        startsAt: inDays(40),
        durationMinutes: 90,
        cityId,
        address: "Bandra",
      });
      assert.equal(request.status, 422, JSON.stringify(request.body));
      assert.deepEqual(request.body.error.details.map((d: { field: string }) => d.field), ["title"]);
      const block = await call(artist, "POST", `/artists/${act.id}/blocks`, {
        startsAt: inDays(50),
        endsAt: inDays(51),
        reason: "\u0000",
      });
      assert.equal(block.status, 422);
    });

    await t.step("tampered cursors are a 422 on the API and on the gigs page", async () => {
      const bad = encodeCursor(["garbage", "x"]);
      const list = await call(organizer, "GET", `/bookings?cursor=${encodeURIComponent(bad)}`);
      assert.equal(list.status, 422);
      // A fraction where the sort key is a bigint column is refused as a cursor, not by the database.
      const fraction = encodeCursor(["price", "1.5", crypto.randomUUID()]);
      const acts = await call(
        null,
        "GET",
        `/search/artists?sort=price&cursor=${encodeURIComponent(fraction)}`,
      );
      assert.equal(acts.status, 422);
      assert.deepEqual(acts.body.error.details.map((d: { field: string }) => d.field), ["cursor"]);
      const giant = encodeCursor(["opportunity.budget", "99999999999999999999", crypto.randomUUID()]);
      const page = await app.request(`/opportunities?sort=budget&cursor=${encodeURIComponent(giant)}`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /That page of results has moved; here is the first one\./);
    });

    await t.step("strangers learn nothing about ids: 401 and 404 alike", async () => {
      const booking = (await call(organizer, "POST", "/bookings", {
        actId: act.id,
        title: "Private dinner",
        startsAt: inDays(45),
        durationMinutes: 90,
        cityId,
        address: "Colaba",
      })).body.data.booking;
      for (const suffix of ["", "/timeline"]) {
        const real = await call(null, "GET", `/bookings/${booking.id}${suffix}`);
        const made = await call(null, "GET", `/bookings/${crypto.randomUUID()}${suffix}`);
        assert.deepEqual([real.status, made.status], [401, 401]);
      }
      const seen = await call(stranger, "GET", `/applications/${application.id}`);
      const unseen = await call(stranger, "GET", `/applications/${crypto.randomUUID()}`);
      assert.deepEqual([seen.status, unseen.status], [404, 404]);
    });

    await t.step("a bad application id in a page form is a 404 page, not a 500", async () => {
      const res = await app.request(`/opportunities/${gig.id}`, {
        method: "POST",
        headers: {
          ...artist.headers,
          Origin: "http://localhost",
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({ intent: "withdraw", applicationId: "nope" }),
      });
      assert.equal(res.status, 404);
    });

    await t.step("nobody holds dates on an act they manage", async () => {
      const hold = await call(organizer, "POST", `/artists/${ownAct.id}/holds`, {
        holdDate: inDays(20).slice(0, 10),
        expiresAt: inDays(5),
      });
      assert.equal(hold.status, 403);
    });

    await t.step("a gig's currency is fixed once acts have priced their fees in it", async () => {
      const changed = await call(organizer, "PATCH", `/opportunities/${gig.id}`, { currency: "USD" });
      assert.equal(changed.status, 422);
      assert.deepEqual(changed.body.error.details, [{
        field: "currency",
        message: "Cannot change once acts have applied",
      }]);
    });

    await t.step("a cancelled gig's applications cannot start a negotiation", async () => {
      assert.equal((await call(organizer, "DELETE", `/opportunities/${gig.id}`)).status, 200);
      const started = await call(organizer, "POST", "/negotiations", { applicationId: application.id });
      assert.equal(started.status, 409);
      assert.match(started.body.error.message, /cancelled/);
      const bookings = await app.database.db.selectFrom("bookings").select("id")
        .where("opportunity_id", "=", gig.id).execute();
      assert.deepEqual(bookings, []);
    });
  } finally {
    await app.close();
  }
});
