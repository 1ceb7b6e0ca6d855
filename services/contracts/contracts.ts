/**
 * The contract use cases: draw one up for a confirmed booking, read it
 * (the parties' first reading of each version is recorded), edit its
 * non-money clauses, send it, sign it and void it. Each authorizes in the
 * service and changes state in one transaction (run_on_contract.ts).
 */
import type { Transaction } from "kysely";
import { withAuditContext } from "../../db/audit.ts";
import { firstViewOf } from "../../db/queries/contract_events.ts";
import {
  findContract,
  latestContractOfBooking,
  liveContractOfBooking,
  lockContract,
} from "../../db/queries/contracts.ts";
import type { Contract, Database } from "../../db/schema.ts";
import { type Actor, requireActor } from "../../domain/access.ts";
import { UPCOMING_STATES } from "../../domain/booking_machine.ts";
import {
  type ContractRole,
  requireContractActor,
  requireContractReader,
} from "../../domain/contract_access.ts";
import { buildContract, contractHash } from "../../domain/contract_document.ts";
import type { SignatureEvidence } from "../../domain/contract_text.ts";
import { Conflict, Forbidden, NotFound } from "../../domain/errors.ts";
import type { Party } from "../../domain/negotiation.ts";
import type { RequestMeta } from "../deps.ts";
import type { WorkflowDeps } from "../notifications.ts";
import { parseInput, requireId } from "../validation.ts";
import { loadBooking } from "../bookings/load_booking.ts";
import { lockBooking } from "../../db/queries/bookings.ts";
import { bookingTransaction } from "../bookings/step_runner.ts";
import { appendContractEvent } from "./chain.ts";
import { contractFactsFor, insertDraftContract } from "./generate.ts";
import {
  GenerateContractInput,
  ReviseContractInput,
  SignContractInput,
  VoidContractInput,
} from "./inputs.ts";
import { loadContract, runOnContract } from "./run_on_contract.ts";
import { confirmSigner } from "./signing.ts";
import { type ContractView, contractView } from "./views.ts";

/**
 * The booking's contract in force, drawn up now if it has none (a booking
 * confirmed before contracts existed, or one whose contract was voided).
 * Idempotent: `created` says whether this call made it.
 */
export async function generateContract(
  deps: WorkflowDeps,
  actor: Actor | null,
  input: unknown,
  meta: RequestMeta,
): Promise<{ contract: ContractView; created: boolean }> {
  const a = requireActor(actor);
  const { bookingId } = parseInput(GenerateContractInput, input);
  return await bookingTransaction(deps, async (trx) => {
    const loaded = await loadBooking(trx, bookingId, { lock: true });
    // The contract's own rule, not the booking's: the venue's managers may follow the booking,
    // but its contract does not exist for them.
    const as = requireContractActor(a, loaded.people) as Party | "admin";
    const existing = await liveContractOfBooking(trx, loaded.row.id);
    if (existing) return { contract: contractView(existing, as), created: false };
    if (!(UPCOMING_STATES as readonly string[]).includes(loaded.row.status)) {
      throw new Conflict("A contract is drawn up for a confirmed booking, before its show");
    }
    await withAuditContext(trx, { ...meta, actorId: a.userId });
    const contract = await insertDraftContract(trx, loaded, { userId: a.userId, party: as }, deps.now());
    return { contract: contractView(contract, as), created: true };
  });
}

/** The contract as the reader may see it. A party's first reading of a version goes on the chain. */
export async function getContract(
  deps: WorkflowDeps,
  actor: Actor | null,
  contractId: string,
  meta: RequestMeta,
): Promise<ContractView> {
  const a = requireActor(actor);
  return await bookingTransaction(deps, async (trx) => {
    const { contract, loaded } = await loadContract(trx, contractId, { lock: false });
    const role = requireContractReader(a, loaded.people);
    const current = await recordFirstView(trx, deps, contract, role, a, meta);
    return contractView(current, role);
  });
}

/** The booking's newest contract (voided or not) as the reader may see it, or null before there is one. */
export async function contractOfBooking(
  deps: WorkflowDeps,
  actor: Actor | null,
  bookingId: string,
  meta: RequestMeta,
): Promise<ContractView | null> {
  const a = requireActor(actor);
  return await bookingTransaction(deps, async (trx) => {
    const loaded = await loadBooking(trx, bookingId);
    const role = requireContractReader(a, loaded.people);
    const latest = loaded.contract ?? await latestContractOfBooking(trx, loaded.row.id);
    if (!latest) return null;
    return contractView(await recordFirstView(trx, deps, latest, role, a, meta), role);
  });
}

