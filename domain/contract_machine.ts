/**
 * The life of a booking's contract as a pure state machine, like the booking
 * machine: services load a snapshot, call `transition` with the event and the
 * actor, then persist `next` and carry out the effects in one transaction.
 *
 * | event    | from                          | actor               | to                               |
 * | -------- | ----------------------------- | ------------------- | -------------------------------- |
 * | revise   | draft, sent, signed_by_one    | organizer           | draft (version + 1, no signatures) |
 * | send     | draft                         | organizer           | sent                             |
 * | sign     | sent, signed_by_one           | act, organizer      | signed_by_<party> or signed      |
 * | void     | draft, sent, signed_by_one    | act, organizer, system, admin | voided                 |
 * | void     | signed                        | admin (with reason) | voided, and the booking is ended |
 * | complete | signed                        | system              | completed                        |
 *
 * signed_by_one = signed_by_promoter (the organizer side signed) or
 * signed_by_artist (the act side signed); the names are the specification's.
 *
 * A signature binds one document hash: `sign` names the hash the signer read
 * and is refused unless it is the current one, and `revise` (the only way the
 * document changes) drops every signature. So a contract is `signed` only
 * when both parties signed the same hash, and no signature survives a change
 * of terms. Each party signs once. `voided` and `completed` are terminal.
 */
import { HASH_PATTERN } from "./contract_document.ts";
import { otherParty, type Party } from "./negotiation.ts";

export const CONTRACT_STATES = [
  "draft",
  "sent",
  "signed_by_promoter",
  "signed_by_artist",
  "signed",
  "voided",
  "completed",
] as const;
export type ContractState = typeof CONTRACT_STATES[number];

const TERMINAL_CONTRACT_STATES: readonly ContractState[] = ["voided", "completed"];

export type ContractActor = Party | "admin" | "system";

export interface ContractSnapshot {
  status: ContractState;
  version: number;
  documentHash: string;
  /** The hash each party signed, or null. */
  signedHash: Record<Party, string | null>;
}

export type ContractEvent =
  | { type: "revise"; documentHash: string }
  | { type: "send" }
  | { type: "sign"; party: Party; documentHash: string }
  | { type: "void"; reason: string }
  | { type: "complete" };
export type ContractEventType = ContractEvent["type"];

export type ContractEffect =
  | { type: "record_signature"; party: Party; documentHash: string }
  | { type: "fully_signed" }
  /** An admin voided a signed contract: the booking it governed must end (cancelled or disputed). */
  | { type: "end_booking"; reason: string }
  | { type: "notify"; to: Party | "both" };

export type ContractErrorCode = "not_allowed" | "stale_document" | "already_signed" | "invalid";

export type ContractResult =
  | { ok: true; next: ContractSnapshot; effects: ContractEffect[] }
  | { ok: false; error: { code: ContractErrorCode; message: string } };

const SIGNED_BY: Record<Party, ContractState> = { organizer: "signed_by_promoter", act: "signed_by_artist" };

/** Waiting for one party's signature after the other signed. */
function signedByOne(status: ContractState): boolean {
  return status === "signed_by_promoter" || status === "signed_by_artist";
}

function isParty(actor: ContractActor): actor is Party {
  return actor === "act" || actor === "organizer";
}

export function isTerminal(status: ContractState): boolean {
  return TERMINAL_CONTRACT_STATES.includes(status);
}

/** Which party still has to sign, when the contract is out for signature. */
export function awaitingSignatureFrom(s: ContractSnapshot): Party[] {
  if (s.status !== "sent" && !signedByOne(s.status)) return [];
  return (["organizer", "act"] as const).filter((p) => s.signedHash[p] !== s.documentHash);
}

type Refusal = { code: ContractErrorCode; message: string };
const refusal = (code: ContractErrorCode, message: string): Refusal => ({ code, message });
const notFrom = (s: ContractSnapshot, type: ContractEventType) =>
  refusal("not_allowed", `A contract that is ${s.status.replaceAll("_", " ")} cannot take "${type}"`);

