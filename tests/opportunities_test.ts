/**
 * The opportunity and application services on each database driver (one
 * database per driver for the whole file): posting, editing, closing and
 * cancelling, who may do what, validation by field, the one-live-application
 * rule, deadlines, and the browse search with its filters and cursors.
 */
import assert from "node:assert/strict";
import type { Actor } from "../domain/access.ts";
import { AppError, Conflict, Forbidden, NotFound, Unauthorized, ValidationError } from "../domain/errors.ts";
import type { WorkflowDeps } from "../services/notifications.ts";
import * as applications from "../services/opportunities/applications.ts";
import * as opportunities from "../services/opportunities/opportunities.ts";
import { searchOpportunities } from "../services/opportunities/search.ts";
import { hasPostgres, openTestDatabase } from "./support/db.ts";
import { act, cityId, person, venue } from "./support/fixtures.ts";

const META = { ip: "203.0.113.9", userAgent: "opportunities_test" };

/** Rejects with `kind`, and for validation errors names exactly `fields`. */
async function fails(promise: Promise<unknown>, kind: new (...args: never[]) => AppError, fields?: string[]) {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof kind, `expected ${kind.name}, got ${err}`);
    if (fields) assert.deepEqual((err as AppError).details.map((d) => d.field).sort(), [...fields].sort());
    return true;
  });
}

