/**
 * Payment rows: creating one for a checkout, finding it by the gateway's
 * handles, locking it before its status moves, and the lists a booking's page
 * and refunds need. Changes lock the booking first (`lockBooking`) and then
 * the payment, the order every path keeps.
 */
import type { Insertable, Kysely, Updateable } from "kysely";
import type { GatewayName, PaymentType } from "../../domain/payment_status.ts";
import type { Database, Payment, PaymentRefund, PaymentsTable } from "../schema.ts";

export function insertPayment(trx: Kysely<Database>, values: Insertable<PaymentsTable>): Promise<Payment> {
  return trx.insertInto("payments").values(values).returningAll().executeTakeFirstOrThrow();
}

export function findPayment(db: Kysely<Database>, id: string): Promise<Payment | undefined> {
  return db.selectFrom("payments").selectAll().where("id", "=", id).executeTakeFirst();
}

export function lockPayment(trx: Kysely<Database>, id: string): Promise<Payment | undefined> {
  return trx.selectFrom("payments").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
}

export function paymentByIdempotencyKey(db: Kysely<Database>, key: string): Promise<Payment | undefined> {
  return db.selectFrom("payments").selectAll().where("idempotency_key", "=", key).executeTakeFirst();
}

/** The payment a gateway's checkout (order, session) was made for. */
export function paymentByCheckout(
  db: Kysely<Database>,
  gateway: GatewayName,
  checkoutRef: string,
): Promise<Payment | undefined> {
  return db.selectFrom("payments").selectAll()
    .where("gateway", "=", gateway).where("checkout_ref", "=", checkoutRef)
    .executeTakeFirst();
}

export async function setPaymentColumns(
  trx: Kysely<Database>,
  id: string,
  columns: Updateable<PaymentsTable>,
): Promise<void> {
  await trx.updateTable("payments").set(columns).where("id", "=", id).execute();
}

/** A booking's payments, oldest first. */
export function paymentsOfBooking(db: Kysely<Database>, bookingId: string): Promise<Payment[]> {
  return db.selectFrom("payments").selectAll()
    .where("booking_id", "=", bookingId)
    .orderBy("initiated_at").orderBy("id")
    .execute();
}

/** What a booking's money shows of a refund. */
export type RefundLine = Pick<
  PaymentRefund,
  "id" | "payment_id" | "amount" | "currency" | "reason" | "status" | "created_at" | "processed_at"
>;

/**
 * A booking's payments, oldest first, each with its invoice's number, and their refunds, oldest first, in
 * one statement: a row per refund, and one for a payment without any.
 *
 *   select p.*, i.number as invoice_number, r.id as refund_id, r.amount as refund_amount, ...
 *   from payments p left join invoices i on i.payment_id = p.id
 *     left join payment_refunds r on r.payment_id = p.id
 *   where p.booking_id = $1 order by p.initiated_at, p.id
 */
export async function moneyOfBooking(
  db: Kysely<Database>,
  bookingId: string,
): Promise<{ payments: (Payment & { invoice_number: string | null })[]; refunds: RefundLine[] }> {
  const rows = await db.selectFrom("payments as p")
    .leftJoin("invoices as i", "i.payment_id", "p.id")
    .leftJoin("payment_refunds as r", "r.payment_id", "p.id")
    .selectAll("p")
    .select([
      "i.number as invoice_number",
      "r.id as refund_id",
      "r.amount as refund_amount",
      "r.currency as refund_currency",
      "r.reason as refund_reason",
      "r.status as refund_status",
      "r.created_at as refund_created_at",
      "r.processed_at as refund_processed_at",
    ])
    .where("p.booking_id", "=", bookingId)
    .orderBy("p.initiated_at").orderBy("p.id")
    .execute();
  const payments = new Map<string, Payment & { invoice_number: string | null }>();
  const refunds: RefundLine[] = [];
  for (const row of rows) {
    const {
      refund_id,
      refund_amount,
      refund_currency,
      refund_reason,
      refund_status,
      refund_created_at,
      refund_processed_at,
      ...payment
    } = row;
    if (!payments.has(payment.id)) payments.set(payment.id, payment);
    if (refund_id === null) continue;
    refunds.push({
      id: refund_id,
      payment_id: payment.id,
      amount: refund_amount!,
      currency: refund_currency!,
      reason: refund_reason!,
      status: refund_status!,
      created_at: refund_created_at!,
      processed_at: refund_processed_at,
    });
  }
  refunds.sort((a, b) =>
    a.created_at.getTime() - b.created_at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
  return { payments: [...payments.values()], refunds };
}

/** How many checkouts of this kind were started for the booking: the next one's attempt number. */
export async function paymentAttempts(
  db: Kysely<Database>,
  bookingId: string,
  type: PaymentType,
): Promise<number> {
  const row = await db.selectFrom("payments")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("booking_id", "=", bookingId).where("payment_type", "=", type)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A payer's payments, newest first, with the booking they were for. */
export function paymentsOfPayer(db: Kysely<Database>, payerId: string, limit: number) {
  return db.selectFrom("payments")
    .innerJoin("bookings", "bookings.id", "payments.booking_id")
    .selectAll("payments")
    .select(["bookings.title as booking_title", "bookings.starts_at as booking_starts_at"])
    .where("payments.payer_id", "=", payerId)
    .orderBy("payments.initiated_at", "desc").orderBy("payments.id", "desc")
    .limit(limit)
    .execute();
}

/** Who pays, as a checkout page greets them. */
export function payerContact(db: Kysely<Database>, userId: string) {
  return db.selectFrom("users").select(["email", "display_name"]).where("id", "=", userId)
    .executeTakeFirstOrThrow();
}

/** The booking's newest checkout of this kind still waiting for the payer, if any. */
export function openPaymentOf(db: Kysely<Database>, bookingId: string, type: PaymentType, amount: number) {
  return db.selectFrom("payments").selectAll()
    .where("booking_id", "=", bookingId).where("payment_type", "=", type)
    .where("amount", "=", amount).where("status", "=", "initiated")
    .orderBy("initiated_at", "desc").limit(1)
    .executeTakeFirst();
}

/** Payments through `gateway` that were captured between `from` and `to`. */
export function paymentsCapturedBetween(db: Kysely<Database>, gateway: GatewayName, from: Date, to: Date) {
  return db.selectFrom("payments").selectAll()
    .where("gateway", "=", gateway).where("status", "in", ["captured", "refunded"])
    .where("completed_at", ">=", from).where("completed_at", "<=", to)
    .execute();
}
