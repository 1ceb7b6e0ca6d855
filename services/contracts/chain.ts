/** Appending to a contract's hash chain, inside the transaction of the change it records. */
import type { Kysely } from "kysely";
import { insertContractEvent, lastContractEvent } from "../../db/queries/contract_events.ts";
import type { Database } from "../../db/schema.ts";
import { chainNext, type ChainParty, type ContractEventType } from "../../domain/contract_chain.ts";

export interface ContractHistoryEvent {
  event: ContractEventType;
  actorId: string | null;
  party: ChainParty;
  detail?: Record<string, unknown>;
  at: Date;
}

/** Appends one entry after the chain's last; the caller holds the contract's row lock. */
export async function appendContractEvent(
  trx: Kysely<Database>,
  contractId: string,
  e: ContractHistoryEvent,
): Promise<void> {
  const last = await lastContractEvent(trx, contractId);
  await insertContractEvent(
    trx,
    chainNext(last, {
      contractId,
      event: e.event,
      actorId: e.actorId,
      party: e.party,
      detail: e.detail ?? {},
      at: e.at.toISOString(),
    }),
  );
}
