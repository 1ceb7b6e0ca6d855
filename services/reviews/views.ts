/** A review as readers get it, from its row and what the domain says the reader may see. */
import type { ReviewRow } from "../../db/queries/reviews.ts";
import { CATEGORIES, type Category, revealed } from "../../domain/reviews.ts";
import type { ReviewSide } from "../../domain/reviews.ts";

export interface ReviewView {
  id: string;
  bookingId: string;
  /** The author's side: "organizer" reviewed the act, "act" reviewed the organizer. */
  side: ReviewSide;
  authorName: string | null;
  overall: number;
  categories: { key: Category; rating: number }[];
  text: string;
  submittedAt: string;
  reply: string | null;
  repliedAt: string | null;
  /** Set when staff hid it; only its parties and staff still see such a review. */
  hidden: { at: string; reason: string } | null;
}

export function reviewView(row: ReviewRow): ReviewView {
  return {
    id: row.id,
    bookingId: row.booking_id,
    side: row.side,
    authorName: row.author_name,
    overall: row.overall,
    categories: CATEGORIES[row.side].map((key) => ({ key, rating: row[key] ?? 0 })),
    text: row.text,
    submittedAt: new Date(row.submitted_at).toISOString(),
    reply: row.reply,
    repliedAt: row.replied_at ? new Date(row.replied_at).toISOString() : null,
    hidden: row.hidden_at
      ? { at: new Date(row.hidden_at).toISOString(), reason: row.hidden_reason ?? "" }
      : null,
  };
}

/** Whether the booking's reviews are revealed to the other side (both in, or the window closed). */
export function isRevealed(row: ReviewRow, now: Date): boolean {
  const opened = row.window_opened_at ? new Date(row.window_opened_at) : null;
  return revealed(opened, row.booking_sides as ReviewSide[], now);
}
