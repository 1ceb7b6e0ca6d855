import { page } from "fresh";
import { type ApplicationFormValues, ApplyForm, MyApplication } from "../../components/ApplicationForm.tsx";
import { ApplicationList } from "../../components/ApplicationList.tsx";
import { FormMessage, type FormState, formStateOf } from "../../components/forms.tsx";
import { budgetRange, placeOf, showDateTime } from "../../components/OpportunityCard.tsx";
import { isAdmin } from "../../domain/access.ts";
import { ValidationError } from "../../domain/errors.ts";
import { genreBySlug } from "../../domain/genres.ts";
import { formatMoney } from "../../domain/money_format.ts";
import { actMayEdit, applicationsClosedReason } from "../../domain/opportunity_rules.ts";
import { formFields } from "../../lib/form_data.ts";
import { startNegotiation } from "../../services/bookings/negotiations.ts";
import * as applications from "../../services/opportunities/applications.ts";
import * as opportunities from "../../services/opportunities/opportunities.ts";
import type { ApplicationView, OpportunityView } from "../../services/opportunities/views.ts";
import { define, type State } from "../../utils.ts";

const RUPEES = /^\d{1,13}$/;

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

interface Data {
  opportunity: OpportunityView;
  /** The poster or an admin: sees the applications and manages the gig. */
  manages: boolean;
  applications: ApplicationView[];
  acts: { id: string; name: string }[];
  mine: ApplicationView[];
  closedReason: string | null;
  notice?: string;
  /** A failed form: "apply", an application id being edited, or "page" for anything else. */
  failed?: { where: string; form: FormState; values?: ApplicationFormValues };
}

async function load(state: State, id: string): Promise<Omit<Data, "notice" | "failed">> {
  const opportunity = await opportunities.getOpportunity(state.db, state.actor, id);
  const actor = state.actor;
  const manages = actor !== null && (actor.userId === opportunity.organizer.id || isAdmin(actor));
  return {
    opportunity,
    manages,
    applications: manages
      ? (await applications.listApplications(state.db, actor, {
        opportunityId: opportunity.id,
        pageSize: 100,
      }))
        .items
      : [],
    acts: manages ? [] : await applications.ownedActs(state.db, actor),
    mine: manages ? [] : await applications.myApplicationsTo(state.db, actor, opportunity.id),
    closedReason: applicationsClosedReason(
      { status: opportunity.status, applicationDeadline: new Date(opportunity.applicationDeadline) },
      state.auth.now(),
    ),
  };
}

function describe(state: State, o: OpportunityView) {
  state.title = o.title;
  state.description = `${budgetRange(o)} · ${showDateTime(o.startsAt)} · ${placeOf(o)}. ` +
    `Apply by ${showDateTime(o.applicationDeadline)}.`;
}

/** Whole rupees from the form as paise; anything else is the field's error. */
function paise(rupees: string | undefined): number {
  const text = (rupees ?? "").trim().replaceAll(",", "");
  if (!RUPEES.test(text)) {
    throw new ValidationError("Please check the highlighted fields", [{
      field: "proposedFee",
      message: "Whole rupees, e.g. 45000",
    }]);
  }
  return Number(text) * 100;
}

