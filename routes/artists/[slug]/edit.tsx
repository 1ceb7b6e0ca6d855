import { page } from "fresh";
import { Field, FormMessage, formStateOf } from "../../../components/forms.tsx";
import { CheckboxesField, EditCard, SaveButton, TextAreaField } from "../../../components/edit_fields.tsx";
import { type FailedForm, PhotoForm, PortfolioEditor } from "../../../components/PortfolioEditor.tsx";
import { type Parsed, parseRupees, parseWholeNumber, rupeesInput } from "../../../domain/amounts.ts";
import { requireEditor } from "../../../domain/catalog_access.ts";
import { type FieldIssue, ServiceUnavailable, ValidationError } from "../../../domain/errors.ts";
import { GENRES } from "../../../domain/genres.ts";
import { languageChoices } from "../../../domain/languages.ts";
import { SOCIAL_LABELS, SOCIAL_PLATFORMS, withHttps } from "../../../domain/social_links.ts";
import { fileOf, formData, textOf } from "../../../lib/form_data.ts";
import { type ActView, getAct, updateAct } from "../../../services/catalog/acts.ts";
import { setActPhoto } from "../../../services/catalog/photos.ts";
import * as portfolio from "../../../services/catalog/portfolio.ts";
import { actBySlug } from "../../../services/catalog/profiles.ts";
import { cityInForm } from "../../../services/geo.ts";
import { define, signInFirst, type State } from "../../../utils.ts";

interface Data {
  act: ActView;
  values: Record<string, string>;
  genres: string[];
  /** ISO 639-1 codes, ticked by name. */
  languages: string[];
  portfolio: portfolio.PortfolioItemView[];
  uploads: boolean;
  failed?: FailedForm;
  notice?: string;
}

const NOTICES: Record<string, string> = {
  created: "Your act is created and public. Add a photo, links and the rest of your profile here.",
  saved: "Your changes are saved.",
  photo: "Your photo is updated.",
  link: "The link is added to your portfolio.",
  upload: "The file is added to your portfolio.",
  removed: "The item is removed from your portfolio.",
};

/** The owner's edit page of an act (solo or band): profile fields, photo and portfolio, all plain forms. */
export const handler = define.handlers<Data>({
  async GET(ctx) {
    const act = await editableAct(ctx.state, ctx.params.slug);
    if (!act) return signInFirst(ctx);
    ctx.state.title = `Edit ${act.name}`;
    const notice = NOTICES[ctx.url.searchParams.get("done") ?? ""];
    return page(await load(ctx.state, act, { notice }));
  },
  async POST(ctx) {
    const act = await editableAct(ctx.state, ctx.params.slug);
    if (!act) return signInFirst(ctx);
    ctx.state.title = `Edit ${act.name}`;
    const form = await formData(ctx.req);
    const intent = textOf(form, "intent");
    const { db, actor, requestMeta: meta, storage } = ctx.state;
    try {
      let done: string;
      if (intent === "photo") {
        await setActPhoto(db, needStorage(storage), actor, act.id, await fileOf(form, "file"), meta);
        done = "photo";
      } else if (intent === "add-link") {
        await portfolio.addLink(db, actor, act.id, {
          title: textOf(form, "link-title"),
          url: textOf(form, "link-url"),
          kind: textOf(form, "link-kind") || undefined,
        }, meta);
        done = "link";
      } else if (intent === "upload") {
        const input = { kind: textOf(form, "upload-kind"), title: textOf(form, "upload-title") };
        await portfolio.uploadItem(
          db,
          needStorage(storage),
          actor,
          act.id,
          input,
          await fileOf(form, "file"),
          meta,
        );
        done = "upload";
      } else if (intent === "remove") {
        await portfolio.removeItem(db, storage ?? null, actor, act.id, textOf(form, "item"), meta);
        done = "removed";
      } else {
        await updateAct(db, actor, act.id, await actInput(ctx.state, form), meta);
        done = "saved";
      }
      return ctx.redirect(`/artists/${act.slug}/edit?done=${done}`, 303);
    } catch (err) {
      const state = formStateOf(err);
      const failed: FailedForm = {
        intent: intent || "save",
        message: state.message,
        fields: renameFields(state.fields),
        values: intent === "add-link"
          ? {
            title: textOf(form, "link-title"),
            url: textOf(form, "link-url"),
            kind: textOf(form, "link-kind"),
          }
          : { title: textOf(form, "upload-title"), kind: textOf(form, "upload-kind") },
      };
      const kept = failed.intent === "save"
        ? {
          values: textValues(form),
          genres: form.getAll("genres").map(String),
          languages: form.getAll("languages").map(String),
        }
        : {};
      return page(await load(ctx.state, act, { failed, ...kept }), { status: state.status });
    }
  },
});

