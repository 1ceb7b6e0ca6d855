/**
 * What trust services show, against PGlite and (when TEST_DATABASE_URL is
 * set) PostgreSQL: the counts and badge stored with a score, the owner's
 * explanation and its history, who may read it, an organizer's public facts,
 * the reviews of shows at a venue, and organizers' public slugs.
 */
import assert from "node:assert/strict";
import { sql } from "kysely";
import { migrateDown, migrateToLatest } from "../db/migrate.ts";
import { Forbidden, NotFound, Unauthorized, ValidationError } from "../domain/errors.ts";
import { hideReview } from "../services/reviews/moderation.ts";
import { reviewsAtVenue } from "../services/reviews/read.ts";
import { myTrustExplanations, trustExplanation } from "../services/trust/explain.ts";
import { recomputeAllTrust } from "../services/trust/nightly.ts";
import { organizerProfile } from "../services/trust/organizer_profile.ts";
import { hasPostgres, openTestDatabase } from "./support/db.ts";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { RoleName } from "../domain/roles.ts";
import { act, cityId, grantRoles, opportunity, type Person, person, venue } from "./support/fixtures.ts";
import { playedShow, quickAnswers, trustDeps } from "./support/trust_scenes.ts";

const meta = { ip: "203.0.113.41", userAgent: "trust-explain-test" };

/** An active account created with `name`, so its public slug is made from it. */
async function named(db: Kysely<Database>, name: string, role: RoleName): Promise<Person> {
  const email = `${crypto.randomUUID().slice(0, 8)}@example.in`;
  const { id } = await db.insertInto("users").values({ email, display_name: name, status: "active" })
    .returning("id").executeTakeFirstOrThrow();
  await grantRoles(db, id, [role]);
  return { userId: id, email, roles: [role], sessionId: crypto.randomUUID() };
}

