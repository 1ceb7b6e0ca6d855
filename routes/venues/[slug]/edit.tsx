import { page } from "fresh";
import { Field, FormMessage, formStateOf } from "../../../components/forms.tsx";
import { EditCard, SaveButton, SelectField, TextAreaField } from "../../../components/edit_fields.tsx";
import { type FailedForm, PhotoForm } from "../../../components/PortfolioEditor.tsx";
import { VENUE_TYPE_LABELS } from "../../../components/venue_types.ts";
import { parseWholeNumber } from "../../../domain/amounts.ts";
import { MAX_VENUE_CAPACITY, VENUE_TYPES } from "../../../domain/catalog.ts";
import { requireEditor } from "../../../domain/catalog_access.ts";
import { type FieldIssue, ServiceUnavailable, ValidationError } from "../../../domain/errors.ts";
import { type SpecValue, TECH_SPECS } from "../../../domain/venue_specs.ts";
import { fileOf, formData, textOf } from "../../../lib/form_data.ts";
import { setVenuePhoto } from "../../../services/catalog/photos.ts";
import { venueBySlug } from "../../../services/catalog/profiles.ts";
import { getVenue, updateVenue, type VenueView } from "../../../services/catalog/venues.ts";
import { cityInForm } from "../../../services/geo.ts";
import { define, signInFirst, type State } from "../../../utils.ts";

interface Data {
  venue: VenueView;
  values: Record<string, string>;
  uploads: boolean;
  failed?: FailedForm;
  notice?: string;
}

const NOTICES: Record<string, string> = {
  created: "Your venue is listed. Add a photo and its facilities here.",
  saved: "Your changes are saved.",
  photo: "Your photo is updated.",
};

const YES_NO = [{ value: "", label: "Not said" }, { value: "yes", label: "Yes" }, {
  value: "no",
  label: "No",
}];

/** The owner's edit page of a venue: its details and photo, as plain forms. */
export const handler = define.handlers<Data>({
  async GET(ctx) {
    const found = await editableVenue(ctx.state, ctx.params.slug);
    if (!found) return signInFirst(ctx);
    ctx.state.title = `Edit ${found.venue.name}`;
    return page({
      venue: found.venue,
      values: formValuesOf(found.venue, found.city),
      uploads: ctx.state.storage !== undefined,
      notice: NOTICES[ctx.url.searchParams.get("done") ?? ""],
    });
  },
  async POST(ctx) {
    const found = await editableVenue(ctx.state, ctx.params.slug);
    if (!found) return signInFirst(ctx);
    const { venue } = found;
    ctx.state.title = `Edit ${venue.name}`;
    const form = await formData(ctx.req);
    const intent = textOf(form, "intent") || "save";
    const { db, actor, requestMeta: meta, storage } = ctx.state;
    try {
      if (intent === "photo") {
        if (!storage) throw new ServiceUnavailable("Uploads are not available on this server right now");
        await setVenuePhoto(db, storage, actor, venue.id, await fileOf(form, "file"), meta);
      } else {
        await updateVenue(db, actor, venue.id, await venueInput(ctx.state, form, venue), meta);
      }
      return ctx.redirect(`/venues/${venue.slug}/edit?done=${intent === "photo" ? "photo" : "saved"}`, 303);
    } catch (err) {
      const state = formStateOf(err);
      const fields: Record<string, string> = {};
      for (const [f, m] of Object.entries(state.fields)) {
        fields[f === "cityId" ? "city" : f.startsWith("amenities.") ? "amenities" : f] ??= m;
      }
      const values: Record<string, string> = intent === "save"
        ? Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")) as Record<
          string,
          string
        >
        : formValuesOf(venue, found.city);
      return page({
        venue,
        values,
        uploads: storage !== undefined,
        failed: { intent, message: state.message, fields, values },
      }, { status: state.status });
    }
  },
});

async function editableVenue(state: State, slug: string) {
  const profile = await venueBySlug(state.db, slug);
  if (!state.actor) return null;
  requireEditor(state.actor, { owner_id: profile.ownerId });
  return { venue: await getVenue(state.db, profile.id), city: profile.city };
}

const grouped = new Intl.NumberFormat("en-IN", { maximumFractionDigits: 2 });

function formValuesOf(venue: VenueView, city: string | null): Record<string, string> {
  const values: Record<string, string> = {
    name: venue.name,
    description: venue.description ?? "",
    capacity: grouped.format(venue.capacity),
    venueType: venue.venueType,
    city: city ?? "",
    address: venue.address ?? "",
    amenities: venue.amenities.join(", "),
  };
  for (const spec of TECH_SPECS) {
    const v = venue.techSpecs[spec.key];
    values[`techSpecs.${spec.key}`] = typeof v === "boolean"
      ? (v ? "yes" : "no")
      : typeof v === "number"
      ? grouped.format(v)
      : v ?? "";
  }
  return values;
}

