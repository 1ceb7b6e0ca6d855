/**
 * Reconciliation: what each gateway says happened in a period against what
 * the ledger counted. Every payment and refund the gateway lists goes
 * through `applyFact`, so anything whose webhook never arrived (and whose
 * payer never came back) is applied now, exactly as it would have been;
 * what cannot be matched, or disagrees, is reported for a person to look at.
 * Run daily by the app and on demand with `deno task payments:reconcile`.
 */
import { bookingTransaction } from "../bookings/step_runner.ts";
import { paymentsCapturedBetween } from "../../db/queries/payments.ts";
import type { GatewayFact } from "../../integrations/payments/gateway.ts";
import type { GatewayName } from "../../domain/payment_status.ts";
import { applyFact } from "./apply_fact.ts";
import type { PaymentDeps } from "./deps.ts";

export interface Discrepancy {
  gateway: GatewayName;
  ref: string;
  problem: string;
}

export interface ReconciliationReport {
  from: string;
  to: string;
  /** Facts the gateways listed. */
  checked: number;
  /** Facts the ledger had missed, applied now. */
  repaired: { gateway: GatewayName; kind: GatewayFact["kind"]; ref: string }[];
  discrepancies: Discrepancy[];
}

function refOf(fact: GatewayFact): string {
  return fact.kind === "refund_processed" ? fact.refundRef : fact.paymentRef ?? fact.checkoutRef;
}

export async function reconcile(deps: PaymentDeps, from: Date, to: Date): Promise<ReconciliationReport> {
  const report: ReconciliationReport = {
    from: from.toISOString(),
    to: to.toISOString(),
    checked: 0,
    repaired: [],
    discrepancies: [],
  };
  for (const gateway of deps.gateways.all()) {
    let facts: GatewayFact[];
    try {
      facts = (await gateway.activity(from, to)).facts;
    } catch (err) {
      report.discrepancies.push({
        gateway: gateway.name,
        ref: "-",
        problem: `Could not list the gateway's activity: ${err instanceof Error ? err.message : String(err)}`,
      });
      continue;
    }
    for (const fact of facts) {
      report.checked++;
      const outcome = await bookingTransaction(deps, (trx) => applyFact(trx, deps, gateway.name, fact));
      if (outcome === "applied") {
        report.repaired.push({ gateway: gateway.name, kind: fact.kind, ref: refOf(fact) });
      }
      if (outcome === "unknown") {
        report.discrepancies.push({
          gateway: gateway.name,
          ref: refOf(fact),
          problem: `The gateway reports a ${
            fact.kind.replace("_", " ")
          } that matches no payment or refund here`,
        });
      }
    }
    const listed = new Set(facts.flatMap((f) => f.kind === "payment_captured" ? [f.paymentRef] : []));
    for (const payment of await paymentsCapturedBetween(deps.db, gateway.name, from, to)) {
      if (!listed.has(payment.gateway_transaction_id!)) {
        report.discrepancies.push({
          gateway: gateway.name,
          ref: payment.gateway_transaction_id!,
          problem: "Counted as captured here, but the gateway does not list it",
        });
      }
    }
  }
  return report;
}
