import { page } from "fresh";
import { type FormState, formStateOf } from "../../components/forms.tsx";
import { OpportunityForm } from "../../components/OpportunityForm.tsx";
import { isOrganizerSide } from "../../domain/roles.ts";
import {
  formFieldOf,
  formValuesOf,
  type OpportunityFormValues,
  opportunityInput,
  venueChoices,
} from "../../services/opportunities/form_input.ts";
import { createOpportunity } from "../../services/opportunities/opportunities.ts";
import { define, signInFirst } from "../../utils.ts";

interface Data {
  values: OpportunityFormValues;
  venues: { value: string; label: string }[];
  form?: FormState;
  allowed: boolean;
}

const EMPTY: OpportunityFormValues = {
  title: "",
  description: "",
  date: "",
  time: "19:30",
  durationMinutes: "90",
  venueId: "",
  city: "",
  address: "",
  genres: [],
  budgetMin: "",
  budgetMax: "",
  requirements: "",
  deadline: "",
};

export const handler = define.handlers<Data>({
  async GET(ctx) {
    if (!ctx.state.actor) return signInFirst(ctx);
    ctx.state.title = "Post a gig";
    const allowed = isOrganizerSide(ctx.state.actor.roles);
    return page(
      { values: EMPTY, venues: await venueChoices(ctx.state.db), allowed },
      { status: allowed ? 200 : 403 },
    );
  },
  async POST(ctx) {
    if (!ctx.state.actor) return signInFirst(ctx);
    ctx.state.title = "Post a gig";
    const values = formValuesOf(await ctx.req.formData().catch(() => new FormData()));
    try {
      const input = await opportunityInput(ctx.state.db, values);
      const created = await createOpportunity(ctx.state.deps, ctx.state.actor, input, ctx.state.requestMeta);
      return ctx.redirect(`/opportunities/${created.id}?posted=1`, 303);
    } catch (err) {
      const form = formStateOf(err);
      form.fields = Object.fromEntries(Object.entries(form.fields).map(([k, m]) => [formFieldOf(k), m]));
      const allowed = isOrganizerSide(ctx.state.actor.roles);
      return page({ values, venues: await venueChoices(ctx.state.db), form, allowed }, {
        status: form.status,
      });
    }
  },
});

export default define.page<typeof handler>(function NewOpportunity({ data }) {
  return (
    <section class="max-w-2xl mx-auto px-4 py-8 grid gap-4">
      <h1 class="text-2xl font-bold">Post a gig</h1>
      {data.allowed
        ? <OpportunityForm values={data.values} form={data.form} venues={data.venues} submit="Post the gig" />
        : (
          <p class="bg-white rounded-xl shadow-sm p-5">
            Only promoters, organizers and venue managers can post gigs.
          </p>
        )}
    </section>
  );
});