/** Everything about an event that does not depend on its payload, so buttons and refusals agree. */
const GUARDS: Record<ContractEventType, (s: ContractSnapshot, actor: ContractActor) => Refusal | null> = {
  revise: (s, actor) => {
    if (s.status !== "draft" && s.status !== "sent" && !signedByOne(s.status)) return notFrom(s, "revise");
    return actor === "organizer"
      ? null
      : refusal("not_allowed", "Only the organizer side edits the contract");
  },
  send: (s, actor) => {
    if (s.status !== "draft") return notFrom(s, "send");
    return actor === "organizer"
      ? null
      : refusal("not_allowed", "Only the organizer side sends the contract");
  },
  sign: (s, actor) => {
    if (s.status !== "sent" && !signedByOne(s.status)) return notFrom(s, "sign");
    if (!isParty(actor)) return refusal("not_allowed", "Only the act and the organizer sign the contract");
    return s.signedHash[actor] === s.documentHash
      ? refusal("already_signed", "You have already signed this contract")
      : null;
  },
  void: (s, actor) => {
    if (isTerminal(s.status)) return notFrom(s, "void");
    if (s.status === "signed" && actor !== "admin") {
      return refusal("not_allowed", "Once both parties have signed, only an admin can void the contract");
    }
    return null;
  },
  complete: (s, actor) => {
    if (s.status !== "signed") return notFrom(s, "complete");
    return actor === "system" ? null : refusal("not_allowed", "A contract is completed when its show is");
  },
};

/** The events the actor could make now: the buttons a page shows. */
export function allowedContractEvents(s: ContractSnapshot, actor: ContractActor): ContractEventType[] {
  return (Object.keys(GUARDS) as ContractEventType[]).filter((type) => GUARDS[type](s, actor) === null);
}

/** The snapshot of a contract just generated from a booking's terms. */
export function draftContract(documentHash: string): ContractSnapshot {
  return { status: "draft", version: 1, documentHash, signedHash: { organizer: null, act: null } };
}

export function transitionContract(
  s: ContractSnapshot,
  event: ContractEvent,
  actor: ContractActor,
): ContractResult {
  const refused = GUARDS[event.type](s, actor);
  if (refused) return { ok: false, error: refused };
  switch (event.type) {
    case "revise": {
      if (!HASH_PATTERN.test(event.documentHash)) return invalid("A document hash is 64 hex digits");
      if (event.documentHash === s.documentHash) return invalid("Nothing in the contract changed");
      const next: ContractSnapshot = {
        status: "draft",
        version: s.version + 1,
        documentHash: event.documentHash,
        signedHash: { organizer: null, act: null },
      };
      // Whoever had signed (or was asked to) hears that the terms they saw are gone.
      return ok(next, s.status === "draft" ? [] : [{ type: "notify", to: "act" }]);
    }
    case "send":
      return ok({ ...s, status: "sent" }, [{ type: "notify", to: "act" }]);
    case "sign": {
      if (event.party !== actor) return invalid("A signature can only be made by the party it names");
      if (event.documentHash !== s.documentHash) {
        return {
          ok: false,
          error: refusal(
            "stale_document",
            "The contract changed since you read it: read the new version and sign again",
          ),
        };
      }
      const signedHash = { ...s.signedHash, [actor]: event.documentHash };
      const both = signedHash.organizer === s.documentHash && signedHash.act === s.documentHash;
      const effects: ContractEffect[] = [{
        type: "record_signature",
        party: actor,
        documentHash: event.documentHash,
      }];
      if (both) effects.push({ type: "fully_signed" });
      effects.push({ type: "notify", to: otherParty(actor) });
      return ok({ ...s, status: both ? "signed" : SIGNED_BY[actor], signedHash }, effects);
    }
    case "void": {
      const reason = event.reason.trim();
      if (reason === "") return invalid("Say why the contract is voided");
      const effects: ContractEffect[] = s.status === "signed" ? [{ type: "end_booking", reason }] : [];
      effects.push({ type: "notify", to: isParty(actor) ? otherParty(actor) : "both" });
      return ok({ ...s, status: "voided" }, effects);
    }
    case "complete":
      return ok({ ...s, status: "completed" }, []);
  }
}

function ok(next: ContractSnapshot, effects: ContractEffect[]): ContractResult {
  return { ok: true, next, effects };
}

function invalid(message: string): ContractResult {
  return { ok: false, error: refusal("invalid", message) };
}
