/**
 * The booking and negotiation services against a real database (PGlite, and
 * PostgreSQL when TEST_DATABASE_URL is set): one database per driver, shared
 * by the steps, each step with its own people and act.
 */
import assert from "node:assert/strict";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { Actor } from "../domain/access.ts";
import { AppError, Conflict, Forbidden, NotFound, ValidationError } from "../domain/errors.ts";
import * as bookings from "../services/bookings/bookings.ts";
import { expireDueOffers } from "../services/bookings/expiry.ts";
import * as negotiations from "../services/bookings/negotiations.ts";
import type { WorkflowDeps } from "../services/notifications.ts";
import { signBothSides } from "./support/contracts.ts";
import { payDue, withSandbox } from "./support/payments.ts";
import { hasPostgres, openTestDatabase } from "./support/db.ts";
import { act, band, cityId, opportunity, person } from "./support/fixtures.ts";
import { outboxDeps } from "./support/workflow_deps.ts";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const meta = { ip: "203.0.113.9", userAgent: "bookings-test" };

interface World {
  db: Kysely<Database>;
  deps: WorkflowDeps;
  clock: { now: Date };
}

/** An organizer, an artist with a solo act, and a booking request between them. */
async function cast(w: World, offer?: Record<string, unknown>) {
  const organizer = await person(w.db, "organizer");
  const artist = await person(w.db, "artist");
  const { id: actId } = await act(w.db, artist.userId);
  const booking = await bookings.createBooking(w.deps, organizer, {
    actId,
    title: "Ganesh Utsav evening",
    startsAt: new Date(w.clock.now.getTime() + 40 * DAY).toISOString(),
    durationMinutes: 90,
    cityId: await cityId(w.db),
    address: "Shaniwar Wada lawns",
    message: "An evening set for families.",
    ...(offer ? { offer } : {}),
  }, meta);
  return { organizer, artist, actId, booking };
}

async function rejects<E extends AppError>(
  promise: Promise<unknown>,
  type: new (...args: never[]) => E,
  message?: RegExp,
) {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof type, `expected ${type.name}, got ${err}`);
    if (message) assert.match((err as Error).message, message);
    return true;
  });
}

const count = async (db: Kysely<Database>, table: "notifications" | "outbox" | "booking_events") =>
  Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);

for (const driver of ["pglite", "pg"] as const) {
  Deno.test({
    name: `booking services [${driver}]`,
    ignore: driver === "pg" && !hasPostgres,
    async fn(t) {
      const handle = await openTestDatabase({ driver });
      const clock = { now: new Date() };
      const deps = outboxDeps(handle.db, { now: () => clock.now });
      const w: World = { db: handle.db, deps, clock };
      try {
        await steps(t, w);
      } finally {
        await handle.close();
      }
    },
  });
}

