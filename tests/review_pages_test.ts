/**
 * Reviews through the pages, as forms without JavaScript: the booking page
 * offers the form to each party of a completed booking, a refused form comes
 * back with the error beside its field, the other side sees only that a
 * review is in until theirs is, the reviewed side replies, the band's public
 * page shows the count, distribution and reply, and anyone signed in reports.
 */
import assert from "node:assert/strict";
import { openTestApp } from "./support/app.ts";
import { bookingCast, completeCastBooking } from "./support/booking_cast.ts";
import { find, parsePage } from "./support/dom.ts";
import { FormBrowser } from "./support/form_browser.ts";

Deno.test("reviewing a completed booking through its page", async () => {
  const app = await openTestApp();
  try {
    const { people, bookingId } = await bookingCast(app);
    const db = app.database.db;
    const actId = await completeCastBooking(app, { people, bookingId });
    const { slug } = await db.selectFrom("acts").select("slug").where("id", "=", actId)
      .executeTakeFirstOrThrow();
    const bookingPath = `/bookings/${bookingId}`;
    const reviewPath = `/bookings/${bookingId}/review`;

    const organizer = new FormBrowser(app, "203.0.113.91");
    await organizer.signIn(people.organizer);
    let doc = parsePage(await organizer.html(bookingPath));
    find(doc, "[data-testid=review-form]");

    const review = {
      intent: "review",
      punctuality: "5",
      performance_as_described: "4",
      professionalism: "5",
      text: "They filled the hall <b>twice</b>",
    };
    const refused = await organizer.go(reviewPath, review);
    assert.equal(refused.status, 422);
    const refusedHtml = await refused.text();
    doc = parsePage(refusedHtml);
    assert.match(find(doc, "#overall-error").textContent ?? "", /1 to 5/);
    // What was typed comes back, escaped.
    assert.match(
      refusedHtml,
      /<textarea[^>]*name="text"[^>]*>They filled the hall &lt;b>twice&lt;\/b><\/textarea>/,
    );

    const sent = await organizer.go(reviewPath, { ...review, overall: "5" });
    assert.equal(sent.status, 303);
    assert.equal(sent.headers.get("location"), `${bookingPath}?done=review`);
    doc = parsePage(await organizer.html(`${bookingPath}?done=review`));
    assert.match(
      find(doc, "[data-testid=booking-reviews]").textContent ?? "",
      /filled the hall <b>twice<\/b>/,
    );
    assert.equal(doc.querySelector("[data-testid=review-form]"), null);

    const act = new FormBrowser(app, "203.0.113.92");
    await act.signIn(people.act);
    doc = parsePage(await act.html(bookingPath));
    find(doc, "[data-testid=other-submitted]");
    assert.doesNotMatch(find(doc, "[data-testid=booking-reviews]").textContent ?? "", /filled the hall/);
    const actSent = await act.go(reviewPath, {
      intent: "review",
      overall: "4",
      paid_on_time: "5",
      hospitality_and_sound: "3",
      communication: "4",
      text: "Paid the same night",
    });
    assert.equal(actSent.status, 303);
    doc = parsePage(await act.html(bookingPath));
    const both = find(doc, "[data-testid=booking-reviews]").textContent ?? "";
    assert.match(both, /filled the hall/);
    assert.match(both, /Paid the same night/);
    const { id: reviewId } = await db.selectFrom("reviews").select("id")
      .where("booking_id", "=", bookingId).where("side", "=", "organizer").executeTakeFirstOrThrow();
    const reply = find(doc, "[data-testid=reply-form]");
    assert.equal(reply.querySelector("[name=reviewId]")?.getAttribute("value"), reviewId);
    const replied = await act.go(reviewPath, { intent: "reply", reviewId, reply: "Thank you, Pune!" });
    assert.equal(replied.status, 303);
    const twice = await act.go(reviewPath, { intent: "reply", reviewId, reply: "Again" });
    assert.equal(twice.status, 409);
    assert.match(await twice.text(), /already has its reply/);

    const visitor = new FormBrowser(app, "203.0.113.93");
    doc = parsePage(await visitor.html(`/bands/${slug}`));
    assert.match(find(doc, "[data-testid=review-summary]").textContent ?? "", /5\.0 out of 5 from 1 review/);
    assert.equal(find(doc, "[data-testid=stars-5]").textContent, "1");
    assert.match(find(doc, "[data-testid=review-reply]").textContent ?? "", /Thank you, Pune!/);
    const scripts = [...doc.querySelectorAll("script")].map((s) => s.getAttribute("type"));
    assert.deepEqual(scripts, ["application/ld+json"], "the public page ships no JavaScript");
    const report = find(doc, "[data-testid=review] a[href$='/report']").getAttribute("href")!;

    const stranger = new FormBrowser(app, "203.0.113.94");
    const toLogin = await stranger.go(report);
    assert.equal(toLogin.status, 303);
    await stranger.signIn(people.stranger);
    find(parsePage(await stranger.html(report)), "[data-testid=report-form]");
    const empty = await stranger.go(report, { reason: "  " });
    assert.equal(empty.status, 422);
    find(parsePage(await empty.text()), "#reason-error");
    const reported = await stranger.go(report, { reason: "It is about another show" });
    assert.equal(reported.status, 200);
    assert.match(await reported.text(), /moderators will look at it/);
    const again = await stranger.go(report, { reason: "Again" });
    assert.equal(again.status, 409);
    assert.match(await again.text(), /already reported/);
  } finally {
    await app.close();
  }
});