export const handler = define.handlers<Data>({
  async GET(ctx) {
    const data = await load(ctx.state, ctx.params.id);
    describe(ctx.state, data.opportunity);
    const key = [...ctx.url.searchParams.keys()].find((k) => k in NOTICES);
    return page({ ...data, notice: key && NOTICES[key] });
  },
  async POST(ctx) {
    const id = ctx.params.id;
    if (!ctx.state.actor) {
      return ctx.redirect(`/login?next=${encodeURIComponent(`/opportunities/${id}`)}`, 303);
    }
    const { auth, actor, requestMeta: meta } = ctx.state;
    const f = await formFields(ctx.req);
    const intent = f.intent ?? "";
    const done = (notice: string) => ctx.redirect(`/opportunities/${id}?${notice}=1`, 303);
    try {
      switch (intent) {
        case "apply":
          await applications.applyToOpportunity(auth, actor, {
            actId: f.actId ?? "",
            opportunityId: id,
            pitch: f.pitch ?? "",
            proposedFee: paise(f.proposedFee),
          }, meta);
          return done("applied");
        case "edit-application":
          await applications.updateApplication(auth, actor, f.applicationId ?? "", {
            pitch: f.pitch ?? "",
            proposedFee: paise(f.proposedFee),
          }, meta);
          return done("updated");
        case "withdraw":
          await applications.withdrawApplication(auth, actor, f.applicationId ?? "", meta);
          return done("withdrawn");
        case "shortlist":
        case "reject": {
          const status = intent === "shortlist" ? "shortlisted" : "rejected";
          await applications.updateApplication(auth, actor, f.applicationId ?? "", { status }, meta);
          return done(status);
        }
        case "negotiate": {
          const booking = await startNegotiation(auth, actor, { applicationId: f.applicationId ?? "" }, meta);
          return ctx.redirect(`/bookings/${booking.id}`, 303);
        }
        case "close":
        case "reopen":
          await opportunities.updateOpportunity(auth, actor, id, {
            status: intent === "close" ? "closed" : "open",
          }, meta);
          return done(intent === "close" ? "closed" : "reopened");
        case "cancel":
          await opportunities.cancelOpportunity(auth, actor, id, meta);
          return done("cancelled");
        default:
          return ctx.redirect(`/opportunities/${id}`, 303);
      }
    } catch (err) {
      const form = formStateOf(err);
      const data = await load(ctx.state, id);
      describe(ctx.state, data.opportunity);
      const where = intent === "apply"
        ? "apply"
        : intent === "edit-application"
        ? f.applicationId ?? ""
        : "page";
      const values = { actId: f.actId ?? "", pitch: f.pitch ?? "", proposedFee: f.proposedFee ?? "" };
      return page({ ...data, failed: { where, form, values } }, { status: form.status });
    }
  },
});

