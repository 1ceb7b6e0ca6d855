/**
 * Contracts as clients see them: the document and its readable sections,
 * who has signed which version, and what the viewer may do now (the contract
 * machine's own answer, so pages never offer a button the service refuses).
 */
import type { Contract } from "../../db/schema.ts";
import type { ContractRole } from "../../domain/contract_access.ts";
import { contractActorOf } from "../../domain/contract_access.ts";
import type { ContractDocument } from "../../domain/contract_document.ts";
import {
  allowedContractEvents,
  awaitingSignatureFrom,
  type ContractEventType,
  type ContractState,
} from "../../domain/contract_machine.ts";
import type { SignatureEvidence, SignatureMethod } from "../../domain/contract_text.ts";
import type { Party } from "../../domain/negotiation.ts";
import { contractSnapshotOf } from "./apply_contract_step.ts";

export interface SignatureView {
  name: string;
  method: SignatureMethod;
  signedAt: string;
  documentHash: string;
}

export interface ContractView {
  id: string;
  bookingId: string;
  status: ContractState;
  version: number;
  documentHash: string;
  document: ContractDocument;
  signatures: Record<Party, SignatureView | null>;
  /** The parties whose signature the contract waits for. */
  awaitingSignatureFrom: Party[];
  /** Whether the sealed PDF has been issued. */
  sealed: boolean;
  sentAt: string | null;
  voidedAt: string | null;
  voidReason: string | null;
  viewer: { role: ContractRole; allowedEvents: ContractEventType[]; mustSign: boolean };
  createdAt: string;
  updatedAt: string;
}

const iso = (d: Date | string | null) => d === null ? null : new Date(d).toISOString();

function signatureView(e: SignatureEvidence | null): SignatureView | null {
  return e && { name: e.typedName, method: e.method, signedAt: e.signedAt, documentHash: e.documentHash };
}

export function contractView(c: Contract, role: ContractRole): ContractView {
  const snapshot = contractSnapshotOf(c);
  const actor = contractActorOf(role);
  const awaiting = awaitingSignatureFrom(snapshot);
  return {
    id: c.id,
    bookingId: c.booking_id,
    status: c.status,
    version: c.version,
    documentHash: c.document_hash,
    document: c.terms,
    signatures: { organizer: signatureView(c.promoter_signature), act: signatureView(c.artist_signature) },
    awaitingSignatureFrom: awaiting,
    sealed: c.pdf_key !== null,
    sentAt: iso(c.sent_at),
    voidedAt: iso(c.voided_at),
    voidReason: c.void_reason,
    viewer: {
      role,
      allowedEvents: actor ? allowedContractEvents(snapshot, actor) : [],
      mustSign: (role === "act" || role === "organizer") && awaiting.includes(role),
    },
    createdAt: iso(c.created_at)!,
    updatedAt: iso(c.updated_at)!,
  };
}
