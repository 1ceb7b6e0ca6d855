/**
 * Payouts through the sandbox gateway, with the real services and database:
 * completing a band's show releases escrow, splits the act's part among its
 * members by fee share and schedules a payout for each payee; the sweeper's
 * payout run puts them on hold, then releases them once the dispute window has
 * closed, and the ledger records each payout. A ruling on a show already
 * completed instead cancels the held payouts and reverses the releases before
 * the refund. Every posting sums to zero throughout.
 */
import assert from "node:assert/strict";
import { unbalancedPostings } from "../db/queries/ledger.ts";
import type { Database } from "../db/schema.ts";
import type { Actor } from "../domain/access.ts";
import { DISPUTE_WINDOW_MS } from "../domain/booking_machine.ts";
import { account, balanceOf } from "../domain/ledger.ts";
import * as bookings from "../services/bookings/bookings.ts";
import type { WorkflowDeps } from "../services/notifications.ts";
import { bookingLedger } from "../services/payments/ledger_book.ts";
import { sendDuePayouts } from "../services/payments/payouts.ts";
import { setPayoutAccount } from "../services/payments/payout_accounts.ts";
import { payoutAccountOf } from "../db/queries/payouts.ts";
import { Forbidden, ValidationError } from "../domain/errors.ts";
import { actEarnings } from "../services/payments/reads.ts";
import { sendDueRefunds } from "../services/payments/refunds.ts";
import type { Kysely } from "kysely";
import { confirmedBooking, signBothSides } from "./support/contracts.ts";
import { hasPostgres, openTestDatabase } from "./support/db.ts";
import { band, cityId, person } from "./support/fixtures.ts";
import { payDue, withSandbox } from "./support/payments.ts";
import { outboxDeps } from "./support/workflow_deps.ts";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const meta = { ip: null, userAgent: null };

async function bandShow(db: Kysely<Database>, deps: WorkflowDeps, startsAt: Date) {
  const organizer = await person(db, "organizer");
  const manager = await person(db, "band_manager");
  const [m1, m2] = [await person(db, "artist"), await person(db, "artist")];
  const { id: actId } = await band(db, manager.userId, {
    name: `Payout band ${crypto.randomUUID().slice(0, 6)}`,
  });
  for (const [m, share] of [[m1, 2_500], [m2, 2_500]] as const) {
    await db.insertInto("band_members").values({
      act_id: actId,
      user_id: m.userId,
      status: "accepted",
      fee_share_bps: share,
      responded_at: new Date(),
    }).execute();
  }
  const made = await confirmedBooking(deps, organizer, manager, {
    actId,
    startsAt,
    cityId: await cityId(db),
  });
  await signBothSides(deps, organizer, manager, made.bookingId);
  return { organizer, manager, members: [m1, m2], actId, bookingId: made.bookingId };
}