export default define.page<typeof handler>(function OpportunityPage({ data, state }) {
  const { opportunity: o, failed } = data;
  const signedIn = state.actor !== null;
  const appliedActs = new Set(
    data.mine.filter((a) => a.status !== "withdrawn").map((a) => a.act.id),
  );
  const canApplyWith = data.acts.filter((a) => !appliedActs.has(a.id));
  return (
    <section class="max-w-3xl mx-auto px-4 py-8 grid gap-5">
      <FormMessage state={{ message: data.notice }} tone="ok" />
      {failed?.where === "page" && <FormMessage state={failed.form} />}
      <header class="bg-white rounded-2xl shadow-sm p-5 grid gap-2">
        <div class="flex items-start justify-between gap-3">
          <h1 class="text-2xl font-bold leading-tight">{o.title}</h1>
          {o.status !== "open" && (
            <span class="text-xs rounded bg-ink-100 text-ink-700 px-2 py-0.5 whitespace-nowrap">
              {o.status}
            </span>
          )}
        </div>
        <p class="text-ink-700">
          <time datetime={o.startsAt}>{showDateTime(o.startsAt)}</time> · {o.durationMinutes} minutes
        </p>
        <p class="text-ink-700">
          {o.venue ? <a href={`/venues/${o.venue.slug}`} class="underline">{o.venue.name}</a> : null}
          {o.venue ? ", " : ""}
          {/* Addresses often end with their city already: name it once. */}
          {[o.address, o.city && !o.address?.includes(o.city) ? o.city : null, o.state].filter(Boolean).join(
            ", ",
          )}
        </p>
        {o.genres.length > 0 && (
          <p class="flex flex-wrap gap-1">
            {o.genres.map((g) => (
              <span key={g} class="text-xs rounded bg-saffron-100 text-saffron-800 px-2 py-0.5">
                {genreBySlug(g)?.label ?? g}
              </span>
            ))}
          </p>
        )}
        <p class="text-lg font-semibold text-saffron-700">{budgetRange(o)}</p>
        <p class="text-sm text-ink-500">
          Apply by <time datetime={o.applicationDeadline}>{showDateTime(o.applicationDeadline)}</time>
          {o.organizer.displayName && ` · Posted by ${o.organizer.displayName}`}
        </p>
      </header>

      {(o.description || o.requirements) && (
        <div class="bg-white rounded-2xl shadow-sm p-5 grid gap-3">
          {o.description && <p class="whitespace-pre-line">{o.description}</p>}
          {o.requirements && (
            <div>
              <h2 class="font-semibold">Requirements</h2>
              <p class="whitespace-pre-line text-sm">{o.requirements}</p>
            </div>
          )}
        </div>
      )}

      {data.manages && (
        <div class="bg-white rounded-2xl shadow-sm p-5 grid gap-4">
          <div class="flex flex-wrap items-center justify-between gap-2">
            <h2 class="text-lg font-bold">
              Applications{o.applicationCounts && ` (${o.applicationCounts.total})`}
            </h2>
            {o.status !== "cancelled" && (
              <form method="post" class="flex flex-wrap gap-2">
                <a
                  href={`/opportunities/${o.id}/edit`}
                  class="rounded-lg border border-ink-300 px-3 py-1.5 text-sm"
                >
                  Edit
                </a>
                {o.status === "open"
                  ? (
                    <button
                      type="submit"
                      name="intent"
                      value="close"
                      class="rounded-lg border border-ink-300 px-3 py-1.5 text-sm"
                    >
                      Close applications
                    </button>
                  )
                  : (
                    <button
                      type="submit"
                      name="intent"
                      value="reopen"
                      class="rounded-lg border border-ink-300 px-3 py-1.5 text-sm"
                    >
                      Reopen
                    </button>
                  )}
                <button
                  type="submit"
                  name="intent"
                  value="cancel"
                  class="rounded-lg border border-red-300 text-red-700 px-3 py-1.5 text-sm"
                >
                  Cancel the gig
                </button>
              </form>
            )}
          </div>
          <ApplicationList applications={data.applications} />
        </div>
      )}

      {!data.manages && (
        <div class="bg-white rounded-2xl shadow-sm p-5 grid gap-4">
          <h2 class="text-lg font-bold">{data.mine.length ? "Your applications" : "Apply"}</h2>
          {data.mine.length > 0 && (
            <ul class="grid gap-3">
              {data.mine.map((a) => (
                <MyApplication
                  key={a.id}
                  application={a}
                  fee={formatMoney(a.proposedFee, a.currency)}
                  editable={actMayEdit(a.status) && data.closedReason === null}
                  values={failed?.where === a.id ? failed.values : undefined}
                  form={failed?.where === a.id ? failed.form : undefined}
                />
              ))}
            </ul>
          )}
          {data.closedReason
            ? <p class="text-sm text-ink-500">{data.closedReason}.</p>
            : !signedIn
            ? (
              <p class="text-sm">
                <a href={`/login?next=/opportunities/${o.id}`} class="text-saffron-700 underline">Log in</a>
                {" "}
                with your artist or band manager account to apply.
              </p>
            )
            : data.acts.length === 0
            ? (
              <p class="text-sm text-ink-500">
                Only artists and band managers with an act profile can apply.
              </p>
            )
            : canApplyWith.length > 0
            ? (
              <ApplyForm
                acts={canApplyWith}
                values={failed?.where === "apply" && failed.values
                  ? failed.values
                  : { actId: canApplyWith[0].id, pitch: "", proposedFee: "" }}
                form={failed?.where === "apply" ? failed.form : undefined}
              />
            )
            : null}
        </div>
      )}
    </section>
  );
});
