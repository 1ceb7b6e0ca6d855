/**
 * What a booking's own events do to its contract, in the booking's
 * transaction (services/bookings/apply_step.ts carries out the booking
 * machine's contract effects through these): accepting drafts it, the show's
 * completion completes it, an early end voids it unless both had signed.
 */
import type { Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { MachineActor } from "../../domain/booking_machine.ts";
import type { WorkflowDeps } from "../notifications.ts";
import type { LoadedBooking } from "../bookings/load_booking.ts";
import { applyContractStep } from "./apply_contract_step.ts";
import { insertDraftContract } from "./generate.ts";

export type BookingContractEffect = "generate_contract" | "complete_contract" | "withdraw_contract";

export async function carryOutContractEffect(
  trx: Transaction<Database>,
  deps: WorkflowDeps,
  loaded: LoadedBooking,
  effect: BookingContractEffect,
  by: { userId: string | null; actor: MachineActor },
): Promise<void> {
  const contract = loaded.contract;
  switch (effect) {
    case "generate_contract":
      if (!contract) {
        await insertDraftContract(trx, loaded, { userId: by.userId, party: by.actor }, deps.now());
      }
      return;
    case "complete_contract":
      if (contract?.status === "signed") {
        await applyContractStep(trx, deps, loaded, contract.id, {
          event: { type: "complete" },
          actor: "system",
          userId: null,
        });
      }
      return;
    case "withdraw_contract":
      // A signed contract stands: its cancellation terms are what the split applied.
      if (contract && contract.status !== "signed" && contract.status !== "completed") {
        await applyContractStep(trx, deps, loaded, contract.id, {
          event: { type: "void", reason: "The booking was cancelled before both parties signed" },
          actor: "system",
          userId: null,
        });
      }
      return;
  }
}
