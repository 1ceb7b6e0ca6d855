/**
 * The ledger's rows: a booking's postings read back as domain/ledger.ts's
 * `Posting`s (to rebuild its balances before applying the next one), new
 * postings written entry by entry, and the balances pages show.
 */
import type { Kysely } from "kysely";
import type { AccountId, Posting } from "../../domain/ledger.ts";
import type { Database } from "../schema.ts";

/** Every posting of the booking, in the order they were applied. */
export async function postingsOfBooking(db: Kysely<Database>, bookingId: string): Promise<Posting[]> {
  const rows = await db.selectFrom("ledger_postings")
    .innerJoin("ledger_entries", "ledger_entries.posting_id", "ledger_postings.id")
    .select([
      "ledger_postings.id",
      "ledger_postings.currency",
      "ledger_postings.kind",
      "ledger_postings.created_at",
      "ledger_entries.seq",
      "ledger_entries.account",
      "ledger_entries.amount",
    ])
    .where("ledger_postings.booking_id", "=", bookingId)
    .orderBy("ledger_postings.seq").orderBy("ledger_entries.seq")
    .execute();
  const postings = new Map<string, Posting & { entries: Posting["entries"][number][] }>();
  for (const row of rows) {
    let posting = postings.get(row.id);
    if (!posting) {
      posting = { id: row.id, bookingId, currency: row.currency, kind: row.kind, entries: [] };
      postings.set(row.id, posting);
    }
    posting.entries.push({ account: row.account as AccountId, amount: Number(row.amount) });
  }
  return [...postings.values()];
}

export async function insertPosting(
  trx: Kysely<Database>,
  posting: Posting,
  links: { paymentId?: string | null; refundId?: string | null; at: Date },
): Promise<void> {
  await trx.insertInto("ledger_postings").values({
    id: posting.id,
    booking_id: posting.bookingId,
    currency: posting.currency,
    kind: posting.kind,
    payment_id: links.paymentId ?? null,
    refund_id: links.refundId ?? null,
    created_at: links.at,
  }).execute();
  await trx.insertInto("ledger_entries").values(posting.entries.map((e, i) => ({
    posting_id: posting.id,
    seq: i + 1,
    booking_id: posting.bookingId,
    account: e.account,
    amount: e.amount,
  }))).execute();
}

/** Postings whose entries do not sum to zero (the deferred trigger makes this empty; tests check it). */
export function unbalancedPostings(db: Kysely<Database>) {
  return db.selectFrom("ledger_entries")
    .select(["posting_id", (eb) => eb.fn.sum<string>("amount").as("total")])
    .groupBy("posting_id")
    .having((eb) => eb.fn.sum("amount"), "<>", 0)
    .execute();
}