async function recordFirstView(
  trx: Transaction<Database>,
  deps: WorkflowDeps,
  contract: Contract,
  role: ContractRole,
  a: Actor,
  meta: RequestMeta,
): Promise<Contract> {
  if (role !== "act" && role !== "organizer") return contract;
  if (contract.status === "voided" || contract.status === "completed") return contract;
  if (await firstViewOf(trx, contract.id, a.userId, contract.version)) return contract;
  // The order every change keeps: the booking, then the contract.
  await lockBooking(trx, contract.booking_id);
  const locked = (await lockContract(trx, contract.id))!;
  // Checked again under the lock: another request of theirs may have recorded it (or a new version come) meanwhile.
  if (await firstViewOf(trx, locked.id, a.userId, locked.version)) return locked;
  await withAuditContext(trx, { ...meta, actorId: a.userId });
  await appendContractEvent(trx, locked.id, {
    event: "viewed",
    actorId: a.userId,
    party: role,
    detail: {
      version: locked.version,
      documentHash: locked.document_hash,
      ip: meta.ip,
      userAgent: meta.userAgent,
    },
    at: deps.now(),
  });
  return locked;
}

/** The organizer side edits the clauses it may edit; the new version drops every signature. */
export async function reviseContract(
  deps: WorkflowDeps,
  actor: Actor | null,
  contractId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<ContractView> {
  const clauses = parseInput(ReviseContractInput, input);
  return await runOnContract(deps, actor, contractId, meta, async (contract, loaded, as, trx) => {
    const facts = await contractFactsFor(trx, loaded, clauses);
    const document = buildContract({ ...facts, version: contract.version + 1, issuedAt: deps.now() });
    // A new version always names its number and date, so its hash always differs. Built as the
    // current version instead, the same words give the same hash: the machine then refuses a
    // revision that changes nothing, instead of dropping the signatures over a second click.
    const asCurrent = buildContract({
      ...facts,
      version: contract.version,
      issuedAt: new Date(contract.terms.issuedAt),
    });
    const unchanged = contractHash(asCurrent) === contract.document_hash;
    const documentHash = unchanged ? contract.document_hash : contractHash(document);
    return {
      event: { type: "revise", documentHash },
      actor: as,
      userId: actor!.userId,
      columns: { terms: JSON.stringify(document) },
      detail: { document },
    };
  });
}

export async function sendContract(
  deps: WorkflowDeps,
  actor: Actor | null,
  contractId: string,
  meta: RequestMeta,
): Promise<ContractView> {
  return await runOnContract(deps, actor, contractId, meta, (_c, _l, as) => ({
    event: { type: "send" },
    actor: as,
    userId: actor!.userId,
  }));
}

/**
 * Signs the version whose hash the signer read, with the full legal name they
 * typed and their consent, confirmed by their password or a fresh sign-in.
 */
export async function signContract(
  deps: WorkflowDeps,
  actor: Actor | null,
  contractId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<ContractView> {
  const a = requireActor(actor);
  const signing = parseInput(SignContractInput, input);
  await requireSigner(deps, a, contractId);
  const method = await confirmSigner(deps.db, a, signing.password, deps.now());
  return await runOnContract(deps, a, contractId, meta, async (contract, _loaded, as, trx) => {
    if (as !== "act" && as !== "organizer") throw new Forbidden(ONLY_PARTIES_SIGN);
    const party: Party = as;
    const viewed = await firstViewOf(trx, contract.id, a.userId, contract.version);
    const signature: SignatureEvidence = {
      party,
      userId: a.userId,
      typedName: signing.fullName,
      method,
      documentHash: signing.documentHash,
      signedAt: deps.now().toISOString(),
      viewedAt: viewed?.toISOString() ?? null,
      ip: meta.ip,
      userAgent: meta.userAgent,
      sessionId: a.sessionId,
    };
    return {
      event: { type: "sign", party, documentHash: signing.documentHash },
      actor: party,
      userId: a.userId,
      signature,
    };
  });
}

const ONLY_PARTIES_SIGN = "Only the act and the organizer sign the contract";

/**
 * Refuses anyone who is not one of the contract's parties before their
 * password is asked for and checked: a band member or a stranger is told who
 * may sign (403, or 404), not to enter a password that could never be enough,
 * and their wrong guesses are not counted. Read without locks; the change
 * itself checks again under them.
 */
async function requireSigner(deps: WorkflowDeps, a: Actor, contractId: string): Promise<void> {
  const found = await findContract(deps.db, requireId(contractId, "Contract"));
  if (!found) throw new NotFound("Contract not found");
  const { people } = await loadBooking(deps.db, found.booking_id);
  const as = requireContractActor(a, people);
  if (as !== "act" && as !== "organizer") throw new Forbidden(ONLY_PARTIES_SIGN);
}

/** Either party before both have signed; after that only an admin, with a reason. */
export async function voidContract(
  deps: WorkflowDeps,
  actor: Actor | null,
  contractId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<ContractView> {
  const { reason } = parseInput(VoidContractInput, input);
  return await runOnContract(deps, actor, contractId, meta, (_c, _l, as) => ({
    event: { type: "void", reason },
    actor: as,
    userId: actor!.userId,
  }));
}
