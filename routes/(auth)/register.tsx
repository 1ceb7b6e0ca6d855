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

interface Data {
  values: Record<string, string>;
  form?: FormState;
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
      const form = formStateOf(err);
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
            class="mt-1 w-full rounded-lg border border-ink-100 px-3 py-2 bg-white"
          >
            {SELF_SERVICE_ROLES.map((r) => (
              <option key={r} value={r} selected={values.role === r}>{ROLE_LABELS[r]}</option>
            ))}
          </select>
          {err.role && <p class="mt-1 text-sm text-red-700">{err.role}</p>}
        </div>
        <Field
          name="phone"
          label="Phone (optional)"
          type="tel"
          value={values.phone}
          error={err.phone}
          autocomplete="tel"
          hint="With country code, e.g. +91 98450 12345"
        />
        <SubmitButton>Create account</SubmitButton>
      </form>
      <p class="text-sm text-ink-500">
        Already have an account? <a href="/login" class="text-saffron-700 underline">Log in</a>
      </p>
    </AuthCard>
  );
});
