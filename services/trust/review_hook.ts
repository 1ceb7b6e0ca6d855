/**
 * Reviews move trust scores when the public can read them: when the second
 * review of a booking reveals both, both sides' scores are recomputed in that
 * transaction; when staff hide one, its subject's is. A window that closes
 * with one review in is picked up by the nightly pass (time alone moves it).
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { recomputeTrust } from "./recompute.ts";

export async function recomputeTrustAfterReviewsRevealed(
  trx: Kysely<Database>,
  now: Date,
  booking: { id: string; title: string; act_id: string; organizer_id: string },
): Promise<void> {
  const reason = `Both reviews of “${booking.title}” were revealed`;
  for (
    const subject of [{ type: "act" as const, id: booking.act_id }, {
      type: "organizer" as const,
      id: booking.organizer_id,
    }]
  ) {
    await recomputeTrust(trx, subject, reason, { bookingId: booking.id, event: "review" }, now);
  }
}

export async function recomputeTrustAfterReviewHidden(
  trx: Kysely<Database>,
  now: Date,
  review: { booking_id: string; subject_act_id: string | null; subject_user_id: string | null },
): Promise<void> {
  const subject = review.subject_act_id
    ? { type: "act" as const, id: review.subject_act_id }
    : { type: "organizer" as const, id: review.subject_user_id! };
  await recomputeTrust(trx, subject, "A review was hidden by the moderators", {
    bookingId: review.booking_id,
    event: "review_hidden",
  }, now);
}