for (const driver of ["pglite", "pg"] as const) {
  Deno.test({
    name: `payouts are held until the dispute window closes, and a ruling takes them back [${driver}]`,
    ignore: driver === "pg" && !hasPostgres,
    async fn(t) {
      const handle = await openTestDatabase({ driver });
      const db = handle.db;
      const clock = { now: new Date() };
      const deps = outboxDeps(db, {
        now: () => clock.now,
        money: { platformFeeBps: 1_000, invoiceSupplier: null },
      });
      const p = withSandbox(deps);
      const startsAt = new Date(clock.now.getTime() + 3 * DAY);
      const endsAt = new Date(startsAt.getTime() + HOUR);
      try {
        await t.step("completion releases, splits and schedules a payout per payee", async () => {
          const show = await bandShow(db, deps, startsAt);
          await payDue(p, show.organizer, show.bookingId);
          await payDue(p, show.organizer, show.bookingId);
          await bookings.scheduleBooking(deps, show.organizer, show.bookingId, meta);
          clock.now = new Date(endsAt.getTime() + HOUR);
          await bookings.completeBooking(deps, show.organizer, show.bookingId, meta);
          const payouts = await db.selectFrom("payouts").selectAll().where("booking_id", "=", show.bookingId)
            .orderBy("amount").execute();
          // 40,000 rupees less 10% is 36,000: 9,000 to each member (25%), 18,000 left to the band. Each
          // payout is funded by one payment, the one with most left first: the members' from the balance
          // (30,000), the band's 18,000 from the 12,000 the balance has left and 6,000 of the deposit.
          assert.deepEqual(payouts.map((x) => [Number(x.amount), x.status]), [
            [600_000, "scheduled"],
            [900_000, "scheduled"],
            [900_000, "scheduled"],
            [1_200_000, "scheduled"],
          ]);
          assert.equal(payouts[0].hold_until.getTime(), endsAt.getTime() + DISPUTE_WINDOW_MS);

          assert.equal(await sendDuePayouts(p.deps), 4);
          assert.deepEqual(
            (await db.selectFrom("payouts").select("status").where("booking_id", "=", show.bookingId)
              .execute())
              .map((x) => x.status),
            ["held", "held", "held", "held"],
          );
          assert.equal(await sendDuePayouts(p.deps), 0, "nothing is released before the window closes");

          clock.now = new Date(endsAt.getTime() + DISPUTE_WINDOW_MS + 1);
          assert.equal(await sendDuePayouts(p.deps), 4);
          const ledger = await bookingLedger(db, show.bookingId);
          for (const m of show.members) {
            assert.equal(balanceOf(ledger, account.paidOut(show.bookingId, m.userId)), 900_000);
            assert.equal(balanceOf(ledger, account.memberPayable(show.bookingId, m.userId)), 0);
          }
          assert.equal(balanceOf(ledger, account.paidOut(show.bookingId, show.manager.userId)), 1_800_000);
          assert.equal(balanceOf(ledger, account.actPayable(show.bookingId)), 0);
          const earnings = await actEarnings(db, show.manager as Actor, show.actId);
          assert.deepEqual([earnings.totals[0].released, earnings.totals[0].paidOut], [3_600_000, 3_600_000]);
          assert.deepEqual(earnings.totals[0].members.map((m) => m.amount), [900_000, 900_000]);
          assert.equal(await sendDuePayouts(p.deps), 0, "each payout is released once");
        });

        await t.step(
          "a ruling on a completed show cancels its payouts and reverses its releases",
          async () => {
            clock.now = new Date();
            const later = new Date(clock.now.getTime() + 5 * DAY);
            const show = await bandShow(db, deps, later);
            await payDue(p, show.organizer, show.bookingId);
            await bookings.scheduleBooking(deps, show.organizer, show.bookingId, meta);
            clock.now = new Date(later.getTime() + 2 * HOUR);
            await bookings.completeBooking(deps, show.organizer, show.bookingId, meta);
            assert.equal(await sendDuePayouts(p.deps), 3, "on hold");
            await bookings.disputeBooking(
              deps,
              show.organizer,
              show.bookingId,
              { reason: "Half the set" },
              meta,
            );
            const admin = await person(db, "admin");
            await bookings.resolveDispute(deps, admin, show.bookingId, {
              outcome: "refund",
              refundAmount: 500_000,
              reason: "The second set was cancelled.",
            }, meta);
            // Three held payouts taken back; the rest of the money, released again, goes on hold anew.
            assert.equal(await sendDuePayouts(p.deps), 6);
            const statuses = await db.selectFrom("payouts").select("status").where(
              "booking_id",
              "=",
              show.bookingId,
            )
              .execute();
            // The ruling released the rest again, with payouts of their own.
            assert.equal(statuses.filter((x) => x.status === "cancelled").length, 3);
            assert.equal(statuses.filter((x) => x.status === "held").length, 3);
            assert.equal(await sendDueRefunds(p.deps), 1);
            await p.sandbox.settled();
            const ledger = await bookingLedger(db, show.bookingId);
            assert.equal(balanceOf(ledger, account.escrow(show.bookingId)), 0);
            assert.equal(balanceOf(ledger, account.organizerRefunds(show.bookingId)), 500_000);
            // The deposit was 10,000 rupees (25%); 5,000 went back, the other 5,000 less 10% is the act's.
            const members = show.members.map((m) =>
              balanceOf(ledger, account.memberPayable(show.bookingId, m.userId))
            );
            assert.deepEqual(members, [112_500, 112_500]);
            assert.equal(balanceOf(ledger, account.actPayable(show.bookingId)), 225_000);
          },
        );

        await t.step("an admin enters payout accounts in each gateway's own format", async () => {
          const admin = await person(db, "admin");
          const payee = await person(db, "artist");
          const refused = async (gateway: string, accountRef: string, field: string) => {
            await assert.rejects(
              setPayoutAccount(db, admin, payee.userId, gateway, { accountRef }, meta),
              (err: unknown) => err instanceof ValidationError && err.details[0].field === field,
            );
          };
          await refused("razorpay", "acct_1Nv0FGQ9RKHgCVdK", "accountRef");
          await refused("stripe", "acc_GRWKk7qQsLnDjX", "accountRef");
          await refused("sandbox", "sbx_acc_anything", "gateway");
          await assert.rejects(
            setPayoutAccount(db, payee, payee.userId, "razorpay", { accountRef: "acc_GRWKk7qQsLnDjX" }, meta),
            Forbidden,
          );
          await setPayoutAccount(
            db,
            admin,
            payee.userId,
            "razorpay",
            { accountRef: "acc_GRWKk7qQsLnDjX" },
            meta,
          );
          await setPayoutAccount(
            db,
            admin,
            payee.userId,
            "razorpay",
            { accountRef: "acc_HRWKk7qQsLnDjY" },
            meta,
          );
          assert.equal(await payoutAccountOf(db, payee.userId, "razorpay"), "acc_HRWKk7qQsLnDjY");
        });

        await t.step("every posting sums to zero", async () => {
          assert.deepEqual(await unbalancedPostings(db), []);
        });
      } finally {
        await handle.close();
      }
    },
  });
}
