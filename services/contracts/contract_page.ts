/**
 * What a booking's contract page shows, read in one go: the booking it
 * belongs to, its newest contract as the viewer may see it (a party's first
 * reading is recorded by `contractOfBooking`), the readable sections and the
 * signature blocks the PDF prints too, the history's verification once the
 * contract is final, and whether the viewer signed in recently enough to sign
 * without typing their password. Strangers get NotFound, as for the contract.
 */
import { liveSessionStartedAt } from "../../db/queries/signing.ts";
import type { Actor } from "../../domain/access.ts";
import { type BookingState, UPCOMING_STATES } from "../../domain/booking_machine.ts";
import { type ContractRole, requireContractReader } from "../../domain/contract_access.ts";
import { type EditableClauses, editableClausesOf } from "../../domain/contract_document.ts";
import {
  type ContractSection,
  contractSections,
  signatureBlocks,
  versionLine,
} from "../../domain/contract_text.ts";
import type { Party } from "../../domain/negotiation.ts";
import type { RequestMeta } from "../deps.ts";
import type { WorkflowDeps } from "../notifications.ts";
import { loadBooking } from "../bookings/load_booking.ts";
import { contractOfBooking } from "./contracts.ts";
import { RECENT_LOGIN_MS } from "./signing.ts";
import { type ContractVerification, verifyContract } from "./verify.ts";
import type { ContractView, SignatureView } from "./views.ts";

export interface SignatureBlockView {
  party: Party;
  /** The name the contract gives the signatory. */
  name: string;
  capacity: string;
  signature: SignatureView | null;
}

export interface ContractPage {
  booking: { id: string; title: string; status: BookingState };
  role: ContractRole;
  /** The booking's newest contract (voided or not), or null before there is one. */
  contract: ContractView | null;
  sections: ContractSection[];
  signatureBlocks: SignatureBlockView[];
  versionLine: string | null;
  /** What the edit form starts from. */
  clauses: EditableClauses | null;
  /** The history checked, for a contract that is signed, completed or voided. */
  verification: ContractVerification | null;
  /** The viewer is a party, the booking is confirmed and before its show, and no contract is in force. */
  canDrawUp: boolean;
  /** Signed in less than five minutes ago: a signature needs no password now. */
  freshSignIn: boolean;
}

const VERIFIED = new Set(["signed", "completed", "voided"]);

export async function contractPage(
  deps: WorkflowDeps,
  actor: Actor | null,
  bookingId: string,
  meta: RequestMeta,
): Promise<ContractPage> {
  // Authorizes (NotFound for anyone the contract is not shown to) before anything else is read.
  const contract = await contractOfBooking(deps, actor, bookingId, meta);
  const loaded = await loadBooking(deps.db, bookingId);
  const role = requireContractReader(actor, loaded.people);
  const a = actor!;
  const now = deps.now();
  const [verification, since] = await Promise.all([
    contract && VERIFIED.has(contract.status) ? verifyContract(deps, a, contract.id) : null,
    liveSessionStartedAt(deps.db, a.sessionId, now),
  ]);
  const doc = contract?.document;
  return {
    booking: { id: loaded.row.id, title: loaded.row.title, status: loaded.row.status },
    role,
    contract,
    sections: doc ? contractSections(doc) : [],
    signatureBlocks: doc
      ? signatureBlocks(doc).map((b) => ({ ...b, signature: contract!.signatures[b.party] }))
      : [],
    versionLine: doc ? versionLine(doc) : null,
    clauses: doc ? editableClausesOf(doc) : null,
    verification,
    canDrawUp: (role === "act" || role === "organizer") && loaded.contract === null &&
      (UPCOMING_STATES as readonly string[]).includes(loaded.row.status),
    freshSignIn: since !== null && now.getTime() - since.getTime() < RECENT_LOGIN_MS,
  };
}
