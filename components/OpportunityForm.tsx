import { GENRES } from "../domain/genres.ts";
import type { OpportunityFormValues } from "../services/opportunities/form_input.ts";
import { Field, FormMessage, type FormState, SubmitButton } from "./forms.tsx";
import { CheckboxesField, SelectField, TextAreaField } from "./edit_fields.tsx";

/** Post or edit an opportunity: a plain form; each field shows its own error and keeps its value. */
export function OpportunityForm(
  { values: v, form, venues, submit }: {
    values: OpportunityFormValues;
    form?: FormState;
    venues: { value: string; label: string }[];
    submit: string;
  },
) {
  const err = form?.fields ?? {};
  return (
    <form method="post" class="bg-white rounded-2xl shadow-sm p-5 grid gap-4" novalidate>
      <FormMessage state={form} />
      <Field name="title" label="Title" value={v.title} error={err.title} required maxlength={160} />
      <TextAreaField
        name="description"
        label="About the event"
        value={v.description}
        error={err.description}
      />
      <div class="grid gap-4 sm:grid-cols-3">
        <Field name="date" label="Date" type="date" value={v.date} error={err.date} required />
        <Field name="time" label="Start time (India)" type="time" value={v.time} error={err.time} required />
        <Field
          name="durationMinutes"
          label="Length (minutes)"
          inputmode="numeric"
          value={v.durationMinutes}
          error={err.durationMinutes}
          required
        />
      </div>
      <SelectField
        name="venueId"
        label="Venue"
        value={v.venueId}
        options={[{ value: "", label: "Not a listed venue: give a city and address" }, ...venues]}
        error={err.venueId}
      />
      <div class="grid gap-4 sm:grid-cols-2">
        <Field name="city" label="City" value={v.city} error={err.city} hint="Without a listed venue" />
        <Field name="address" label="Address" value={v.address} error={err.address} maxlength={300} />
      </div>
      <CheckboxesField
        name="genres"
        label="Genres wanted"
        checked={v.genres}
        options={GENRES.map((g) => ({ value: g.slug, label: g.label }))}
        error={err.genres}
      />
      <div class="grid gap-4 sm:grid-cols-2">
        <Field
          name="budgetMin"
          label="Budget from (₹)"
          inputmode="numeric"
          value={v.budgetMin}
          error={err.budgetMin}
          required
        />
        <Field
          name="budgetMax"
          label="Budget up to (₹)"
          inputmode="numeric"
          value={v.budgetMax}
          error={err.budgetMax}
          required
        />
      </div>
      <TextAreaField
        name="requirements"
        label="Requirements"
        value={v.requirements}
        error={err.requirements}
      />
      <Field
        name="deadline"
        label="Last day to apply"
        type="date"
        value={v.deadline}
        error={err.deadline}
        required
      />
      <SubmitButton>{submit}</SubmitButton>
    </form>
  );
}
