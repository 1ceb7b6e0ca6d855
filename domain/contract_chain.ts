/**
 * The tamper-evident history of a contract: every event (generated, viewed,
 * sent, signed, voided, completed, pdf issued) is an entry whose hash covers
 * its content and the hash of the entry before it, so changing, removing or
 * reordering any entry breaks every hash after it. The database keeps the
 * entries append-only; `verifyChain` recomputes them and says what no longer
 * matches.
 */
import canonicalize from "canonicalize";
import { sha256Hex } from "./contract_document.ts";

export const CONTRACT_EVENT_TYPES = [
  "generated",
  "revised",
  "viewed",
  "sent",
  "signed",
  "voided",
  "completed",
  "pdf_issued",
] as const;
export type ContractEventType = typeof CONTRACT_EVENT_TYPES[number];

export type ChainParty = "act" | "organizer" | "admin" | "staff" | "system";

/** The first entry's predecessor. */
export const GENESIS_HASH = "0".repeat(64);

export interface ChainEntry {
  contractId: string;
  seq: number;
  event: ContractEventType;
  actorId: string | null;
  party: ChainParty;
  detail: Record<string, unknown>;
  /** ISO 8601 with milliseconds, as stored. */
  at: string;
}

export interface StoredChainEntry extends ChainEntry {
  prevHash: string;
  hash: string;
}

/** The entry's hash: SHA-256 of the RFC 8785 form of its content and its predecessor's hash. */
export function entryHash(entry: ChainEntry, prevHash: string): string {
  const text = canonicalize({ ...entry, prevHash });
  if (text === undefined) throw new TypeError("A contract event must be JSON");
  return sha256Hex(text);
}

/** The next entry of a chain whose last entry is `last` (or of a new chain). */
export function chainNext(
  last: { seq: number; hash: string } | null,
  entry: Omit<ChainEntry, "seq">,
): StoredChainEntry {
  const seq = last ? last.seq + 1 : 1;
  const prevHash = last ? last.hash : GENESIS_HASH;
  const full = { ...entry, seq };
  return { ...full, prevHash, hash: entryHash(full, prevHash) };
}

export interface ChainProblem {
  seq: number;
  problem: "gap" | "broken_link" | "altered";
  message: string;
}

/** Every place the stored chain (in `seq` order) no longer matches what was appended. */
export function verifyChain(entries: readonly StoredChainEntry[]): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let previous: StoredChainEntry | null = null;
  for (const entry of entries) {
    const expectedSeq = previous ? previous.seq + 1 : 1;
    if (entry.seq !== expectedSeq) {
      problems.push({ seq: entry.seq, problem: "gap", message: `Entry ${expectedSeq} is missing` });
    }
    const expectedPrev = previous ? previous.hash : GENESIS_HASH;
    if (entry.prevHash !== expectedPrev) {
      problems.push({
        seq: entry.seq,
        problem: "broken_link",
        message: `Entry ${entry.seq} does not follow the entry before it`,
      });
    }
    const { prevHash, hash, ...content } = entry;
    if (entryHash(content, prevHash) !== hash) {
      problems.push({
        seq: entry.seq,
        problem: "altered",
        message: `Entry ${entry.seq} (${entry.event}) was changed after it was recorded`,
      });
    }
    previous = entry;
  }
  return problems;
}
