/**
 * What a change to a conversation tells the instances' live connections: ids
 * only (NOTIFY payloads are capped at 8,000 bytes and never replayed, so each
 * instance reads the message itself, and a client that missed one catches up
 * from its cursor). Sent inside the changing transaction, so it fires on commit.
 */
import type { Kysely } from "kysely";
import { notifyChannel } from "../../db/queries/notify.ts";
import type { Database } from "../../db/schema.ts";

export const LIVE_CHANNEL = "messages";

/**
 * A new message numbered `s` in conversation `c`, person `r`'s receipts in
 * `c` moved, call `k` in `c` changed, or call signal `g` was sent in `c`.
 */
export type LiveSignal =
  | { c: string; s: number }
  | { c: string; r: string }
  | { c: string; k: string }
  | { c: string; g: number };

export async function publishLive(trx: Kysely<Database>, signal: LiveSignal): Promise<void> {
  await notifyChannel(trx, LIVE_CHANNEL, JSON.stringify(signal));
}

/** A payload back into a signal; null for anything this version did not send. */
export function parseLiveSignal(payload: string): LiveSignal | null {
  try {
    const v = JSON.parse(payload);
    if (typeof v?.c !== "string") return null;
    if (Number.isSafeInteger(v.s)) return { c: v.c, s: v.s };
    if (typeof v.r === "string") return { c: v.c, r: v.r };
    if (typeof v.k === "string") return { c: v.c, k: v.k };
    if (Number.isSafeInteger(v.g)) return { c: v.c, g: v.g };
  } catch {
    // not ours
  }
  return null;
}
