/**
 * The ledger as the services keep it: a booking's postings are read back and
 * replayed through domain/ledger.ts, the new posting is applied there (which
 * refuses anything that breaks a rule: unbalanced, more out of escrow than
 * is in it, a refund beyond what was paid), and only then written. The
 * caller holds the booking's row lock, so two postings of one booking never
 * interleave.
 *
 * A posting whose id is already in the ledger is the same business event
 * arriving again (a webhook redelivered, a return racing its webhook): it is
 * skipped, not an error.
 */
import type { Kysely } from "kysely";
import { insertPosting, postingsOfBooking } from "../../db/queries/ledger.ts";
import type { Database } from "../../db/schema.ts";
import { Conflict } from "../../domain/errors.ts";
import { applyPosting, applyPostings, emptyLedger, type Ledger, type Posting } from "../../domain/ledger.ts";

export async function bookingLedger(db: Kysely<Database>, bookingId: string): Promise<Ledger> {
  const result = applyPostings(emptyLedger, await postingsOfBooking(db, bookingId));
  // Every stored posting passed these rules when written; a refusal here means the rows were altered.
  if (!result.ok) {
    throw new Error(`The ledger of booking ${bookingId} does not replay: ${result.error.message}`);
  }
  return result.ledger;
}

export interface PostingLinks {
  paymentId?: string | null;
  refundId?: string | null;
  at: Date;
}

/** Applies and stores `posting`; returns the ledger after it (unchanged when it was already applied). */
export async function post(
  trx: Kysely<Database>,
  ledger: Ledger,
  posting: Posting,
  links: PostingLinks,
): Promise<Ledger> {
  const result = applyPosting(ledger, posting);
  if (!result.ok) {
    if (result.error.code === "already_applied") return ledger;
    throw new Conflict(`The payments ledger refused this: ${result.error.message}`);
  }
  await insertPosting(trx, posting, links);
  return result.ledger;
}
