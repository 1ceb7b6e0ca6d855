import { page } from "fresh";
import { FormMessage, formStateOf } from "../../../components/forms.tsx";
import { type FailedVerificationForm, OwnerVerification } from "../../../components/OwnerVerification.tsx";
import { formData } from "../../../lib/form_data.ts";
import { intentOf, submitVerificationForm, typedValues } from "../../../services/admin/verification_form.ts";
import {
  type SubjectVerification,
  subjectVerification,
} from "../../../services/admin/verification_requests.ts";
import { venueBySlug } from "../../../services/catalog/profiles.ts";
import { define, signInFirst } from "../../../utils.ts";

interface Data {
  slug: string;
  state: SubjectVerification;
  failed?: FailedVerificationForm;
  notice?: string;
}

const NOTICES: Record<string, string> = {
  ask: "Your request is with Artist Space staff. You will get a notification when they decide.",
  "add-document": "The document is added to your request.",
};

/** A venue's owner asks staff to verify it; staff may look. The service decides who sees it. */
export const handler = define.handlers<Data>({
  async GET(ctx) {
    const venue = await venueBySlug(ctx.state.db, ctx.params.slug);
    if (!ctx.state.actor) return signInFirst(ctx);
    const state = await subjectVerification(ctx.state.db, ctx.state.actor, { type: "venue", id: venue.id });
    ctx.state.title = `Verification: ${venue.name}`;
    const notice = NOTICES[ctx.url.searchParams.get("done") ?? ""];
    return page({ slug: venue.slug, state, notice });
  },
  async POST(ctx) {
    const venue = await venueBySlug(ctx.state.db, ctx.params.slug);
    if (!ctx.state.actor) return signInFirst(ctx);
    const { deps, actor, storage, requestMeta } = ctx.state;
    const subject = { type: "venue" as const, id: venue.id };
    const form = await formData(ctx.req);
    try {
      const done = await submitVerificationForm(deps, storage ?? null, actor, subject, form, requestMeta);
      return ctx.redirect(`/venues/${venue.slug}/verification?done=${done}`, 303);
    } catch (err) {
      const failed = { intent: intentOf(form), form: formStateOf(err), values: typedValues(form) };
      const state = await subjectVerification(ctx.state.db, actor, subject);
      ctx.state.title = `Verification: ${venue.name}`;
      return page({ slug: venue.slug, state, failed }, { status: failed.form.status });
    }
  },
});

export default define.page<typeof handler>(function VenueVerification({ data }) {
  return (
    <section class="max-w-2xl mx-auto px-4 py-8 grid gap-6">
      <div>
        <h1 class="text-2xl font-bold">Verification: {data.state.subject.name}</h1>
        <p class="text-sm flex flex-wrap gap-4">
          {data.state.isOwner && <a href={`/venues/${data.slug}/edit`} class="underline">Back to editing</a>}
          <a href={`/venues/${data.slug}`} class="underline">The public page</a>
        </p>
      </div>
      <FormMessage state={{ message: data.notice }} tone="ok" />
      <OwnerVerification state={data.state} failed={data.failed} />
    </section>
  );
});
