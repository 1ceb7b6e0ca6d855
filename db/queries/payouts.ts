/** Payouts and the accounts they go to (0019_payouts). */
import type { Insertable, Kysely, Updateable } from "kysely";
import type { GatewayName } from "../../domain/payment_status.ts";
import type { Database, Payout, PayoutsTable } from "../schema.ts";

export async function payoutAccountOf(
  db: Kysely<Database>,
  userId: string,
  gateway: GatewayName,
): Promise<string | null> {
  const row = await db.selectFrom("payout_accounts").select("account_ref")
    .where("user_id", "=", userId).where("gateway", "=", gateway).executeTakeFirst();
  return row?.account_ref ?? null;
}

export async function upsertPayoutAccount(
  db: Kysely<Database>,
  values: { user_id: string; gateway: GatewayName; account_ref: string; created_by: string },
): Promise<void> {
  await db.insertInto("payout_accounts").values(values)
    .onConflict((oc) =>
      oc.columns(["user_id", "gateway"]).doUpdateSet({
        account_ref: values.account_ref,
        created_by: values.created_by,
        created_at: new Date(),
      })
    ).execute();
}

export async function insertPayout(trx: Kysely<Database>, values: Insertable<PayoutsTable>): Promise<void> {
  await trx.insertInto("payouts").values(values).execute();
}

/** What each payment of the booking already funds in payouts not cancelled, by payment id. */
export async function payoutsByPayment(
  db: Kysely<Database>,
  bookingId: string,
): Promise<Map<string, number>> {
  const rows = await db.selectFrom("payouts")
    .select(["payment_id", (eb) => eb.fn.sum<string>("amount").as("total")])
    .where("booking_id", "=", bookingId).where("status", "not in", ["cancelled", "cancelling"])
    .groupBy("payment_id").execute();
  return new Map(rows.map((r) => [r.payment_id, Number(r.total)]));
}

/** Payouts with something to do now: to put on hold, to release, or to take back. */
export function duePayouts(db: Kysely<Database>, now: Date, limit: number): Promise<Payout[]> {
  return db.selectFrom("payouts").selectAll()
    .where("status", "in", ["scheduled", "held", "cancelling"]).where("next_attempt_at", "<=", now)
    .orderBy("next_attempt_at").limit(limit).execute();
}

export function lockPayout(trx: Kysely<Database>, id: string): Promise<Payout | undefined> {
  return trx.selectFrom("payouts").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
}

export async function setPayoutColumns(
  db: Kysely<Database>,
  id: string,
  columns: Updateable<PayoutsTable>,
): Promise<void> {
  await db.updateTable("payouts").set(columns).where("id", "=", id).execute();
}

/** A ruling takes the money back: payouts not yet on hold are cancelled, held ones are taken back. */
export async function cancelPayoutsOf(trx: Kysely<Database>, bookingId: string, now: Date): Promise<void> {
  await trx.updateTable("payouts").set({ status: "cancelled" })
    .where("booking_id", "=", bookingId).where("status", "=", "scheduled").execute();
  await trx.updateTable("payouts").set({ status: "cancelling", next_attempt_at: now })
    .where("booking_id", "=", bookingId).where("status", "=", "held").execute();
}

/** The payouts of an act's bookings, for its earnings page. */
export function payoutsOfAct(db: Kysely<Database>, actId: string) {
  return db.selectFrom("payouts").innerJoin("bookings", "bookings.id", "payouts.booking_id")
    .select([
      "payouts.booking_id",
      "payouts.payee_id",
      "payouts.amount",
      "payouts.status",
      "payouts.hold_until",
    ])
    .where("bookings.act_id", "=", actId).where("payouts.status", "in", ["scheduled", "held"])
    .execute();
}
