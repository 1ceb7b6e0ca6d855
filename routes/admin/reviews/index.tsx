import { page } from "fresh";
import {
  type FailedModeration,
  HiddenReview,
  ReportedReview,
} from "../../../components/admin/ModerationCases.tsx";
import { FormMessage, formStateOf } from "../../../components/forms.tsx";
import { formFields } from "../../../lib/form_data.ts";
import { type ModerationDesk, moderationDesk } from "../../../services/admin/moderation.ts";
import { dismissReports, hideReview } from "../../../services/reviews/moderation.ts";
import { define } from "../../../utils.ts";

interface Data extends ModerationDesk {
  failed?: FailedModeration;
  notice?: string;
}

const NOTICES: Record<string, string> = {
  hide: "The review is hidden from the public. Its parties still see it, with your reason.",
  dismiss: "The reports are dismissed; the review stays up.",
};

/** Reported reviews, most reported first: staff and admins hide one with a reason or dismiss its reports. */
export const handler = define.handlers<Data>({
  async GET(ctx) {
    ctx.state.title = "Review moderation";
    const desk = await moderationDesk(ctx.state.db, ctx.state.actor);
    return page({ ...desk, notice: NOTICES[ctx.url.searchParams.get("done") ?? ""] });
  },
  async POST(ctx) {
    ctx.state.title = "Review moderation";
    const { deps, actor, requestMeta } = ctx.state;
    const form = await formFields(ctx.req);
    const intent = form.intent === "dismiss" ? "dismiss" : "hide";
    const reviewId = form.review ?? "";
    try {
      if (intent === "dismiss") await dismissReports(deps, actor, reviewId, requestMeta);
      else await hideReview(deps, actor, reviewId, { reason: form.reason ?? "" }, requestMeta);
      return ctx.redirect(`/admin/reviews?done=${intent}`, 303);
    } catch (err) {
      const state = formStateOf(err);
      const failed = {
        reviewId,
        message: state.fields.reason ?? state.message ?? "",
        reason: form.reason ?? "",
      };
      const desk = await moderationDesk(ctx.state.db, actor);
      return page({ ...desk, failed }, { status: state.status });
    }
  },
});

export default define.page<typeof handler>(function ReviewModeration({ data }) {
  const orphan = data.failed && !data.reported.some((r) => r.review.id === data.failed!.reviewId);
  return (
    <section class="max-w-5xl mx-auto px-4 py-6 grid gap-6">
      <div>
        <h1 class="text-2xl font-bold">Review moderation</h1>
        <p class="text-sm text-ink-700">
          Reviews are never edited. Hide one that breaks the rules, with a reason; dismiss reports that do not
          hold up.
        </p>
      </div>
      <FormMessage state={{ message: data.notice }} tone="ok" />
      {orphan && <FormMessage state={{ message: data.failed!.message }} />}
      <section class="grid gap-3">
        <h2 class="text-lg font-bold">Reported</h2>
        {data.reported.length === 0
          ? <p class="text-sm text-ink-700" data-testid="no-reports">No reports are waiting.</p>
          : (
            <ol class="grid gap-4" data-testid="reported-reviews">
              {data.reported.map((item) => (
                <ReportedReview key={item.review.id} item={item} failed={data.failed} />
              ))}
            </ol>
          )}
      </section>
      <section class="grid gap-3">
        <h2 class="text-lg font-bold">Hidden</h2>
        {data.hidden.length === 0
          ? <p class="text-sm text-ink-700">No review is hidden.</p>
          : (
            <ol class="grid gap-4" data-testid="hidden-reviews">
              {data.hidden.map((item) => <HiddenReview key={item.review.id} item={item} />)}
            </ol>
          )}
      </section>
    </section>
  );
});
