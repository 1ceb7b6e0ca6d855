/**
 * Reviews through the services, on PGlite and on PostgreSQL: only the two
 * parties of a completed booking review, once per side, within 14 days of
 * completion; double-blind until both are in or the window closes; the
 * reviewed side replies once; anyone reports once; staff hide with a reason,
 * which keeps the text for the parties and takes it off the public list.
 */
import assert from "node:assert/strict";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { AppError, Conflict, Forbidden, NotFound, Unauthorized, ValidationError } from "../domain/errors.ts";
import { hideReview, moderationQueue, reportReview } from "../services/reviews/moderation.ts";
import { reviewsOf, reviewStateForBooking } from "../services/reviews/read.ts";
import { replyToReview, submitReview } from "../services/reviews/write.ts";
import { hasPostgres, openTestDatabase } from "./support/db.ts";
import { band, booking, person } from "./support/fixtures.ts";
import { outboxDeps } from "./support/workflow_deps.ts";

const DAY = 24 * 60 * 60 * 1000;
const meta = { ip: null, userAgent: null };

async function rejects(p: Promise<unknown>, type: new (...a: never[]) => AppError, message?: RegExp) {
  await assert.rejects(p, (err) => {
    assert.ok(err instanceof type, `expected ${type.name}, got ${err}`);
    if (message) assert.match((err as Error).message, message);
    return true;
  });
}

const organizerReview = {
  overall: 5,
  punctuality: 5,
  performance_as_described: 4,
  professionalism: 5,
  text: "Packed the room",
};
const actReview = {
  overall: 4,
  paid_on_time: 5,
  hospitality_and_sound: 3,
  communication: 4,
  text: "Paid on the night",
};

/** A band's completed booking: completed `completedDaysAgo` days before the clock, as its timeline says. */
async function completedBooking(db: Kysely<Database>, clock: { now: Date }, completedDaysAgo = 1) {
  const [organizer, manager, member, stranger, staff] = await Promise.all([
    person(db, "organizer"),
    person(db, "band_manager"),
    person(db, "artist"),
    person(db, "promoter"),
    person(db, "staff"),
  ]);
  const theBand = await band(db, manager.userId);
  await db.insertInto("band_members").values({
    act_id: theBand.id,
    user_id: member.userId,
    status: "accepted",
    responded_at: new Date(),
  }).execute();
  const completedAt = new Date(clock.now.getTime() - completedDaysAgo * DAY);
  const row = await booking(db, theBand.id, organizer.userId, {
    status: "completed",
    starts_at: new Date(completedAt.getTime() - 3 * 60 * 60 * 1000),
  });
  await db.insertInto("booking_events").values({
    booking_id: row.id,
    actor_id: organizer.userId,
    party: "organizer",
    event: "complete",
    from_status: "scheduled",
    to_status: "completed",
    detail: JSON.stringify({}),
    created_at: completedAt,
  }).execute();
  return { organizer, manager, member, stranger, staff, actId: theBand.id, bookingId: row.id };
}

