/**
 * A gateway's webhook: verified over the raw body before anything is
 * written (a forged or stale one is refused with nothing stored), then
 * recorded under (gateway, event id) and applied in the same transaction.
 * A redelivery finds the event recorded and changes nothing; fifty
 * concurrent deliveries of one event queue on its row and one applies it.
 * A delivery that dies half-way rolls back whole, so the gateway's retry
 * applies it again from the start.
 */
import { recordGatewayEvent } from "../../db/queries/gateway_events.ts";
import { InvalidSignature, NotFound, ValidationError } from "../../domain/errors.ts";
import { type GatewayName, PAYMENT_GATEWAYS } from "../../domain/payment_status.ts";
import { SignatureRejected, type WebhookEvent } from "../../integrations/payments/gateway.ts";
import { bookingTransaction } from "../bookings/step_runner.ts";
import { applyFact, type FactOutcome } from "./apply_fact.ts";
import type { PaymentDeps } from "./deps.ts";

export type WebhookOutcome = FactOutcome | "duplicate" | "ignored";

export async function receiveWebhook(
  deps: PaymentDeps,
  gatewayName: string,
  rawBody: string,
  headers: Headers,
): Promise<WebhookOutcome> {
  const name = (PAYMENT_GATEWAYS as readonly string[]).includes(gatewayName)
    ? gatewayName as GatewayName
    : null;
  const gateway = name ? deps.gateways.byName(name) : null;
  if (!gateway) throw new NotFound(`No ${gatewayName} gateway is configured`);
  let event: WebhookEvent;
  try {
    event = await gateway.verifyWebhook(rawBody, headers);
  } catch (err) {
    if (err instanceof SignatureRejected) throw new InvalidSignature(err.message);
    // Signed by the gateway but unreadable: nothing we can apply, and retrying will not help.
    throw new ValidationError(err instanceof Error ? err.message : "The webhook cannot be read", [
      { field: "body", message: "Not a webhook event this gateway sends" },
    ]);
  }
  return await bookingTransaction(deps, async (trx) => {
    const fresh = await recordGatewayEvent(trx, {
      gateway: gateway.name,
      eventId: event.eventId,
      type: event.type,
      fact: event.fact,
      at: deps.now(),
    });
    if (!fresh) return "duplicate";
    if (!event.fact) return "ignored";
    return await applyFact(trx, deps, gateway.name, event.fact);
  });
}
