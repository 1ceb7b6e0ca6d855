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
import PasskeySignIn from "../../islands/PasskeySignIn.tsx";
import { login } from "../../services/auth/login.ts";
import { passkeyLogin } from "../../services/auth/passkeys_login.ts";
import { setSessionCookies } from "../../services/auth/session_cookies.ts";
import { define } from "../../utils.ts";

interface Data {
  identifier: string;
  next: string;
  notice?: string;
  form?: FormState;
  /** Step-up: this identifier also needs the code e-mailed to the account. */
  askCode?: boolean;
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
    const fields = await formFields(ctx.req);
    const { identifier = "", password = "", code = "" } = fields;
    const next = safeNext(fields.next, "/account");
    try {
      const input = { identifier, password, ...(code.trim() ? { code } : {}) };
      const session = fields.intent === "passkey"
        ? await passkeyLogin(
          ctx.state.deps,
          { response: parsedAnswer(fields.passkey) },
          ctx.state.requestMeta,
          "browser",
        )
        : await login(ctx.state.deps, input, ctx.state.requestMeta, "browser");
      const res = ctx.redirect(next, 303);
      setSessionCookies(res.headers, ctx.state.cookies, session, ctx.state.deps.now());
      return res;
    } catch (err) {
      const form = formStateOf(err);
      // Once asked for, the code field stays until the sign-in succeeds, e.g. after a mistyped password.
      const askCode = fields.intent !== "passkey" && ("code" in fields || "code" in form.fields);
      return page({ identifier, next, form, askCode }, { status: form.status, headers: form.headers });
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
          error={data.form?.fields.identifier}
          autocomplete="username webauthn"
          required
        />
        <Field name="password" label="Password" type="password" autocomplete="current-password" required />
        {data.askCode && <CodeField error={data.form?.fields.code} />}
        <SubmitButton>Log in</SubmitButton>
      </form>
      <PasskeySignIn next={data.next} />
      <p class="text-sm text-ink-500 flex justify-between">
        <a href="/forgot-password" class="text-saffron-700 underline">Forgot your password?</a>
        <a href="/register" class="text-saffron-700 underline">Create an account</a>
      </p>
    </AuthCard>
  );
});

/** The passkey island's answer, JSON as @simplewebauthn/browser made it; anything else fails validation. */
function parsedAnswer(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? "");
  } catch {
    return null;
  }
}

/** Step-up's second factor, explained, since nobody expects it on a sign-in form. */
function CodeField({ error }: { error?: string }) {
  return (
    <div class="grid gap-2">
      <p class="text-sm text-ink-700">
        After several failed sign-ins, this account also needs a one-time code. We e-mailed one to the
        account's address: enter it here with the password. It works once, for 10 minutes. No e-mail, or the
        code has expired? Log in again and we send a new one (at most one a minute).
      </p>
      <Field
        name="code"
        label="6-digit code from the e-mail"
        error={error}
        autocomplete="one-time-code"
        inputmode="numeric"
        pattern="[0-9]{6}"
        maxlength={6}
      />
    </div>
  );
}
