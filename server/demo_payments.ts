/**
 * The demo's money: Chitra's album launch with Bharat's band, ten days ago,
 * and Dev's ghazal evening with Asha, twelve days ago, paid and completed,
 * so the band's earnings page shows what escrow held,
 * what was released after the platform's fee and each member's share from
 * the first start. Dev's book launch in Pune waits, signed by both, for its
 * deposit, which a newcomer pays in the sandbox (db/seed_desks.ts writes the
 * bookings, server/demo_contracts.ts their contracts).
 *
 * The money goes the way a payer's does, through the payment services: a
 * payment row as `startPayment` writes it for what is due, then the sandbox
 * gateway's capture applied by `applyFact` (the ledger's capture, the tax
 * invoice, the booking's `pay_deposit`/`pay_balance`), the act's `schedule`
 * and the organizer's `complete` through `applyStep` (the release to the act
 * and the band's split by its members' fee shares). Each step carries its
 * own moment, so the ledger dates the release to the night of the show.
 * No e-mail is queued: the demo addresses have no mailboxes.
 */
import type { Kysely, Transaction } from "kysely";
import { withAuditContext } from "../db/audit.ts";
import { markNotificationsReadByLink } from "../db/queries/notifications.ts";
import { insertPayment } from "../db/queries/payments.ts";
import type { Database } from "../db/schema.ts";
import { endsAt } from "../domain/negotiation.ts";
import { applyStep, type Step } from "../services/bookings/apply_step.ts";
import { loadBooking, type LoadedBooking } from "../services/bookings/load_booking.ts";
import type { WorkflowDeps } from "../services/notifications.ts";
import { applyFact } from "../services/payments/apply_fact.ts";
import { dueOn } from "../services/payments/due.ts";
import type { MoneySettings } from "../services/payments/settings.ts";

/** The band's show that happened, paid in full and completed by the demo. */
export const PAID_DEMO_SHOW = "Album launch gig, Kochi";
/** Asha's own show for Dev that happened, paid and completed the same way. */
export const PAID_SOLO_DEMO_SHOW = "Ghazal evening, Pune";
const PAID_DEMO_SHOWS = [PAID_DEMO_SHOW, PAID_SOLO_DEMO_SHOW];
/** The organizer's confirmed show, signed by both, whose deposit is still to pay. */
export const DEPOSIT_DUE_DEMO_BOOKING = "Book launch, Pune";

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
/** The sandbox's fee on a capture, as its checkouts charge it. */
const SANDBOX_FEE_BPS = 200;

/**
 * Pays and completes each demo show that is still confirmed with its
 * contract signed by both; leaves the others (done already, or a database
 * seeded before they existed) alone. Returns how many it completed.
 */
export async function seedDemoPayments(
  db: Kysely<Database>,
  now: Date,
  money?: MoneySettings,
): Promise<number> {
  let done = 0;
  for (const title of PAID_DEMO_SHOWS) {
    if (await payAndComplete(db, title, now, money)) done++;
  }
  return done;
}

async function payAndComplete(
  db: Kysely<Database>,
  title: string,
  now: Date,
  money?: MoneySettings,
): Promise<boolean> {
  return await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom("bookings").innerJoin("users", "users.id", "bookings.organizer_id")
      .select("bookings.id")
      .where("users.email", "like", "%@demo.artistspace.in")
      .where("bookings.title", "=", title)
      .where("bookings.status", "=", "confirmed")
      .executeTakeFirst();
    if (!row) return false;
    // Locked, then asked again: a second start running alongside finds it paid and leaves it.
    let booking = await loadBooking(trx, row.id, { lock: true });
    const end = endsAt(booking.row.starts_at, booking.row.duration_minutes).getTime();
    const payable = dueOn(booking.snapshot, booking.contract).payable;
    if (booking.row.status !== "confirmed" || !payable || end > now.getTime()) return false;
    await withAuditContext(trx, { userAgent: "Artist Space demo data" });

    const { contract, people } = booking;
    const signedAt = Math.max(contract!.artist_signed_at!.getTime(), contract!.promoter_signed_at!.getTime());
    const start = booking.row.starts_at.getTime();
    const deps = (at: number): WorkflowDeps => ({
      db: trx,
      sendEmail: () => Promise.resolve(),
      // Only e-mails' links use it.
      origin: "http://localhost",
      now: () => new Date(at),
      money,
    });
    const step = async (at: number, s: Step) => {
      booking = await applyStep(trx, deps(at), booking, s);
    };

    booking = await paySandbox(trx, deps(signedAt + HOUR), booking, "upi");
    await step(signedAt + 2 * HOUR, { event: { type: "schedule" }, actor: "act", userId: people.actOwnerId });
    booking = await paySandbox(trx, deps(Math.min(signedAt + 20 * HOUR, start - HOUR)), booking, "card");
    await step(end, { event: { type: "complete" }, actor: "organizer", userId: people.organizerId });
    // The show is history, not news: its notices were read on the night.
    for (const userId of [people.organizerId, people.actOwnerId, ...people.memberIds]) {
      for (const link of [`/bookings/${row.id}`, `/bookings/${row.id}/contract`]) {
        await markNotificationsReadByLink(trx, userId, link, new Date(end));
      }
    }
    return true;
  });
}

/**
 * The organizer pays what is due next through the sandbox: the payment row
 * `startPayment` would write, then the capture the sandbox would report.
 */
async function paySandbox(
  trx: Transaction<Database>,
  deps: WorkflowDeps,
  booking: LoadedBooking,
  method: "upi" | "card",
): Promise<LoadedBooking> {
  const due = dueOn(booking.snapshot, booking.contract);
  if (!due.payable) throw new Error(`The demo show cannot be paid: ${due.reason}`);
  const id = booking.row.id;
  const at = deps.now();
  const checkoutRef = `sbx_order_demo_${due.type}_${id.slice(0, 8)}`;
  await insertPayment(trx, {
    booking_id: id,
    payer_id: booking.people.organizerId,
    payee_id: booking.people.actOwnerId,
    amount: due.amount,
    currency: booking.row.currency,
    payment_type: due.type,
    gateway: "sandbox",
    idempotency_key: `booking:${id}:${due.type}:1`,
    checkout_ref: checkoutRef,
    initiated_at: new Date(at.getTime() - 5 * MINUTE),
  });
  await applyFact(trx, deps, "sandbox", {
    kind: "payment_captured",
    checkoutRef,
    paymentRef: `sbx_pay_demo_${due.type}_${id.slice(0, 8)}`,
    amount: due.amount,
    currency: booking.row.currency,
    fee: Math.floor(due.amount * SANDBOX_FEE_BPS / 10_000),
    method,
    occurredAt: at,
  });
  return await loadBooking(trx, id, { lock: true });
}
