/** Webhook events as received: one row per (gateway, event id), the deduplication of deliveries. */
import type { Kysely } from "kysely";
import type { GatewayName } from "../../domain/payment_status.ts";
import type { Database } from "../schema.ts";

/**
 * Records the event; false when it was recorded before (a redelivery). Under
 * concurrency the second insert waits for the first transaction and then
 * finds the row, so exactly one delivery goes on to apply the event.
 */
export async function recordGatewayEvent(
  trx: Kysely<Database>,
  event: { gateway: GatewayName; eventId: string; type: string; fact: unknown; at: Date },
): Promise<boolean> {
  const row = await trx.insertInto("gateway_events").values({
    gateway: event.gateway,
    event_id: event.eventId,
    type: event.type,
    fact: event.fact === null ? null : JSON.stringify(event.fact),
    received_at: event.at,
  }).onConflict((oc) => oc.columns(["gateway", "event_id"]).doNothing())
    .returning("event_id").executeTakeFirst();
  return row !== undefined;
}
