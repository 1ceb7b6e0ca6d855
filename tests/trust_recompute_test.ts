/**
 * Trust scores recomputed by the booking workflow's own transactions, against
 * PGlite and (when TEST_DATABASE_URL is set) PostgreSQL: what changes, whose
 * score, and the history row that says why.
 */
import assert from "node:assert/strict";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { trustHistoryOf } from "../db/queries/trust_facts.ts";
import * as bookings from "../services/bookings/bookings.ts";
import type { WorkflowDeps } from "../services/notifications.ts";
import { recomputeTrust } from "../services/trust/recompute.ts";
import { recomputeAllTrust } from "../services/trust/nightly.ts";
import { gatherTrustFacts } from "../services/trust/facts.ts";
import { submitReview } from "../services/reviews/write.ts";
import { trustScore } from "../domain/trust_score.ts";
import { hasPostgres, openTestDatabase } from "./support/db.ts";
import { capturedBehind } from "./support/payments.ts";
import { act, booking, person, venue } from "./support/fixtures.ts";
import { outboxDeps } from "./support/workflow_deps.ts";

const HOUR = 60 * 60 * 1000;
const meta = { ip: "203.0.113.9", userAgent: "trust-test" };

const score = async (db: Kysely<Database>, table: "acts" | "users", id: string) =>
  Number(
    (await db.selectFrom(table).select("trust_score").where("id", "=", id).executeTakeFirstOrThrow())
      .trust_score,
  );

const venueScore = async (db: Kysely<Database>, id: string) =>
  Number(
    (await db.selectFrom("venues").select("trust_score").where("id", "=", id).executeTakeFirstOrThrow())
      .trust_score,
  );