/** The act, if the visitor may edit it; null for an anonymous visitor; 403 (Forbidden) for anyone else. */
async function editableAct(state: State, slug: string): Promise<ActView | null> {
  const profile = await actBySlug(state.db, slug);
  if (!state.actor) return null;
  const act = await getAct(state.db, profile.id);
  requireEditor(state.actor, { owner_id: act.ownerId });
  return act;
}

function needStorage(storage: State["storage"]) {
  if (!storage) throw new ServiceUnavailable("Uploads are not available on this server right now");
  return storage;
}

async function load(
  state: State,
  act: ActView,
  extra: Partial<Pick<Data, "values" | "genres" | "languages" | "failed" | "notice">>,
): Promise<Data> {
  const { items } = await portfolio.getPortfolio(state.db, null, state.actor, act.id);
  const profile = await actBySlug(state.db, act.slug);
  return {
    act,
    values: extra.values ?? formValuesOf(act, profile.city),
    genres: extra.genres ?? act.genres,
    languages: extra.languages ?? act.languages,
    portfolio: items,
    uploads: state.storage !== undefined,
    failed: extra.failed,
    notice: extra.notice,
  };
}

function formValuesOf(act: ActView, city: string | null): Record<string, string> {
  const values: Record<string, string> = {
    name: act.name,
    bio: act.bio ?? "",
    yearsExperience: act.yearsExperience?.toString() ?? "",
    budgetMin: rupeesInput(act.budgetMin),
    budgetStandard: rupeesInput(act.budgetStandard),
    budgetPremium: rupeesInput(act.budgetPremium),
    homeCity: city ?? "",
    travelRadiusKm: act.travelRadiusKm?.toString() ?? "",
    riders: act.riders ?? "",
  };
  for (const p of SOCIAL_PLATFORMS) values[`socialLinks.${p}`] = act.socialLinks[p] ?? "";
  return values;
}

function textValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [k, v] of form.entries()) {
    if (typeof v === "string" && k !== "genres" && k !== "languages") values[k] = v;
  }
  return values;
}

/**
 * The form as updateAct's input; what cannot even be read as a number is
 * reported here. Links pasted without https:// get it.
 */
async function actInput(state: State, form: FormData): Promise<Record<string, unknown>> {
  const issues: FieldIssue[] = [];
  const text = (name: string) => textOf(form, name).trim();
  const read = (name: string, parsed: Parsed): number => {
    if (parsed.ok) return parsed.value;
    issues.push({ field: name, message: parsed.message });
    return 0;
  };
  const whole = (name: string): number | null =>
    text(name) === "" ? null : read(name, parseWholeNumber(text(name)));
  const money = (name: string): number => read(name, parseRupees(text(name), { paise: true }));
  const socialLinks: Record<string, string> = {};
  for (const p of SOCIAL_PLATFORMS) {
    const v = withHttps(text(`socialLinks.${p}`), p);
    if (v) socialLinks[p] = v;
  }
  const homeCity = await cityInForm(state.db, text("homeCity"), "homeCity", issues);
  const input = {
    name: text("name"),
    bio: text("bio") || null,
    yearsExperience: whole("yearsExperience"),
    budgetMin: money("budgetMin"),
    budgetStandard: money("budgetStandard"),
    budgetPremium: money("budgetPremium"),
    genres: form.getAll("genres").map(String),
    languages: form.getAll("languages").map(String),
    homeCityId: homeCity?.id ?? null,
    travelRadiusKm: whole("travelRadiusKm"),
    socialLinks,
    riders: text("riders") || null,
  };
  if (issues.length) throw new ValidationError("Please check the highlighted fields", issues);
  return input;
}

