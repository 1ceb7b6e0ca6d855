import { page } from "fresh";
import { type FailedDecision, VerificationCase } from "../../../components/admin/VerificationCase.tsx";
import { FormMessage, formStateOf } from "../../../components/forms.tsx";
import { formFields } from "../../../lib/form_data.ts";
import { approveVerification, rejectVerification } from "../../../services/admin/verification_decisions.ts";
import { verificationQueue } from "../../../services/admin/verification_requests.ts";
import type { VerificationRequestView } from "../../../services/admin/verification_views.ts";
import { define } from "../../../utils.ts";

interface Data {
  requests: VerificationRequestView[];
  failed?: FailedDecision;
  notice?: string;
}

const NOTICES: Record<string, string> = {
  approve: "Verified. The owner has been told, and the profile's trust score recomputed.",
  reject: "Rejected. The owner has been told why.",
};

/** The verification queue, oldest first: staff and admins approve, or reject with a reason. */
export const handler = define.handlers<Data>({
  async GET(ctx) {
    ctx.state.title = "Verification requests";
    const requests = await verificationQueue(ctx.state.db, ctx.state.actor);
    return page({ requests, notice: NOTICES[ctx.url.searchParams.get("done") ?? ""] });
  },
  async POST(ctx) {
    ctx.state.title = "Verification requests";
    const { deps, actor, requestMeta } = ctx.state;
    const form = await formFields(ctx.req);
    const intent = form.intent === "reject" ? "reject" : "approve";
    const decide = intent === "reject" ? rejectVerification : approveVerification;
    try {
      await decide(deps, actor, form.request ?? "", { reason: form.reason ?? "" }, requestMeta);
      return ctx.redirect(`/admin/verifications?done=${intent}`, 303);
    } catch (err) {
      const state = formStateOf(err);
      const failed = {
        requestId: form.request ?? "",
        intent,
        message: state.fields.reason ?? state.message ?? "",
        reason: form.reason ?? "",
      } as const;
      const requests = await verificationQueue(ctx.state.db, actor);
      return page({ requests, failed }, { status: state.status });
    }
  },
});

export default define.page<typeof handler>(function VerificationQueue({ data }) {
  const orphan = data.failed && !data.requests.some((r) => r.id === data.failed!.requestId);
  return (
    <section class="max-w-5xl mx-auto px-4 py-6 grid gap-4">
      <div>
        <h1 class="text-2xl font-bold">Verification requests</h1>
        <p class="text-sm text-ink-700">
          Oldest first. Check that the links and documents show the profile is its owner's; approving shows
          the Verified badge and adds to the trust score.
        </p>
      </div>
      <FormMessage state={{ message: data.notice }} tone="ok" />
      {orphan && <FormMessage state={{ message: data.failed!.message }} />}
      {data.requests.length === 0
        ? <p class="text-sm text-ink-700" data-testid="queue-empty">No requests are waiting.</p>
        : (
          <ol class="grid gap-4" data-testid="verification-queue">
            {data.requests.map((r) => <VerificationCase key={r.id} request={r} failed={data.failed} />)}
          </ol>
        )}
    </section>
  );
});