for (const driver of ["pglite", "pg"] as const) {
  Deno.test({
    name: `trust scores follow the booking workflow [${driver}]`,
    ignore: driver === "pg" && !hasPostgres,
    async fn(t) {
      const handle = await openTestDatabase({ driver });
      const db = handle.db;
      // Timeline rows are stamped by the database's clock, so the services run on the real one too.
      const deps = outboxDeps(db);
      try {
        await t.step(
          "a completion raises the act's score with a history row that reads well, once",
          async () => {
            const organizer = await person(db, "organizer");
            const artist = await person(db, "artist");
            const { id: actId } = await act(db, artist.userId);
            const show = await booking(db, actId, organizer.userId, {
              title: "Dawn ragas at the ghats",
              status: "scheduled",
              starts_at: new Date(Date.now() - 3 * HOUR),
              duration_minutes: 120,
              offers_made: 1,
            });
            assert.equal(await score(db, "acts", actId), 50);
            await bookings.completeBooking(deps, organizer, show.id, meta);
            // 50 + one completed booking just now (2.5).
            assert.equal(await score(db, "acts", actId), 52.5);
            const history = await trustHistoryOf(db, { type: "act", id: actId });
            assert.equal(history.length, 1);
            assert.deepEqual(
              [
                Number(history[0].old_score),
                Number(history[0].new_score),
                history[0].booking_id,
                history[0].event,
              ],
              [50, 52.5, show.id, "complete"],
            );
            assert.equal(history[0].reason, "The booking “Dawn ragas at the ghats” was completed");
            // The organizer completed a booking too, and has a confirmed account: 50 + 2.5 + 5.
            assert.equal(await score(db, "users", organizer.userId), 57.5);

            // Recomputing again, twice, changes nothing and writes no second history row.
            for (let i = 0; i < 2; i++) {
              const changed = await db.transaction().execute((trx) =>
                recomputeTrust(trx, { type: "act", id: actId }, "Checked again", {
                  bookingId: null,
                  event: null,
                }, new Date())
              );
              assert.equal(changed, null);
            }
            assert.equal((await trustHistoryOf(db, { type: "act", id: actId })).length, 1);
            assert.equal(await score(db, "acts", actId), 52.5);
          },
        );

        await t.step(
          "a late cancellation by the organizer lowers the organizer's score, not the act's",
          async () => {
            const organizer = await person(db, "organizer");
            const artist = await person(db, "artist");
            const { id: actId } = await act(db, artist.userId);
            const show = await booking(db, actId, organizer.userId, {
              title: "Sufi night on the terrace",
              status: "scheduled",
              starts_at: new Date(Date.now() + 2 * HOUR),
              duration_minutes: 90,
              offers_made: 1,
            });
            await bookings.cancelBooking(deps, organizer, show.id, { reason: "The terrace flooded" }, meta);
            // 50 + 5 (confirmed account) − (4 + 8 × (1 − 2 h / 720 h)) ≈ 43.02.
            const organizerScore = await score(db, "users", organizer.userId);
            assert.ok(organizerScore > 43 && organizerScore < 43.1, `organizer at ${organizerScore}`);
            const [row] = await trustHistoryOf(db, { type: "organizer", id: organizer.userId });
            assert.equal(
              row.reason,
              "The booking “Sufi night on the terrace” was cancelled by the organizer",
            );
            assert.equal(row.event, "cancel");
            assert.equal(await score(db, "acts", actId), 50);
            assert.deepEqual(await trustHistoryOf(db, { type: "act", id: actId }), []);
          },
        );

        await t.step(
          "a ruling that releases the money goes against the organizer and completes the act's show",
          async () => {
            const organizer = await person(db, "organizer");
            const artist = await person(db, "artist");
            const admin = await person(db, "admin");
            const { id: actId } = await act(db, artist.userId);
            const show = await booking(db, actId, organizer.userId, {
              title: "Qawwali under the stars",
              status: "disputed",
              disputed: true,
              starts_at: new Date(Date.now() - 5 * HOUR),
              duration_minutes: 120,
              offers_made: 1,
            });
            await bookings.resolveDispute(deps, admin, show.id, {
              outcome: "release",
              reason: "The show was played in full.",
            }, meta);
            // The act: 50 + 2.5 (the show counts as played). The organizer: 50 + 5 + 2.5 − 10.
            assert.equal(await score(db, "acts", actId), 52.5);
            assert.equal(await score(db, "users", organizer.userId), 47.5);
            const [row] = await trustHistoryOf(db, { type: "organizer", id: organizer.userId });
            assert.equal(row.reason, "The dispute over “Qawwali under the stars” was ruled on");
          },
        );

        await t.step("an admin's cancellation counts against neither side", async () => {
          const organizer = await person(db, "organizer");
          const artist = await person(db, "artist");
          const admin = await person(db, "admin");
          const { id: actId } = await act(db, artist.userId);
          const show = await booking(db, actId, organizer.userId, {
            status: "scheduled",
            starts_at: new Date(Date.now() + 2 * HOUR),
            offers_made: 1,
          });
          await bookings.cancelBooking(deps, admin, show.id, { reason: "Fraud report" }, meta);
          assert.equal(await score(db, "acts", actId), 50);
          // Only the confirmed account counts: 50 + 5.
          assert.equal(await score(db, "users", organizer.userId), 55);
        });

        await t.step("a deposit paid after the show started counts against the organizer only", async () => {
          const organizer = await person(db, "organizer");
          const artist = await person(db, "artist");
          const { id: actId } = await act(db, artist.userId);
          const show = await booking(db, actId, organizer.userId, {
            status: "scheduled",
            starts_at: new Date(Date.now() - 3 * HOUR),
            duration_minutes: 120,
            fee: 5_000_000,
            paid: 1_500_000,
            offers_made: 1,
          });
          await capturedBehind(db, show, 1_500_000);
          await bookings.completeBooking(deps, organizer, show.id, meta);
          // 50 + 5 (confirmed account) + 2.5 (completed) − 3 (a late payment).
          assert.equal(await score(db, "users", organizer.userId), 54.5);
          assert.equal(await score(db, "acts", actId), 52.5);
        });

        await t.step("a venue's score counts the shows its owner organized there, not others'", async () => {
          const owner = await person(db, "organizer");
          const other = await person(db, "organizer");
          const hall = await venue(db, owner.userId, { is_verified: true });
          const played = async (organizerId: string, hoursAgo: number) =>
            booking(db, (await act(db, (await person(db, "artist")).userId)).id, organizerId, {
              venue_id: hall.id,
              status: "scheduled",
              starts_at: new Date(Date.now() - hoursAgo * HOUR),
              duration_minutes: 60,
              offers_made: 1,
            });
          const own = await played(owner.userId, 10);
          const theirs = await played(other.userId, 5);
          await bookings.completeBooking(deps, other, theirs.id, meta);
          // Recomputed with the other organizer's show, which is not the venue's: verified only, 50 + 5.
          assert.equal(await venueScore(db, hall.id), 55);
          await bookings.completeBooking(deps, owner, own.id, meta);
          assert.equal(await venueScore(db, hall.id), 57.5);
          const reasons = (await trustHistoryOf(db, { type: "venue", id: hall.id })).map((h) => h.reason);
          assert.deepEqual(reasons, [
            `The booking “${own.title}” was completed`,
            `The booking “${theirs.title}” was completed`,
          ]);
        });

        await t.step("the nightly pass then finds nothing that changed", async () => {
          const before = await db.selectFrom("trust_score_history").select("id").execute();
          assert.equal(await recomputeAllTrust(deps), 0);
          const after = await db.selectFrom("trust_score_history").select("id").execute();
          assert.equal(after.length, before.length);
        });
      } finally {
        await handle.close();
      }
    },
  });
}

