/**
 * An act's money, read from the ledger: for each of its bookings, what
 * escrow holds and what was released to the act and to each band member,
 * with the month (in India) each release was posted.
 *
 *   select postings.booking_id, bookings.title, postings.kind, postings.created_at,
 *          entries.account, entries.amount
 *   from ledger_entries entries join ledger_postings postings on … join bookings on …
 *   where bookings.act_id = $1
 *     and split_part(entries.account, ':', 1)
 *         in ('escrow', 'act_payable', 'member_payable', 'platform_fee', 'paid_out')
 */
import { type Kysely, sql } from "kysely";
import type { EarningsEntryInput } from "../../domain/earnings.ts";
import type { Database } from "../schema.ts";

export async function earningsEntriesOfAct(
  db: Kysely<Database>,
  actId: string,
): Promise<EarningsEntryInput[]> {
  const rows = await db.selectFrom("ledger_entries")
    .innerJoin("ledger_postings", "ledger_postings.id", "ledger_entries.posting_id")
    .innerJoin("bookings", "bookings.id", "ledger_entries.booking_id")
    .select([
      "bookings.id as bookingId",
      "bookings.title",
      "bookings.starts_at as startsAt",
      "ledger_postings.currency",
      "ledger_postings.kind",
      "ledger_postings.created_at as postedAt",
      "ledger_entries.account",
      "ledger_entries.amount",
    ])
    .where("bookings.act_id", "=", actId)
    .where(sql<string>`split_part(ledger_entries.account, ':', 1)`, "in", [
      "escrow",
      "act_payable",
      "member_payable",
      "platform_fee",
      "paid_out",
    ])
    .orderBy("ledger_postings.seq").orderBy("ledger_entries.seq")
    .execute();
  return rows.map((r) => ({ ...r, amount: Number(r.amount) }));
}

/** Display names of users, by id. */
export async function displayNames(db: Kysely<Database>, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom("users").select(["id", "display_name", "email"]).where("id", "in", ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.display_name ?? r.email]));
}
