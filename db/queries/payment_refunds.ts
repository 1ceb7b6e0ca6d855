/**
 * Refunds asked of a gateway: requested in the transaction that decides them
 * (a cancellation, a ruling, an admin), sent by the refund worker, and marked
 * processed when the gateway confirms.
 */
import type { Insertable, Kysely, Updateable } from "kysely";
import type { Database, PaymentRefund, PaymentRefundsTable } from "../schema.ts";

export function insertRefund(
  trx: Kysely<Database>,
  values: Insertable<PaymentRefundsTable>,
): Promise<PaymentRefund> {
  return trx.insertInto("payment_refunds").values(values).returningAll().executeTakeFirstOrThrow();
}

export function lockRefund(trx: Kysely<Database>, id: string): Promise<PaymentRefund | undefined> {
  return trx.selectFrom("payment_refunds").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
}

export function findRefund(db: Kysely<Database>, id: string): Promise<PaymentRefund | undefined> {
  return db.selectFrom("payment_refunds").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function setRefundColumns(
  trx: Kysely<Database>,
  id: string,
  columns: Updateable<PaymentRefundsTable>,
): Promise<void> {
  await trx.updateTable("payment_refunds").set(columns).where("id", "=", id).execute();
}

/**
 * Refunds still to be sent to their gateway, oldest first. One the gateway
 * took (it has a refund_ref) waits for its confirmation instead: sent again
 * on every sweep for the days a bank takes, it would outlive the gateway's
 * memory of its idempotency key (Stripe keeps keys for 24 hours) and be
 * refunded twice.
 */
export function dueRefunds(db: Kysely<Database>, now: Date, limit: number): Promise<PaymentRefund[]> {
  return db.selectFrom("payment_refunds").selectAll()
    .where("status", "=", "requested").where("refund_ref", "is", null).where("next_attempt_at", "<=", now)
    .orderBy("next_attempt_at").limit(limit)
    .execute();
}

/** Requested but not yet processed, per payment of the booking: money that is leaving escrow. */
export async function pendingRefundsByPayment(
  db: Kysely<Database>,
  bookingId: string,
): Promise<Map<string, number>> {
  const rows = await db.selectFrom("payment_refunds")
    .select(["payment_id", (eb) => eb.fn.sum<string>("amount").as("total")])
    .where("booking_id", "=", bookingId).where("status", "=", "requested")
    .groupBy("payment_id")
    .execute();
  return new Map(rows.map((r) => [r.payment_id, Number(r.total)]));
}

/**
 * What has gone back to the organizer out of what the booking was paid, or is on its way: refunds
 * processed or requested, less those of money the booking never took (reason "unapplied").
 */
export async function refundedOfPaid(db: Kysely<Database>, bookingId: string): Promise<number> {
  const row = await db.selectFrom("payment_refunds")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string>("amount"), eb.lit(0)).as("total"))
    .where("booking_id", "=", bookingId).where("status", "in", ["requested", "processed"])
    .where("reason", "<>", "unapplied")
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

/** Cancelled bookings still marked as owed a refund with none on its way: nothing is left to send. */
export async function cancellationsWithNothingToRefund(
  db: Kysely<Database>,
  limit: number,
): Promise<string[]> {
  const rows = await db.selectFrom("bookings").select("bookings.id")
    .where("bookings.status", "=", "cancelled").where("bookings.refund_due", ">", 0)
    .where((eb) =>
      eb.not(eb.exists(
        eb.selectFrom("payment_refunds").select("payment_refunds.id")
          .whereRef("payment_refunds.booking_id", "=", "bookings.id")
          .where("payment_refunds.status", "=", "requested"),
      ))
    )
    .limit(limit).execute();
  return rows.map((r) => r.id);
}