for (const driver of ["pglite", "pg"] as const) {
  Deno.test({
    name: `trust explained to owners and shown to the public [${driver}]`,
    ignore: driver === "pg" && !hasPostgres,
    async fn(t) {
      const handle = await openTestDatabase({ driver });
      const db = handle.db;
      const deps = trustDeps(db);
      const now = () => new Date();
      try {
        const organizer = await named(db, "Dev Kapoor", "organizer");
        const artist = await person(db, "artist");
        const manager = await person(db, "venue_manager");
        const stranger = await person(db, "promoter");
        const staff = await person(db, "staff");
        const { id: actId, name: actName } = await act(db, artist.userId);
        const hall = await venue(db, manager.userId, { is_verified: true });
        const show = await playedShow(deps, { actId, organizer, actOwner: artist, venueId: hall.id });
        await quickAnswers(db, actId, organizer.userId);
        await recomputeAllTrust(deps);

        await t.step("a recomputation stores the counts and the badge beside the score", async () => {
          const actRow = await db.selectFrom("acts")
            .select(["completed_bookings", "review_count", "quick_to_respond"])
            .where("id", "=", actId).executeTakeFirstOrThrow();
          assert.deepEqual(actRow, { completed_bookings: 1, review_count: 1, quick_to_respond: true });
          const organizerRow = await db.selectFrom("users")
            .select(["completed_bookings", "review_count", "quick_to_respond"])
            .where("id", "=", organizer.userId).executeTakeFirstOrThrow();
          assert.deepEqual(organizerRow, { completed_bookings: 1, review_count: 1, quick_to_respond: false });
          // The show was not the venue's own (its manager did not organize it): nothing counted.
          const hallRow = await db.selectFrom("venues").select(["completed_bookings", "quick_to_respond"])
            .where("id", "=", hall.id).executeTakeFirstOrThrow();
          assert.deepEqual(hallRow, { completed_bookings: 0, quick_to_respond: false });
        });

        await t.step(
          "the owner's explanation adds up, says what would raise it, and links its history",
          async () => {
            const [mine, ...others] = await myTrustExplanations(db, artist, now());
            assert.deepEqual(others, [], "an artist who organized nothing has no organizer score");
            assert.equal(mine.subject.type, "act");
            assert.equal(mine.subject.name, actName);
            assert.match(mine.subject.publicPath!, /^\/artists\/act-/);
            assert.equal(mine.computedScore, mine.score);
            const sum = mine.components.reduce((total, c) => total + c.points, 0);
            assert.ok(Math.abs(sum - mine.computedScore) < 0.05, `${sum} against ${mine.computedScore}`);
            assert.deepEqual(mine.components.map((c) => c.key), [
              "base",
              "completions",
              "reviews",
              "cancellations",
              "disputes",
              "late_payments",
              "responses",
              "verification",
              "account_age",
            ]);
            assert.equal(mine.quickToRespond, true);
            assert.equal(mine.completedBookings, 1);
            assert.equal(mine.reviewCount, 1);
            assert.ok(mine.toRaise.includes("Get verified: 5 points"), mine.toRaise.join(" | "));
            const [newest, ...older] = mine.history.items;
            assert.equal(
              newest.reason,
              "Nightly recomputation: older events weigh less, and recent answers and payments count",
            );
            assert.equal(newest.booking, null);
            const completion = [newest, ...older].find((h) => h.event === "complete")!;
            assert.equal(completion.reason, "The booking “Monsoon ragas at the fort” was completed");
            assert.deepEqual(completion.booking, { id: show.id, title: "Monsoon ragas at the fort" });
            assert.equal(mine.history.total, mine.history.items.length);
          },
        );

        await t.step("an organizer's explanation names their public page and the late balance", async () => {
          const [mine] = await myTrustExplanations(db, organizer, now());
          assert.equal(mine.subject.type, "organizer");
          assert.equal(mine.subject.name, "Dev Kapoor");
          assert.equal(mine.subject.publicPath, "/organizers/dev-kapoor");
          const late = mine.components.find((c) => c.key === "late_payments")!;
          assert.equal(late.detail, "1 late payment");
          assert.ok(late.points < 0);
          assert.ok(mine.toRaise.includes("Pay each instalment by its due date"));
        });

        await t.step("a venue's explanation does not pretend venues are reviewed", async () => {
          const scores = await myTrustExplanations(db, manager, now());
          assert.deepEqual(scores.map((s) => s.subject.type), ["organizer", "venue"]);
          const [, own] = scores;
          assert.equal(own.subject.publicPath, `/venues/${hall.slug}`);
          assert.match(own.components.find((c) => c.key === "reviews")!.detail, /Venues are not reviewed/);
          assert.ok(own.toRaise.every((advice) => !/review/i.test(advice)), own.toRaise.join(" | "));
          // Their organizer score has no public page: they have organized nothing.
          assert.equal(scores[0].subject.publicPath, null);
        });

        await t.step("the history comes a page at a time, newest first", async () => {
          const before = (await trustExplanation(db, artist, "act", actId, {}, now())).history.total;
          for (let i = 1; i <= 21; i++) {
            await db.insertInto("trust_score_history").values({
              subject_type: "act",
              subject_id: actId,
              old_score: 60,
              new_score: 60 + i / 100,
              reason: `Step ${i}`,
              at: new Date(Date.now() + i * 1000),
            }).execute();
          }
          const first = await trustExplanation(
            db,
            artist,
            "act",
            actId,
            { page: "1", pageSize: "20" },
            now(),
          );
          assert.equal(first.history.total, before + 21);
          assert.equal(first.history.items.length, 20);
          assert.equal(first.history.items[0].reason, "Step 21");
          assert.equal(first.history.items[19].reason, "Step 2");
          const second = await trustExplanation(db, artist, "act", actId, { page: 2 }, now());
          assert.equal(second.history.items[0].reason, "Step 1");
          assert.equal(second.history.items.length, before + 1);
          await assert.rejects(
            trustExplanation(db, artist, "act", actId, { page: 0 }, now()),
            ValidationError,
          );
          await assert.rejects(
            trustExplanation(db, artist, "act", actId, { sort: "x" }, now()),
            ValidationError,
          );
        });

        await t.step("only the owner, staff and admins read an explanation", async () => {
          const missing = crypto.randomUUID();
          await assert.rejects(trustExplanation(db, null, "act", actId, {}, now()), Unauthorized);
          await assert.rejects(myTrustExplanations(db, null, now()), Unauthorized);
          await assert.rejects(trustExplanation(db, stranger, "act", actId, {}, now()), Forbidden);
          await assert.rejects(trustExplanation(db, organizer, "act", actId, {}, now()), Forbidden);
          await assert.rejects(trustExplanation(db, stranger, "venue", hall.id, {}, now()), Forbidden);
          await assert.rejects(
            trustExplanation(db, stranger, "organizer", organizer.userId, {}, now()),
            Forbidden,
          );
          // Refused before the look-up, so a person's existence does not show.
          await assert.rejects(trustExplanation(db, stranger, "organizer", missing, {}, now()), Forbidden);
          await assert.rejects(trustExplanation(db, stranger, "act", missing, {}, now()), NotFound);
          await assert.rejects(trustExplanation(db, stranger, "band", actId, {}, now()), NotFound);
          await assert.rejects(trustExplanation(db, stranger, "act", "not-an-id", {}, now()), NotFound);
          await assert.rejects(trustExplanation(db, staff, "organizer", missing, {}, now()), NotFound);
          const seen = await trustExplanation(db, staff, "organizer", organizer.userId, {}, now());
          assert.equal(seen.subject.name, "Dev Kapoor");
          assert.equal(
            (await trustExplanation(db, manager, "venue", hall.id, {}, now())).subject.id,
            hall.id,
          );
        });

        await t.step(
          "an organizer's public page: score, completions, payments on time, reviews",
          async () => {
            await opportunity(db, organizer.userId, { city_id: await cityId(db, "Pune") });
            const profile = await organizerProfile(db, "dev-kapoor", now());
            assert.equal(profile.name, "Dev Kapoor");
            assert.equal(profile.city, "Pune");
            assert.equal(profile.country, "IN");
            assert.match(profile.memberSince, /^\d{4}-\d{2}$/);
            assert.equal(profile.completedBookings, 1);
            assert.deepEqual(profile.payments, { onTime: 1, total: 2 });
            assert.equal(profile.reviews.summary.count, 1);
            assert.equal(profile.reviews.reviews[0].text, "Lovely sound on the ramparts, balance came late");
            const stored = await db.selectFrom("users").select("trust_score").where(
              "id",
              "=",
              organizer.userId,
            )
              .executeTakeFirstOrThrow();
            assert.equal(profile.trustScore, Number(stored.trust_score));
          },
        );

        await t.step(
          "no public page for someone who organized nothing, is suspended, or is no slug",
          async () => {
            const { public_slug: artistSlug } = await db.selectFrom("users").select("public_slug")
              .where("id", "=", artist.userId).executeTakeFirstOrThrow();
            await assert.rejects(organizerProfile(db, artistSlug, now()), NotFound);
            await assert.rejects(organizerProfile(db, "Dev Kapoor", now()), NotFound);
            await assert.rejects(organizerProfile(db, "nobody-here", now()), NotFound);
            await db.updateTable("users").set({ status: "suspended" }).where("id", "=", organizer.userId)
              .execute();
            await assert.rejects(organizerProfile(db, "dev-kapoor", now()), NotFound);
            await db.updateTable("users").set({ status: "active" }).where("id", "=", organizer.userId)
              .execute();
          },
        );

        await t.step(
          "a venue shows what acts said of the shows there, and a hidden review leaves",
          async () => {
            const reviews = await reviewsAtVenue(db, hall.id, now());
            assert.equal(reviews.summary.count, 1);
            assert.equal(reviews.reviews[0].side, "act");
            assert.deepEqual(reviews.reviews[0].categories.map((c) => c.key), [
              "paid_on_time",
              "hospitality_and_sound",
              "communication",
            ]);
            // A show elsewhere, not reviewed yet, adds nothing here.
            const other = await venue(db, manager.userId);
            await playedShow(deps, { actId, organizer, actOwner: artist, venueId: other.id }, {
              title: "Elsewhere",
              organizerStars: 2,
              daysAgo: 30,
            });
            assert.equal((await reviewsAtVenue(db, hall.id, now())).summary.count, 1);
            assert.equal((await reviewsAtVenue(db, other.id, now())).summary.distribution[2], 1);
            await hideReview(deps, staff, reviews.reviews[0].id, { reason: "Names a third person" }, meta);
            assert.equal((await reviewsAtVenue(db, hall.id, now())).summary.count, 0);
            await assert.rejects(reviewsAtVenue(db, "x", now()), NotFound);
          },
        );

        await t.step("public slugs: from the name, made unique, kept through a rename", async () => {
          const slugOf = async (
            name: string | null,
          ) => (await db.insertInto("users").values({
            email: `${crypto.randomUUID()}@example.in`,
            display_name: name,
          })
            .returning(["id", "public_slug"]).executeTakeFirstOrThrow());
          assert.equal((await slugOf("Dev Kapoor")).public_slug, "dev-kapoor-2");
          assert.equal((await slugOf("DEV   kapoor!")).public_slug, "dev-kapoor-3");
          assert.equal((await slugOf("José D'Souza")).public_slug, "jose-dsouza");
          assert.equal((await slugOf("आशा")).public_slug, "organizer");
          assert.equal((await slugOf(null)).public_slug, "organizer-2");
          const renamed = await slugOf("Chitra Menon");
          await db.updateTable("users").set({ display_name: "Chitra Iyer" }).where("id", "=", renamed.id)
            .execute();
          const { public_slug } = await db.selectFrom("users").select("public_slug").where(
            "id",
            "=",
            renamed.id,
          )
            .executeTakeFirstOrThrow();
          assert.equal(public_slug, "chitra-menon");
          await assert.rejects(
            db.updateTable("users").set({ public_slug: "Not Lower" }).where("id", "=", renamed.id).execute(),
          );
        });
      } finally {
        await handle.close();
      }
    },
  });
}

