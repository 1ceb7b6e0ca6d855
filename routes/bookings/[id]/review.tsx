import { page } from "fresh";
import { BookingReviews, type FailedReviewForm } from "../../../components/ReviewForms.tsx";
import { formStateOf } from "../../../components/forms.tsx";
import { AppError } from "../../../domain/errors.ts";
import { formFields } from "../../../lib/form_data.ts";
import { type BookingReviewState, reviewStateForBooking } from "../../../services/reviews/read.ts";
import { replyToReview, submitReview } from "../../../services/reviews/write.ts";
import { define, signInFirst, type State } from "../../../utils.ts";

interface Data {
  bookingId: string;
  state: BookingReviewState;
  failed?: FailedReviewForm;
}

async function show(state: State, id: string, failed?: FailedReviewForm, status?: number) {
  const reviews = await reviewStateForBooking(state.db, state.actor, id, state.deps.now());
  state.title = "Reviews of the booking";
  return page({ bookingId: id, state: reviews, failed }, { status });
}

/**
 * A booking's reviews on their own page: where the booking page's review and
 * reply forms post, and where a refused form comes back with its errors
 * beside the fields. Success goes back to the booking.
 */
export const handler = define.handlers<Data>({
  GET(ctx) {
    if (!ctx.state.actor) return signInFirst(ctx);
    return show(ctx.state, ctx.params.id);
  },
  async POST(ctx) {
    const { state } = ctx;
    if (!state.actor) return signInFirst(ctx);
    const id = ctx.params.id;
    const values = await formFields(ctx.req);
    const intent = values.intent === "reply" ? "reply" : "review";
    try {
      if (intent === "reply") {
        await replyToReview(
          state.deps,
          state.actor,
          values.reviewId ?? "",
          { reply: values.reply ?? "" },
          state.requestMeta,
        );
      } else {
        const { intent: _, ...review } = values;
        await submitReview(state.deps, state.actor, id, review, state.requestMeta);
      }
    } catch (err) {
      if (!(err instanceof AppError) || err.code === "NOT_FOUND" || err.code === "UNAUTHORIZED") throw err;
      const form = formStateOf(err);
      return show(state, id, { intent, reviewId: values.reviewId, form, values }, form.status);
    }
    return ctx.redirect(`/bookings/${id}?done=${intent}`, 303);
  },
});

export default define.page<typeof handler>(function BookingReviewPage({ data }) {
  return (
    <section class="max-w-2xl mx-auto px-4 py-6 grid gap-4">
      <p class="text-sm text-ink-500">
        <a href={`/bookings/${data.bookingId}`} class="underline">Back to the booking</a>
      </p>
      <h1 class="text-2xl font-bold">Reviews</h1>
      <div class="bg-white rounded-xl shadow-sm p-4">
        <BookingReviews bookingId={data.bookingId} state={data.state} failed={data.failed} />
      </div>
    </section>
  );
});
