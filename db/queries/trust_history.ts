/**
 * A subject's trust score history a page at a time, newest first, with the
 * title of the booking each change came from (the history's own rows are in
 * trust_facts.ts, which writes them).
 */
import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";
import type { TrustSubject } from "./trust_facts.ts";

export interface TrustHistoryRow {
  id: string;
  oldScore: number;
  newScore: number;
  reason: string;
  event: string | null;
  at: Date;
  bookingId: string | null;
  bookingTitle: string | null;
}

export async function trustHistoryPage(
  db: Kysely<Database>,
  s: TrustSubject,
  page: { limit: number; offset: number },
): Promise<TrustHistoryRow[]> {
  const rows = await db.selectFrom("trust_score_history as h")
    .leftJoin("bookings as b", "b.id", "h.booking_id")
    .select([
      "h.id",
      "h.old_score",
      "h.new_score",
      "h.reason",
      "h.event",
      "h.at",
      "h.booking_id",
      "b.title as booking_title",
    ])
    .where("h.subject_type", "=", s.type).where("h.subject_id", "=", s.id)
    .orderBy("h.at", "desc").orderBy("h.id", "desc")
    .limit(page.limit).offset(page.offset).execute();
  return rows.map((r) => ({
    id: r.id,
    oldScore: Number(r.old_score),
    newScore: Number(r.new_score),
    reason: r.reason,
    event: r.event,
    at: r.at,
    bookingId: r.booking_id,
    bookingTitle: r.booking_title,
  }));
}

export async function countTrustHistory(db: Kysely<Database>, s: TrustSubject): Promise<number> {
  const { n } = await db.selectFrom("trust_score_history")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("subject_type", "=", s.type).where("subject_id", "=", s.id)
    .executeTakeFirstOrThrow();
  return Number(n);
}