for (const driver of ["pglite", "pg"] as const) {
  Deno.test({
    name: `review services [${driver}]`,
    ignore: driver === "pg" && !hasPostgres,
    async fn(t) {
      const handle = await openTestDatabase({ driver });
      const clock = { now: new Date() };
      const deps = outboxDeps(handle.db, { now: () => clock.now });
      const db = handle.db;
      try {
        await t.step("only the two parties review; members, staff and strangers cannot", async () => {
          const c = await completedBooking(db, clock);
          await rejects(submitReview(deps, null, c.bookingId, organizerReview, meta), Unauthorized);
          await rejects(submitReview(deps, c.stranger, c.bookingId, organizerReview, meta), NotFound);
          await rejects(submitReview(deps, c.member, c.bookingId, actReview, meta), Forbidden);
          await rejects(submitReview(deps, c.staff, c.bookingId, actReview, meta), Forbidden);
          // Each side rates its own categories, and only those.
          await rejects(submitReview(deps, c.organizer, c.bookingId, actReview, meta), ValidationError);
          await rejects(
            submitReview(deps, c.organizer, c.bookingId, { ...organizerReview, overall: 6 }, meta),
            ValidationError,
          );
          await rejects(
            submitReview(
              deps,
              c.organizer,
              c.bookingId,
              { ...organizerReview, text: "x".repeat(4001) },
              meta,
            ),
            ValidationError,
          );
          const mine = await submitReview(deps, c.organizer, c.bookingId, organizerReview, meta);
          assert.equal(mine.side, "organizer");
          assert.deepEqual(mine.categories.map((x) => x.rating), [5, 4, 5]);
          const audited = await db.selectFrom("audit_logs").select("actor_id")
            .where("entity_type", "=", "reviews").where("entity_id", "=", mine.id).executeTakeFirst();
          assert.equal(audited?.actor_id, c.organizer.userId);
        });

        await t.step("once per side, and only within 14 days of completion", async () => {
          const c = await completedBooking(db, clock, 13);
          await submitReview(deps, c.manager, c.bookingId, actReview, meta);
          await rejects(submitReview(deps, c.manager, c.bookingId, actReview, meta), Conflict, /already/);
          const late = await completedBooking(db, clock, 14);
          await rejects(
            submitReview(deps, late.organizer, late.bookingId, organizerReview, meta),
            Conflict,
            /14 days/,
          );
          const notDone = await completedBooking(db, clock);
          await db.updateTable("bookings").set({ status: "disputed" }).where("id", "=", notDone.bookingId)
            .execute();
          await rejects(
            submitReview(deps, notDone.organizer, notDone.bookingId, organizerReview, meta),
            Conflict,
            /completed/,
          );
        });

        await t.step("a dispute ruled with the money released opens the window at the ruling", async () => {
          const c = await completedBooking(db, clock, 20);
          await db.insertInto("booking_events").values([
            { days: 18, from: "completed", to: "disputed", event: "dispute" },
            { days: 1, from: "disputed", to: "completed", event: "resolve" },
          ].map((e) => ({
            booking_id: c.bookingId,
            actor_id: null,
            party: "admin" as const,
            event: e.event,
            from_status: e.from as "completed" | "disputed",
            to_status: e.to as "completed" | "disputed",
            detail: JSON.stringify({}),
            created_at: new Date(clock.now.getTime() - e.days * DAY),
          }))).execute();
          const review = await submitReview(deps, c.organizer, c.bookingId, organizerReview, meta);
          assert.equal(review.side, "organizer");
        });

        await t.step(
          "double-blind: the author sees their own, the other side nothing until both are in",
          async () => {
            const c = await completedBooking(db, clock);
            const mine = await submitReview(deps, c.organizer, c.bookingId, organizerReview, meta);
            const authorView = await reviewStateForBooking(db, c.organizer, c.bookingId, clock.now);
            assert.deepEqual(authorView.reviews.map((r) => r.id), [mine.id]);
            assert.equal(authorView.revealed, false);
            const otherView = await reviewStateForBooking(db, c.manager, c.bookingId, clock.now);
            assert.deepEqual(otherView.reviews, []);
            assert.equal(otherView.otherSubmitted, true);
            assert.equal(otherView.refusal, null);
            assert.deepEqual(otherView.categories, [
              "paid_on_time",
              "hospitality_and_sound",
              "communication",
            ]);
            assert.deepEqual((await reviewStateForBooking(db, c.member, c.bookingId, clock.now)).reviews, []);
            assert.equal((await reviewsOf(db, { actId: c.actId }, clock.now)).summary.count, 0);
            // Nobody can reply to or report what they cannot read yet.
            await rejects(replyToReview(deps, c.manager, mine.id, { reply: "Thanks" }, meta), NotFound);
            await rejects(reportReview(deps, c.stranger, mine.id, { reason: "rude" }, meta), NotFound);
            const notice = await db.selectFrom("notifications").select("body")
              .where("user_id", "=", c.manager.userId).executeTakeFirstOrThrow();
            assert.doesNotMatch(notice.body ?? "", /Packed the room/);
            // Nor does a blind review move a score, which would give it away.
            const moved = () =>
              db.selectFrom("trust_score_history").select(["subject_type", "subject_id", "reason"])
                .where("booking_id", "=", c.bookingId).where("event", "=", "review").execute();
            assert.deepEqual(await moved(), []);

            const theirs = await submitReview(deps, c.manager, c.bookingId, actReview, meta);
            const revealedNotice = await db.selectFrom("notifications").select("body")
              .where("user_id", "=", c.organizer.userId).executeTakeFirstOrThrow();
            assert.match(revealedNotice.body ?? "", /Both reviews/);
            // Revealed, the five stars raise the act's score, with the reason on its history.
            const actMoved = (await moved()).filter((h) => h.subject_type === "act");
            assert.equal(actMoved.length, 1);
            assert.equal(actMoved[0].subject_id, c.actId);
            assert.match(actMoved[0].reason, /^Both reviews of “.+” were revealed$/);
            for (const who of [c.organizer, c.manager, c.member]) {
              const state = await reviewStateForBooking(db, who, c.bookingId, clock.now);
              assert.deepEqual(state.reviews.map((r) => r.id).sort(), [mine.id, theirs.id].sort());
            }
            const ofAct = await reviewsOf(db, { actId: c.actId }, clock.now);
            assert.deepEqual(ofAct.reviews.map((r) => r.text), ["Packed the room"]);
            assert.deepEqual(ofAct.summary.distribution, { 1: 0, 2: 0, 3: 0, 4: 0, 5: 1 });
            const ofOrganizer = await reviewsOf(db, { userId: c.organizer.userId }, clock.now);
            assert.deepEqual(ofOrganizer.reviews.map((r) => r.text), ["Paid on the night"]);
          },
        );

        await t.step(
          "after the window, a lone review shows to the other side and the public (day 15)",
          async () => {
            const c = await completedBooking(db, clock);
            const mine = await submitReview(deps, c.organizer, c.bookingId, organizerReview, meta);
            const day13 = new Date(clock.now.getTime() + 12 * DAY);
            assert.deepEqual((await reviewStateForBooking(db, c.manager, c.bookingId, day13)).reviews, []);
            assert.equal((await reviewsOf(db, { actId: c.actId }, day13)).summary.count, 0);
            const day15 = new Date(clock.now.getTime() + 14 * DAY);
            assert.deepEqual(
              (await reviewStateForBooking(db, c.manager, c.bookingId, day15)).reviews.map((r) => r.id),
              [
                mine.id,
              ],
            );
            assert.deepEqual((await reviewsOf(db, { actId: c.actId }, day15)).reviews.map((r) => r.id), [
              mine.id,
            ]);
            const late = (await reviewStateForBooking(db, c.manager, c.bookingId, day15)).refusal;
            assert.match(late!, /14 days/);
          },
        );

        await t.step("the reviewed side replies once; the author cannot", async () => {
          const c = await completedBooking(db, clock);
          const mine = await submitReview(deps, c.organizer, c.bookingId, organizerReview, meta);
          await submitReview(deps, c.manager, c.bookingId, actReview, meta);
          await rejects(replyToReview(deps, c.organizer, mine.id, { reply: "Me again" }, meta), Forbidden);
          await rejects(replyToReview(deps, c.member, mine.id, { reply: "Thanks" }, meta), Forbidden);
          await rejects(replyToReview(deps, c.manager, mine.id, { reply: "" }, meta), ValidationError);
          const replied = await replyToReview(deps, c.manager, mine.id, { reply: "Thank you, Pune!" }, meta);
          assert.equal(replied.reply, "Thank you, Pune!");
          await rejects(
            replyToReview(deps, c.manager, mine.id, { reply: "And again" }, meta),
            Conflict,
            /already/,
          );
          assert.equal(
            (await reviewsOf(db, { actId: c.actId }, clock.now)).reviews[0].reply,
            "Thank you, Pune!",
          );
        });

        await t.step(
          "reports go to the queue once each; staff hide with a reason and the text stays",
          async () => {
            const c = await completedBooking(db, clock);
            const mine = await submitReview(deps, c.organizer, c.bookingId, organizerReview, meta);
            await submitReview(deps, c.manager, c.bookingId, actReview, meta);
            await rejects(reportReview(deps, null, mine.id, { reason: "spam" }, meta), Unauthorized);
            await reportReview(deps, c.stranger, mine.id, { reason: "Not about the show" }, meta);
            await rejects(reportReview(deps, c.stranger, mine.id, { reason: "again" }, meta), Conflict);
            await rejects(moderationQueue(deps, c.stranger), Forbidden);
            const queue = await moderationQueue(deps, c.staff);
            assert.ok(queue.some((q) => q.id === mine.id && q.reports === 1));

            await rejects(
              hideReview(deps, c.organizer, mine.id, { reason: "I changed my mind" }, meta),
              Forbidden,
            );
            await rejects(hideReview(deps, c.staff, mine.id, { reason: "" }, meta), ValidationError);
            const hidden = await hideReview(deps, c.staff, mine.id, { reason: "Off topic" }, meta);
            assert.equal(hidden.hidden?.reason, "Off topic");
            assert.equal(hidden.text, "Packed the room");
            await rejects(hideReview(deps, c.staff, mine.id, { reason: "Twice" }, meta), Conflict);
            assert.equal((await reviewsOf(db, { actId: c.actId }, clock.now)).summary.count, 0);
            assert.ok(!(await moderationQueue(deps, c.staff)).some((q) => q.id === mine.id));
            const authorView = await reviewStateForBooking(db, c.organizer, c.bookingId, clock.now);
            const own = authorView.reviews.find((r) => r.id === mine.id)!;
            assert.equal(own.text, "Packed the room");
            assert.equal(own.hidden?.reason, "Off topic");
            const row = await db.selectFrom("reviews").select(["text", "hidden_by"]).where("id", "=", mine.id)
              .executeTakeFirstOrThrow();
            assert.deepEqual(row, { text: "Packed the room", hidden_by: c.staff.userId });
          },
        );

        await t.step("the database refuses a second review for a side and out-of-range ratings", async () => {
          const c = await completedBooking(db, clock);
          await submitReview(deps, c.organizer, c.bookingId, organizerReview, meta);
          const base = {
            booking_id: c.bookingId,
            author_id: c.organizer.userId,
            side: "organizer" as const,
            subject_act_id: c.actId,
            ...organizerReview,
            submitted_at: clock.now,
          };
          await assert.rejects(db.insertInto("reviews").values(base).execute());
          await db.deleteFrom("reviews").where("booking_id", "=", c.bookingId).execute();
          await assert.rejects(db.insertInto("reviews").values({ ...base, punctuality: 0 }).execute());
          await assert.rejects(db.insertInto("reviews").values({ ...base, paid_on_time: 3 }).execute());
        });
      } finally {
        await handle.close();
      }
    },
  });
}
