/**
 * A contract's hash chain (domain/contract_chain.ts): appending an entry after
 * the last one, reading the chain back in order, and the first time someone
 * opened a version. Appends happen with the contract row locked, so the
 * chain of one contract grows one entry at a time; the unique (contract, seq)
 * pair refuses anything that slips past.
 */
import type { Kysely } from "kysely";
import type { StoredChainEntry } from "../../domain/contract_chain.ts";
import type { Database } from "../schema.ts";

/** The newest entry's position and hash, or null for a contract without history. */
export async function lastContractEvent(
  db: Kysely<Database>,
  contractId: string,
): Promise<{ seq: number; hash: string } | null> {
  const row = await db.selectFrom("contract_events").select(["seq", "hash"])
    .where("contract_id", "=", contractId).orderBy("seq", "desc").limit(1).executeTakeFirst();
  return row ?? null;
}

export async function insertContractEvent(trx: Kysely<Database>, entry: StoredChainEntry): Promise<void> {
  await trx.insertInto("contract_events").values({
    contract_id: entry.contractId,
    seq: entry.seq,
    event: entry.event,
    actor_id: entry.actorId,
    party: entry.party,
    detail: JSON.stringify(entry.detail),
    at: entry.at,
    prev_hash: entry.prevHash,
    hash: entry.hash,
  }).execute();
}

/** The whole chain, oldest first, as the chain functions read it. */
export async function contractChain(db: Kysely<Database>, contractId: string): Promise<StoredChainEntry[]> {
  const rows = await db.selectFrom("contract_events")
    .select(["contract_id", "seq", "event", "actor_id", "party", "detail", "at", "prev_hash", "hash"])
    .where("contract_id", "=", contractId).orderBy("seq").execute();
  return rows.map((r) => ({
    contractId: r.contract_id,
    seq: r.seq,
    event: r.event,
    actorId: r.actor_id,
    party: r.party,
    detail: r.detail,
    at: new Date(r.at).toISOString(),
    prevHash: r.prev_hash.trim(),
    hash: r.hash.trim(),
  }));
}

/** When `userId` first opened version `version` of the contract, if they did. */
export async function firstViewOf(
  db: Kysely<Database>,
  contractId: string,
  userId: string,
  version: number,
): Promise<Date | null> {
  const row = await db.selectFrom("contract_events").select("at")
    .where("contract_id", "=", contractId).where("event", "=", "viewed")
    .where("actor_id", "=", userId)
    .where((eb) => eb(eb.ref("detail", "->>").key("version"), "=", String(version)))
    .orderBy("seq").limit(1).executeTakeFirst();
  return row ? new Date(row.at) : null;
}
