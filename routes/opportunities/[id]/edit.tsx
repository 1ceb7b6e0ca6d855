import { page } from "fresh";
import { type FormState, formStateOf } from "../../../components/forms.tsx";
import { OpportunityForm } from "../../../components/OpportunityForm.tsx";
import { isAdmin } from "../../../domain/access.ts";
import { Forbidden } from "../../../domain/errors.ts";
import {
  formFieldOf,
  formValuesFromView,
  formValuesOf,
  type OpportunityFormValues,
  opportunityInput,
  venueChoices,
} from "../../../services/opportunities/form_input.ts";
import { getOpportunity, updateOpportunity } from "../../../services/opportunities/opportunities.ts";
import type { OpportunityView } from "../../../services/opportunities/views.ts";
import { define, signInFirst, type State } from "../../../utils.ts";

interface Data {
  opportunity: OpportunityView;
  values: OpportunityFormValues;
  venues: { value: string; label: string }[];
  form?: FormState;
}

/** The opportunity, for its poster or an admin only. */
async function editable(state: State, id: string): Promise<OpportunityView> {
  const opportunity = await getOpportunity(state.db, state.actor, id);
  if (!state.actor || (state.actor.userId !== opportunity.organizer.id && !isAdmin(state.actor))) {
    throw new Forbidden("Only the organizer who posted this or an admin can change it");
  }
  return opportunity;
}

export const handler = define.handlers<Data>({
  async GET(ctx) {
    if (!ctx.state.actor) return signInFirst(ctx);
    const opportunity = await editable(ctx.state, ctx.params.id);
    ctx.state.title = `Edit: ${opportunity.title}`;
    return page({
      opportunity,
      values: formValuesFromView(opportunity),
      venues: await venueChoices(ctx.state.db),
    });
  },
  async POST(ctx) {
    if (!ctx.state.actor) return signInFirst(ctx);
    const opportunity = await editable(ctx.state, ctx.params.id);
    ctx.state.title = `Edit: ${opportunity.title}`;
    const values = formValuesOf(await ctx.req.formData().catch(() => new FormData()));
    try {
      const input = await opportunityInput(ctx.state.db, values, formValuesFromView(opportunity));
      await updateOpportunity(ctx.state.deps, ctx.state.actor, opportunity.id, input, ctx.state.requestMeta);
      return ctx.redirect(`/opportunities/${opportunity.id}?saved=1`, 303);
    } catch (err) {
      const form = formStateOf(err);
      form.fields = Object.fromEntries(Object.entries(form.fields).map(([k, m]) => [formFieldOf(k), m]));
      const venues = await venueChoices(ctx.state.db);
      return page({ opportunity, values, venues, form }, { status: form.status });
    }
  },
});

export default define.page<typeof handler>(function EditOpportunity({ data }) {
  return (
    <section class="max-w-2xl mx-auto px-4 py-8 grid gap-4">
      <a href={`/opportunities/${data.opportunity.id}`} class="text-sm text-saffron-700 underline">
        Back to the gig
      </a>
      <h1 class="text-2xl font-bold">Edit the gig</h1>
      <OpportunityForm values={data.values} form={data.form} venues={data.venues} submit="Save changes" />
    </section>
  );
});
