import { page } from "fresh";
import { ApplicationsReceived } from "../../components/ApplicationsReceived.tsx";
import { FormMessage, formStateOf } from "../../components/forms.tsx";
import {
  OpportunityBrief,
  opportunityDescription,
  OpportunityHeader,
} from "../../components/OpportunityDetails.tsx";
import { type FailedForm, YourApplications } from "../../components/YourApplications.tsx";
import type { Actor } from "../../domain/access.ts";
import { parseRupees } from "../../domain/amounts.ts";
import { ValidationError } from "../../domain/errors.ts";
import { actCreationPath } from "../../domain/onboarding.ts";
import { formFields } from "../../lib/form_data.ts";
import { startNegotiation } from "../../services/bookings/negotiations.ts";
import * as applications from "../../services/opportunities/applications.ts";
import * as opportunities from "../../services/opportunities/opportunities.ts";
import { type OpportunityPage, opportunityPage } from "../../services/opportunities/opportunity_page.ts";
import { define, signInFirst, type State } from "../../utils.ts";

const NOTICES: Record<string, string> = {
  posted: "Your gig is live. Acts can apply until the deadline.",
  saved: "Changes saved.",
  applied: "Application sent. The organizer has been told.",
  updated: "Application updated.",
  withdrawn: "Application withdrawn.",
  shortlisted: "Shortlisted; the act has been told.",
  rejected: "Rejected; the act has been told.",
  closed: "The gig no longer takes applications.",
  reopened: "The gig takes applications again.",
  cancelled: "The gig is cancelled; the acts in the running have been told.",
};

interface Data extends OpportunityPage {
  notice?: string;
  failed?: FailedForm;
}

/** Runs a form's use case and answers where to go next. */
type Step = (state: State, actor: Actor, id: string, values: Record<string, string>) => Promise<string>;

/** Back to the page, which shows NOTICES[notice]. */
const withNotice = (id: string, notice: string) => `/opportunities/${id}?${notice}=1`;

/** The use case behind each of the page's forms, by the form's `intent`. */
const INTENTS = {
  async apply({ deps, requestMeta: meta }, actor, id, f) {
    const input = {
      actId: f.actId ?? "",
      opportunityId: id,
      pitch: f.pitch ?? "",
      proposedFee: paise(f.proposedFee),
    };
    await applications.applyToOpportunity(deps, actor, input, meta);
    return withNotice(id, "applied");
  },
  async "edit-application"({ deps, requestMeta: meta }, actor, id, f) {
    const input = { pitch: f.pitch ?? "", proposedFee: paise(f.proposedFee) };
    await applications.updateApplication(deps, actor, f.applicationId ?? "", input, meta);
    return withNotice(id, "updated");
  },
  async withdraw({ deps, requestMeta: meta }, actor, id, f) {
    await applications.withdrawApplication(deps, actor, f.applicationId ?? "", meta);
    return withNotice(id, "withdrawn");
  },
  async shortlist({ deps, requestMeta: meta }, actor, id, f) {
    await applications.updateApplication(deps, actor, f.applicationId ?? "", { status: "shortlisted" }, meta);
    return withNotice(id, "shortlisted");
  },
  async reject({ deps, requestMeta: meta }, actor, id, f) {
    await applications.updateApplication(deps, actor, f.applicationId ?? "", { status: "rejected" }, meta);
    return withNotice(id, "rejected");
  },
  async negotiate({ deps, requestMeta: meta }, actor, _id, f) {
    const booking = await startNegotiation(deps, actor, { applicationId: f.applicationId ?? "" }, meta);
    return `/bookings/${booking.id}`;
  },
  async close({ deps, requestMeta: meta }, actor, id) {
    await opportunities.updateOpportunity(deps, actor, id, { status: "closed" }, meta);
    return withNotice(id, "closed");
  },
  async reopen({ deps, requestMeta: meta }, actor, id) {
    await opportunities.updateOpportunity(deps, actor, id, { status: "open" }, meta);
    return withNotice(id, "reopened");
  },
  async cancel({ deps, requestMeta: meta }, actor, id) {
    await opportunities.cancelOpportunity(deps, actor, id, meta);
    return withNotice(id, "cancelled");
  },
} satisfies Record<string, Step>;

type Intent = keyof typeof INTENTS;

// Own keys only: a posted "toString" is not an intent, nor "?toString" a notice.
const isIntent = (value: string | undefined): value is Intent =>
  value !== undefined && Object.hasOwn(INTENTS, value);

/** The page, with a notice or the form that failed; titled and described for search results and previews. */
async function show(state: State, id: string, extra: Pick<Data, "notice" | "failed">, status?: number) {
  const data = { ...await opportunityPage(state.deps, state.actor, id), ...extra };
  state.title = data.opportunity.title;
  state.description = opportunityDescription(data.opportunity);
  return page(data, { status });
}

/** Whole rupees from the form ("45000", "1,00,000") as paise; anything else is the field's error. */
function paise(rupees: string | undefined): number {
  const parsed = parseRupees(rupees ?? "");
  if (parsed.ok) return parsed.value;
  throw new ValidationError("Please check the highlighted fields", [{
    field: "proposedFee",
    message: parsed.message,
  }]);
}

export const handler = define.handlers<Data>({
  GET(ctx) {
    const key = [...ctx.url.searchParams.keys()].find((k) => Object.hasOwn(NOTICES, k));
    return show(ctx.state, ctx.params.id, { notice: key && NOTICES[key] });
  },
  async POST(ctx) {
    const { state, params: { id } } = ctx;
    if (!state.actor) return signInFirst(ctx);
    const f = await formFields(ctx.req);
    const { intent } = f;
    if (!isIntent(intent)) return ctx.redirect(`/opportunities/${id}`, 303);
    try {
      return ctx.redirect(await INTENTS[intent](state, state.actor, id, f), 303);
    } catch (err) {
      const form = formStateOf(err);
      const where = intent === "apply"
        ? "apply"
        : intent === "edit-application"
        ? f.applicationId ?? ""
        : "page";
      const values = { actId: f.actId ?? "", pitch: f.pitch ?? "", proposedFee: f.proposedFee ?? "" };
      return show(state, id, { failed: { where, form, values } }, form.status);
    }
  },
});

export default define.page<typeof handler>(function OpportunityPage({ data, state }) {
  const { opportunity, failed } = data;
  return (
    <section class="max-w-3xl mx-auto px-4 py-8 grid gap-5">
      <FormMessage state={{ message: data.notice }} tone="ok" />
      {failed?.where === "page" && <FormMessage state={failed.form} />}
      <OpportunityHeader opportunity={opportunity} />
      <OpportunityBrief opportunity={opportunity} />
      {data.manages
        ? (
          <ApplicationsReceived
            opportunity={opportunity}
            applications={data.applications}
            agreed={data.agreed}
          />
        )
        : (
          <YourApplications
            opportunityId={opportunity.id}
            mine={data.mine}
            acts={data.acts}
            closedReason={data.closedReason}
            signedIn={state.actor !== null}
            createActPath={state.actor && actCreationPath(state.actor.roles)}
            failed={failed}
          />
        )}
    </section>
  );
});
