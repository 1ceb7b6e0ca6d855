/** What a review, a reply, a report and a hiding take, as zod schemas (limits from domain/reviews.ts). */
import { z } from "zod";
import {
  CATEGORIES,
  REASON_MAX,
  REPLY_MAX,
  REPORT_MAX,
  type ReviewSide,
  TEXT_MAX,
} from "../../domain/reviews.ts";
import { plainString } from "../validation.ts";

const rating = z.coerce.number({ error: "Choose 1 to 5 stars" }).int("Choose 1 to 5 stars")
  .min(1, "Choose 1 to 5 stars").max(5, "Choose 1 to 5 stars");
const text = (max: number, what: string) =>
  plainString().min(1, `Write ${what}`).max(max, `At most ${max} characters`);

/** A review by `side`: the overall rating, the side's three categories and the text. */
export function reviewInput(side: ReviewSide) {
  const categories = Object.fromEntries(CATEGORIES[side].map((c) => [c, rating])) as Record<
    typeof CATEGORIES[ReviewSide][number],
    typeof rating
  >;
  return z.object({ overall: rating, ...categories, text: text(TEXT_MAX, "a few words") }).strict();
}

export const ReplyInput = z.object({ reply: text(REPLY_MAX, "your reply") }).strict();
export const ReportInput = z.object({ reason: text(REPORT_MAX, "what is wrong with this review") }).strict();
export const HideInput = z.object({ reason: text(REASON_MAX, "why it is hidden") }).strict();
