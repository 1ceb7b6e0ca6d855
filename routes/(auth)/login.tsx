import { page } from "fresh";
import {
  AuthCard,
  Field,
  FormMessage,
  type FormState,
  formStateOf,
  SubmitButton,
} from "../../components/forms.tsx";
import { formFields, safeNext } from "../../lib/form_data.ts";
import { login } from "../../services/auth/login.ts";
import { setSessionCookies } from "../../server/session_cookies.ts";
import { define } from "../../utils.ts";

interface Data {
  identifier: string;
  next: string;
  notice?: string;
  form?: FormState;
}

const NOTICES: Record<string, string> = {
  reset: "Your password is changed. Log in with the new one.",
  verified: "Your e-mail address is verified. Welcome aboard!",
  expired: "Your session ended. Please log in again.",
};

export const handler = define.handlers<Data>({
  GET(ctx) {
    ctx.state.title = "Log in";
    const next = safeNext(ctx.url.searchParams.get("next"), "/account");
    if (ctx.state.actor) return ctx.redirect(next, 303);
    return page({ identifier: "", next, notice: NOTICES[ctx.url.searchParams.get("notice") ?? ""] });
  },
  async POST(ctx) {
    ctx.state.title = "Log in";
    const { identifier = "", password = "", next: rawNext } = await formFields(ctx.req);
    const next = safeNext(rawNext, "/account");
    try {
      const session = await login(ctx.state.auth, { identifier, password }, ctx.state.requestMeta, "browser");
      const res = ctx.redirect(next, 303);
      setSessionCookies(res.headers, ctx.state.cookies, session, ctx.state.auth.now());
      return res;
    } catch (err) {
      const form = formStateOf(err);
      return page({ identifier, next, form }, { status: form.status, headers: form.headers });
    }
  },
});

export default define.page<typeof handler>(function Login({ data }) {
  return (
    <AuthCard title="Log in">
      {data.notice && <FormMessage state={{ message: data.notice }} tone="ok" />}
      <FormMessage state={data.form} />
      <form method="post" class="grid gap-4">
        <input type="hidden" name="next" value={data.next} />
        <Field
          name="identifier"
          label="E-mail or username"
          value={data.identifier}
          autocomplete="username"
          required
        />
        <Field name="password" label="Password" type="password" autocomplete="current-password" required />
        <SubmitButton>Log in</SubmitButton>
      </form>
      <p class="text-sm text-ink-500 flex justify-between">
        <a href="/forgot-password" class="text-saffron-700 underline">Forgot your password?</a>
        <a href="/register" class="text-saffron-700 underline">Create an account</a>
      </p>
    </AuthCard>
  );
});
