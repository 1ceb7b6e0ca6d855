import assert from "node:assert/strict";
import {
  readable,
  replyRefusal,
  revealed,
  REVIEW_WINDOW_MS,
  reviewerSide,
  reviewWindowOpenedAt,
  submitRefusal,
  summarizeRatings,
} from "./reviews.ts";

const DAY = 24 * 60 * 60 * 1000;
const opened = new Date("2026-11-01T18:00:00Z");
const at = (days: number) => new Date(opened.getTime() + days * DAY);

Deno.test("only the organizer and the act's owner review, each for their side", () => {
  const booking = { status: "completed" as const, organizerId: "o", actOwnerId: "a" };
  assert.equal(reviewerSide(booking, "o"), "organizer");
  assert.equal(reviewerSide(booking, "a"), "act");
  assert.equal(reviewerSide(booking, "member"), null);
});

Deno.test("the window opens at the last completion and lasts 14 days", () => {
  const events = [
    { toStatus: "completed" as const, at: at(-10) },
    { toStatus: "disputed" as const, at: at(-5) },
    { toStatus: "completed" as const, at: opened },
  ];
  assert.deepEqual(reviewWindowOpenedAt("completed", events), opened);
  assert.equal(reviewWindowOpenedAt("disputed", events), null);
  assert.equal(reviewWindowOpenedAt("completed", []), null);
  assert.equal(submitRefusal(opened, false, at(0)), null);
  assert.equal(submitRefusal(opened, false, new Date(opened.getTime() + REVIEW_WINDOW_MS - 1)), null);
  assert.match(submitRefusal(opened, false, at(14))!, /14 days/);
  assert.match(submitRefusal(opened, true, at(1))!, /already/);
  assert.match(submitRefusal(null, false, at(1))!, /completed/);
});

Deno.test("double-blind: the other side reads a review only when both are in or the window closed", () => {
  assert.equal(revealed(opened, ["organizer"], at(13)), false);
  assert.equal(revealed(opened, ["organizer", "act"], at(1)), true);
  assert.equal(revealed(opened, ["organizer"], at(14)), true);
  assert.equal(revealed(opened, [], at(15)), true);
  assert.equal(readable("organizer", "organizer", false), true);
  assert.equal(readable("organizer", "act", false), false);
  assert.equal(readable("organizer", null, false), false);
  assert.equal(readable("organizer", null, true), true);
});

Deno.test("the reviewed side replies once, after the reveal, not to a hidden review", () => {
  const review = { side: "organizer" as const, replied: false, hidden: false };
  assert.equal(replyRefusal(review, "act", true), null);
  assert.match(replyRefusal(review, "organizer", true)!, /reviewed side/);
  assert.match(replyRefusal(review, null, true)!, /reviewed side/);
  assert.match(replyRefusal(review, "act", false)!, /visible/);
  assert.match(replyRefusal({ ...review, replied: true }, "act", true)!, /already/);
  assert.match(replyRefusal({ ...review, hidden: true }, "act", true)!, /hidden/);
});

Deno.test("the summary counts overall ratings 1..5", () => {
  assert.deepEqual(summarizeRatings([]), {
    count: 0,
    average: null,
    distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 },
  });
  assert.deepEqual(summarizeRatings([5, 4, 4, 1, 7]), {
    count: 4,
    average: 3.5,
    distribution: { 1: 1, 2: 0, 3: 0, 4: 2, 5: 1 },
  });
});
