/**
 * The contract services against a real database (PGlite, and PostgreSQL when
 * TEST_DATABASE_URL is set): drafting on acceptance, revising, sending,
 * signing and voiding, what the booking's own events do to the contract, the
 * e-mails, concurrent signatures (PostgreSQL only), history changed behind
 * the service's back, and the sealed PDF. One database per driver, shared by
 * the steps; each step makes its own people, acts and bookings.
 */
import assert from "node:assert/strict";
import { sql } from "kysely";
import type { Kysely } from "kysely";
import { loadConfig } from "../config/env.ts";
import { contractChain } from "../db/queries/contract_events.ts";
import type { Database } from "../db/schema.ts";
import type { Actor } from "../domain/access.ts";
import {
  AppError,
  Conflict,
  DoubleBooked,
  Forbidden,
  NotFound,
  RateLimited,
  ValidationError,
} from "../domain/errors.ts";
import { createContractPdfMaker } from "../integrations/contract_pdf/mod.ts";
import { LocalDiskStorage } from "../integrations/storage/local_disk.ts";
import { hashPassword } from "../services/auth/passwords.ts";
import * as bookings from "../services/bookings/bookings.ts";
import { expireDueOffers } from "../services/bookings/expiry.ts";
import * as negotiations from "../services/bookings/negotiations.ts";
import * as contracts from "../services/contracts/contracts.ts";
import { contractPdf } from "../services/contracts/pdf.ts";
import { verifyContract } from "../services/contracts/verify.ts";
import type { WorkflowDeps } from "../services/notifications.ts";
import { outboxSealer } from "../services/outbox.ts";
import { signBothSides, signedInAt } from "./support/contracts.ts";
import { payDue, withSandbox } from "./support/payments.ts";
import { startPayment } from "../services/payments/checkout.ts";
import { hasPostgres, openTestDatabase } from "./support/db.ts";
import { act, band, cityId, type Person, person } from "./support/fixtures.ts";
import { outboxDeps } from "./support/workflow_deps.ts";

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const meta = { ip: "203.0.113.21", userAgent: "contracts-test" };
const PASSWORD = "Sarod-Recital-2026";

interface World {
  db: Kysely<Database>;
  deps: WorkflowDeps;
  clock: { now: Date };
  sealer: ReturnType<typeof outboxSealer>;
}

async function rejects<E extends AppError>(
  promise: Promise<unknown>,
  type: new (...args: never[]) => E,
  message?: RegExp,
): Promise<E> {
  let caught: E | undefined;
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof type, `expected ${type.name}, got ${err}`);
    if (message) assert.match((err as Error).message, message);
    caught = err as E;
    return true;
  });
  return caught!;
}

/** The fields a ValidationError names. */
async function invalidFields(promise: Promise<unknown>): Promise<string[]> {
  const err = await rejects(promise, ValidationError);
  return err.details.map((d) => d.field);
}

/**
 * A confirmed booking 40 days out for 60,000 rupees with a 25% deposit,
 * between a new organizer and a new solo artist (or a band's manager, with
 * one accepted member), and its draft contract.
 */
async function confirmed(w: World, opts: { band?: boolean; startsInMs?: number } = {}) {
  const organizer = await person(w.db, "organizer");
  const actOwner = await person(w.db, opts.band ? "band_manager" : "artist");
  const { id: actId } = await (opts.band ? band : act)(w.db, actOwner.userId);
  let member: Person | null = null;
  if (opts.band) {
    member = await person(w.db, "artist");
    await w.db.insertInto("band_members").values({
      act_id: actId,
      user_id: member.userId,
      status: "accepted",
      responded_at: w.clock.now,
    }).execute();
  }
  const request = await bookings.createBooking(w.deps, organizer, {
    actId,
    title: "Monsoon ragas",
    startsAt: new Date(w.clock.now.getTime() + (opts.startsInMs ?? 40 * DAY)).toISOString(),
    durationMinutes: 120,
    cityId: await cityId(w.db),
    address: "Ravindra Natya Mandir",
    offer: { fee: 6_000_000, depositBps: 2500 },
  }, meta);
  const booking = await negotiations.acceptOffer(w.deps, actOwner, request.id, {}, meta);
  assert.equal(booking.status, "confirmed");
  // Read without recording anyone's first view of it.
  const { contract, created } = await contracts.generateContract(
    w.deps,
    organizer,
    { bookingId: booking.id },
    meta,
  );
  assert.equal(created, false);
  assert.equal(contract.id, booking.contract!.id);
  return { organizer, actOwner, member, actId, booking, contract };
}

