/**
 * Carrying out one contract event on a contract whose booking is loaded and
 * locked: ask the contract machine, write the row, append the event to the
 * contract's hash chain and tell the other party, all in the caller's
 * transaction. Nothing is written before the machine has said yes.
 */
import type { Transaction, Updateable } from "kysely";
import { lockContract, setContractColumns } from "../../db/queries/contracts.ts";
import type { Contract, ContractsTable, Database } from "../../db/schema.ts";
import type { ChainParty, ContractEventType as HistoryEvent } from "../../domain/contract_chain.ts";
import {
  allowedContractEvents,
  type ContractActor,
  type ContractEffect,
  type ContractEvent,
  type ContractSnapshot,
  transitionContract,
} from "../../domain/contract_machine.ts";
import type { SignatureEvidence } from "../../domain/contract_text.ts";
import { AppError, Conflict, Forbidden, NotFound, ValidationError } from "../../domain/errors.ts";
import type { Party } from "../../domain/negotiation.ts";
import type { ActivitySubject } from "../mail_templates.ts";
import { notify, type WorkflowDeps } from "../notifications.ts";
import type { LoadedBooking } from "../bookings/load_booking.ts";
import { appendContractEvent } from "./chain.ts";

export interface ContractStep {
  event: ContractEvent;
  actor: ContractActor;
  /** The person behind the event; null for the system. */
  userId: string | null;
  /** What the row holds besides what the machine decides: a revision's document, a signature's evidence. */
  columns?: Updateable<ContractsTable>;
  signature?: SignatureEvidence;
  /** Extra facts for the chain entry. */
  detail?: Record<string, unknown>;
}

export function contractSnapshotOf(c: Contract): ContractSnapshot {
  return {
    status: c.status,
    version: c.version,
    documentHash: c.document_hash,
    signedHash: {
      organizer: c.promoter_signature?.documentHash ?? null,
      act: c.artist_signature?.documentHash ?? null,
    },
  };
}

const HISTORY: Record<ContractEvent["type"], HistoryEvent> = {
  revise: "revised",
  send: "sent",
  sign: "signed",
  void: "voided",
  complete: "completed",
};

const SUBJECT: Record<ContractEvent["type"], ActivitySubject | null> = {
  revise: "Contract changed",
  send: "Contract ready to sign",
  sign: "Contract signed",
  void: "Contract voided",
  complete: null,
};

function noticeText(step: ContractStep, loaded: LoadedBooking, next: ContractSnapshot): string {
  const title = loaded.row.title;
  switch (step.event.type) {
    case "revise":
      return `The contract for "${title}" changed (version ${next.version}): read it again before signing.`;
    case "send":
      return `The contract for "${title}" is ready for your signature.`;
    case "sign":
      return next.status === "signed"
        ? `Both parties have signed the contract for "${title}": the deposit can now be paid.`
        : `The ${step.event.party} signed the contract for "${title}": it waits for your signature.`;
    case "void":
      return `The contract for "${title}" was voided: ${step.event.reason}`;
    case "complete":
      return `The contract for "${title}" is completed.`;
  }
}

/** Runs `step` on the booking's contract `contractId`; the booking is already locked. */
export async function applyContractStep(
  trx: Transaction<Database>,
  deps: WorkflowDeps,
  loaded: LoadedBooking,
  contractId: string,
  step: ContractStep,
): Promise<{ contract: Contract; effects: ContractEffect[] }> {
  const contract = await lockContract(trx, contractId);
  if (!contract) throw new NotFound("Contract not found");
  const now = deps.now();
  const from = contractSnapshotOf(contract);
  const result = transitionContract(from, step.event, step.actor);
  if (!result.ok) throw refusal(from, step, result.error);
  const { next, effects } = result;

  const columns: Updateable<ContractsTable> = {
    status: next.status,
    version: next.version,
    document_hash: next.documentHash,
    ...step.columns,
  };
  for (const effect of effects) {
    if (effect.type !== "record_signature") continue;
    const evidence = JSON.stringify(step.signature);
    if (effect.party === "organizer") {
      Object.assign(columns, { promoter_signature: evidence, promoter_signed_at: now });
    } else Object.assign(columns, { artist_signature: evidence, artist_signed_at: now });
  }
  if (step.event.type === "revise") {
    Object.assign(columns, {
      promoter_signature: null,
      promoter_signed_at: null,
      artist_signature: null,
      artist_signed_at: null,
    });
  }
  if (step.event.type === "send") columns.sent_at = now;
  if (step.event.type === "void") {
    Object.assign(columns, { voided_at: now, void_reason: step.event.reason.trim() });
  }
  await setContractColumns(trx, contract.id, columns);

  await appendContractEvent(trx, contract.id, {
    event: HISTORY[step.event.type],
    actorId: step.userId,
    party: step.actor as ChainParty,
    detail: {
      version: next.version,
      documentHash: next.documentHash,
      status: next.status,
      ...(step.event.type === "void" ? { reason: step.event.reason.trim() } : {}),
      ...(step.signature ? { signature: step.signature } : {}),
      ...step.detail,
    },
    at: now,
  });

  const subject = SUBJECT[step.event.type];
  if (subject) {
    const text = noticeText(step, loaded, next);
    for (const party of effects.flatMap((e) => e.type === "notify" ? partiesOf(e.to) : [])) {
      const userId = party === "act" ? loaded.people.actOwnerId : loaded.people.organizerId;
      await notify(trx, deps, { userId, subject, text, link: `/bookings/${loaded.row.id}/contract` });
    }
  }
  const after = await lockContract(trx, contract.id);
  return { contract: after!, effects };
}

function partiesOf(to: Party | "both"): Party[] {
  return to === "both" ? ["organizer", "act"] : [to];
}

const ACTORS: readonly ContractActor[] = ["act", "organizer", "admin", "system"];

/** The machine's refusal as the error callers see. */
function refusal(
  s: ContractSnapshot,
  step: ContractStep,
  error: { code: string; message: string },
): AppError {
  switch (error.code) {
    case "invalid":
      return new ValidationError(error.message, [{
        field: step.event.type === "void" ? "reason" : "clauses",
        message: error.message,
      }]);
    case "not_allowed": {
      const type = step.event.type;
      const someoneElse = ACTORS.some((a) => a !== step.actor && allowedContractEvents(s, a).includes(type));
      return someoneElse ? new Forbidden(error.message) : new Conflict(error.message);
    }
    default:
      return new Conflict(error.message);
  }
}