/** People in a room: at most what the service takes. */

/**
 * The form as updateVenue's input. The listed tech specs come from their
 * fields (blank removes one); keys the form has no field for, set through
 * the API, are kept as they were.
 */
async function venueInput(state: State, form: FormData, venue: VenueView): Promise<Record<string, unknown>> {
  const issues: FieldIssue[] = [];
  const text = (name: string) => textOf(form, name).trim();
  const capacity = parseWholeNumber(text("capacity"), { max: MAX_VENUE_CAPACITY });
  if (!capacity.ok) issues.push({ field: "capacity", message: capacity.message });
  const listed = new Set(TECH_SPECS.map((s) => s.key));
  const techSpecs: Record<string, SpecValue> = Object.fromEntries(
    Object.entries(venue.techSpecs).filter(([key]) => !listed.has(key)),
  );
  for (const spec of TECH_SPECS) {
    const field = `techSpecs.${spec.key}`;
    const v = text(field);
    if (v === "") continue;
    if (spec.kind === "text") techSpecs[spec.key] = v;
    else if (spec.kind === "yes_no") techSpecs[spec.key] = v === "yes";
    else {
      const n = parseWholeNumber(v);
      if (n.ok) techSpecs[spec.key] = n.value;
      else issues.push({ field, message: n.message });
    }
  }
  const city = await cityInForm(state.db, text("city"), "city", issues);
  if (issues.length || !capacity.ok) throw new ValidationError("Please check the highlighted fields", issues);
  return {
    name: text("name"),
    description: text("description") || null,
    capacity: capacity.value,
    venueType: text("venueType"),
    cityId: city?.id ?? null,
    address: text("address") || null,
    amenities: text("amenities").split(",").map((a) => a.trim()).filter(Boolean),
    techSpecs,
  };
}

export default define.page<typeof handler>(function EditVenue({ data }) {
  const { venue, values, failed } = data;
  const errors = failed?.intent === "save" ? failed.fields : {};
  const field = (
    name: string,
    label: string,
    extra: { hint?: string; required?: boolean; inputmode?: "numeric" } = {},
  ) => <Field name={name} label={label} value={values[name]} error={errors[name]} {...extra} />;
  return (
    <section class="max-w-2xl mx-auto px-4 py-8 grid gap-6">
      <div>
        <h1 class="text-2xl font-bold">Edit {venue.name}</h1>
        <p class="text-sm flex flex-wrap gap-4">
          <a href={`/venues/${venue.slug}`} class="underline">See your public page</a>
          <a href={`/venues/${venue.slug}/verification`} class="underline" data-testid="verification-link">
            {venue.isVerified ? "Verified" : "Ask to be verified"}
          </a>
        </p>
      </div>
      <FormMessage state={{ message: data.notice }} tone="ok" />
      <EditCard title="Venue">
        <form method="post" class="grid gap-4" data-testid="venue-form">
          <FormMessage state={failed?.intent === "save" ? failed : undefined} />
          {field("name", "Name", { required: true })}
          <TextAreaField
            name="description"
            label="About"
            value={values.description ?? ""}
            error={errors.description}
            rows={6}
          />
          {field("capacity", "Capacity (people)", { required: true, inputmode: "numeric" })}
          <SelectField
            name="venueType"
            label="Kind of venue"
            value={values.venueType ?? ""}
            options={VENUE_TYPES.map((t) => ({ value: t, label: VENUE_TYPE_LABELS[t] }))}
            error={errors.venueType}
          />
          {field("city", "City")}
          {field("address", "Address")}
          {field("amenities", "Facilities", { hint: "Separated by commas, like green room, parking" })}
          <fieldset class="grid gap-4" data-testid="tech-specs">
            <legend class="text-base font-bold">Technical specifications</legend>
            {TECH_SPECS.map((spec) => {
              const name = `techSpecs.${spec.key}`;
              const label = spec.unit ? `${spec.label} (${spec.unit})` : spec.label;
              return spec.kind === "yes_no"
                ? (
                  <SelectField
                    key={name}
                    name={name}
                    label={label}
                    value={values[name] ?? ""}
                    options={YES_NO}
                    error={errors[name]}
                  />
                )
                : (
                  <Field
                    key={name}
                    name={name}
                    label={label}
                    value={values[name]}
                    error={errors[name]}
                    hint={spec.hint}
                    inputmode={spec.kind === "number" ? "numeric" : undefined}
                  />
                );
            })}
          </fieldset>
          <SaveButton name="intent" value="save">Save changes</SaveButton>
        </form>
      </EditCard>
      <PhotoForm failed={failed} uploads={data.uploads} current={venue.photoUrl} />
    </section>
  );
});
