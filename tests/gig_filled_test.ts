/**
 * A gig booked through one of its applications: when that booking is
 * confirmed, in the same transaction the gig is filled (no more applications,
 * off the public listing) and the acts still in the running are told they were
 * not selected; a refused confirmation changes none of it. The gig's page then
 * shows its poster the agreed booking and fee, not the fee first asked.
 */
import assert from "node:assert/strict";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { Conflict } from "../domain/errors.ts";
import * as negotiations from "../services/bookings/negotiations.ts";
import { applyToOpportunity } from "../services/opportunities/applications.ts";
import { searchOpportunities } from "../services/opportunities/search.ts";
import { openTestApp } from "./support/app.ts";
import { signUp } from "./support/accounts.ts";
import { hasPostgres, openTestDatabase } from "./support/db.ts";
import { find, parsePage, textsOf } from "./support/dom.ts";
import { act, opportunity, person } from "./support/fixtures.ts";
import { outboxDeps } from "./support/workflow_deps.ts";

const DAY = 86_400_000;
const meta = { ip: "203.0.113.29", userAgent: "gig-filled-test" };

/** A gig posted by an organizer, and acts of their own artists applying to it with `statuses`. */
async function gigWithApplicants(
  db: Kysely<Database>,
  statuses: ("submitted" | "shortlisted" | "withdrawn")[],
  title: string,
) {
  const organizer = await person(db, "organizer");
  const startsAt = new Date(Date.now() + 30 * DAY);
  const gig = await opportunity(db, organizer.userId, {
    title,
    starts_at: startsAt,
    application_deadline: new Date(Date.now() + 20 * DAY),
  });
  const applicants = [];
  for (const [i, status] of statuses.entries()) {
    const artist = await person(db, "artist");
    const { id: actId } = await act(db, artist.userId);
    const application = await db.insertInto("applications").values({
      opportunity_id: gig.id,
      act_id: actId,
      applicant_id: artist.userId,
      pitch: `Pitch number ${i + 1}`,
      proposed_fee: 4_500_000 + i * 100_000,
      currency: "INR",
      status,
    }).returning("id").executeTakeFirstOrThrow();
    applicants.push({ artist, actId, applicationId: application.id });
  }
  return { organizer, gig, startsAt, applicants };
}

const statusesOf = async (db: Kysely<Database>, ids: string[]) =>
  (await db.selectFrom("applications").select(["id", "status"]).where("id", "in", ids).execute())
    .sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id)).map((a) => a.status);

const gigStatus = async (db: Kysely<Database>, id: string) =>
  (await db.selectFrom("opportunities").select("status").where("id", "=", id).executeTakeFirstOrThrow())
    .status;