async function steps(t: Deno.TestContext, w: World) {
  const { db, deps } = w;

  await t.step(
    "a request goes inquiry -> offer -> counter -> counter -> accept -> confirmed, recorded everywhere",
    async () => {
      const { organizer, artist, booking } = await cast(w);
      assert.equal(booking.status, "inquiry");
      assert.equal(booking.turn, "act");
      assert.deepEqual(booking.viewer.allowedEvents, ["offer", "cancel"]);

      const quoted = await negotiations.makeOffer(deps, artist, booking.id, { fee: 8_000_000 }, meta);
      assert.equal(quoted.status, "offered");
      assert.equal(quoted.turn, "organizer");
      const countered = await negotiations.makeOffer(deps, organizer, booking.id, {
        fee: 6_000_000,
        depositBps: 2500,
        cancellationTier: "strict",
        note: "Our budget for a weekday",
      }, meta);
      assert.equal(countered.status, "negotiating");
      assert.equal(countered.terms.deposit, 1_500_000);
      const again = await negotiations.makeOffer(deps, artist, booking.id, { fee: 7_000_000 }, meta);
      assert.equal(again.offersMade, 3);
      assert.equal(again.terms.cancellationTier, "strict", "unspecified terms carry over");
      const confirmed = await negotiations.acceptOffer(deps, organizer, booking.id, {}, meta);
      assert.equal(confirmed.status, "confirmed");
      assert.equal(confirmed.terms.fee, 7_000_000);
      assert.equal(confirmed.terms.balance, 7_000_000 - 1_750_000);
      assert.equal(confirmed.turn, null);

      const thread = await negotiations.getNegotiation(deps, artist, booking.id);
      assert.deepEqual(thread.offers.map((o) => [o.round, o.madeBy, o.fee, o.status]), [
        [1, "act", 8_000_000, "countered"],
        [2, "organizer", 6_000_000, "countered"],
        [3, "act", 7_000_000, "accepted"],
      ]);
      const timeline = await bookings.getTimeline(deps, organizer, booking.id);
      assert.deepEqual(timeline.map((e) => [e.event, e.party, e.fromStatus, e.toStatus]), [
        ["request", "organizer", null, "inquiry"],
        ["offer", "act", "inquiry", "offered"],
        ["counter", "organizer", "offered", "negotiating"],
        ["counter", "act", "negotiating", "negotiating"],
        ["accept", "organizer", "negotiating", "confirmed"],
        // Accepting drafts the contract in the same transaction.
        ["contract_generated", "organizer", "confirmed", "confirmed"],
      ]);
      assert.equal(timeline[2].detail.fee, 6_000_000);
      assert.equal(timeline[4].actor?.id, organizer.userId);

      const audits = await db.selectFrom("audit_logs").select(["actor_id", "action", "ip"])
        .where("entity_type", "=", "bookings").where("entity_id", "=", booking.id).orderBy("at").execute();
      assert.deepEqual(audits.map((a) => [a.action, a.actor_id]), [
        ["insert", organizer.userId],
        ["update", artist.userId],
        ["update", organizer.userId],
        ["update", artist.userId],
        ["update", organizer.userId],
      ]);
      assert.equal(audits[0].ip, "203.0.113.9");

      const notes = await db.selectFrom("notifications").select(["user_id", "title", "link"])
        .where("link", "=", `/bookings/${booking.id}`).orderBy("created_at").execute();
      assert.deepEqual(notes.map((n) => [n.user_id, n.title]), [
        [artist.userId, "New booking request"],
        [organizer.userId, "New offer on your booking"],
        [artist.userId, "New offer on your booking"],
        [organizer.userId, "New offer on your booking"],
        [artist.userId, "Booking confirmed"],
      ]);
      const emails = await db.selectFrom("outbox").innerJoin("users", "users.email", "outbox.recipient")
        .select("users.id").where("users.id", "in", [artist.userId, organizer.userId]).execute();
      assert.equal(emails.length, 5, "each notification queued an e-mail");
    },
  );

  await t.step("only the party whose turn it is may answer, and nobody answers twice", async () => {
    const { organizer, artist, booking } = await cast(w, { fee: 5_000_000 });
    assert.equal(booking.status, "offered");
    await rejects(
      negotiations.acceptOffer(deps, organizer, booking.id, {}, meta),
      Conflict,
      /It is the act's turn/,
    );
    await rejects(
      negotiations.makeOffer(deps, organizer, booking.id, { fee: 4_000_000 }, meta),
      Conflict,
      /It is the act's turn to answer/,
    );
    await rejects(negotiations.declineOffer(deps, organizer, booking.id, {}, meta), Conflict, /act's turn/);
    const declined = await negotiations.declineOffer(deps, artist, booking.id, { reason: "Touring" }, meta);
    assert.equal(declined.status, "cancelled");
    await rejects(negotiations.acceptOffer(deps, artist, booking.id, {}, meta), Conflict);
    const [offer] = (await negotiations.getNegotiation(deps, organizer, booking.id)).offers;
    assert.equal(offer.status, "declined");
  });

  await t.step(
    "accepting names the offer read: one countered meanwhile is refused and nothing changes",
    async () => {
      const { organizer, artist, booking } = await cast(w, { fee: 10_000_000 });
      assert.equal(booking.openOffer?.round, 1);
      // The organizer improves the offer while the artist is still reading the first one.
      await negotiations.makeOffer(deps, artist, booking.id, { fee: 12_000_000 }, meta);
      await negotiations.makeOffer(deps, organizer, booking.id, { fee: 11_000_000 }, meta);
      const before = await count(db, "booking_events");
      await rejects(
        negotiations.acceptOffer(deps, artist, booking.id, { round: 1 }, meta),
        Conflict,
        /round 3/,
      );
      assert.equal(await count(db, "booking_events"), before);
      const still = await bookings.getBooking(deps, artist, booking.id);
      assert.equal(still.status, "negotiating");
      assert.equal(still.openOffer?.round, 3);
      await rejects(negotiations.acceptOffer(deps, artist, booking.id, { round: 0 }, meta), ValidationError);
      await rejects(
        negotiations.acceptOffer(deps, artist, booking.id, { round: "3" }, meta),
        ValidationError,
      );
      const confirmed = await negotiations.acceptOffer(deps, artist, booking.id, { round: 3 }, meta);
      assert.equal(confirmed.status, "confirmed");
      assert.equal(confirmed.terms.fee, 11_000_000);
      // Nothing is open any more: naming an offer is a conflict, not a second acceptance.
      await rejects(
        negotiations.acceptOffer(deps, organizer, booking.id, { round: 3 }, meta),
        Conflict,
        /no longer open/,
      );
    },
  );

  await t.step("a bad offer is a ValidationError naming the fields", async () => {
    const { artist, booking } = await cast(w);
    await assert.rejects(
      negotiations.makeOffer(deps, artist, booking.id, {
        fee: 0,
        expiresAt: new Date(w.clock.now.getTime() - HOUR).toISOString(),
      }, meta),
      (err: unknown) => {
        assert.ok(err instanceof ValidationError);
        assert.deepEqual(err.details.map((d) => d.field).sort(), ["expiresAt", "fee"]);
        return true;
      },
    );
    await rejects(negotiations.makeOffer(deps, artist, booking.id, { fee: "lots" }, meta), ValidationError);
  });

  await t.step(
    "a lapsed offer is expired before anyone can accept it; the sweep closes the rest",
    async () => {
      const a = await cast(w, {
        fee: 5_000_000,
        expiresAt: new Date(w.clock.now.getTime() + DAY).toISOString(),
      });
      const b = await cast(w, {
        fee: 5_000_000,
        expiresAt: new Date(w.clock.now.getTime() + DAY).toISOString(),
      });
      const start = w.clock.now;
      w.clock.now = new Date(start.getTime() + 2 * DAY);
      try {
        await rejects(negotiations.acceptOffer(deps, a.artist, a.booking.id, {}, meta), Conflict, /expired/);
        const after = await bookings.getBooking(deps, a.organizer, a.booking.id);
        assert.equal(after.status, "cancelled", "the expiry committed though the accept was refused");
        const expired = await expireDueOffers(deps);
        assert.ok(expired >= 1);
        assert.equal((await bookings.getBooking(deps, b.organizer, b.booking.id)).status, "cancelled");
        const timeline = await bookings.getTimeline(deps, b.artist, b.booking.id);
        assert.deepEqual(timeline.at(-1), {
          ...timeline.at(-1)!,
          event: "expire",
          party: "system",
          actor: null,
        });
        const notes = await db.selectFrom("notifications").select("user_id")
          .where("link", "=", `/bookings/${b.booking.id}`).where("title", "=", "Offer expired").execute();
        assert.deepEqual(notes.map((n) => n.user_id).sort(), [b.organizer.userId, b.artist.userId].sort());
      } finally {
        w.clock.now = start;
      }
    },
  );

  await t.step("after six offers the booking must be accepted or declined", async () => {
    const { organizer, artist, booking } = await cast(w, { fee: 5_000_000 });
    let fee = 5_000_000;
    for (let round = 2; round <= 6; round++) {
      fee += 100_000;
      await negotiations.makeOffer(deps, round % 2 === 0 ? artist : organizer, booking.id, { fee }, meta);
    }
    await rejects(
      negotiations.makeOffer(deps, organizer, booking.id, { fee: 9_000_000 }, meta),
      Conflict,
      /After 6 offers/,
    );
    const confirmed = await negotiations.acceptOffer(deps, organizer, booking.id, {}, meta);
    assert.equal(confirmed.status, "confirmed");
    assert.equal(confirmed.offersMade, 6);
  });

  await t.step("cancelling a confirmed booking stores the split of its tier and notice", async () => {
    const { organizer, artist, booking } = await cast(w, { fee: 10_000_000, cancellationTier: "standard" });
    await negotiations.acceptOffer(deps, artist, booking.id, {}, meta);
    await signBothSides(deps, organizer, artist, booking.id);
    await payDue(withSandbox(deps), organizer, booking.id);
    assert.equal((await bookings.getBooking(deps, organizer, booking.id)).status, "paid_deposit");
    // 40 days out under "standard": 30 days or more, nothing owed; the deposit goes back.
    await rejects(bookings.cancelBooking(deps, organizer, booking.id, { reason: "" }, meta), ValidationError);
    const cancelled = await bookings.cancelBooking(deps, organizer, booking.id, { reason: "Rain" }, meta);
    assert.equal(cancelled.status, "cancelled");
    assert.equal(cancelled.refundDue, 3_000_000);
    const c = cancelled.cancellation!;
    assert.equal(c.cancelledBy, "organizer");
    assert.equal(c.reason, "Rain");
    assert.equal(c.owedToAct, 0);
    assert.equal(c.refundToOrganizer, 3_000_000);
    assert.match(String(c.ruleLabel), /30 days' notice or more/);

    // Ten days out, the organizer owes half: the deposit is kept, the rest is a claim.
    const late = await cast(w, { fee: 10_000_000, cancellationTier: "standard" });
    await negotiations.acceptOffer(deps, late.artist, late.booking.id, {}, meta);
    await signBothSides(deps, late.organizer, late.artist, late.booking.id);
    await payDue(withSandbox(deps), late.organizer, late.booking.id);
    const start = w.clock.now;
    w.clock.now = new Date(start.getTime() + 30 * DAY);
    try {
      const split = (await bookings.cancelBooking(deps, late.organizer, late.booking.id, {
        reason: "Venue lost",
      }, meta)).cancellation!;
      assert.deepEqual(
        [split.owedToAct, split.retainedForAct, split.refundToOrganizer, split.outstandingFromOrganizer],
        [5_000_000, 3_000_000, 0, 2_000_000],
      );
      const row = await db.selectFrom("bookings").select(["status", "refund_due", "cancellation"])
        .where("id", "=", late.booking.id).executeTakeFirstOrThrow();
      assert.equal(row.status, "cancelled");
      assert.equal(Number(row.refund_due), 0);
      assert.equal(row.cancellation?.owedToAct, 5_000_000);
    } finally {
      w.clock.now = start;
    }
  });

  await t.step(
    "who may see and act: parties, members read-only, admin, staff; strangers get 404",
    async () => {
      const organizer = await person(db, "organizer");
      const manager = await person(db, "band_manager");
      const member = await person(db, "artist");
      const stranger = await person(db, "promoter");
      const admin = await person(db, "admin");
      const staff = await person(db, "staff");
      const { id: bandId } = await band(db, manager.userId);
      await db.insertInto("band_members").values({
        act_id: bandId,
        user_id: member.userId,
        status: "accepted",
        responded_at: new Date(),
      }).execute();
      const booking = await bookings.createBooking(deps, organizer, {
        actId: bandId,
        title: "College fest",
        startsAt: new Date(w.clock.now.getTime() + 20 * DAY).toISOString(),
        durationMinutes: 60,
        cityId: await cityId(db),
        offer: { fee: 4_000_000 },
      }, meta);
      const roles = async (a: Actor) => (await bookings.getBooking(deps, a, booking.id)).viewer;
      assert.deepEqual(await roles(organizer), { role: "organizer", allowedEvents: ["cancel"] });
      assert.deepEqual(await roles(manager), {
        role: "act",
        allowedEvents: ["counter", "accept", "decline", "cancel"],
      });
      assert.deepEqual(await roles(member), { role: "member", allowedEvents: [] });
      assert.deepEqual(await roles(staff), { role: "staff", allowedEvents: [] });
      assert.deepEqual(await roles(admin), { role: "admin", allowedEvents: ["cancel"] });
      await rejects(bookings.getBooking(deps, stranger, booking.id), NotFound);
      await rejects(bookings.getTimeline(deps, stranger, booking.id), NotFound);
      await rejects(negotiations.acceptOffer(deps, stranger, booking.id, {}, meta), NotFound);
      await rejects(negotiations.acceptOffer(deps, member, booking.id, {}, meta), Forbidden, /manager/);
      await rejects(negotiations.acceptOffer(deps, staff, booking.id, {}, meta), Forbidden);
      await rejects(negotiations.acceptOffer(deps, admin, booking.id, {}, meta), Forbidden);
      await rejects(bookings.getBooking(deps, organizer, crypto.randomUUID()), NotFound);

      // The notification for a band goes to its manager.
      const [note] = await db.selectFrom("notifications").select("user_id")
        .where("link", "=", `/bookings/${booking.id}`).execute();
      assert.equal(note.user_id, manager.userId);

      const mine = await bookings.listBookings(deps, member, {});
      assert.deepEqual(mine.items.map((i) => [i.id, i.role]), [[booking.id, "member"]]);
      assert.equal((await bookings.listBookings(deps, stranger, {})).items.length, 0);

      // Requests: organizer-side roles only, never for one's own act.
      const request = { actId: bandId, title: "x y", startsAt: booking.terms.startsAt, durationMinutes: 60 };
      await rejects(
        bookings.createBooking(deps, member, { ...request, cityId: await cityId(db) }, meta),
        Forbidden,
      );
      const both = await person(db, "band_manager", "organizer");
      const { id: ownBand } = await band(db, both.userId);
      await rejects(
        bookings.createBooking(deps, both, { ...request, actId: ownBand, cityId: await cityId(db) }, meta),
        Forbidden,
        /act you manage/,
      );

      const cancelled = await bookings.cancelBooking(
        deps,
        admin,
        booking.id,
        { reason: "Fraud report" },
        meta,
      );
      assert.equal(cancelled.status, "cancelled");
      assert.equal(cancelled.viewer.role, "admin");
    },
  );

  await t.step("a request checks its act, venue or city, and date", async () => {
    const organizer = await person(db, "venue_manager");
    const base = {
      title: "Sunday brunch set",
      startsAt: new Date(w.clock.now.getTime() + 5 * DAY).toISOString(),
      durationMinutes: 60,
    };
    const fields = async (input: Record<string, unknown>) => {
      try {
        await bookings.createBooking(deps, organizer, { ...base, ...input }, meta);
      } catch (err) {
        assert.ok(err instanceof ValidationError, String(err));
        return err.details.map((d) => d.field);
      }
      assert.fail("expected a ValidationError");
    };
    assert.deepEqual(await fields({ actId: crypto.randomUUID(), cityId: await cityId(db) }), ["actId"]);
    const { id: actId } = await act(db, (await person(db, "artist")).userId);
    assert.deepEqual(await fields({ actId }), ["cityId"]);
    assert.deepEqual(await fields({ actId, venueId: crypto.randomUUID() }), ["venueId"]);
    assert.deepEqual(await fields({ actId, cityId: 999_999_999 }), ["cityId"]);
    assert.deepEqual(
      await fields({
        actId,
        cityId: await cityId(db),
        startsAt: new Date(w.clock.now.getTime() - DAY).toISOString(),
      }),
      ["startsAt"],
    );
  });

  await t.step("the organizer edits the words before confirmation, never after", async () => {
    const { organizer, artist, booking } = await cast(w, { fee: 5_000_000 });
    const edited = await bookings.updateBooking(deps, organizer, booking.id, { title: "Utsav finale" }, meta);
    assert.equal(edited.title, "Utsav finale");
    await rejects(bookings.updateBooking(deps, artist, booking.id, { title: "Mine now" }, meta), Forbidden);
    await rejects(bookings.updateBooking(deps, organizer, booking.id, { fee: 1 }, meta), ValidationError);
    await negotiations.acceptOffer(deps, artist, booking.id, {}, meta);
    await rejects(bookings.updateBooking(deps, organizer, booking.id, { title: "Later" }, meta), Conflict);
    const events = (await bookings.getTimeline(deps, artist, booking.id)).map((e) => e.event);
    assert.deepEqual(events, ["request", "offer", "edit", "accept", "contract_generated"]);
  });

  await t.step("confirming over a confirmed booking or a block is refused and writes nothing", async () => {
    const { organizer, artist, actId, booking } = await cast(w, { fee: 5_000_000 });
    await negotiations.acceptOffer(deps, artist, booking.id, {}, meta);
    // A second organizer asks for an overlapping slot (within the travel buffer).
    const other = await person(db, "promoter");
    const clash = await bookings.createBooking(deps, other, {
      actId,
      title: "Late show",
      startsAt: new Date(new Date(booking.terms.endsAt).getTime() + HOUR).toISOString(),
      durationMinutes: 60,
      cityId: await cityId(db),
      offer: { fee: 3_000_000 },
    }, meta);
    const before = [
      await count(db, "notifications"),
      await count(db, "outbox"),
      await count(db, "booking_events"),
    ];
    await rejects(
      negotiations.acceptOffer(deps, artist, clash.id, {}, meta),
      Conflict,
      /already booked at that time/,
    );
    assert.deepEqual(
      [await count(db, "notifications"), await count(db, "outbox"), await count(db, "booking_events")],
      before,
    );
    const thread = await negotiations.getNegotiation(deps, other, clash.id);
    assert.equal(thread.booking.status, "offered");
    assert.equal(thread.offers[0].status, "open");

    const blocked = await bookings.createBooking(deps, organizer, {
      actId,
      title: "Another date",
      startsAt: new Date(w.clock.now.getTime() + 60 * DAY).toISOString(),
      durationMinutes: 60,
      cityId: await cityId(db),
      offer: { fee: 3_000_000 },
    }, meta);
    await db.insertInto("act_blocks").values({
      act_id: actId,
      starts_at: new Date(w.clock.now.getTime() + 60 * DAY - HOUR),
      ends_at: new Date(w.clock.now.getTime() + 60 * DAY + 2 * HOUR),
      reason: "Family wedding",
    }).execute();
    await rejects(negotiations.acceptOffer(deps, artist, blocked.id, {}, meta), Conflict, /unavailable/);
  });

  await t.step("an application becomes a negotiation opened by the act's proposed fee", async () => {
    const organizer = await person(db, "organizer");
    const artist = await person(db, "artist");
    const { id: actId } = await act(db, artist.userId);
    const startsAt = new Date(w.clock.now.getTime() + 30 * DAY);
    const posted = await opportunity(db, organizer.userId, {
      title: "Sufi night",
      starts_at: startsAt,
      duration_minutes: 120,
      budget_min: 2_000_000,
      budget_max: 6_000_000,
    });
    const application = await db.insertInto("applications").values({
      opportunity_id: posted.id,
      act_id: actId,
      applicant_id: artist.userId,
      pitch: "We play qawwali",
      proposed_fee: 4_500_000,
      currency: "INR",
    }).returning("id").executeTakeFirstOrThrow();
    await rejects(
      negotiations.startNegotiation(deps, artist, { applicationId: application.id }, meta),
      Forbidden,
    );
    // While the act's owner is suspended their act is unlisted, and its application waits.
    await db.updateTable("users").set({ status: "suspended" }).where("id", "=", artist.userId).execute();
    await rejects(
      negotiations.startNegotiation(deps, organizer, { applicationId: application.id }, meta),
      Conflict,
    );
    await db.updateTable("users").set({ status: "active" }).where("id", "=", artist.userId).execute();
    const booking = await negotiations.startNegotiation(
      deps,
      organizer,
      { applicationId: application.id },
      meta,
    );
    assert.equal(booking.status, "offered");
    assert.equal(booking.turn, "organizer");
    assert.equal(booking.terms.fee, 4_500_000);
    assert.equal(booking.opportunityId, posted.id);
    const app = await db.selectFrom("applications").select(["status", "booking_id"])
      .where("id", "=", application.id).executeTakeFirstOrThrow();
    assert.deepEqual(app, { status: "accepted", booking_id: booking.id });
    const notes = await db.selectFrom("notifications").select(["user_id", "title"])
      .where("link", "=", `/bookings/${booking.id}`).execute();
    assert.deepEqual(notes, [{ user_id: artist.userId, title: "Application update" }]);
    await rejects(
      negotiations.startNegotiation(deps, organizer, { applicationId: application.id }, meta),
      Conflict,
    );
    const countered = await negotiations.makeOffer(deps, organizer, booking.id, { fee: 4_000_000 }, meta);
    assert.equal(countered.turn, "act");
  });
}
