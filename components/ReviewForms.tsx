/**
 * A booking's reviews as its page shows them to the viewer: what each side
 * may read, the form for the viewer's own review while the window is open,
 * and a reply form under a review of the viewer's side. Plain forms posting
 * to /bookings/{id}/review, which shows them again with errors beside the fields.
 */
import { type Category, CATEGORY_LABELS, REPLY_MAX, TEXT_MAX } from "../domain/reviews.ts";
import { formatDate } from "../domain/time_format.ts";
import type { BookingReviewState } from "../services/reviews/read.ts";
import { FormMessage, type FormState } from "./forms.tsx";
import { ReviewItem } from "./Reviews.tsx";

/** A form that failed, with what was typed. */
export interface FailedReviewForm {
  intent: "review" | "reply";
  reviewId?: string;
  form: FormState;
  values: Record<string, string>;
}

function FieldError({ name, error }: { name: string; error?: string }) {
  return error ? <p id={`${name}-error`} class="mt-1 text-sm text-red-700">{error}</p> : null;
}

function RatingField(
  { name, label, value, error }: { name: string; label: string; value?: string; error?: string },
) {
  return (
    <fieldset aria-describedby={error ? `${name}-error` : undefined}>
      <legend class="text-sm font-semibold text-ink-700">{label}</legend>
      <div class="mt-1 flex flex-wrap gap-3">
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} class="flex items-center gap-1 text-sm">
            <input type="radio" name={name} value={String(n)} checked={value === String(n)} required />
            {n}
          </label>
        ))}
      </div>
      <FieldError name={name} error={error} />
    </fieldset>
  );
}

function TextArea(
  { name, label, value, error, max }: {
    name: string;
    label: string;
    value?: string;
    error?: string;
    max: number;
  },
) {
  return (
    <div>
      <label for={name} class="block text-sm font-semibold text-ink-700">{label}</label>
      <textarea
        id={name}
        name={name}
        rows={4}
        maxlength={max}
        required
        aria-invalid={error ? "true" : undefined}
        aria-describedby={error ? `${name}-error` : undefined}
        class={`mt-1 w-full rounded-lg border px-3 py-2 ${error ? "border-red-400" : "border-ink-100"}`}
      >
        {value ?? ""}
      </textarea>
      <FieldError name={name} error={error} />
    </div>
  );
}

export function ReviewForm(
  { bookingId, categories, failed }: {
    bookingId: string;
    categories: readonly Category[];
    failed?: FailedReviewForm;
  },
) {
  const v = failed?.intent === "review" ? failed.values : {};
  const errors = failed?.intent === "review" ? failed.form.fields : {};
  return (
    <form method="post" action={`/bookings/${bookingId}/review`} class="grid gap-3" data-testid="review-form">
      <input type="hidden" name="intent" value="review" />
      <RatingField name="overall" label="Overall" value={v.overall} error={errors.overall} />
      {categories.map((c) => (
        <RatingField key={c} name={c} label={CATEGORY_LABELS[c]} value={v[c]} error={errors[c]} />
      ))}
      <TextArea name="text" label="Your review" value={v.text} error={errors.text} max={TEXT_MAX} />
      <button type="submit" class="rounded-lg bg-saffron-500 text-ink-900 font-semibold px-4 py-2">
        Submit your review
      </button>
    </form>
  );
}

function ReplyForm(
  { bookingId, reviewId, failed }: { bookingId: string; reviewId: string; failed?: FailedReviewForm },
) {
  const mine = failed?.intent === "reply" && failed.reviewId === reviewId ? failed : undefined;
  return (
    <form method="post" action={`/bookings/${bookingId}/review`} class="grid gap-2" data-testid="reply-form">
      <input type="hidden" name="intent" value="reply" />
      <input type="hidden" name="reviewId" value={reviewId} />
      <TextArea
        name="reply"
        label="Reply publicly (once)"
        value={mine?.values.reply}
        error={mine?.form.fields.reply}
        max={REPLY_MAX}
      />
      <button type="submit" class="justify-self-start rounded-lg border border-ink-300 px-3 py-1 text-sm">
        Post the reply
      </button>
    </form>
  );
}

export function BookingReviews(
  { bookingId, state, failed }: { bookingId: string; state: BookingReviewState; failed?: FailedReviewForm },
) {
  const other = state.side === "organizer" ? "The act" : "The organizer";
  return (
    <div class="grid gap-3" id="reviews" data-testid="booking-reviews">
      {/* Above the forms: a refusal may leave no form to show it in (a second reply, a closed window). */}
      {failed && <FormMessage state={failed.form} />}
      {state.closesAt && (
        <p class="text-sm text-ink-700">
          Reviews stay hidden from the other side until both are in or the window closes on{" "}
          {formatDate(state.closesAt)}.
        </p>
      )}
      {state.side && state.otherSubmitted && !state.revealed && (
        <p class="text-sm font-semibold" data-testid="other-submitted">
          {other} has reviewed this booking. Write yours to read theirs.
        </p>
      )}
      {state.reviews.length > 0 && (
        <ol class="grid gap-3">
          {state.reviews.map((r) => (
            <ReviewItem key={r.id} review={r} reportable={state.revealed && !r.hidden}>
              {state.revealed && state.side && r.side !== state.side && !r.reply && !r.hidden && (
                <ReplyForm bookingId={bookingId} reviewId={r.id} failed={failed} />
              )}
            </ReviewItem>
          ))}
        </ol>
      )}
      {state.side && state.refusal === null
        ? <ReviewForm bookingId={bookingId} categories={state.categories} failed={failed} />
        : state.side && state.reviews.every((r) => r.side !== state.side) && (
          <p class="text-sm text-ink-500">{state.refusal}</p>
        )}
    </div>
  );
}
