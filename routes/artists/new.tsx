import { page } from "fresh";
import { CheckboxesField, TextAreaField } from "../../components/edit_fields.tsx";
import { Field, FormMessage, type FormState, formStateOf, SubmitButton } from "../../components/forms.tsx";
import type { ActKind } from "../../domain/catalog.ts";
import { mayCreate } from "../../domain/catalog_access.ts";
import { GENRES } from "../../domain/genres.ts";
import { formData } from "../../lib/form_data.ts";
import { createAct } from "../../services/catalog/acts.ts";
import {
  actFormField,
  EMPTY_ACT,
  newActInput,
  type NewActValues,
  newActValuesOf,
} from "../../services/onboarding/act_form.ts";
import { define, signInFirst } from "../../utils.ts";

interface Data {
  kind: ActKind;
  values: NewActValues;
  form?: FormState;
  /** The visitor's roles let them create this kind of act. */
  allowed: boolean;
}

const TITLE: Record<ActKind, string> = { solo: "Create your solo act", band: "Create your band" };
const PATH: Record<ActKind, string> = { solo: "/artists/new", band: "/bands/new" };
const OTHER: Record<ActKind, ActKind> = { solo: "band", band: "solo" };

/**
 * The form that creates an act: a solo act for artists here, a band for band managers at /bands/new. It
 * asks only what an organizer needs to find and price the act, then lands on the act's edit page for the
 * photo, links and the rest. Someone whose role creates the other kind is sent to that form.
 */
export function newActHandler(kind: ActKind) {
  return define.handlers<Data>({
    GET(ctx) {
      const { actor } = ctx.state;
      if (!actor) return signInFirst(ctx);
      ctx.state.title = TITLE[kind];
      const allowed = mayCreate(actor, kind);
      if (!allowed && mayCreate(actor, OTHER[kind])) return ctx.redirect(PATH[OTHER[kind]], 303);
      return page({ kind, values: EMPTY_ACT, allowed }, { status: allowed ? 200 : 403 });
    },
    async POST(ctx) {
      const { actor, db, requestMeta } = ctx.state;
      if (!actor) return signInFirst(ctx);
      ctx.state.title = TITLE[kind];
      const values = newActValuesOf(await formData(ctx.req));
      try {
        const act = await createAct(db, actor, await newActInput(db, kind, values), requestMeta);
        return ctx.redirect(`/artists/${act.slug}/edit?done=created`, 303);
      } catch (err) {
        const form = formStateOf(err);
        form.fields = Object.fromEntries(Object.entries(form.fields).map(([k, m]) => [actFormField(k), m]));
        return page({ kind, values, form, allowed: mayCreate(actor, kind) }, { status: form.status });
      }
    },
  });
}

export const handler = newActHandler("solo");

export default define.page<typeof handler>(function NewAct({ data }) {
  const { kind, values: v, form } = data;
  const err = form?.fields ?? {};
  const band = kind === "band";
  return (
    <section class="max-w-2xl mx-auto px-4 py-8 grid gap-4">
      <h1 class="text-2xl font-bold">{TITLE[kind]}</h1>
      {!data.allowed
        ? (
          <p class="bg-white rounded-xl shadow-sm p-5">
            {band
              ? "Only band managers can create a band. A band member joins when the band's manager invites them."
              : "Only artists can create a solo act."}
          </p>
        )
        : (
          <>
            <p class="text-ink-700">
              {band
                ? "Your band's profile is what organizers find and book. Start with the basics; you add photos " +
                  "and links next, and then invite the members."
                : "Your act is what organizers find and book. Start with the basics; you add photos and links next."}
            </p>
            <form
              method="post"
              class="bg-white rounded-2xl shadow-sm p-5 grid gap-4"
              data-testid="new-act-form"
              novalidate
            >
              <FormMessage state={form} />
              <Field
                name="name"
                label={band ? "Band name" : "Stage name"}
                value={v.name}
                error={err.name}
                required
                maxlength={120}
              />
              <Field
                name="homeCity"
                label="Home city"
                value={v.homeCity}
                error={err.homeCity}
                hint="Like Mumbai or Pune: organizers search by city"
              />
              <CheckboxesField
                name="genres"
                label="Genres"
                checked={v.genres}
                options={GENRES.map((g) => ({ value: g.slug, label: g.label }))}
                error={err.genres}
              />
              <div class="grid gap-4 sm:grid-cols-3">
                <Field
                  name="budgetMin"
                  label="Starting fee (₹)"
                  inputmode="numeric"
                  value={v.budgetMin}
                  error={err.budgetMin}
                  required
                  hint="Your lowest fee for a show"
                />
                <Field
                  name="budgetStandard"
                  label="Standard fee (₹)"
                  inputmode="numeric"
                  value={v.budgetStandard}
                  error={err.budgetStandard}
                  required
                />
                <Field
                  name="budgetPremium"
                  label="Premium fee (₹)"
                  inputmode="numeric"
                  value={v.budgetPremium}
                  error={err.budgetPremium}
                  required
                />
              </div>
              <TextAreaField
                name="bio"
                label="About"
                value={v.bio}
                error={err.bio}
                rows={5}
                maxlength={5000}
              />
              <SubmitButton>{band ? "Create the band" : "Create my act"}</SubmitButton>
            </form>
          </>
        )}
    </section>
  );
});