for (const driver of ["pglite", "pg"] as const) {
  Deno.test({
    name: `confirming a booking from a gig's application fills the gig [${driver}]`,
    ignore: driver === "pg" && !hasPostgres,
    async fn(t) {
      const handle = await openTestDatabase({ driver });
      const db = handle.db;
      const deps = outboxDeps(db);
      try {
        await t.step("the gig is filled and the others are told, in the confirming transaction", async () => {
          const { organizer, gig, applicants } = await gigWithApplicants(
            db,
            ["submitted", "submitted", "shortlisted", "withdrawn"],
            "Sufi night at the haveli",
          );
          const [chosen, second, third, gone] = applicants;
          const booking = await negotiations.startNegotiation(
            deps,
            organizer,
            { applicationId: chosen.applicationId },
            meta,
          );
          // Negotiating is not booking: the gig stays open and listed meanwhile.
          assert.equal(await gigStatus(db, gig.id), "open");
          await negotiations.makeOffer(deps, organizer, booking.id, { fee: 4_000_000 }, meta);
          const confirmed = await negotiations.acceptOffer(
            deps,
            chosen.artist,
            booking.id,
            { round: 2 },
            meta,
          );
          assert.equal(confirmed.status, "confirmed");

          assert.equal(await gigStatus(db, gig.id), "filled");
          assert.deepEqual(
            await statusesOf(db, applicants.map((a) => a.applicationId)),
            ["accepted", "rejected", "rejected", "withdrawn"],
          );
          const notes = await db.selectFrom("notifications").select(["user_id", "title", "body", "link"])
            .where("link", "=", `/opportunities/${gig.id}`).execute();
          assert.deepEqual(
            notes.map((n) => n.user_id).sort(),
            [second.artist.userId, third.artist.userId].sort(),
          );
          for (const n of notes) {
            assert.equal(n.title, "Application update");
            assert.match(n.body ?? "", /"Sufi night at the haveli" has been booked with another act/);
          }
          // The e-mail goes with each notice, through the outbox; the withdrawn act hears nothing.
          const mails = await db.selectFrom("outbox").select("recipient")
            .where("recipient", "in", [second, third, gone].map((a) => a.artist.email)).execute();
          assert.deepEqual(
            mails.map((m) => m.recipient).sort(),
            [second.artist.email, third.artist.email].sort(),
          );
          // Audited as the doing of whoever confirmed it.
          const audit = await db.selectFrom("audit_logs").select(["actor_id", "diff"])
            .where("entity_type", "=", "opportunities").where("entity_id", "=", gig.id)
            .where("action", "=", "update").execute();
          assert.deepEqual(
            audit.map((a) => {
              const diff = a.diff as { old: { status?: string }; new: { status?: string } };
              return [a.actor_id, diff.old.status, diff.new.status];
            }),
            [[chosen.artist.userId, "open", "filled"]],
          );

          // Filled: off the public listing, and no new applications.
          const listed = await searchOpportunities(db, { q: "haveli" }, new Date());
          assert.ok(!listed.items.some((o) => o.id === gig.id));
          const late = await person(db, "artist");
          const { id: lateAct } = await act(db, late.userId);
          await assert.rejects(
            applyToOpportunity(deps, late, {
              actId: lateAct,
              opportunityId: gig.id,
              pitch: "We can still play this one",
              proposedFee: 3_000_000,
            }, meta),
            (err) => err instanceof Conflict && /has been booked/.test(err.message),
          );
        });

        await t.step(
          "two negotiations of one gig confirmed at once: both hold, the rest told once",
          async () => {
            const { organizer, gig, applicants } = await gigWithApplicants(
              db,
              ["submitted", "submitted", "submitted"],
              "Two stages at Mahindra Blues",
            );
            const [first, second, rest] = applicants;
            const started = [];
            for (const a of [first, second]) {
              started.push(
                await negotiations.startNegotiation(
                  deps,
                  organizer,
                  { applicationId: a.applicationId },
                  meta,
                ),
              );
            }
            const results = await Promise.allSettled(
              started.map((b) => negotiations.acceptOffer(deps, organizer, b.id, { round: 1 }, meta)),
            );
            assert.deepEqual(results.map((r) => r.status), ["fulfilled", "fulfilled"], String(results));
            assert.equal(await gigStatus(db, gig.id), "filled");
            assert.deepEqual(await statusesOf(db, applicants.map((a) => a.applicationId)), [
              "accepted",
              "accepted",
              "rejected",
            ]);
            const told = await db.selectFrom("notifications").select("user_id")
              .where("link", "=", `/opportunities/${gig.id}`).execute();
            assert.deepEqual(told.map((n) => n.user_id), [rest.artist.userId]);
          },
        );

        await t.step("a confirmation the calendar refuses fills nothing and tells nobody", async () => {
          const { organizer, gig, startsAt, applicants } = await gigWithApplicants(
            db,
            ["submitted", "submitted"],
            "Rooftop ghazals",
          );
          const [chosen, other] = applicants;
          const booking = await negotiations.startNegotiation(
            deps,
            organizer,
            { applicationId: chosen.applicationId },
            meta,
          );
          await db.insertInto("act_blocks").values({
            act_id: chosen.actId,
            starts_at: new Date(startsAt.getTime() - DAY),
            ends_at: new Date(startsAt.getTime() + DAY),
            reason: "On tour",
          }).execute();
          const notes = await db.selectFrom("notifications").select("id").execute();
          await assert.rejects(
            negotiations.acceptOffer(deps, organizer, booking.id, { round: 1 }, meta),
            (err) => err instanceof Conflict && /unavailable/.test(err.message),
          );
          assert.equal(await gigStatus(db, gig.id), "open");
          assert.deepEqual(await statusesOf(db, [chosen.applicationId, other.applicationId]), [
            "accepted",
            "submitted",
          ]);
          assert.equal((await db.selectFrom("notifications").select("id").execute()).length, notes.length);
        });
      } finally {
        await handle.close();
      }
    },
  });
}

