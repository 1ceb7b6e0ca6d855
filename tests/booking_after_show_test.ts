/**
 * After the show, on the booking page without JavaScript: the organizer
 * marks it completed, the act raises a dispute, an admin rules on it; and
 * over the API only an admin may rule, within what was paid.
 */
import assert from "node:assert/strict";
import { openTestApp } from "./support/app.ts";
import { postJson, type SignedIn, signUp } from "./support/accounts.ts";
import { act, booking } from "./support/fixtures.ts";
import { capturedBehind } from "./support/payments.ts";

const HOUR = 3_600_000;

Deno.test("completing, disputing and resolving a booking", async (t) => {
  const app = await openTestApp();
  try {
    const db = app.database.db;
    const organizer = await signUp(app, "organizer");
    const artist = await signUp(app, "artist");
    const admin = await signUp(app, "admin");
    const flute = await act(db, artist.id, { name: "Raghav Flute" });
    // A show that started three hours ago and ended one hour ago, its 30% deposit paid.
    const show = await booking(db, flute.id, organizer.id, {
      title: "Dawn ragas at the ghats",
      status: "scheduled",
      starts_at: new Date(Date.now() - 3 * HOUR),
      duration_minutes: 120,
      fee: 5_000_000,
      paid: 1_500_000,
      offers_made: 1,
    });
    await capturedBehind(db, show, 1_500_000);
    const path = `/bookings/${show.id}`;
    const page = async (who: SignedIn) => await (await app.request(path, { headers: who.headers })).text();
    const post = (who: SignedIn, form: Record<string, string>) =>
      app.request(path, {
        method: "POST",
        headers: { ...who.headers, Origin: "http://localhost" },
        body: new URLSearchParams(form),
      });
    const status = async () =>
      (await db.selectFrom("bookings").select("status").where("id", "=", show.id)
        .executeTakeFirstOrThrow())
        .status;

    await t.step("the organizer marks the show completed; the act cannot", async () => {
      assert.doesNotMatch(await page(artist), /value="complete"/);
      assert.match(await page(organizer), /The show went ahead: mark it completed/);
      const done = await post(organizer, { intent: "complete" });
      assert.equal(done.status, 303);
      assert.equal(done.headers.get("location"), `${path}?done=complete`);
      assert.equal(await status(), "completed");
    });

    await t.step("the act raises a dispute; a blank reason is asked for again", async () => {
      const blank = await post(artist, { intent: "dispute", reason: " " });
      assert.equal(blank.status, 422);
      assert.match(await blank.text(), /Say briefly why/);
      const raised = await post(artist, { intent: "dispute", reason: "We were paid only the deposit." });
      assert.equal(raised.status, 303);
      assert.equal(await status(), "disputed");
      const note = await db.selectFrom("notifications").select("body").where("user_id", "=", organizer.id)
        .orderBy("created_at", "desc").executeTakeFirstOrThrow();
      assert.match(note.body ?? "", /We were paid only the deposit\./);
    });

    await t.step("only an admin rules, and never beyond what was paid", async () => {
      assert.doesNotMatch(await page(organizer), /data-testid="resolve"/);
      const byParty = await postJson(
        app,
        `/api/v1${path}/resolve`,
        { outcome: "release", reason: "The show went ahead as agreed." },
        organizer.headers,
      );
      assert.equal(byParty.status, 403);
      assert.equal((await byParty.json()).error.code, "FORBIDDEN");
      const tooMuch = await postJson(
        app,
        `/api/v1${path}/resolve`,
        { outcome: "refund", refundAmount: 1_500_001, reason: "The set was cut short." },
        admin.headers,
      );
      assert.equal(tooMuch.status, 422);
      assert.equal((await tooMuch.json()).error.code, "VALIDATION_ERROR");
      const desk = await (await app.request("/dashboard", { headers: admin.headers })).text();
      assert.match(desk.split('data-testid="disputes"')[1] ?? "", /Dawn ragas at the ghats/);
      assert.match(await page(admin), /The organizer has paid ₹15,000/);
      const unexplained = await post(admin, {
        intent: "resolve",
        outcome: "refund",
        refund: "5,000",
        reason: "",
      });
      assert.equal(unexplained.status, 422);
      assert.match(await unexplained.text(), /Write the reason for the ruling/);
      const ruled = await post(admin, {
        intent: "resolve",
        outcome: "refund",
        refund: "5,000",
        reason: "Only the deposit was paid and a third of the set was played.",
      });
      assert.equal(ruled.status, 303);
      assert.equal(await status(), "refunded");
      const row = await db.selectFrom("bookings").select(["refund_due"]).where("id", "=", show.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.refund_due, 500_000);
      const timeline = await db.selectFrom("booking_events").select(["event", "party", "to_status"])
        .where("booking_id", "=", show.id).orderBy("id").execute();
      assert.deepEqual(timeline.map((e) => [e.event, e.party, e.to_status]), [
        ["complete", "organizer", "completed"],
        ["dispute", "act", "disputed"],
        ["resolve", "admin", "refunded"],
      ]);
    });

    await t.step("a released dispute is final: the booking cannot be disputed again", async () => {
      const second = await booking(db, flute.id, organizer.id, {
        title: "Evening ragas",
        status: "completed",
        starts_at: new Date(Date.now() - 30 * HOUR),
        duration_minutes: 60,
        fee: 2_000_000,
        paid: 2_000_000,
        offers_made: 1,
      });
      await capturedBehind(db, second, 2_000_000);
      const api = `/api/v1/bookings/${second.id}`;
      const reason = { reason: "The sound was poor." };
      assert.equal((await postJson(app, `${api}/dispute`, reason, organizer.headers)).status, 200);
      assert.equal(
        (await postJson(
          app,
          `${api}/resolve`,
          { outcome: "release", reason: "The sound was fine." },
          admin.headers,
        ))
          .status,
        200,
      );
      const again = await postJson(app, `${api}/dispute`, reason, artist.headers);
      assert.equal(again.status, 409);
      assert.match((await again.json()).error.message, /disputed once already/);
    });
  } finally {
    await app.close();
  }
});
