import { page } from "fresh";
import {
  AuthCard,
  Field,
  FormMessage,
  type FormState,
  formStateOf,
  SubmitButton,
} from "../../components/forms.tsx";
import { formFields } from "../../lib/form_data.ts";
import { forgotPassword } from "../../services/auth/accounts.ts";
import { define } from "../../utils.ts";

interface Data {
  email: string;
  sent: boolean;
  form?: FormState;
}

export const handler = define.handlers<Data>({
  GET(ctx) {
    ctx.state.title = "Forgot your password?";
    return page({ email: "", sent: false });
  },
  async POST(ctx) {
    ctx.state.title = "Forgot your password?";
    const { email = "" } = await formFields(ctx.req);
    try {
      await forgotPassword(ctx.state.deps, { email }, ctx.state.requestMeta);
    } catch (err) {
      const form = formStateOf(err);
      return page({ email, sent: false, form }, { status: form.status });
    }
    return page({ email, sent: true });
  },
});

export default define.page<typeof handler>(function Forgot({ data }) {
  return (
    <AuthCard title="Forgot your password?">
      {data.sent
        ? (
          <FormMessage
            tone="ok"
            state={{
              message:
                "If an account uses that address, we sent it a link to set a new password. It works for an hour.",
            }}
          />
        )
        : <p class="text-sm text-ink-500">We will e-mail you a link to set a new one.</p>}
      <FormMessage state={data.form} />
      <form method="post" class="grid gap-4">
        <Field
          name="email"
          label="E-mail"
          type="email"
          value={data.email}
          error={data.form?.fields.email}
          autocomplete="email"
          required
        />
        <SubmitButton>Send the link</SubmitButton>
      </form>
    </AuthCard>
  );
});
