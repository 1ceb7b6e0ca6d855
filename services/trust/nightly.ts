/**
 * The nightly pass: every act, venue and organizer recomputed, since time
 * alone changes scores (old events fade, accounts age, requests lapse), and
 * facts no booking event recomputed (answers to requests, late payments) are
 * taken in. Each subject in its own short transaction; only real changes are
 * recorded.
 */
import type { Kysely } from "kysely";
import { allTrustSubjects } from "../../db/queries/trust_facts.ts";
import type { Database } from "../../db/schema.ts";
import { recomputeTrust } from "./recompute.ts";

export const NIGHTLY_REASON =
  "Nightly recomputation: older events weigh less, and recent answers and payments count";

/** Returns how many scores changed; `reason` is what each change's history row says (the demo seed names itself). */
export async function recomputeAllTrust(
  deps: { db: Kysely<Database>; now(): Date },
  reason = NIGHTLY_REASON,
): Promise<number> {
  let changed = 0;
  for (const subject of await allTrustSubjects(deps.db)) {
    const score = await deps.db.transaction().execute((trx) =>
      recomputeTrust(trx, subject, reason, { bookingId: null, event: null }, deps.now())
    );
    if (score !== null) changed++;
  }
  return changed;
}