Deno.test({
  name: "reviews and cancellations at once leave every score equal to a fresh recomputation [pg]",
  ignore: !hasPostgres,
  async fn() {
    const handle = await openTestDatabase({ driver: "pg" });
    const db = handle.db;
    const deps: WorkflowDeps = {
      db,
      origin: "https://artistspace.test",
      now: () => new Date(),
      sendEmail: () => Promise.resolve(),
    };
    try {
      // One organizer and four acts. Each act has a show with the organizer that was played and is reviewed by
      // both sides at once, and one ahead that is cancelled at the same moment: two by the organizer, two by
      // the act. Every transaction below recomputes the organizer's score and one act's, so they queue on
      // the same rows from both kinds of event.
      const organizer = await person(db, "organizer");
      const cast = [];
      for (let i = 0; i < 4; i++) {
        const artist = await person(db, "artist");
        const { id: actId } = await act(db, artist.userId);
        const played = await booking(db, actId, organizer.userId, {
          status: "scheduled",
          starts_at: new Date(Date.now() - (i + 3) * HOUR),
          duration_minutes: 60,
          offers_made: 1,
        });
        await bookings.completeBooking(deps, organizer, played.id, meta);
        const ahead = await booking(db, actId, organizer.userId, {
          status: "scheduled",
          // Far enough apart that each cancellation costs a different amount.
          starts_at: new Date(Date.now() + (i + 1) * 9 * 24 * HOUR),
          offers_made: 1,
        });
        cast.push({ artist, actId, played, ahead });
      }

      await Promise.all(cast.flatMap(({ artist, played, ahead }, i) => [
        submitReview(deps, organizer, played.id, {
          overall: 1 + i,
          punctuality: 5,
          performance_as_described: 4,
          professionalism: 3,
          text: "Played the set we agreed",
        }, meta),
        submitReview(deps, artist, played.id, {
          overall: 5 - i,
          paid_on_time: 4,
          hospitality_and_sound: 3,
          communication: 5,
          text: "Sound check on time",
        }, meta),
        bookings.cancelBooking(
          deps,
          i < 2 ? organizer : artist,
          ahead.id,
          { reason: "The date moved" },
          meta,
        ),
      ]));

      const now = new Date();
      const subjects = [
        { type: "organizer" as const, id: organizer.userId },
        ...cast.map((c) => ({ type: "act" as const, id: c.actId })),
      ];
      for (const subject of subjects) {
        const fresh = trustScore((await gatherTrustFacts(db, subject, now))!.facts, now).score;
        const stored = subject.type === "act"
          ? await score(db, "acts", subject.id)
          : await score(db, "users", subject.id);
        // A recomputation that read a review or a cancellation not yet committed, or lost one that committed
        // after it read, would leave a score that differs from this one.
        assert.equal(stored, fresh, `${subject.type} ${subject.id}`);
        // Each change starts where the one before it ended: the recomputations queued on the subject's row.
        const chain = (await trustHistoryOf(db, subject)).reverse();
        for (let i = 1; i < chain.length; i++) assert.equal(chain[i].old_score, chain[i - 1].new_score);
        assert.equal(Number(chain.at(-1)!.new_score), fresh);
      }
      // Each booking's reveal and each cancellation moved its subject once: no event counted twice, none lost.
      const rows = await db.selectFrom("trust_score_history")
        .select(["subject_type", "subject_id", "booking_id", "event"])
        .where("booking_id", "in", cast.flatMap((c) => [c.played.id, c.ahead.id])).execute();
      const once = (type: string, id: string, bookingId: string, event: string) =>
        assert.equal(
          rows.filter((r) =>
            r.subject_type === type && r.subject_id === id && r.booking_id === bookingId && r.event === event
          ).length,
          1,
          `${event} of ${bookingId} for ${type}`,
        );
      cast.forEach((c, i) => {
        // An act's first revealed rating is never the prior's 3.5, so every reveal moves the act.
        once("act", c.actId, c.played.id, "review");
        if (i < 2) once("organizer", organizer.userId, c.ahead.id, "cancel");
        else once("act", c.actId, c.ahead.id, "cancel");
      });
    } finally {
      await handle.close();
    }
  },
});
