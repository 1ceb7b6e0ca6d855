/**
 * Review moderation in the admin console, without JavaScript: reported
 * reviews wait with their booking and every report's reason; staff hide one
 * with a reason (asked for again when blank), which takes it off the public
 * list and onto the hidden list; or dismiss a review's reports, which keeps
 * it up and out of the queue until someone else reports it.
 */
import assert from "node:assert/strict";
import { openTestApp } from "./support/app.ts";
import { apiCaller, type SignedIn, signUp } from "./support/accounts.ts";
import { find, parsePage } from "./support/dom.ts";
import { act, booking } from "./support/fixtures.ts";

Deno.test("the console's review moderation: queue, hide with a reason, dismiss", async (t) => {
  const app = await openTestApp();
  try {
    const db = app.database.db;
    const call = apiCaller(app);
    const [organizer, artist, reporter, other, staff] = [
      await signUp(app, "organizer"),
      await signUp(app, "artist"),
      await signUp(app, "promoter"),
      await signUp(app, "promoter"),
      await signUp(app, "staff"),
    ];
    const solo = await act(db, artist.id, { name: "Meera Sen" });
    const show = await booking(db, solo.id, organizer.id, { title: "Monsoon ghazals", status: "completed" });
    await db.insertInto("booking_events").values({
      booking_id: show.id,
      actor_id: organizer.id,
      party: "organizer",
      event: "complete",
      from_status: "scheduled",
      to_status: "completed",
      detail: JSON.stringify({}),
      created_at: new Date(),
    }).execute();
    const aboutAct = await call(organizer, "POST", `/bookings/${show.id}/reviews`, {
      overall: 1,
      punctuality: 1,
      performance_as_described: 1,
      professionalism: 1,
      text: "Her phone number is 98xxxxxx10, call her and complain",
    });
    assert.equal(aboutAct.status, 201);
    const aboutOrganizer = await call(artist, "POST", `/bookings/${show.id}/reviews`, {
      overall: 5,
      paid_on_time: 5,
      hospitality_and_sound: 5,
      communication: 5,
      text: "Paid on the night, lovely room",
    });
    assert.equal(aboutOrganizer.status, 201);
    const personal = aboutAct.body.data.review.id as string;
    const praise = aboutOrganizer.body.data.review.id as string;
    for (
      const [who, id, reason] of [
        [reporter, personal, "It gives out a phone number"],
        [other, personal, "Harassment"],
        [reporter, praise, "Sounds fake"],
      ] as const
    ) {
      assert.equal((await call(who, "POST", `/reviews/${id}/report`, { reason })).status, 201);
    }
    const desk = async (who: SignedIn = staff) => {
      const res = await app.request("/admin/reviews", { headers: who.headers });
      assert.equal(res.status, 200);
      return parsePage(await res.text());
    };
    const post = (form: Record<string, string>) =>
      app.request("/admin/reviews", {
        method: "POST",
        headers: { ...staff.headers, Origin: "http://localhost" },
        body: new URLSearchParams(form),
        redirect: "manual",
      });
    const queued = (doc: Document) =>
      [...doc.querySelectorAll("[data-testid=reported-review] [data-testid=hide-form] input[name=review]")]
        .map((i) => i.getAttribute("value"));

    await t.step("only staff and admins open it", async () => {
      const res = await app.request("/admin/reviews", { headers: organizer.headers });
      assert.equal(res.status, 403);
      await res.body?.cancel();
    });

    await t.step("the queue: most reported first, with the booking and every reason", async () => {
      const doc = await desk();
      assert.deepEqual(queued(doc), [personal, praise]);
      const first = find(doc, "[data-testid=reported-review]");
      assert.match(find(first, "[data-testid=review-text]").textContent ?? "", /phone number/);
      assert.equal(find(first, `a[href="/bookings/${show.id}"]`).textContent, "Monsoon ghazals");
      assert.match(first.textContent ?? "", /Meera Sen/);
      const reasons = [...first.querySelectorAll("[data-testid=reports] li")].map((li) =>
        li.textContent ?? ""
      );
      assert.equal(reasons.length, 2);
      assert.match(reasons[0], /It gives out a phone number/);
      assert.match(reasons[1], /Harassment/);
    });

    await t.step("hiding needs a reason, shown beside the field when missing", async () => {
      const blank = await post({ review: personal, intent: "hide", reason: "  " });
      assert.equal(blank.status, 422);
      const doc = parsePage(await blank.text());
      assert.match(find(doc, `#hide-${personal}-error`).textContent ?? "", /why it is hidden/);
      assert.equal(find(doc, `#hide-${personal}`).getAttribute("aria-invalid"), "true");
    });

    await t.step("hidden with a reason: off the public list, on the hidden list", async () => {
      const reason = "It publishes a phone number";
      const hidden = await post({ review: personal, intent: "hide", reason });
      assert.equal(hidden.status, 303);
      assert.equal(hidden.headers.get("location"), "/admin/reviews?done=hide");
      const publicList = await call(null, "GET", `/artists/${solo.id}/reviews`);
      assert.deepEqual(publicList.body.data.reviews.map((r: { id: string }) => r.id), []);
      const doc = await desk();
      assert.deepEqual(queued(doc), [praise]);
      const item = find(doc, "[data-testid=hidden-review]");
      assert.equal(find(item, "[data-testid=hidden-reason]").textContent, reason);
      const row = await db.selectFrom("reviews").select(["text", "hidden_by"]).where("id", "=", personal)
        .executeTakeFirstOrThrow();
      assert.equal(row.hidden_by, staff.id);
      assert.match(row.text, /phone number/, "never edited");
    });

    await t.step("dismissed reports: the review stays up and leaves the queue, audited", async () => {
      const dismissed = await post({ review: praise, intent: "dismiss" });
      assert.equal(dismissed.status, 303);
      assert.ok(find(await desk(), "[data-testid=no-reports]"));
      const publicList = await call(null, "GET", `/users/${organizer.id}/reviews`);
      assert.deepEqual(publicList.body.data.reviews.map((r: { id: string }) => r.id), [praise]);
      const reports = await db.selectFrom("review_reports").select(["dismissed_by", "dismissed_at"])
        .where("review_id", "=", praise).execute();
      assert.deepEqual(reports.map((r) => r.dismissed_by), [staff.id]);
      const audit = await db.selectFrom("audit_logs").select(["actor_id", "action"])
        .where("entity_type", "=", "review_reports").where("action", "=", "update").execute();
      assert.deepEqual(audit.map((a) => a.actor_id), [staff.id]);
      // Nothing is left to dismiss.
      assert.equal((await call(staff, "POST", `/reviews/${praise}/dismiss-reports`)).status, 409);
    });

    await t.step("a new report brings it back, with only the new reason", async () => {
      assert.equal(
        (await call(other, "POST", `/reviews/${praise}/report`, { reason: "Written by a friend" })).status,
        201,
      );
      const doc = await desk();
      assert.deepEqual(queued(doc), [praise]);
      const reasons = [...doc.querySelectorAll("[data-testid=reports] li")].map((li) => li.textContent ?? "");
      assert.equal(reasons.length, 1);
      assert.match(reasons[0], /Written by a friend/);
    });
  } finally {
    await app.close();
  }
});
