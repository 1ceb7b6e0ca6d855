import { page } from "fresh";
import { SelectField, TextAreaField } from "../../../components/edit_fields.tsx";
import { Field, FormMessage, type FormState, formStateOf } from "../../../components/forms.tsx";
import { AppError } from "../../../domain/errors.ts";
import { currentGstStates } from "../../../domain/gst_states.ts";
import { formFields } from "../../../lib/form_data.ts";
import { billingDetails, saveBillingDetails } from "../../../services/payments/billing_details.ts";
import { define, signInFirst } from "../../../utils.ts";

/**
 * How the signed-in person's GST tax invoices name them: legal name, the
 * address on record, its state, and the GSTIN when they are registered (so
 * they can claim the input tax). A plain form; each error shows beside its
 * field and what was typed stays.
 */
interface Data {
  values: Record<string, string>;
  form?: FormState;
  saved?: boolean;
}

const FIELDS = ["legalName", "address", "stateCode", "gstin"] as const;
const STATES = [
  { value: "", label: "Choose…" },
  ...currentGstStates().map((s) => ({ value: s.code, label: s.name })),
];

export const handler = define.handlers<Data>({
  async GET(ctx) {
    if (!ctx.state.actor) return signInFirst(ctx);
    ctx.state.title = "Billing details";
    const current = await billingDetails(ctx.state.db, ctx.state.actor);
    return page({
      values: current ? { ...current, gstin: current.gstin ?? "" } : {},
      saved: ctx.url.searchParams.get("saved") === "1",
    });
  },
  async POST(ctx) {
    if (!ctx.state.actor) return signInFirst(ctx);
    ctx.state.title = "Billing details";
    const typed = await formFields(ctx.req);
    const values = Object.fromEntries(FIELDS.map((f) => [f, typed[f] ?? ""]));
    try {
      await saveBillingDetails(ctx.state.db, ctx.state.actor, { ...values, gstin: values.gstin || null });
    } catch (err) {
      if (!(err instanceof AppError) || err.code === "UNAUTHORIZED") throw err;
      const form = formStateOf(err);
      return page({ values, form }, { status: form.status });
    }
    return ctx.redirect("/account/billing?saved=1", 303);
  },
});

export default define.page<typeof handler>(function Billing({ data }) {
  const { values, form } = data;
  const error = (name: string) => form?.fields[name];
  return (
    <section class="max-w-xl mx-auto px-4 py-8 grid gap-5">
      <div>
        <p class="text-sm">
          <a href="/account" class="text-plum-700 underline">Your account</a>
        </p>
        <h1 class="text-2xl font-bold mt-1">Billing details</h1>
        <p class="mt-1 text-sm text-ink-700">
          How the GST tax invoices for what you pay name you. Give your GSTIN if you are registered, so you
          can claim the tax; invoices issued from now on use these details.
        </p>
      </div>
      <FormMessage state={{ message: data.saved ? "Billing details saved." : undefined }} tone="ok" />
      <FormMessage state={form} />
      <form method="post" class="bg-white rounded-2xl shadow-sm p-5 grid gap-4" data-testid="billing-form">
        <Field
          name="legalName"
          label="Legal name"
          value={values.legalName}
          error={error("legalName")}
          required
          autocomplete="organization"
        />
        <TextAreaField
          name="address"
          label="Address, with city and PIN code"
          value={values.address ?? ""}
          error={error("address")}
          rows={3}
          maxlength={500}
        />
        <SelectField
          name="stateCode"
          label="State or union territory"
          value={values.stateCode ?? ""}
          options={STATES}
          error={error("stateCode")}
        />
        <Field
          name="gstin"
          label="GSTIN (leave empty if not registered)"
          value={values.gstin}
          error={error("gstin")}
          maxlength={15}
          autocomplete="off"
        />
        <button
          type="submit"
          class="justify-self-start rounded-xl bg-plum-700 px-4 py-2 font-semibold text-white"
        >
          Save
        </button>
      </form>
    </section>
  );
});
