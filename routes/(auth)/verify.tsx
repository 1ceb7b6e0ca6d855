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
import { resendVerification, verifyEmail } from "../../services/auth/accounts.ts";
import { define } from "../../utils.ts";

interface Data {
  email: string;
  /** From the e-mailed link: confirmed with a button, since mail scanners follow links. */
  token?: string;
  sent: boolean;
  form?: FormState;
}

export const handler = define.handlers<Data>({
  GET(ctx) {
    ctx.state.title = "Verify your e-mail";
    const q = ctx.url.searchParams;
    return page({ email: q.get("email") ?? "", token: q.get("token") ?? undefined, sent: q.has("sent") });
  },
  async POST(ctx) {
    ctx.state.title = "Verify your e-mail";
    const { email = "", code = "", token, intent } = await formFields(ctx.req);
    try {
      if (intent === "resend") {
        await resendVerification(ctx.state.deps, { email });
        return page({ email, sent: true });
      }
      await verifyEmail(ctx.state.deps, token ? { token } : { email, code }, ctx.state.requestMeta);
    } catch (err) {
      const form = formStateOf(err);
      return page({ email, token, sent: false, form }, { status: form.status });
    }
    return ctx.redirect("/login?notice=verified", 303);
  },
});

export default define.page<typeof handler>(function Verify({ data }) {
  if (data.token) {
    return (
      <AuthCard title="Confirm your e-mail address">
        <FormMessage state={data.form} />
        <form method="post" class="grid gap-4">
          <input type="hidden" name="token" value={data.token} />
          <SubmitButton>Confirm my address</SubmitButton>
        </form>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Verify your e-mail">
      {data.sent && (
        <FormMessage
          tone="ok"
          state={{
            message: "We sent you an e-mail with a link and a 6-digit code. The code works for 10 minutes.",
          }}
        />
      )}
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
        <Field
          name="code"
          label="6-digit code"
          inputmode="numeric"
          pattern="[0-9]{6}"
          maxlength={6}
          autocomplete="one-time-code"
          error={data.form?.fields.code}
          required
        />
        <SubmitButton>Verify</SubmitButton>
      </form>
      <form method="post">
        <input type="hidden" name="email" value={data.email} />
        <button type="submit" name="intent" value="resend" class="text-sm text-saffron-700 underline">
          Send me a new code
        </button>
      </form>
    </AuthCard>
  );
});