for (const driver of ["pglite", "pg"] as const) {
  Deno.test({
    name: `opportunity and application services [${driver}]`,
    ignore: driver === "pg" && !hasPostgres,
    async fn(t) {
      const database = await openTestDatabase({ driver });
      const db = database.db;
      let clock = new Date("2026-06-01T06:30:00Z");
      const mails: { to: string; subject: string }[] = [];
      const deps: WorkflowDeps = {
        db,
        origin: "https://artistspace.test",
        now: () => clock,
        sendEmail(_trx, to, message) {
          mails.push({
            to,
            subject: message.template === "activity" ? message.data.subject : message.template,
          });
          return Promise.resolve();
        },
      };
      const at = (days: number, hour = 19) =>
        new Date(Date.UTC(2026, 5, 1 + days, hour - 5, 30)).toISOString().replace("Z", "+00:00");
      try {
        const mumbai = await cityId(db, "Mumbai", "Maharashtra");
        const pune = await cityId(db, "Pune", "Maharashtra");
        const organizer = await person(db, "organizer");
        const promoter = await person(db, "promoter");
        const venueManager = await person(db, "venue_manager");
        const otherOrganizer = await person(db, "organizer");
        const artist = await person(db, "artist");
        const manager = await person(db, "band_manager");
        const actless = await person(db, "artist");
        const admin = await person(db, "admin");
        const staff = await person(db, "staff");
        const soloAct = await act(db, artist.userId, { name: "Asha Rao" });
        const band = await act(db, manager.userId, { name: "Monsoon Circuit", kind: "band" });
        const club = await venue(db, venueManager.userId, {
          name: "Blue Tide Club",
          capacity: 400,
          city_id: pune,
          address: "Koregaon Park, Pune",
        });

        const gig = {
          title: "Sufi night for a wedding sangeet",
          description: "Three hundred guests on the lawns.",
          startsAt: at(40),
          durationMinutes: 120,
          cityId: mumbai,
          address: "Juhu, Mumbai",
          genres: ["sufi", "ghazal"],
          budgetMin: 5_000_000,
          budgetMax: 12_000_000,
          requirements: "Own sound for 300 guests.",
          applicationDeadline: at(20),
        };

        let opportunityId = "";
        await t.step(
          "an organizer posts an opportunity; genres, place and budget come back, audited",
          async () => {
            const o = await opportunities.createOpportunity(deps, organizer, gig, META);
            opportunityId = o.id;
            assert.equal(o.title, gig.title);
            assert.equal(o.status, "open");
            assert.equal(o.city, "Mumbai");
            assert.equal(o.state, "Maharashtra");
            assert.equal(o.address, "Juhu, Mumbai");
            assert.deepEqual(o.genres, ["sufi", "ghazal"], "taxonomy order");
            assert.equal(o.budgetMin, 5_000_000);
            assert.equal(o.currency, "INR");
            assert.equal(o.startsAt, new Date(gig.startsAt).toISOString());
            assert.deepEqual(o.organizer.id, organizer.userId);
            assert.equal(o.applicationCounts?.total, 0);
            const audit = await db.selectFrom("audit_logs").select(["actor_id", "entity_type", "ip"])
              .where("entity_id", "=", o.id).execute();
            assert.ok(
              audit.some((r) => r.entity_type === "opportunities" && r.actor_id === organizer.userId),
            );
            assert.ok(audit.some((r) => r.entity_type === "opportunity" && r.actor_id === organizer.userId));
          },
        );

        await t.step(
          "a venue manager posts at any listed venue; the venue's city is searchable",
          async () => {
            const { cityId: _c, address: _a, ...rest } = gig;
            const o = await opportunities.createOpportunity(
              deps,
              venueManager,
              { ...rest, title: "Indie Friday", venueId: club.id, genres: ["indie"] },
              META,
            );
            assert.equal(o.venue?.name, "Blue Tide Club");
            assert.equal(o.city, "Pune");
            assert.equal(o.address, "Koregaon Park, Pune");
            const p = await opportunities.createOpportunity(
              deps,
              promoter,
              { ...gig, title: "Promoter gig" },
              META,
            );
            assert.equal(p.organizer.id, promoter.userId);
          },
        );

        await t.step("validation names the field: dates, budget order, genres, place, NUL", async () => {
          const make = (input: unknown) => opportunities.createOpportunity(deps, organizer, input, META);
          await fails(make({ ...gig, applicationDeadline: at(41) }), ValidationError, [
            "applicationDeadline",
          ]);
          await fails(make({ ...gig, budgetMax: 1 }), ValidationError, ["budgetMax"]);
          await fails(make({ ...gig, genres: ["sufi", "polka"] }), ValidationError, ["genres"]);
          await fails(
            make({ ...gig, startsAt: at(-1), applicationDeadline: at(-2) }),
            ValidationError,
            ["startsAt", "applicationDeadline"],
          );
          await fails(make({ ...gig, cityId: undefined, address: undefined }), ValidationError, ["venueId"]);
          await fails(make({ ...gig, address: undefined }), ValidationError, ["address"]);
          await fails(make({ ...gig, cityId: 2_000_000_000 }), ValidationError, ["cityId"]);
          await fails(make({ ...gig, venueId: crypto.randomUUID() }), ValidationError, ["venueId"]);
          await fails(make({ ...gig, title: "Nul\0byte" }), ValidationError, ["title"]);
          await fails(make({ ...gig, budgetMin: 1.5, extra: 1 }), ValidationError, ["budgetMin", "extra"]);
          await fails(make({ ...gig, startsAt: "next friday" }), ValidationError, ["startsAt"]);
        });

        await t.step("hostile text is stored and returned as text", async () => {
          const title = `'); drop table opportunities; -- <script>alert(1)</script>`;
          const o = await opportunities.createOpportunity(deps, organizer, { ...gig, title }, META);
          assert.equal((await opportunities.getOpportunity(db, null, o.id)).title, title);
          await opportunities.cancelOpportunity(deps, organizer, o.id, META);
        });

        await t.step(
          "who may post and edit: organizer side posts; only the poster or an admin edits",
          async () => {
            const post = (who: Actor | null) => opportunities.createOpportunity(deps, who, gig, META);
            await fails(post(artist), Forbidden);
            await fails(post(manager), Forbidden);
            await fails(post(actless), Forbidden);
            await fails(post(admin), Forbidden);
            await fails(post(null), Unauthorized);
            const edit = (who: Actor | null) =>
              opportunities.updateOpportunity(deps, who, opportunityId, { durationMinutes: 150 }, META);
            await fails(edit(otherOrganizer), Forbidden);
            await fails(edit(artist), Forbidden);
            await fails(edit(actless), Forbidden);
            await fails(edit(staff), Forbidden);
            await fails(edit(null), Unauthorized);
            assert.equal((await edit(organizer)).durationMinutes, 150);
            assert.equal((await edit(admin)).durationMinutes, 150);
            await fails(
              opportunities.cancelOpportunity(deps, otherOrganizer, opportunityId, META),
              Forbidden,
            );
          },
        );

        await t.step("edits re-check the rules against the stored values", async () => {
          const edit = (input: unknown) =>
            opportunities.updateOpportunity(deps, organizer, opportunityId, input, META);
          await fails(edit({ budgetMax: 1_000 }), ValidationError, ["budgetMax"]);
          await fails(edit({ applicationDeadline: at(45) }), ValidationError, ["applicationDeadline"]);
          await fails(edit({ address: null }), ValidationError, ["address"]);
          await fails(edit({ status: "cancelled" }), ValidationError, ["status"]);
          const edited = await edit({
            title: "Sufi and ghazal night",
            genres: ["sufi"],
            budgetMax: 15_000_000,
          });
          assert.equal(edited.title, "Sufi and ghazal night");
          assert.deepEqual(edited.genres, ["sufi"]);
          assert.equal(edited.budgetMax, 15_000_000);
        });

        let applicationId = "";
        await t.step("the act's owner applies; the organizer is notified in-app and by e-mail", async () => {
          mails.length = 0;
          const application = await applications.applyToOpportunity(deps, artist, {
            actId: soloAct.id,
            opportunityId,
            pitch: "Ghazals and Sufi classics with tabla and harmonium.",
            proposedFee: 8_000_000,
          }, META);
          applicationId = application.id;
          assert.equal(application.status, "submitted");
          assert.equal(application.currency, "INR");
          assert.equal(application.act.name, "Asha Rao");
          const notes = await db.selectFrom("notifications").selectAll().where(
            "user_id",
            "=",
            organizer.userId,
          )
            .execute();
          assert.equal(notes.length, 1);
          assert.equal(notes[0].title, "New application");
          assert.match(notes[0].body ?? "", /Asha Rao applied to "Sufi and ghazal night" for ₹80,000/);
          assert.equal(notes[0].link, `/opportunities/${opportunityId}`);
          assert.equal(mails.length, 1);
          assert.equal(mails[0].subject, "New application");
          const audit = await db.selectFrom("audit_logs").select("actor_id")
            .where("entity_type", "=", "applications").where("entity_id", "=", application.id).execute();
          assert.deepEqual(audit.map((r) => r.actor_id), [artist.userId]);
        });

        await t.step("one live application per act: a second is 409 with a clear message", async () => {
          await assert.rejects(
            applications.applyToOpportunity(deps, artist, {
              actId: soloAct.id,
              opportunityId,
              pitch: "Trying again with the same act.",
              proposedFee: 7_000_000,
            }, META),
            (err: unknown) => err instanceof Conflict && /already applied/.test(err.message),
          );
        });

        await t.step("who may apply: only the act's owner, never to their own opportunity", async () => {
          const apply = (who: Actor | null, actId: string) =>
            applications.applyToOpportunity(
              deps,
              who,
              { actId, opportunityId, pitch: "A pitch long enough.", proposedFee: 100 },
              META,
            );
          await fails(apply(actless, soloAct.id), Forbidden);
          await fails(apply(organizer, band.id), Forbidden);
          await fails(apply(admin, band.id), Forbidden);
          await fails(apply(null, band.id), Unauthorized);
          await fails(apply(manager, crypto.randomUUID()), ValidationError, ["actId"]);
          await fails(
            applications.applyToOpportunity(
              deps,
              manager,
              { actId: band.id, opportunityId, pitch: "short" },
              META,
            ),
            ValidationError,
            ["pitch", "proposedFee"],
          );
        });

        let bandApplicationId = "";
        await t.step("the band applies too; the organizer sees both, each act only its own", async () => {
          bandApplicationId = (await applications.applyToOpportunity(deps, manager, {
            actId: band.id,
            opportunityId,
            pitch: "Five-piece Sufi rock with our own PA.",
            proposedFee: 11_000_000,
          }, META)).id;
          const all = await applications.listApplications(db, organizer, { opportunityId });
          assert.deepEqual(all.items.map((a) => a.act.name), ["Asha Rao", "Monsoon Circuit"]);
          assert.equal(all.totalItems, 2);
          const mine = await applications.listApplications(db, manager, { mine: "" });
          assert.deepEqual(mine.items.map((a) => a.id), [bandApplicationId]);
          await fails(applications.listApplications(db, artist, { opportunityId }), Forbidden);
          await fails(applications.listApplications(db, otherOrganizer, { opportunityId }), Forbidden);
          // Strangers get NotFound, as for an id that does not exist.
          await fails(applications.getApplication(db, manager, applicationId), NotFound);
          await fails(applications.getApplication(db, otherOrganizer, applicationId), NotFound);
          await fails(applications.getApplication(db, null, applicationId), Unauthorized);
          assert.equal((await applications.getApplication(db, staff, applicationId)).id, applicationId);
          assert.equal((await applications.getApplication(db, organizer, applicationId)).id, applicationId);
          const counts = (await opportunities.getOpportunity(db, organizer, opportunityId)).applicationCounts;
          assert.equal(counts?.submitted, 2);
          assert.equal(
            (await opportunities.getOpportunity(db, artist, opportunityId)).applicationCounts,
            null,
          );
          assert.equal((await opportunities.getOpportunity(db, null, opportunityId)).applicationCounts, null);
          assert.equal(
            (await opportunities.getOpportunity(db, staff, opportunityId)).applicationCounts?.total,
            2,
          );
        });

        await t.step(
          "the act edits while submitted; the organizer shortlists; then the act cannot edit",
          async () => {
            const update = (who: Actor, input: unknown) =>
              applications.updateApplication(deps, who, applicationId, input, META);
            assert.equal((await update(artist, { proposedFee: 7_500_000 })).proposedFee, 7_500_000);
            await fails(update(artist, { status: "shortlisted" }), Forbidden);
            await fails(update(organizer, { pitch: "Organizers do not write pitches." }), Forbidden);
            await fails(update(otherOrganizer, { status: "shortlisted" }), NotFound);
            await fails(update(organizer, { status: "accepted" }), ValidationError, ["status"]);
            assert.equal((await update(organizer, { status: "shortlisted" })).status, "shortlisted");
            await fails(update(organizer, { status: "shortlisted" }), Conflict);
            await fails(update(artist, { pitch: "A new pitch after shortlisting." }), Conflict);
            const note = await db.selectFrom("notifications").select(["title", "body"])
              .where("user_id", "=", artist.userId).orderBy("created_at", "desc").executeTakeFirstOrThrow();
            assert.equal(note.title, "Application update");
            assert.match(note.body ?? "", /was shortlisted/);
          },
        );

        await t.step("withdraw, then apply again; rejected is final", async () => {
          const withdrawn = await applications.withdrawApplication(deps, artist, applicationId, META);
          assert.equal(withdrawn.status, "withdrawn");
          await fails(applications.withdrawApplication(deps, artist, applicationId, META), Conflict);
          await fails(applications.withdrawApplication(deps, organizer, bandApplicationId, META), Forbidden);
          const again = await applications.applyToOpportunity(deps, artist, {
            actId: soloAct.id,
            opportunityId,
            pitch: "Back with a tighter set list.",
            proposedFee: 7_000_000,
          }, META);
          assert.equal(again.status, "submitted");
          applicationId = again.id;
          const rejected = await applications.updateApplication(
            deps,
            organizer,
            bandApplicationId,
            { status: "rejected" },
            META,
          );
          assert.equal(rejected.status, "rejected");
          await fails(applications.withdrawApplication(deps, manager, bandApplicationId, META), Conflict);
        });

        await t.step("closing stops applications; reopening needs a future deadline", async () => {
          const other = await act(db, manager.userId, { name: "Paper Kites" });
          const apply = () =>
            applications.applyToOpportunity(deps, manager, {
              actId: other.id,
              opportunityId,
              pitch: "Another act of the same manager.",
              proposedFee: 6_000_000,
            }, META);
          const closed = await opportunities.updateOpportunity(deps, organizer, opportunityId, {
            status: "closed",
          }, META);
          assert.equal(closed.status, "closed");
          await fails(apply(), Conflict);
          await opportunities.updateOpportunity(deps, organizer, opportunityId, { status: "open" }, META);
          const pending = await apply();
          assert.equal(pending.status, "submitted");
          await applications.withdrawApplication(deps, manager, pending.id, META);
        });

        await t.step("past the deadline: applying and editing are 409", async () => {
          const saved = clock;
          clock = new Date(new Date(at(20)).getTime() + 60_000);
          try {
            const late = await act(db, manager.userId, { name: "Late Drifters" });
            await assert.rejects(
              applications.applyToOpportunity(deps, manager, {
                actId: late.id,
                opportunityId,
                pitch: "Is it too late to apply?",
                proposedFee: 5_000_000,
              }, META),
              (err: unknown) => err instanceof Conflict && /deadline has passed/.test(err.message),
            );
            await fails(
              applications.updateApplication(deps, artist, applicationId, { proposedFee: 6_000_000 }, META),
              Conflict,
            );
            await opportunities.updateOpportunity(deps, organizer, opportunityId, { status: "closed" }, META);
            await fails(
              opportunities.updateOpportunity(deps, organizer, opportunityId, { status: "open" }, META),
              ValidationError,
              ["applicationDeadline"],
            );
            // Editing other fields of a past-deadline opportunity is still fine.
            await opportunities.updateOpportunity(deps, organizer, opportunityId, {
              requirements: "Two sets.",
            }, META);
          } finally {
            clock = saved;
          }
        });

        await t.step("cancelling keeps the row, tells the live applicants, and is idempotent", async () => {
          const before = await db.selectFrom("notifications").select("id").where(
            "user_id",
            "=",
            artist.userId,
          )
            .execute();
          const cancelled = await opportunities.cancelOpportunity(deps, organizer, opportunityId, META);
          assert.equal(cancelled.status, "cancelled");
          const after = await db.selectFrom("notifications").select(["title", "body"])
            .where("user_id", "=", artist.userId).orderBy("created_at", "desc").execute();
          assert.equal(after.length, before.length + 1);
          assert.match(after[0].body ?? "", /cancelled/);
          const rejectedBand = await db.selectFrom("notifications").select("body")
            .where("user_id", "=", manager.userId).where("body", "like", "%cancelled%").execute();
          assert.equal(rejectedBand.length, 0, "acts no longer in the running are not told");
          await opportunities.cancelOpportunity(deps, admin, opportunityId, META);
          assert.equal(
            (await db.selectFrom("notifications").select("id").where("user_id", "=", artist.userId)
              .execute()).length,
            after.length,
          );
          await fails(
            opportunities.updateOpportunity(deps, organizer, opportunityId, { title: "Back" }, META),
            Conflict,
          );
          assert.equal(
            (await applications.getApplication(db, artist, applicationId)).opportunity.status,
            "cancelled",
          );
        });

        await t.step("the organizer's own list has application counts", async () => {
          const mine = await opportunities.listMyOpportunities(db, organizer);
          const sufi = mine.find((o) => o.id === opportunityId);
          assert.equal(sufi?.applicationCounts?.total, 4);
          assert.equal(sufi?.applicationCounts?.withdrawn, 2);
          assert.ok(mine.every((o) => o.organizer.id === organizer.userId));
          await fails(opportunities.listMyOpportunities(db, null), Unauthorized);
        });

        await t.step(
          "search: open, before the deadline, with every filter; cursors page stably",
          async () => {
            const titles = [
              "Jazz brunch",
              "Rock the campus",
              "Carnatic morning",
              "Jazz at sunset",
              "Folk fair",
            ];
            for (const [i, title] of titles.entries()) {
              await opportunities.createOpportunity(deps, promoter, {
                ...gig,
                title,
                genres: [title.startsWith("Jazz") ? "jazz" : "folk"],
                startsAt: at(30 + i),
                applicationDeadline: at(10 + i),
                budgetMin: 1_000_000 * (i + 1),
                budgetMax: 2_000_000 * (i + 1),
                cityId: i % 2 === 0 ? mumbai : pune,
              }, META);
            }
            const search = async (input: Record<string, unknown>) =>
              (await searchOpportunities(db, input, clock)).items.map((o) => o.title);
            const all = await search({ limit: 100 });
            assert.ok(!all.includes("Sufi and ghazal night"), "cancelled drops out");
            assert.deepEqual(all.filter((x) => titles.includes(x)), titles, "soonest first");
            assert.deepEqual(await search({ q: "jazz" }), ["Jazz brunch", "Jazz at sunset"]);
            assert.deepEqual(await search({ genre: "jazz", cityId: String(mumbai) }), ["Jazz brunch"]);
            assert.deepEqual(
              await search({ from: at(31).slice(0, 10), to: at(32).slice(0, 10) }),
              ["Rock the campus", "Carnatic morning"],
            );
            assert.deepEqual(
              (await search({ budgetMin: "7000000", budgetMax: "8000000" })).filter((x) =>
                titles.includes(x)
              ),
              ["Jazz at sunset", "Folk fair"],
              "ranges that overlap [70k, 80k]",
            );
            const byBudget = await search({ sort: "budget", limit: 100 });
            assert.deepEqual(
              byBudget.slice(0, 2).sort(),
              ["Indie Friday", "Promoter gig"],
              "₹1.2 lakh first",
            );

            for (const sort of ["date", "budget"]) {
              const paged: string[] = [];
              let cursor = "";
              do {
                const page = await searchOpportunities(db, { sort, limit: 2, cursor }, clock);
                paged.push(...page.items.map((o) => o.id));
                cursor = page.nextCursor ?? "";
              } while (cursor);
              const whole = (await searchOpportunities(db, { sort, limit: 100 }, clock)).items.map((o) =>
                o.id
              );
              assert.deepEqual(paged, whole, `pages of 2 by ${sort} = one page`);
            }

            clock = new Date(new Date(at(11)).getTime() + 1);
            assert.ok(!(await search({ limit: 100 })).includes("Jazz brunch"), "past its deadline");
            assert.ok((await search({ limit: 100 })).includes("Carnatic morning"));
            clock = new Date("2026-06-01T06:30:00Z");
          },
        );

        await t.step("hostile search input is harmless; bad cursors are a field error", async () => {
          for (const q of ["'); drop table opportunities; --", "!!&|:*", "\0", "a".repeat(200), "<script>"]) {
            await searchOpportunities(db, { q }, clock);
          }
          await fails(searchOpportunities(db, { q: "a".repeat(201) }, clock), ValidationError, ["q"]);
          await fails(searchOpportunities(db, { cursor: "not-a-cursor" }, clock), ValidationError, [
            "cursor",
          ]);
          const { nextCursor } = await searchOpportunities(db, { limit: 1 }, clock);
          await fails(
            searchOpportunities(db, { cursor: nextCursor, sort: "budget" }, clock),
            ValidationError,
            ["cursor"],
          );
          await fails(searchOpportunities(db, { from: "2026-13-01" }, clock), ValidationError, ["from"]);
          await fails(
            searchOpportunities(db, { from: "2026-07-02", to: "2026-07-01" }, clock),
            ValidationError,
            [
              "to",
            ],
          );
          await fails(searchOpportunities(db, { sort: "random" }, clock), ValidationError, ["sort"]);
          await fails(searchOpportunities(db, { mine: "1" }, clock), ValidationError, ["mine"]);
        });
      } finally {
        await database.close();
      }
    },
  });
}
