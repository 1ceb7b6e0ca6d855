/**
 * Reviews as pages show them: stars as text (no images, no script), the
 * count and distribution of overall ratings, each review with its
 * categories, its reply and a way to report it.
 */
import type { ComponentChildren } from "preact";
import { CATEGORY_LABELS, type RatingSummary } from "../domain/reviews.ts";
import { countOf } from "../domain/plural.ts";
import { formatDate } from "../domain/time_format.ts";
import type { PublicReviews } from "../services/reviews/read.ts";
import type { ReviewView } from "../services/reviews/views.ts";

export function Stars({ rating }: { rating: number }) {
  return (
    <span class="text-saffron-700" role="img" aria-label={`${rating} out of 5`}>
      {"★".repeat(rating)}
      <span class="text-ink-300">{"★".repeat(5 - rating)}</span>
    </span>
  );
}

export function RatingDistribution({ summary }: { summary: RatingSummary }) {
  return (
    <div class="grid gap-1" data-testid="review-summary">
      <p class="text-sm">
        {summary.average !== null && (
          <>
            <strong>{summary.average.toFixed(1)}</strong> out of 5 from{" "}
          </>
        )}
        {countOf(summary.count, "review")}
      </p>
      {summary.count > 0 && (
        <ul class="grid gap-1 text-sm">
          {([5, 4, 3, 2, 1] as const).map((stars) => (
            <li key={stars} class="flex items-center gap-2">
              <span class="w-14">{stars} stars</span>
              <meter
                min={0}
                max={summary.count}
                value={summary.distribution[stars]}
                aria-label={`${stars} stars`}
                class="flex-1"
              />
              <span class="w-8 text-right" data-testid={`stars-${stars}`}>{summary.distribution[stars]}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** One review; `children` (a reply form) go at its end. */
export function ReviewItem(
  { review, reportable, children }: { review: ReviewView; reportable: boolean; children?: ComponentChildren },
) {
  return (
    <li class="border-t border-ink-100 pt-3 grid gap-1" data-testid="review">
      <p class="text-sm">
        <Stars rating={review.overall} />{" "}
        <span class="text-ink-500">
          {review.authorName ?? "Someone"} · {formatDate(review.submittedAt)}
        </span>
      </p>
      <p class="text-xs text-ink-500">
        {review.categories.map((c) => `${CATEGORY_LABELS[c.key]} ${c.rating}/5`).join(" · ")}
      </p>
      <p class="whitespace-pre-line">{review.text}</p>
      {review.hidden && (
        <p class="text-sm text-red-800" data-testid="review-hidden">
          Hidden by the moderators: {review.hidden.reason}
        </p>
      )}
      {review.reply && (
        <blockquote class="border-l-4 border-ink-100 pl-3 text-sm" data-testid="review-reply">
          <p class="font-semibold">Reply</p>
          <p class="whitespace-pre-line">{review.reply}</p>
        </blockquote>
      )}
      {reportable && (
        <p class="text-xs">
          <a href={`/reviews/${review.id}/report`} class="underline text-ink-500" rel="nofollow">Report</a>
        </p>
      )}
      {children}
    </li>
  );
}

/** A public list: the summary, then the reviews newest first. */
export function PublicReviewList({ reviews }: { reviews: PublicReviews }) {
  return (
    <div class="grid gap-3" id="reviews">
      <RatingDistribution summary={reviews.summary} />
      {reviews.reviews.length > 0 && (
        <ol class="grid gap-3">
          {reviews.reviews.map((r) => <ReviewItem key={r.id} review={r} reportable />)}
        </ol>
      )}
    </div>
  );
}