/** The service's field names where the form's differ. */
function renameFields(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(fields)) {
    // A list's item ("genres.0") is shown at the list's field.
    const name = field === "homeCityId" ? "homeCity" : field.replace(/^(genres|languages)\.\d+$/, "$1");
    out[name] ??= message;
  }
  return out;
}

export default define.page<typeof handler>(function EditAct({ data }) {
  const { act, values, failed } = data;
  const errors = failed?.intent === "save" ? failed.fields : {};
  const profile = `/${act.kind === "band" ? "bands" : "artists"}/${act.slug}`;
  const field = (
    name: string,
    label: string,
    extra: { type?: string; hint?: string; required?: boolean; inputmode?: "numeric" | "decimal" } = {},
  ) => <Field name={name} label={label} value={values[name]} error={errors[name]} {...extra} />;
  return (
    <section class="max-w-2xl mx-auto px-4 py-8 grid gap-6">
      <div>
        <h1 class="text-2xl font-bold">Edit {act.name}</h1>
        <p class="text-sm flex flex-wrap gap-4">
          <a href={profile} class="underline">See your public page</a>
          {act.kind === "band" && <a href={`/bands/${act.slug}/members`} class="underline">Band members</a>}
          <a href={`/artists/${act.slug}/verification`} class="underline" data-testid="verification-link">
            {act.isVerified ? "Verified" : "Ask to be verified"}
          </a>
        </p>
      </div>
      <FormMessage state={{ message: data.notice }} tone="ok" />

      <EditCard title="Profile">
        <form method="post" class="grid gap-4" data-testid="profile-form">
          <FormMessage state={failed?.intent === "save" ? failed : undefined} />
          {field("name", "Name", { required: true })}
          <TextAreaField name="bio" label="About" value={values.bio ?? ""} error={errors.bio} rows={6} />
          {field("yearsExperience", "Years on stage", { inputmode: "numeric" })}
          <div class="grid sm:grid-cols-3 gap-3">
            {field("budgetMin", `Starting fee (${act.currency})`, { required: true, inputmode: "decimal" })}
            {field("budgetStandard", `Standard fee (${act.currency})`, {
              required: true,
              inputmode: "decimal",
            })}
            {field("budgetPremium", `Premium fee (${act.currency})`, {
              required: true,
              inputmode: "decimal",
            })}
          </div>
          <CheckboxesField
            name="genres"
            label="Genres"
            checked={data.genres}
            options={GENRES.map((g) => ({ value: g.slug, label: g.label }))}
            error={errors.genres}
          />
          <CheckboxesField
            name="languages"
            label="Languages you perform in"
            checked={data.languages}
            options={languageChoices(data.languages)}
            error={errors.languages}
          />
          {field("homeCity", "Home city")}
          {field("travelRadiusKm", "Travels up to (km)", { inputmode: "numeric" })}
          {SOCIAL_PLATFORMS.map((p) => (
            <Field
              key={p}
              name={`socialLinks.${p}`}
              label={SOCIAL_LABELS[p]}
              inputmode="url"
              value={values[`socialLinks.${p}`]}
              error={errors[`socialLinks.${p}`]}
            />
          ))}
          <TextAreaField
            name="riders"
            label="Rider notes"
            value={values.riders ?? ""}
            error={errors.riders}
          />
          <SaveButton name="intent" value="save">Save changes</SaveButton>
        </form>
      </EditCard>

      <PhotoForm failed={failed} uploads={data.uploads} current={act.photoUrl} />
      <PortfolioEditor actId={act.id} items={data.portfolio} failed={failed} uploads={data.uploads} />
    </section>
  );
});
