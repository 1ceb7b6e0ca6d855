/**
 * The contract as a PDF. Until both parties have signed, it is rendered on
 * each request (with the signatures so far) and never stored. Once signed, the
 * first request renders it, seals it with the platform's certificate (PAdES),
 * stores it privately and records `pdf_issued` on the chain; every later
 * request serves those same sealed bytes, so the file a party downloads
 * tomorrow is the one whose seal verified today.
 */
import { findContract, lockContract, setContractColumns } from "../../db/queries/contracts.ts";
import type { Contract } from "../../db/schema.ts";
import { type Actor, requireActor } from "../../domain/access.ts";
import { requireContractReader } from "../../domain/contract_access.ts";
import type { SignatureEvidence } from "../../domain/contract_text.ts";
import { NotFound } from "../../domain/errors.ts";
import type { Storage } from "../../integrations/storage/storage.ts";
import type { ContractPdfMaker } from "../../integrations/contract_pdf/mod.ts";
import { withAuditContext } from "../../db/audit.ts";
import type { RequestMeta } from "../deps.ts";
import type { WorkflowDeps } from "../notifications.ts";
import { requireId } from "../validation.ts";
import { loadBooking } from "../bookings/load_booking.ts";
import { bookingTransaction } from "../bookings/step_runner.ts";
import { appendContractEvent } from "./chain.ts";

export type ContractFileDeps = WorkflowDeps & { storage: Storage; pdf: ContractPdfMaker };

export interface ContractPdf {
  bytes: Uint8Array;
  filename: string;
  sealed: boolean;
}

const SEALABLE = new Set(["signed", "completed"]);

function signaturesOf(c: Contract): SignatureEvidence[] {
  return [c.promoter_signature, c.artist_signature].filter((s): s is SignatureEvidence => s !== null);
}

function filenameOf(c: Contract): string {
  return `contract-${c.id.slice(0, 8)}-v${c.version}.pdf`;
}

export async function contractPdf(
  deps: ContractFileDeps,
  actor: Actor | null,
  contractId: string,
  meta: RequestMeta,
): Promise<ContractPdf> {
  const a = requireActor(actor);
  const id = requireId(contractId, "Contract");
  const contract = await findContract(deps.db, id);
  if (!contract) throw new NotFound("Contract not found");
  const loaded = await loadBooking(deps.db, contract.booking_id);
  requireContractReader(a, loaded.people);

  if (contract.pdf_key) return await storedPdf(deps.storage, contract);
  const render = (c: Contract) =>
    deps.pdf.render({ doc: c.terms, hash: c.document_hash, contractId: c.id, signatures: signaturesOf(c) });
  if (!SEALABLE.has(contract.status)) {
    return { bytes: await render(contract), filename: filenameOf(contract), sealed: false };
  }

  return await bookingTransaction(deps, async (trx) => {
    await loadBooking(trx, contract.booking_id, { lock: true });
    const locked = (await lockContract(trx, id))!;
    // Someone else sealed it while this request waited for the lock.
    if (locked.pdf_key) return await storedPdf(deps.storage, locked);
    const now = deps.now();
    const sealed = await deps.pdf.seal(await render(locked), now);
    const key = `private/contracts/${locked.id}/${locked.document_hash}.pdf`;
    await deps.storage.put(key, sealed, { contentType: "application/pdf", visibility: "private" });
    await withAuditContext(trx, { ...meta, actorId: a.userId });
    await setContractColumns(trx, locked.id, { pdf_key: key });
    await appendContractEvent(trx, locked.id, {
      event: "pdf_issued",
      actorId: a.userId,
      party: "system",
      detail: { documentHash: locked.document_hash, storageKey: key, sha256: await sha256Hex(sealed) },
      at: now,
    });
    return { bytes: sealed, filename: filenameOf(locked), sealed: true };
  });
}

async function storedPdf(storage: Storage, c: Contract): Promise<ContractPdf> {
  const stored = await storage.get(c.pdf_key!);
  if (!stored) throw new NotFound("The sealed PDF is missing from storage");
  return { bytes: stored.bytes, filename: filenameOf(c), sealed: true };
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as BufferSource);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
