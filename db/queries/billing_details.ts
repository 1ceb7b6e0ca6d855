/** A payer's billing details for GST invoices (0020_billing_details). */
import type { Kysely } from "kysely";
import type { BillingDetailsTable, Database } from "../schema.ts";
import type { Selectable } from "kysely";

export function billingDetailsOf(
  db: Kysely<Database>,
  userId: string,
): Promise<Selectable<BillingDetailsTable> | undefined> {
  return db.selectFrom("billing_details").selectAll().where("user_id", "=", userId).executeTakeFirst();
}

export async function saveBillingDetails(
  db: Kysely<Database>,
  values: { user_id: string; legal_name: string; address: string; state_code: string; gstin: string | null },
): Promise<void> {
  const { user_id: _, ...changes } = values;
  await db.insertInto("billing_details").values(values)
    .onConflict((oc) => oc.column("user_id").doUpdateSet(changes)).execute();
}
