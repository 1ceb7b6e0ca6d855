/**
 * The console's review moderation: a reported review with its booking, who
 * it is about and each report's reason, and two plain forms: hide it with a
 * reason (required; the text is kept, never edited), or dismiss its reports
 * (it stays up). Below, the hidden reviews with why and by whom.
 */
import { formatDateTime } from "../../domain/time_format.ts";
import { REASON_MAX } from "../../domain/reviews.ts";
import type { HiddenCase, ModeratedReview, ReportedCase } from "../../services/admin/moderation.ts";
import { Stars } from "../Reviews.tsx";

export interface FailedModeration {
  reviewId: string;
  message: string;
  reason: string;
}

const BY: Record<ModeratedReview["review"]["side"], string> = {
  organizer: "The organizer reviewed the act",
  act: "The act reviewed the organizer",
};

function ReviewBody({ item }: { item: ModeratedReview }) {
  const { review, booking } = item;
  return (
    <div class="grid gap-1">
      <p class="text-xs text-ink-500">
        {BY[review.side]}
        {item.subjectName && <>: {item.subjectName}</>} ·{" "}
        <a href={`/bookings/${booking.id}`} class="underline">{booking.title}</a>
      </p>
      <p class="text-sm">
        <Stars rating={review.overall} /> by {review.authorName ?? "a former member"},{" "}
        {formatDateTime(review.submittedAt)}
      </p>
      <blockquote
        class="whitespace-pre-wrap border-l-4 border-ink-100 pl-3 text-sm"
        data-testid="review-text"
      >
        {review.text}
      </blockquote>
    </div>
  );
}

export function ReportedReview({ item, failed }: { item: ReportedCase; failed?: FailedModeration }) {
  const mine = failed?.reviewId === item.review.id ? failed : undefined;
  const fieldId = `hide-${item.review.id}`;
  return (
    <li class="bg-white rounded-2xl shadow-sm p-4 grid gap-3" data-testid="reported-review">
      <ReviewBody item={item} />
      <div>
        <h3 class="text-sm font-semibold">
          {item.reports.length === 1 ? "1 report" : `${item.reports.length} reports`}
        </h3>
        <ul class="grid gap-1 text-sm" data-testid="reports">
          {item.reports.map((r) => (
            <li key={r.id}>
              <span class="text-ink-700">“{r.reason}”</span>{" "}
              <span class="text-ink-500">
                ({r.reporterName ?? "someone"}, {formatDateTime(r.at)})
              </span>
            </li>
          ))}
        </ul>
      </div>
      <div class="grid gap-3 sm:grid-cols-2">
        <form method="post" class="grid gap-2" data-testid="hide-form">
          <input type="hidden" name="review" value={item.review.id} />
          <label for={fieldId} class="block text-sm font-semibold text-ink-700">
            Why hide it (its parties read this)
          </label>
          <textarea
            id={fieldId}
            name="reason"
            rows={2}
            maxlength={REASON_MAX}
            required
            aria-invalid={mine ? "true" : undefined}
            aria-describedby={mine ? `${fieldId}-error` : undefined}
            class={`w-full rounded-lg border px-3 py-2 ${mine ? "border-red-400" : "border-ink-100"}`}
          >
            {mine?.reason ?? ""}
          </textarea>
          {mine && <p id={`${fieldId}-error`} class="text-sm text-red-700">{mine.message}</p>}
          <button
            type="submit"
            name="intent"
            value="hide"
            class="justify-self-start rounded-lg border border-red-300 text-red-700 font-semibold px-4 py-2"
          >
            Hide the review
          </button>
        </form>
        <form method="post" class="grid gap-2 content-end" data-testid="dismiss-form">
          <input type="hidden" name="review" value={item.review.id} />
          <p class="text-sm text-ink-700">Nothing wrong with it? It stays up and leaves this list.</p>
          <button
            type="submit"
            name="intent"
            value="dismiss"
            class="justify-self-start rounded-lg bg-ink-900 text-white font-semibold px-4 py-2"
          >
            Dismiss the reports
          </button>
        </form>
      </div>
    </li>
  );
}

export function HiddenReview({ item }: { item: HiddenCase }) {
  const { hidden } = item.review;
  return (
    <li class="bg-white rounded-2xl shadow-sm p-4 grid gap-2" data-testid="hidden-review">
      <ReviewBody item={item} />
      {hidden && (
        <p class="text-sm">
          <span class="font-semibold">Hidden</span> {formatDateTime(hidden.at)}
          {item.hiddenByName && ` by ${item.hiddenByName}`}:{" "}
          <span data-testid="hidden-reason">{hidden.reason}</span>
        </p>
      )}
    </li>
  );
}
