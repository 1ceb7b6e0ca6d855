/**
 * Checking a contract against its own history: the document's hash is
 * recomputed from the stored terms, the hash chain is recomputed entry by
 * entry, the chain's latest version must be the stored one, and every
 * signature must bind the stored hash. Anything that no longer matches (a row
 * changed behind the service's back) is named.
 */
import { contractChain } from "../../db/queries/contract_events.ts";
import { findContract } from "../../db/queries/contracts.ts";
import type { Actor } from "../../domain/access.ts";
import { requireActor } from "../../domain/access.ts";
import { type ChainProblem, verifyChain } from "../../domain/contract_chain.ts";
import { requireContractReader } from "../../domain/contract_access.ts";
import { type ContractDocument, contractHash } from "../../domain/contract_document.ts";
import { NotFound } from "../../domain/errors.ts";
import type { WorkflowDeps } from "../notifications.ts";
import { requireId } from "../validation.ts";
import { loadBooking } from "../bookings/load_booking.ts";

export interface ContractVerification {
  contractId: string;
  /** True when nothing below reports a problem. */
  valid: boolean;
  documentHash: { stored: string; computed: string; matches: boolean };
  chain: { entries: number; head: string | null; problems: ChainProblem[] };
  /** Whatever else no longer matches, in plain words. */
  problems: string[];
  checkedAt: string;
}

export async function verifyContract(
  deps: WorkflowDeps,
  actor: Actor | null,
  contractId: string,
): Promise<ContractVerification> {
  requireActor(actor);
  const id = requireId(contractId, "Contract");
  const contract = await findContract(deps.db, id);
  if (!contract) throw new NotFound("Contract not found");
  const loaded = await loadBooking(deps.db, contract.booking_id);
  requireContractReader(actor, loaded.people);

  const chain = await contractChain(deps.db, contract.id);
  const chainProblems = verifyChain(chain);
  const computed = contractHash(contract.terms);
  const problems: string[] = [];
  if (computed !== contract.document_hash) {
    problems.push("The contract's terms no longer match its document hash");
  }
  const versions = chain.filter((e) => e.event === "generated" || e.event === "revised");
  const latest = versions.at(-1);
  if (!latest) {
    problems.push("The history does not record how the contract was generated");
  } else {
    if (latest.detail.documentHash !== contract.document_hash) {
      problems.push("The document hash differs from the last version recorded in the history");
    }
    const recorded = latest.detail.document as ContractDocument | undefined;
    if (!recorded || contractHash(recorded) !== latest.detail.documentHash) {
      problems.push("The document recorded in the history does not match its hash");
    }
  }
  for (
    const [party, signature] of [["organizer", contract.promoter_signature], [
      "act",
      contract.artist_signature,
    ]] as const
  ) {
    if (signature && signature.documentHash !== contract.document_hash) {
      problems.push(`The ${party}'s signature is for a different version of the document`);
    }
    const signed = chain.some((e) =>
      e.event === "signed" &&
      (e.detail.signature as { party?: string; documentHash?: string } | undefined)?.party === party &&
      (e.detail.signature as { documentHash?: string }).documentHash === contract.document_hash
    );
    if (signature && !signed) problems.push(`The history does not record the ${party}'s signature`);
  }
  return {
    contractId: contract.id,
    valid: problems.length === 0 && chainProblems.length === 0,
    documentHash: { stored: contract.document_hash, computed, matches: computed === contract.document_hash },
    chain: { entries: chain.length, head: chain.at(-1)?.hash ?? null, problems: chainProblems },
    problems,
    checkedAt: deps.now().toISOString(),
  };
}