Deno.test({
  name: "two people with one name registering at once get different slugs [pg]",
  ignore: !hasPostgres,
  async fn() {
    const handle = await openTestDatabase({ driver: "pg" });
    try {
      const db = handle.db;
      const slugs = await Promise.all(
        Array.from({ length: 6 }, () =>
          db.transaction().execute(async (trx) => {
            const row = await trx.insertInto("users")
              .values({ email: `${crypto.randomUUID()}@example.in`, display_name: "Asha Rao" })
              .returning("public_slug").executeTakeFirstOrThrow();
            // Held open a moment, so the others queue behind this one's lock.
            await sql`select pg_sleep(0.02)`.execute(trx);
            return row.public_slug;
          })),
      );
      assert.deepEqual(slugs.sort(), [
        "asha-rao",
        "asha-rao-2",
        "asha-rao-3",
        "asha-rao-4",
        "asha-rao-5",
        "asha-rao-6",
      ]);
    } finally {
      await handle.close();
    }
  },
});

for (const driver of ["pglite", "pg"] as const) {
  Deno.test({
    name: `the migration gives existing accounts slugs, oldest first [${driver}]`,
    ignore: driver === "pg" && !hasPostgres,
    async fn() {
      const handle = await openTestDatabase({ driver });
      try {
        const db = handle.db;
        // Back to before 0026, through any migration that came after it.
        const undone: string[] = [];
        while (!undone.includes("0026_public_trust")) undone.push(...await migrateDown(db));
        for (
          const [email, name, at] of [
            ["b@example.in", "Farhan Ali", "2025-02-01"],
            ["a@example.in", "Farhan Ali", "2025-01-01"],
            ["c@example.in", null, "2025-03-01"],
          ]
        ) {
          await sql`insert into users (email, display_name, created_at) values (${email}, ${name}, ${at})`
            .execute(db);
        }
        assert.deepEqual(await migrateToLatest(db), undone.reverse());
        const rows = await db.selectFrom("users").select(["email", "public_slug"]).orderBy("email").execute();
        assert.deepEqual(rows, [
          { email: "a@example.in", public_slug: "farhan-ali" },
          { email: "b@example.in", public_slug: "farhan-ali-2" },
          { email: "c@example.in", public_slug: "organizer" },
        ]);
      } finally {
        await handle.close();
      }
    },
  });
}
