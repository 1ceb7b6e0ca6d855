/**
 * The entry point for every change to a contract by a person: one
 * transaction, the booking locked first and then the contract (the order
 * every path keeps), the person's right to act checked, the audit context
 * set, the step applied by `applyContractStep`. An admin's void of a signed
 * contract ends the booking in the same transaction.
 */
import type { Transaction } from "kysely";
import { withAuditContext } from "../../db/audit.ts";
import { findContract, lockContract } from "../../db/queries/contracts.ts";
import type { Contract, Database } from "../../db/schema.ts";
import { type Actor, requireActor } from "../../domain/access.ts";
import { allowedEvents } from "../../domain/booking_machine.ts";
import { type ContractRole, requireContractActor } from "../../domain/contract_access.ts";
import type { ContractActor } from "../../domain/contract_machine.ts";
import { NotFound } from "../../domain/errors.ts";
import type { RequestMeta } from "../deps.ts";
import type { WorkflowDeps } from "../notifications.ts";
import { requireId } from "../validation.ts";
import { applyStep } from "../bookings/apply_step.ts";
import { loadBooking, type LoadedBooking } from "../bookings/load_booking.ts";
import { bookingTransaction } from "../bookings/step_runner.ts";
import { applyContractStep, type ContractStep } from "./apply_contract_step.ts";
import { type ContractView, contractView } from "./views.ts";

/**
 * Finds the contract and loads its booking; NotFound for an id that names
 * nothing. With `lock`, the booking is locked and the contract read again
 * (and locked) once that lock is held: a change that committed while this one
 * waited is in the second read, so a revision numbers its document from the
 * version it actually follows.
 */
export async function loadContract(
  trx: Transaction<Database>,
  contractId: string,
  opts: { lock: boolean },
): Promise<{ contract: Contract; loaded: LoadedBooking }> {
  const id = requireId(contractId, "Contract");
  const found = await findContract(trx, id);
  if (!found) throw new NotFound("Contract not found");
  const loaded = await loadBooking(trx, found.booking_id, opts);
  if (!opts.lock) return { contract: found, loaded };
  const contract = await lockContract(trx, id);
  if (!contract) throw new NotFound("Contract not found");
  return { contract, loaded };
}

export async function runOnContract(
  deps: WorkflowDeps,
  actor: Actor | null,
  contractId: string,
  meta: RequestMeta,
  build: (
    contract: Contract,
    loaded: LoadedBooking,
    as: ContractActor,
    trx: Transaction<Database>,
  ) => ContractStep | Promise<ContractStep>,
): Promise<ContractView> {
  const a = requireActor(actor);
  return await bookingTransaction(deps, async (trx) => {
    const { contract, loaded } = await loadContract(trx, contractId, { lock: true });
    const as = requireContractActor(a, loaded.people);
    await withAuditContext(trx, { ...meta, actorId: a.userId });
    const step = await build(contract, loaded, as, trx);
    const done = await applyContractStep(trx, deps, loaded, contract.id, step);
    for (const effect of done.effects) {
      if (effect.type === "end_booking") await endBooking(trx, deps, loaded, effect.reason, a.userId);
    }
    return contractView(done.contract, as as ContractRole);
  });
}

/**
 * A signed contract voided by an admin no longer governs the booking: before
 * the show it is cancelled (everything paid is refunded, as for any admin
 * cancellation); once the show has started, the money is held in a dispute
 * for the admin's ruling. A booking already ended is left as it is.
 */
async function endBooking(
  trx: Transaction<Database>,
  deps: WorkflowDeps,
  loaded: LoadedBooking,
  reason: string,
  userId: string,
): Promise<void> {
  const fresh = await loadBooking(trx, loaded.row.id);
  const possible = allowedEvents(fresh.snapshot, "admin", deps.now());
  const text = `Contract voided by an admin: ${reason}`;
  if (possible.includes("cancel")) {
    await applyStep(trx, deps, fresh, { event: { type: "cancel", reason: text }, actor: "admin", userId });
  } else if (possible.includes("dispute")) {
    await applyStep(trx, deps, fresh, { event: { type: "dispute", reason: text }, actor: "admin", userId });
  }
}
