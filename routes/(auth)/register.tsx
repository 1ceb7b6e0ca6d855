import { page } from "fresh";
import {
  AuthCard,
  Field,
  FormMessage,
  type FormState,
  formStateOf,
  SubmitButton,
} from "../../components/forms.tsx";
import PasswordField from "../../islands/PasswordField.tsx";
import { SELF_SERVICE_ROLES, type SelfServiceRole } from "../../domain/roles.ts";
import { formFields } from "../../lib/form_data.ts";
import { register } from "../../services/auth/accounts.ts";
import { define } from "../../utils.ts";

const ROLE_LABELS: Record<SelfServiceRole, string> = {
  artist: "an artist",
  band_manager: "a band manager",
  promoter: "a promoter",
  organizer: "an event organizer",
  venue_manager: "a venue manager",
};

/** How the page's message names a field that is wrong, in the form's order. */
const FIELD_NAMES: Record<string, string> = {
  displayName: "your name",
  email: "the e-mail address",
  password: "the password",
  role: "what you are",
  phone: "the phone number",
};

const LIST = new Intl.ListFormat("en-IN", { type: "conjunction" });

interface Data {
  values: Record<string, string>;
  form?: FormState;
}

/** The form's state, its message naming the fields to fix ("Please check the e-mail address."). */
function namingFields(form: FormState): FormState {
  const named = Object.entries(FIELD_NAMES).filter(([f]) => f in form.fields).map(([, name]) => name);
  return named.length ? { ...form, message: `Please check ${LIST.format(named)}.` } : form;
}

export const handler = define.handlers<Data>({
  GET(ctx) {
    ctx.state.title = "Create your account";
    return page({ values: { role: ctx.url.searchParams.get("role") ?? "artist" } });
  },
  async POST(ctx) {
    ctx.state.title = "Create your account";
    const values = await formFields(ctx.req);
    try {
      const { phone, ...rest } = values;
      // Taken or not, the address gets an e-mail, so the next step is the same.
      const { email } = await register(
        ctx.state.deps,
        { ...rest, ...(phone?.trim() ? { phone } : {}) },
        ctx.state.requestMeta,
      );
      return ctx.redirect(`/verify?email=${encodeURIComponent(email)}&sent=1`, 303);
    } catch (err) {
      // What was typed comes back, except the password, which is never sent back to the browser.
      const form = namingFields(formStateOf(err));
      return page({ values: { ...values, password: "" }, form }, { status: form.status });
    }
  },
});

export default define.page<typeof handler>(function Register({ data }) {
  const { values, form } = data;
  const err = form?.fields ?? {};
  return (
    <AuthCard title="Create your account">
      <FormMessage state={form} />
      <form method="post" class="grid gap-4" novalidate>
        <Field
          name="displayName"
          label="Your name, or your act's"
          value={values.displayName}
          error={err.displayName}
          autocomplete="name"
          required
        />
        <Field
          name="email"
          label="E-mail"
          type="email"
          value={values.email}
          error={err.email}
          autocomplete="email"
          required
        />
        <PasswordField name="password" label="Password" error={err.password} autocomplete="new-password" />
        <div>
          <label for="role" class="block text-sm font-semibold text-ink-700">I am</label>
          <select
            id="role"
            name="role"
            aria-invalid={err.role ? "true" : undefined}
            aria-describedby={err.role ? "role-error" : undefined}
            class={`mt-1 w-full rounded-lg border px-3 py-2 bg-white ${
              err.role ? "border-red-400" : "border-ink-100"
            }`}
          >
            {SELF_SERVICE_ROLES.map((r) => (
              <option key={r} value={r} selected={values.role === r}>{ROLE_LABELS[r]}</option>
            ))}
          </select>
          {err.role && <p id="role-error" class="mt-1 text-sm text-red-700">{err.role}</p>}
        </div>
        <Field
          name="phone"
          label="Phone (optional)"
          type="tel"
          value={values.phone}
          error={err.phone}
          autocomplete="tel"
          hint="An Indian number needs no +91, e.g. 98450 12345; others with their country code"
        />
        <SubmitButton>Create account</SubmitButton>
      </form>
      <p class="text-sm text-ink-500">
        Already have an account? <a href="/login" class="text-saffron-700 underline">Log in</a>
      </p>
    </AuthCard>
  );
});