Deno.test("the gig's page shows its poster the agreed booking instead of the fee first asked", async () => {
  const app = await openTestApp();
  try {
    const db = app.database.db;
    const deps = app.services.deps;
    const organizer = await signUp(app, "organizer");
    const artist = await signUp(app, "artist");
    const other = await signUp(app, "artist");
    const { id: actId } = await act(db, artist.id, { name: "Meera Sitar" });
    const { id: otherAct } = await act(db, other.id, { name: "Tabla Trio" });
    const gig = await opportunity(db, organizer.id, {
      title: "Baithak at the Courtyard",
      application_deadline: new Date(Date.now() + 20 * DAY),
    });
    const apply = (act_id: string, applicant_id: string, proposed_fee: number) =>
      db.insertInto("applications").values({
        opportunity_id: gig.id,
        act_id,
        applicant_id,
        pitch: "A sitar evening",
        proposed_fee,
        currency: "INR",
      }).returning("id").executeTakeFirstOrThrow();
    const chosen = await apply(actId, artist.id, 9_000_000);
    await apply(otherAct, other.id, 5_000_000);
    const asOrganizer = { userId: organizer.id, roles: ["organizer" as const], sessionId: "s" };
    const asArtist = { userId: artist.id, roles: ["artist" as const], sessionId: "s" };
    const booking = await negotiations.startNegotiation(
      deps,
      asOrganizer,
      { applicationId: chosen.id },
      meta,
    );
    await negotiations.makeOffer(deps, asOrganizer, booking.id, { fee: 7_500_000 }, meta);
    await negotiations.acceptOffer(deps, asArtist, booking.id, { round: 2 }, meta);

    const res = await app.request(`/opportunities/${gig.id}`, { headers: organizer.headers });
    assert.equal(res.status, 200);
    const page = parsePage(await res.text());
    const agreed = find(page, '[data-testid="agreed-bookings"]');
    assert.match(agreed.textContent ?? "", /Booked: Meera Sitar for ₹75,000\./);
    assert.equal(find(agreed, "a").getAttribute("href"), `/bookings/${booking.id}`);
    const list = find(page, '[data-testid="applications"]');
    assert.deepEqual(textsOf(list, '[data-testid="agreed-fee"]'), ["Confirmed at ₹75,000 agreed"]);
    assert.doesNotMatch(list.textContent ?? "", /₹90,000/, "the fee first asked is gone");
    assert.deepEqual(
      textsOf(list, "li > a[href^='/bookings/']"),
      ["See the booking"],
    );
    assert.match(list.textContent ?? "", /rejected/, "the other applicant was not selected");

    // Everyone else reads that it is booked; the public list no longer has it.
    const visitor = parsePage(await (await app.request(`/opportunities/${gig.id}`)).text());
    assert.match(visitor.body.textContent ?? "", /This gig has been booked\./);
    const listing = await (await app.request("/opportunities")).text();
    assert.doesNotMatch(listing, /Baithak at the Courtyard/);
  } finally {
    await app.close();
  }
});
