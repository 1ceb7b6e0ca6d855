import { page } from "fresh";
import { SelectField, TextAreaField } from "../../components/edit_fields.tsx";
import { Field, FormMessage, type FormState, formStateOf, SubmitButton } from "../../components/forms.tsx";
import { VENUE_TYPE_LABELS } from "../../components/venue_types.ts";
import { VENUE_TYPES } from "../../domain/catalog.ts";
import { mayCreate } from "../../domain/catalog_access.ts";
import { formData } from "../../lib/form_data.ts";
import { createVenue } from "../../services/catalog/venues.ts";
import {
  EMPTY_VENUE,
  newVenueInput,
  type NewVenueValues,
  newVenueValuesOf,
  venueFormField,
} from "../../services/onboarding/venue_form.ts";
import { define, signInFirst } from "../../utils.ts";

interface Data {
  values: NewVenueValues;
  form?: FormState;
  allowed: boolean;
}

/** A venue manager adds a venue: the basics here, then its edit page for the photo and facilities. */
export const handler = define.handlers<Data>({
  GET(ctx) {
    const { actor } = ctx.state;
    if (!actor) return signInFirst(ctx);
    ctx.state.title = "Add your venue";
    const allowed = mayCreate(actor, "venue");
    return page({ values: EMPTY_VENUE, allowed }, { status: allowed ? 200 : 403 });
  },
  async POST(ctx) {
    const { actor, db, requestMeta } = ctx.state;
    if (!actor) return signInFirst(ctx);
    ctx.state.title = "Add your venue";
    const values = newVenueValuesOf(await formData(ctx.req));
    try {
      const venue = await createVenue(db, actor, await newVenueInput(db, values), requestMeta);
      return ctx.redirect(`/venues/${venue.slug}/edit?done=created`, 303);
    } catch (err) {
      const form = formStateOf(err);
      form.fields = Object.fromEntries(Object.entries(form.fields).map(([k, m]) => [venueFormField(k), m]));
      return page({ values, form, allowed: mayCreate(actor, "venue") }, { status: form.status });
    }
  },
});

export default define.page<typeof handler>(function NewVenue({ data }) {
  const { values: v, form } = data;
  const err = form?.fields ?? {};
  return (
    <section class="max-w-2xl mx-auto px-4 py-8 grid gap-4">
      <h1 class="text-2xl font-bold">Add your venue</h1>
      {!data.allowed
        ? <p class="bg-white rounded-xl shadow-sm p-5">Only venue managers can add a venue.</p>
        : (
          <>
            <p class="text-ink-700">
              Acts and organizers find venues by city, size and kind. Start with the basics; you add a photo
              and the facilities next.
            </p>
            <form
              method="post"
              class="bg-white rounded-2xl shadow-sm p-5 grid gap-4"
              data-testid="new-venue-form"
              novalidate
            >
              <FormMessage state={form} />
              <Field
                name="name"
                label="Venue name"
                value={v.name}
                error={err.name}
                required
                maxlength={120}
              />
              <SelectField
                name="venueType"
                label="Kind of venue"
                value={v.venueType}
                options={VENUE_TYPES.map((t) => ({ value: t, label: VENUE_TYPE_LABELS[t] }))}
                error={err.venueType}
              />
              <Field
                name="capacity"
                label="Capacity (people)"
                inputmode="numeric"
                value={v.capacity}
                error={err.capacity}
                required
              />
              <div class="grid gap-4 sm:grid-cols-2">
                <Field name="city" label="City" value={v.city} error={err.city} hint="Like Mumbai or Pune" />
                <Field name="address" label="Address" value={v.address} error={err.address} maxlength={500} />
              </div>
              <TextAreaField
                name="description"
                label="About"
                value={v.description}
                error={err.description}
                rows={5}
                maxlength={5000}
              />
              <SubmitButton>Add the venue</SubmitButton>
            </form>
          </>
        )}
    </section>
  );
});
