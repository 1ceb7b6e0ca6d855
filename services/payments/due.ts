/**
 * What the organizer owes next on a booking: the first instalment of its
 * signed contract's payment schedule (domain/payment_schedule.ts) not yet
 * covered by what has been paid, or why nothing can be paid now.
 */
import type { Contract } from "../../db/schema.ts";
import type { BookingSnapshot } from "../../domain/booking_machine.ts";
import type { ContractDocument } from "../../domain/contract_document.ts";
import type { PaymentType } from "../../domain/payment_status.ts";
import { type Instalment, nextDue, paymentSchedule } from "../../domain/payment_schedule.ts";

export type Due =
  | { payable: true; type: PaymentType; instalment: Instalment; amount: number; instalments: Instalment[] }
  | { payable: false; reason: string; instalments: Instalment[] };

const PAYABLE_STATES = new Set(["confirmed", "paid_deposit", "scheduled", "completed"]);

const TYPE_OF: Record<Instalment["kind"], PaymentType> = {
  deposit: "deposit",
  milestone: "milestone",
  balance: "final",
};

export function dueOn(snapshot: BookingSnapshot, contract: Contract | null): Due {
  if (!contract || (contract.status !== "signed" && contract.status !== "completed")) {
    return {
      payable: false,
      reason: "Payments open once both parties have signed the contract",
      instalments: [],
    };
  }
  const signedAt = new Date(
    Math.max(contract.artist_signed_at!.getTime(), contract.promoter_signed_at!.getTime()),
  );
  const schedule = paymentSchedule(contract.terms as ContractDocument, signedAt);
  const instalments = schedule.instalments;
  if (!PAYABLE_STATES.has(snapshot.status)) {
    return { payable: false, reason: `A booking that is ${snapshot.status} takes no payments`, instalments };
  }
  const next = nextDue(schedule, snapshot.paid);
  if (!next) return { payable: false, reason: "Paid in full", instalments };
  return {
    payable: true,
    type: TYPE_OF[next.instalment.kind],
    instalment: next.instalment,
    amount: next.owed,
    instalments,
  };
}