/** `p` with a session that signed in just now, so signing needs no password. */
const fresh = <P extends Actor>(w: World, p: P) => signedInAt(w.db, p, w.clock.now);

const signAs = (w: World, who: Actor, contractId: string, documentHash: string, extra = {}) =>
  contracts.signContract(w.deps, who, contractId, {
    documentHash,
    fullName: "Full Legal Name",
    consent: true,
    ...extra,
  }, meta);

async function contractRow(db: Kysely<Database>, id: string) {
  return await db.selectFrom("contracts").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

async function bookingStatus(db: Kysely<Database>, id: string) {
  return await db.selectFrom("bookings").select(["status", "paid", "refund_due"]).where("id", "=", id)
    .executeTakeFirstOrThrow();
}

/** Runs `fn` with the test clock at `at`, then puts it back. */
async function at<T>(w: World, when: Date, fn: () => Promise<T>): Promise<T> {
  const before = w.clock.now;
  w.clock.now = when;
  try {
    return await fn();
  } finally {
    w.clock.now = before;
  }
}

for (const driver of ["pglite", "pg"] as const) {
  Deno.test({
    name: `contract services [${driver}]`,
    ignore: driver === "pg" && !hasPostgres,
    async fn(t) {
      const handle = await openTestDatabase({ driver });
      const clock = { now: new Date() };
      const appSecret = "contracts-test-secret-0123456789abcdef";
      const sealer = outboxSealer(appSecret);
      const deps = outboxDeps(handle.db, { now: () => clock.now, appSecret });
      try {
        await steps(t, { db: handle.db, deps, clock, sealer }, driver);
      } finally {
        await handle.close();
      }
    },
  });
}

async function steps(t: Deno.TestContext, w: World, driver: "pglite" | "pg") {
  const { db, deps } = w;

  await t.step("accepting an offer drafts the contract in the same transaction", async () => {
    const { organizer, actOwner, actId, booking, contract } = await confirmed(w);
    assert.equal(contract.status, "draft");
    assert.equal(contract.version, 1);
    assert.equal(contract.bookingId, booking.id);
    const timeline = await bookings.getTimeline(deps, organizer, booking.id);
    assert.deepEqual(timeline.slice(-2).map((e) => [e.event, e.party]), [
      ["accept", "act"],
      ["contract_generated", "act"],
    ]);
    assert.equal(timeline.at(-1)!.detail.contractId, contract.id);
    const chain = await contractChain(db, contract.id);
    assert.equal(chain[0].event, "generated");
    assert.equal(chain[0].detail.documentHash, contract.documentHash);
    assert.equal(chain[0].actorId, actOwner.userId);
    const money = contract.document.money;
    assert.deepEqual([money.fee, money.deposit, money.balance, money.depositBps], [
      booking.terms.fee,
      booking.terms.deposit,
      booking.terms.balance,
      booking.terms.depositBps,
    ]);
    assert.deepEqual([money.fee, money.deposit], [6_000_000, 1_500_000]);
    assert.equal(contract.document.performance.startsAt, booking.terms.startsAt);

    // Another organizer asks for the same evening; the act's acceptance fails and leaves no contract.
    const other = await person(db, "promoter");
    const clash = await bookings.createBooking(deps, other, {
      actId,
      title: "Same night elsewhere",
      startsAt: booking.terms.startsAt,
      durationMinutes: 60,
      cityId: await cityId(db),
      offer: { fee: 3_000_000 },
    }, meta);
    const eventsBefore = await db.selectFrom("contract_events").select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    await rejects(negotiations.acceptOffer(deps, actOwner, clash.id, {}, meta), DoubleBooked);
    const left = await db.selectFrom("contracts").select("id").where("booking_id", "=", clash.id).execute();
    assert.deepEqual(left, []);
    const eventsAfter = await db.selectFrom("contract_events").select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    assert.equal(Number(eventsAfter.n), Number(eventsBefore.n));
    assert.equal((await bookings.getBooking(deps, other, clash.id)).status, "offered");
  });

  await t.step("generating is idempotent; after a void the next contract is a new one", async () => {
    const { organizer, actOwner, booking, contract } = await confirmed(w);
    const again = await contracts.generateContract(deps, actOwner, { bookingId: booking.id }, meta);
    assert.equal(again.created, false);
    assert.equal(again.contract.id, contract.id);
    assert.equal(again.contract.viewer.role, "act");

    const voided = await contracts.voidContract(
      deps,
      organizer,
      contract.id,
      { reason: "Wrong venue" },
      meta,
    );
    assert.equal(voided.status, "voided");
    assert.equal(voided.voidReason, "Wrong venue");
    assert.equal((await bookingStatus(db, booking.id)).status, "confirmed");
    assert.equal((await bookings.getBooking(deps, organizer, booking.id)).contract, null);

    const next = await contracts.generateContract(deps, organizer, { bookingId: booking.id }, meta);
    assert.equal(next.created, true);
    assert.notEqual(next.contract.id, contract.id);
    assert.equal(next.contract.status, "draft");
    assert.equal(next.contract.version, 1);
    assert.equal((await contractChain(db, next.contract.id))[0].event, "generated");
    const same = await contracts.generateContract(deps, organizer, { bookingId: booking.id }, meta);
    assert.deepEqual([same.created, same.contract.id], [false, next.contract.id]);
    assert.equal((await bookings.getBooking(deps, actOwner, booking.id)).contract?.id, next.contract.id);

    // Only for a confirmed booking; and never for a request still being negotiated.
    const organizer2 = await person(db, "organizer");
    const { id: actId } = await act(db, (await person(db, "artist")).userId);
    const open = await bookings.createBooking(deps, organizer2, {
      actId,
      title: "Not yet agreed",
      startsAt: new Date(w.clock.now.getTime() + 30 * DAY).toISOString(),
      durationMinutes: 60,
      cityId: await cityId(db),
      offer: { fee: 2_000_000 },
    }, meta);
    await rejects(contracts.generateContract(deps, organizer2, { bookingId: open.id }, meta), Conflict);
    assert.deepEqual(
      await invalidFields(contracts.generateContract(deps, organizer2, { bookingId: "nope" }, meta)),
      ["bookingId"],
    );
  });

  await t.step("revising: organizer only, a new version and hash, every signature dropped", async () => {
    const { organizer, actOwner, contract } = await confirmed(w);
    const clauses = {
      organizerLegalName: "Raga Events LLP",
      organizerAddress: "12 FC Road, Pune",
      rider: "Two vocal mics",
      additionalTerms: null,
    };
    await rejects(contracts.reviseContract(deps, actOwner, contract.id, clauses, meta), Forbidden);
    await contracts.sendContract(deps, organizer, contract.id, meta);
    const o = await fresh(w, organizer);
    const half = await signAs(w, o, contract.id, contract.documentHash);
    assert.equal(half.status, "signed_by_promoter");

    const revised = await contracts.reviseContract(deps, organizer, contract.id, clauses, meta);
    assert.equal(revised.version, 2);
    assert.equal(revised.status, "draft");
    assert.notEqual(revised.documentHash, contract.documentHash);
    assert.equal(revised.document.version, 2);
    assert.equal(revised.document.parties.organizer.legalName, "Raga Events LLP");
    assert.deepEqual(revised.signatures, { organizer: null, act: null });
    const row = await contractRow(db, contract.id);
    assert.deepEqual(
      [row.promoter_signature, row.promoter_signed_at, row.artist_signature, row.artist_signed_at],
      [null, null, null, null],
    );
    assert.equal(row.document_hash, revised.documentHash);
    // The same clauses again change nothing: refused, no version 3.
    assert.deepEqual(
      await invalidFields(contracts.reviseContract(deps, organizer, contract.id, clauses, meta)),
      ["clauses"],
    );
    assert.deepEqual(
      await invalidFields(contracts.reviseContract(deps, organizer, contract.id, { rider: "x" }, meta)),
      ["organizerLegalName"],
    );

    await contracts.sendContract(deps, organizer, contract.id, meta);
    const a = await fresh(w, actOwner);
    await rejects(signAs(w, a, contract.id, contract.documentHash), Conflict, /changed since you read it/);
    const signed = await signAs(w, a, contract.id, revised.documentHash);
    assert.equal(signed.status, "signed_by_artist");
  });

  await t.step("sending and signing in either order; who may sign and who only reads", async () => {
    const { organizer, actOwner, member, contract } = await confirmed(w, { band: true });
    const staff = await fresh(w, await person(db, "staff"));
    const admin = await fresh(w, await person(db, "admin"));
    const stranger = await fresh(w, await person(db, "promoter"));
    const m = await fresh(w, member!);

    await rejects(contracts.sendContract(deps, actOwner, contract.id, meta), Forbidden);
    await rejects(contracts.sendContract(deps, m, contract.id, meta), Forbidden, /manager signs/);
    await rejects(contracts.sendContract(deps, stranger, contract.id, meta), NotFound);
    const sent = await contracts.sendContract(deps, organizer, contract.id, meta);
    assert.equal(sent.status, "sent");
    assert.deepEqual(sent.awaitingSignatureFrom, ["organizer", "act"]);
    await rejects(contracts.sendContract(deps, organizer, contract.id, meta), Conflict);

    // Readers: the member and staff see it, without anything to do.
    const asMember = await contracts.getContract(deps, m, contract.id, meta);
    assert.deepEqual(asMember.viewer, { role: "member", allowedEvents: [], mustSign: false });
    const asStaff = await contracts.getContract(deps, staff, contract.id, meta);
    assert.deepEqual(asStaff.viewer, { role: "staff", allowedEvents: [], mustSign: false });
    await rejects(contracts.getContract(deps, stranger, contract.id, meta), NotFound);
    await rejects(contracts.getContract(deps, organizer, crypto.randomUUID(), meta), NotFound);

    await rejects(signAs(w, m, contract.id, contract.documentHash), Forbidden, /manager signs for the band/);
    await rejects(signAs(w, staff, contract.id, contract.documentHash), Forbidden);
    await rejects(signAs(w, admin, contract.id, contract.documentHash), Forbidden);
    await rejects(signAs(w, stranger, contract.id, contract.documentHash), NotFound);
    // Without a fresh sign-in too: a reader is refused for who they are, not asked for a password.
    await rejects(signAs(w, member!, contract.id, contract.documentHash), Forbidden);
    await rejects(signAs(w, await person(db, "promoter"), contract.id, contract.documentHash), NotFound);

    const manager = await fresh(w, actOwner);
    const first = await signAs(w, manager, contract.id, contract.documentHash);
    assert.equal(first.status, "signed_by_artist");
    assert.deepEqual(first.awaitingSignatureFrom, ["organizer"]);
    await rejects(signAs(w, manager, contract.id, contract.documentHash), Conflict, /already signed/);
    const o = await fresh(w, organizer);
    const both = await signAs(w, o, contract.id, contract.documentHash);
    assert.equal(both.status, "signed");
    assert.deepEqual(both.awaitingSignatureFrom, []);
    assert.equal(both.signatures.act?.name, "Full Legal Name");
    await rejects(signAs(w, o, contract.id, contract.documentHash), Conflict);
    const chain = await contractChain(db, contract.id);
    assert.deepEqual(chain.filter((e) => e.event !== "viewed").map((e) => [e.event, e.party]), [
      ["generated", "act"],
      ["sent", "organizer"],
      ["signed", "act"],
      ["signed", "organizer"],
    ]);
    // Signing needs the exact consent and a name.
    const other = await confirmed(w);
    await contracts.sendContract(deps, other.organizer, other.contract.id, meta);
    const oo = await fresh(w, other.organizer);
    assert.deepEqual(
      (await invalidFields(
        contracts.signContract(deps, oo, other.contract.id, {
          documentHash: "abc",
          fullName: "",
          consent: false,
        }, meta),
      )).sort(),
      ["consent", "documentHash", "fullName"],
    );
  });

  await t.step(
    "confirming the signer: password, a recent sign-in, or neither; wrong passwords limited",
    async () => {
      const { organizer, actOwner, contract } = await confirmed(w);
      await db.updateTable("users").set({ password_hash: await hashPassword(PASSWORD) })
        .where("id", "=", organizer.userId).execute();
      await contracts.sendContract(deps, organizer, contract.id, meta);
      const start = w.clock.now;
      // The organizer's session is twenty minutes old: a password is needed.
      const o = await signedInAt(db, organizer, new Date(start.getTime() - 20 * MINUTE));
      const firstView = new Date(start.getTime() + MINUTE);
      await at(w, firstView, () => contracts.getContract(deps, o, contract.id, meta));
      await at(
        w,
        new Date(start.getTime() + 2 * MINUTE),
        () => contracts.getContract(deps, o, contract.id, meta),
      );
      const views = (await contractChain(db, contract.id)).filter((e) => e.event === "viewed");
      assert.equal(views.length, 1, "only the first reading of a version is recorded");

      await at(w, new Date(start.getTime() + 3 * MINUTE), async () => {
        assert.deepEqual(await invalidFields(signAs(w, o, contract.id, contract.documentHash)), ["password"]);
        for (let i = 0; i < 5; i++) {
          assert.deepEqual(
            await invalidFields(signAs(w, o, contract.id, contract.documentHash, { password: `guess-${i}` })),
            ["password"],
          );
        }
        // The sixth try within fifteen minutes is refused, even with the right password.
        await rejects(signAs(w, o, contract.id, contract.documentHash, { password: PASSWORD }), RateLimited);
      });
      const signedAt = new Date(start.getTime() + 20 * MINUTE);
      const signed = await at(
        w,
        signedAt,
        () => signAs(w, o, contract.id, contract.documentHash, { password: PASSWORD }),
      );
      assert.equal(signed.signatures.organizer?.method, "password");
      const evidence = (await contractRow(db, contract.id)).promoter_signature!;
      assert.deepEqual(evidence, {
        party: "organizer",
        userId: organizer.userId,
        typedName: "Full Legal Name",
        method: "password",
        documentHash: contract.documentHash,
        signedAt: signedAt.toISOString(),
        viewedAt: firstView.toISOString(),
        ip: meta.ip,
        userAgent: meta.userAgent,
        sessionId: o.sessionId,
      });

      // The act signed in four minutes ago: no password needed, and it never opened the contract.
      const a = await signedInAt(db, actOwner, new Date(start.getTime() - 4 * MINUTE));
      const done = await signAs(w, a, contract.id, contract.documentHash);
      assert.equal(done.status, "signed");
      assert.equal(done.signatures.act?.method, "recent_login");
      const actEvidence = (await contractRow(db, contract.id)).artist_signature!;
      assert.equal(actEvidence.viewedAt, null);
      assert.equal(actEvidence.sessionId, a.sessionId);
      const signedEntry = (await contractChain(db, contract.id)).filter((e) => e.event === "signed");
      assert.deepEqual(signedEntry.map((e) => (e.detail.signature as { method: string }).method), [
        "password",
        "recent_login",
      ]);
    },
  );

  await t.step("voiding: a party before both signed, an admin after (cancelling or disputing)", async () => {
    const admin = await person(db, "admin");
    // Before both signed: either party; the booking stays confirmed.
    const early = await confirmed(w);
    await contracts.sendContract(deps, early.organizer, early.contract.id, meta);
    await signAs(w, await fresh(w, early.organizer), early.contract.id, early.contract.documentHash);
    assert.deepEqual(
      await invalidFields(
        contracts.voidContract(deps, early.actOwner, early.contract.id, { reason: " " }, meta),
      ),
      ["reason"],
    );
    const voided = await contracts.voidContract(deps, early.actOwner, early.contract.id, {
      reason: "Dates moved",
    }, meta);
    assert.equal(voided.status, "voided");
    assert.equal((await bookingStatus(db, early.booking.id)).status, "confirmed");
    await rejects(
      contracts.voidContract(deps, early.organizer, early.contract.id, { reason: "Again" }, meta),
      Conflict,
    );

    // After both signed, before the show: parties may not; an admin cancels the booking, refunding all paid.
    const signed = await confirmed(w);
    await signBothSides(deps, signed.organizer, signed.actOwner, signed.booking.id);
    await payDue(withSandbox(deps), signed.organizer, signed.booking.id);
    await rejects(
      contracts.voidContract(deps, signed.organizer, signed.contract.id, { reason: "Changed mind" }, meta),
      Forbidden,
      /only an admin/,
    );
    await rejects(
      contracts.voidContract(deps, signed.actOwner, signed.contract.id, { reason: "Changed mind" }, meta),
      Forbidden,
    );
    const byAdmin = await contracts.voidContract(deps, admin, signed.contract.id, { reason: "Fraud" }, meta);
    assert.equal(byAdmin.status, "voided");
    const after = await bookingStatus(db, signed.booking.id);
    assert.deepEqual([after.status, Number(after.paid), Number(after.refund_due)], [
      "cancelled",
      1_500_000,
      1_500_000,
    ]);
    const last = (await bookings.getTimeline(deps, admin, signed.booking.id)).at(-1)!;
    assert.deepEqual([last.event, last.party], ["cancel", "admin"]);
    assert.match(String(last.detail.reason), /Contract voided by an admin: Fraud/);

    // Once the show has started (a scheduled booking), the admin's void opens a dispute.
    const played = await confirmed(w, { startsInMs: 2 * DAY });
    await signBothSides(deps, played.organizer, played.actOwner, played.booking.id);
    await payDue(withSandbox(deps), played.organizer, played.booking.id);
    await bookings.scheduleBooking(deps, played.organizer, played.booking.id, meta);
    const during = new Date(new Date(played.booking.terms.startsAt).getTime() + 30 * MINUTE);
    await at(w, during, async () => {
      const v = await contracts.voidContract(deps, admin, played.contract.id, { reason: "No-show" }, meta);
      assert.equal(v.status, "voided");
    });
    assert.equal((await bookingStatus(db, played.booking.id)).status, "disputed");
  });

  await t.step("what the booking's events do to its contract", async () => {
    // The organizer cancels: an unsigned contract is voided…
    const unsigned = await confirmed(w);
    await bookings.cancelBooking(deps, unsigned.organizer, unsigned.booking.id, { reason: "Rain" }, meta);
    const u = await contractRow(db, unsigned.contract.id);
    assert.equal(u.status, "voided");
    assert.match(u.void_reason ?? "", /cancelled before both parties signed/);
    assert.equal((await contractChain(db, u.id)).at(-1)!.party, "system");

    // …a signed one stands.
    const signed = await confirmed(w);
    await signBothSides(deps, signed.organizer, signed.actOwner, signed.booking.id);
    await bookings.cancelBooking(deps, signed.organizer, signed.booking.id, { reason: "Rain" }, meta);
    assert.equal((await contractRow(db, signed.contract.id)).status, "signed");

    // No deposit before both have signed.
    const early = await confirmed(w);
    await rejects(
      startPayment(withSandbox(deps).deps, early.organizer, early.booking.id),
      Conflict,
      /signed/,
    );

    // The show is played: the contract is completed.
    const played = await confirmed(w, { startsInMs: 3 * DAY });
    await signBothSides(deps, played.organizer, played.actOwner, played.booking.id);
    await payDue(withSandbox(deps), played.organizer, played.booking.id);
    await bookings.scheduleBooking(deps, played.actOwner, played.booking.id, meta);
    const over = new Date(new Date(played.booking.terms.endsAt).getTime() + HOUR);
    await at(w, over, () => bookings.completeBooking(deps, played.organizer, played.booking.id, meta));
    const done = await contractRow(db, played.contract.id);
    assert.equal(done.status, "completed");
    assert.deepEqual((await contractChain(db, done.id)).at(-1)!.event, "completed");

    // A confirmed booking whose contract is unsigned when its show starts lapses.
    const lapsing = await confirmed(w, { startsInMs: 5 * DAY });
    await contracts.sendContract(deps, lapsing.organizer, lapsing.contract.id, meta);
    const started = new Date(new Date(lapsing.booking.terms.startsAt).getTime() + MINUTE);
    assert.equal(await expireDueOffers(deps), 0, "nothing is due before the show");
    await at(w, started, async () => assert.ok(await expireDueOffers(deps) >= 1));
    assert.equal((await bookingStatus(db, lapsing.booking.id)).status, "cancelled");
    assert.equal((await contractRow(db, lapsing.contract.id)).status, "voided");
    const lapse = (await bookings.getTimeline(deps, lapsing.organizer, lapsing.booking.id)).at(-1)!;
    assert.deepEqual([lapse.event, lapse.party], ["expire", "system"]);
  });

  await t.step("sending tells the act; each signature tells the other party", async () => {
    const { organizer, actOwner, contract } = await confirmed(w);
    const link = `/bookings/${contract.bookingId}/contract`;
    await contracts.sendContract(deps, organizer, contract.id, meta);
    await signAs(w, await fresh(w, actOwner), contract.id, contract.documentHash);
    await signAs(w, await fresh(w, organizer), contract.id, contract.documentHash);
    const notes = await db.selectFrom("notifications").select(["user_id", "title", "body"])
      .where("link", "=", link).orderBy("created_at").orderBy("id").execute();
    assert.deepEqual(notes.map((n) => [n.user_id, n.title]), [
      [actOwner.userId, "Contract ready to sign"],
      [organizer.userId, "Contract signed"],
      [actOwner.userId, "Contract signed"],
    ]);
    assert.match(notes[2].body ?? "", /Both parties have signed/);
    const mails = await db.selectFrom("outbox").select(["recipient", "template", "payload"])
      .where("recipient", "in", [organizer.email, actOwner.email]).orderBy("created_at").execute();
    const contractMails = [];
    for (const m of mails) {
      const data = await w.sealer.open(m.payload!) as { subject: string; link: string };
      if (data.link.endsWith(link)) contractMails.push([m.recipient, m.template, data.subject]);
    }
    assert.deepEqual(contractMails, [
      [actOwner.email, "activity", "Contract ready to sign"],
      [organizer.email, "activity", "Contract signed"],
      [actOwner.email, "activity", "Contract signed"],
    ]);
  });

  await t.step({
    name: "concurrent signatures and revisions on PostgreSQL land one after the other",
    ignore: driver !== "pg",
    async fn() {
      for (let round = 0; round < 10; round++) {
        const { organizer, actOwner, contract } = await confirmed(w);
        await contracts.sendContract(deps, organizer, contract.id, meta);
        const [o, a] = [await fresh(w, organizer), await fresh(w, actOwner)];
        const results = await Promise.allSettled([
          signAs(w, o, contract.id, contract.documentHash),
          signAs(w, a, contract.id, contract.documentHash),
        ]);
        for (const r of results) {
          assert.equal(r.status, "fulfilled", r.status === "rejected" ? String(r.reason) : "");
        }
        const row = await contractRow(db, contract.id);
        assert.equal(row.status, "signed");
        assert.ok(row.promoter_signature && row.artist_signature);
        const chain = await contractChain(db, contract.id);
        assert.equal(chain.filter((e) => e.event === "signed").length, 2);
        // Whichever came second saw the first: one half-signed entry, then the signed one.
        const statuses = chain.filter((e) => e.event === "signed").map((e) => String(e.detail.status));
        assert.equal(statuses[1], "signed");
        assert.match(statuses[0], /^signed_by_(promoter|artist)$/);
        const verified = await verifyContract(deps, organizer, contract.id);
        assert.equal(verified.valid, true, JSON.stringify(verified));
      }

      // Two revisions at once: each builds its document from the version it finds after the other.
      const { organizer, contract } = await confirmed(w);
      const clauses = (rider: string) => ({ organizerLegalName: "Raga Events LLP", rider });
      await Promise.all([
        contracts.reviseContract(deps, organizer, contract.id, clauses("Two mics"), meta),
        contracts.reviseContract(deps, organizer, contract.id, clauses("Three mics"), meta),
      ]);
      const row = await contractRow(db, contract.id);
      assert.equal(row.version, 3);
      assert.equal(row.terms.version, 3, "the document states the version the row has");
      const verified = await verifyContract(deps, organizer, contract.id);
      assert.equal(verified.valid, true, JSON.stringify(verified));
    },
  });

  await t.step("history changed behind the service's back is found by verification", async () => {
    const { organizer, actOwner, contract } = await confirmed(w);
    await signBothSides(deps, organizer, actOwner, contract.bookingId);
    const honest = await verifyContract(deps, actOwner, contract.id);
    assert.equal(honest.valid, true, JSON.stringify(honest));
    assert.deepEqual(honest.problems, []);
    assert.deepEqual((await contractChain(db, contract.id)).map((e) => e.event), [
      "generated",
      "viewed",
      "sent",
      "signed",
      "signed",
    ]);
    assert.equal(honest.chain.entries, 5);
    assert.equal(honest.documentHash.matches, true);
    await rejects(verifyContract(deps, await person(db, "promoter"), contract.id), NotFound);

    // (a) The fee in the stored terms, raised.
    const { terms } = await contractRow(db, contract.id);
    await sql`update contracts set terms = jsonb_set(terms, '{money,fee}', '9000000')
      where id = ${contract.id}`.execute(db);
    const raised = await verifyContract(deps, organizer, contract.id);
    assert.equal(raised.valid, false);
    assert.equal(raised.documentHash.matches, false);
    assert.ok(
      raised.problems.includes("The contract's terms no longer match its document hash"),
      raised.problems.join(),
    );
    await db.updateTable("contracts").set({ terms: JSON.stringify(terms) }).where("id", "=", contract.id)
      .execute();
    assert.equal((await verifyContract(deps, organizer, contract.id)).valid, true);

    // (b) The chain refuses changes…
    await assert.rejects(
      sql`update contract_events set detail = '{}' where contract_id = ${contract.id} and seq = 2`.execute(
        db,
      ),
      /append-only|not allowed|cannot/i,
    );
    await assert.rejects(
      sql`delete from contract_events where contract_id = ${contract.id} and seq = 2`.execute(db),
    );
    // …unless the owner switches its trigger off (in one transaction, so nothing else runs unguarded).
    const behindTheBack = (statement: ReturnType<typeof sql>) =>
      db.transaction().execute(async (trx) => {
        await sql`alter table contract_events disable trigger contract_events_no_update_delete`.execute(trx);
        await statement.execute(trx);
        await sql`alter table contract_events enable trigger contract_events_no_update_delete`.execute(trx);
      });
    const chain = await contractChain(db, contract.id);
    const target = chain.find((e) => e.event === "signed")!;
    await behindTheBack(
      sql`update contract_events set detail = jsonb_set(detail, '{signature,typedName}', '"Someone Else"')
        where contract_id = ${contract.id} and seq = ${target.seq}`,
    );
    const altered = await verifyContract(deps, organizer, contract.id);
    assert.equal(altered.valid, false);
    assert.deepEqual(altered.chain.problems.map((p) => [p.seq, p.problem]), [[target.seq, "altered"]]);
    // The trigger is back on.
    await assert.rejects(
      sql`update contract_events set detail = '{}' where contract_id = ${contract.id} and seq = 1`.execute(
        db,
      ),
    );

    // (c) An entry removed: the next one no longer follows.
    const other = await confirmed(w);
    await signBothSides(deps, other.organizer, other.actOwner, other.contract.bookingId);
    const sent = (await contractChain(db, other.contract.id)).find((e) => e.event === "sent")!;
    await behindTheBack(
      sql`delete from contract_events where contract_id = ${other.contract.id} and seq = ${sent.seq}`,
    );
    const gap = await verifyContract(deps, other.organizer, other.contract.id);
    assert.equal(gap.valid, false);
    assert.deepEqual(gap.chain.problems.map((p) => [p.seq, p.problem]), [
      [sent.seq + 1, "gap"],
      [sent.seq + 1, "broken_link"],
    ]);
  });

  await t.step(
    "the PDF: rendered until both sign, then sealed once, stored and served as stored",
    async () => {
      const dir = await Deno.makeTempDir({ prefix: "contracts-service-pdf-" });
      try {
        const config = await loadConfig({ APP_ENV: "test", DATA_DIR: dir, LOG_REQUESTS: "false" });
        const storage = new LocalDiskStorage({
          dir: `${dir}/files`,
          secret: "contracts-test-storage-secret",
        });
        const fileDeps = { ...deps, storage, pdf: await createContractPdfMaker(config) };
        const { organizer, actOwner, member, contract } = await confirmed(w, { band: true });
        const stranger = await person(db, "promoter");

        const draft = await contractPdf(fileDeps, organizer, contract.id, meta);
        assert.equal(draft.sealed, false);
        assert.equal(new TextDecoder().decode(draft.bytes.subarray(0, 5)), "%PDF-");
        assert.equal((await contractRow(db, contract.id)).pdf_key, null);
        assert.deepEqual(await filesUnder(`${dir}/files`), []);
        assert.ok(!(await contractChain(db, contract.id)).some((e) => e.event === "pdf_issued"));

        await signBothSides(deps, organizer, actOwner, contract.bookingId);
        const first = await contractPdf(fileDeps, member!, contract.id, meta);
        assert.equal(first.sealed, true);
        assert.equal(first.filename, `contract-${contract.id.slice(0, 8)}-v1.pdf`);
        const row = await contractRow(db, contract.id);
        assert.equal(row.pdf_key, `private/contracts/${contract.id}/${contract.documentHash}.pdf`);
        assert.deepEqual(await filesUnder(`${dir}/files`), [row.pdf_key]);
        const issued = (await contractChain(db, contract.id)).filter((e) => e.event === "pdf_issued");
        assert.equal(issued.length, 1);
        assert.equal(issued[0].detail.storageKey, row.pdf_key);

        const second = await contractPdf(fileDeps, actOwner, contract.id, meta);
        assert.deepEqual(second.bytes, first.bytes);
        assert.equal(
          (await contractChain(db, contract.id)).filter((e) => e.event === "pdf_issued").length,
          1,
        );
        assert.equal((await contractView(w, organizer, contract.id)).sealed, true);
        await rejects(contractPdf(fileDeps, stranger, contract.id, meta), NotFound);

        const file = `${dir}/sealed.pdf`;
        await Deno.writeFile(file, first.bytes);
        const out = await new Deno.Command("pdfsig", { args: [file], stdout: "piped", stderr: "piped" })
          .output();
        const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
        assert.equal(out.code, 0, text);
        assert.ok(text.split("\n").includes("  - Signature Validation: Signature is Valid."), text);
        assert.ok(text.split("\n").includes("  - Total document signed"), text);
        assert.equal((await verifyContract(deps, organizer, contract.id)).valid, true);
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  );
}

const contractView = (w: World, who: Actor, id: string) => contracts.getContract(w.deps, who, id, meta);

/** Every stored file's key under a LocalDiskStorage root, without its bookkeeping folders. */
async function filesUnder(root: string, prefix = ""): Promise<string[]> {
  const found: string[] = [];
  try {
    for await (const entry of Deno.readDir(`${root}/${prefix}`)) {
      if (entry.name.startsWith(".")) continue;
      const key = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory) found.push(...await filesUnder(root, key));
      else found.push(key);
    }
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  return found.sort();
}
