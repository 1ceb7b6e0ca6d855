import { page } from "fresh";
import { AuthCard, FormMessage, type FormState, formStateOf, SubmitButton } from "../../components/forms.tsx";
import PasswordField from "../../islands/PasswordField.tsx";
import { formFields } from "../../lib/form_data.ts";
import { resetPassword } from "../../services/auth/accounts.ts";
import { define } from "../../utils.ts";

interface Data {
  token: string;
  form?: FormState;
}

export const handler = define.handlers<Data>({
  GET(ctx) {
    ctx.state.title = "Set a new password";
    return page({ token: ctx.url.searchParams.get("token") ?? "" });
  },
  async POST(ctx) {
    ctx.state.title = "Set a new password";
    const { token = "", password = "" } = await formFields(ctx.req);
    try {
      await resetPassword(ctx.state.deps, { token, password }, ctx.state.requestMeta);
    } catch (err) {
      const form = formStateOf(err);
      return page({ token, form }, { status: form.status });
    }
    return ctx.redirect("/login?notice=reset", 303);
  },
});

export default define.page<typeof handler>(function Reset({ data }) {
  const tokenError = data.form?.fields.token;
  return (
    <AuthCard title="Set a new password">
      <FormMessage state={data.form} />
      {tokenError
        ? <a href="/forgot-password" class="text-saffron-700 underline">Ask for a new link</a>
        : (
          <form method="post" class="grid gap-4">
            <input type="hidden" name="token" value={data.token} />
            <PasswordField
              name="password"
              label="New password"
              error={data.form?.fields.password}
              autocomplete="new-password"
            />
            <p class="text-xs text-ink-500">Every device signed in to your account will be signed out.</p>
            <SubmitButton>Set password</SubmitButton>
          </form>
        )}
    </AuthCard>
  );
});
