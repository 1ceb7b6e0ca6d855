import { page } from "fresh";
import { FormMessage, type FormState, formStateOf } from "../../../components/forms.tsx";
import { REPORT_MAX } from "../../../domain/reviews.ts";
import { AppError } from "../../../domain/errors.ts";
import { formFields } from "../../../lib/form_data.ts";
import { reportReview } from "../../../services/reviews/moderation.ts";
import { define, signInFirst } from "../../../utils.ts";

interface Data {
  reviewId: string;
  reason: string;
  form?: FormState;
  reported?: boolean;
}

/** Reporting a review to the moderators: anyone signed in, once; the review stays up until staff decide. */
export const handler = define.handlers<Data>({
  GET(ctx) {
    if (!ctx.state.actor) return signInFirst(ctx);
    ctx.state.title = "Report a review";
    return page({ reviewId: ctx.params.id, reason: "" });
  },
  async POST(ctx) {
    const { state } = ctx;
    if (!state.actor) return signInFirst(ctx);
    state.title = "Report a review";
    const { reason = "" } = await formFields(ctx.req);
    try {
      await reportReview(state.deps, state.actor, ctx.params.id, { reason }, state.requestMeta);
    } catch (err) {
      if (!(err instanceof AppError) || err.code === "NOT_FOUND" || err.code === "UNAUTHORIZED") throw err;
      const form = formStateOf(err);
      return page({ reviewId: ctx.params.id, reason, form }, { status: form.status });
    }
    return page({ reviewId: ctx.params.id, reason: "", reported: true });
  },
});

export default define.page<typeof handler>(function ReportReview({ data }) {
  const error = data.form?.fields.reason;
  return (
    <section class="max-w-md mx-auto px-4 py-8 grid gap-4">
      <h1 class="text-2xl font-bold">Report a review</h1>
      {data.reported
        ? (
          <FormMessage
            state={{
              message: "Thank you. The moderators will look at it; the review stays up until they decide.",
            }}
            tone="ok"
          />
        )
        : (
          <form method="post" class="bg-white rounded-xl shadow-sm p-4 grid gap-3" data-testid="report-form">
            {data.form && !error && <FormMessage state={data.form} />}
            <div>
              <label for="reason" class="block text-sm font-semibold text-ink-700">
                What is wrong with it?
              </label>
              <textarea
                id="reason"
                name="reason"
                rows={4}
                maxlength={REPORT_MAX}
                required
                aria-invalid={error ? "true" : undefined}
                aria-describedby={error ? "reason-error" : undefined}
                class={`mt-1 w-full rounded-lg border px-3 py-2 ${
                  error ? "border-red-400" : "border-ink-100"
                }`}
              >
                {data.reason}
              </textarea>
              {error && <p id="reason-error" class="mt-1 text-sm text-red-700">{error}</p>}
            </div>
            <button type="submit" class="rounded-lg bg-saffron-500 text-ink-900 font-semibold px-4 py-2">
              Send the report
            </button>
          </form>
        )}
    </section>
  );
});
