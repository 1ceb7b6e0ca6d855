/** Push messages written to the outbox, one row per subscription (services/outbox.ts delivers them). */
import type { Kysely } from "kysely";
import type { PushType } from "../../domain/push_types.ts";
import type { Database } from "../schema.ts";

export async function insertPushOutboxRows(
  trx: Kysely<Database>,
  rows: { subscriptionId: string; type: PushType; payload: Uint8Array }[],
): Promise<void> {
  if (rows.length === 0) return;
  await trx.insertInto("outbox")
    .values(rows.map((r) => ({
      channel: "push" as const,
      recipient: r.subscriptionId,
      template: r.type,
      payload: r.payload,
    })))
    .execute();
}
