import { page } from "fresh";
import { AccountPasskeys, type PasskeyFormError } from "../../components/AccountPasskeys.tsx";
import { FormMessage, formStateOf } from "../../components/forms.tsx";
import { PushSettings } from "../../components/PushSettings.tsx";
import { PUSH_TYPES } from "../../domain/push_types.ts";
import { NextStepCard } from "../../components/NextStepCard.tsx";
import { YourProfiles } from "../../components/YourProfiles.tsx";
import { formatDateTime } from "../../domain/time_format.ts";
import { formFields } from "../../lib/form_data.ts";
import { endOtherSessions, endSession, me, sessions } from "../../services/auth/my_account.ts";
import {
  myPasskeys,
  type PasskeySummary,
  removeOwnPasskey,
  renameOwnPasskey,
} from "../../services/auth/passkeys.ts";
import type { SessionSummary } from "../../services/auth/sessions.ts";
import {
  myNextStep,
  myProfiles,
  type OwnedProfileRow,
  type Step,
} from "../../services/onboarding/next_step.ts";
import {
  type PushSettings as PushSettingsData,
  pushSettings,
  removePushDevice,
  setPushPreferences,
} from "../../services/push/subscriptions.ts";
import type { PublicUser } from "../../services/users/public_user.ts";
import { define, signInFirst, type State } from "../../utils.ts";

interface Data {
  user: PublicUser;
  sessions: SessionSummary[];
  step: Step | null;
  profiles: OwnedProfileRow[];
  passkeys: PasskeySummary[];
  recentLogin: boolean;
  passkeyError?: PasskeyFormError;
  push: PushSettingsData;
  /** What went wrong with a push form, shown in its section. */
  pushProblem?: string;
  notice?: string;
}

const PASSKEY_NOTICES: Record<string, string> = {
  added: "Passkey added. Next time, sign in with it.",
};

export const handler = define.handlers<Data>({
  async GET(ctx) {
    if (!ctx.state.actor) return signInFirst(ctx);
    ctx.state.title = "Your account";
    return page({
      ...await load(ctx.state),
      notice: PASSKEY_NOTICES[ctx.url.searchParams.get("passkey") ?? ""],
    });
  },
  async POST(ctx) {
    if (!ctx.state.actor) return signInFirst(ctx);
    ctx.state.title = "Your account";
    const fields = await formFields(ctx.req);
    const { intent = "", session = "", passkey = "", name = "", password = "" } = fields;
    let notice: string | undefined;
    if (intent === "rename-passkey" || intent === "remove-passkey") {
      const { deps, actor, requestMeta } = ctx.state;
      try {
        if (intent === "rename-passkey") {
          await renameOwnPasskey(deps, actor, passkey, { name }, requestMeta);
          notice = "Passkey renamed.";
        } else {
          await removeOwnPasskey(deps, actor, passkey, password ? { password } : {}, requestMeta);
          notice = "Passkey removed. It no longer signs you in.";
        }
      } catch (err) {
        const form = formStateOf(err);
        const passkeyError = { passkeyId: passkey, form };
        return page({ ...await load(ctx.state), passkeyError }, {
          status: form.status,
          headers: form.headers,
        });
      }
    }
    if (intent === "end-others") {
      const ended = await endOtherSessions(ctx.state.deps, ctx.state.actor, ctx.state.requestMeta);
      notice = ended === 1 ? "Signed out of 1 other session." : `Signed out of ${ended} other sessions.`;
    } else if (intent === "end-one") {
      await endSession(ctx.state.deps, ctx.state.actor, session, ctx.state.requestMeta);
      notice = "That session is signed out.";
    } else if (intent === "push-preferences" || intent === "push-remove") {
      try {
        if (intent === "push-remove") {
          await removePushDevice(ctx.state.deps, ctx.state.actor, fields.device ?? "", ctx.state.requestMeta);
          notice = "Notifications are off on that device.";
        } else {
          const chosen = Object.fromEntries(PUSH_TYPES.map((t) => [t, fields[`push_${t}`] === "on"]));
          await setPushPreferences(ctx.state.deps, ctx.state.actor, chosen, ctx.state.requestMeta);
          notice = "Your notification choices are saved.";
        }
      } catch (err) {
        const state = formStateOf(err);
        return page({ ...await load(ctx.state), pushProblem: state.message }, { status: state.status });
      }
    }
    return page({ ...await load(ctx.state), notice });
  },
});

async function load(state: State): Promise<Data> {
  return {
    user: await me(state.deps, state.actor),
    sessions: await sessions(state.deps, state.actor),
    step: await myNextStep(state.db, state.actor),
    profiles: await myProfiles(state.db, state.actor),
    ...await myPasskeys(state.deps, state.actor),
    push: await pushSettings(state.deps, state.actor),
  };
}

function device(userAgent: string | null): string {
  if (!userAgent) return "Unknown device";
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /Chrome\//.test(userAgent)
    ? "Chrome"
    : /Firefox\//.test(userAgent)
    ? "Firefox"
    : /Safari\//.test(userAgent)
    ? "Safari"
    : "App or browser";
  const os = /Android/.test(userAgent)
    ? "Android"
    : /iPhone|iPad/.test(userAgent)
    ? "iOS"
    : /Windows/.test(userAgent)
    ? "Windows"
    : /Mac OS/.test(userAgent)
    ? "macOS"
    : /Linux/.test(userAgent)
    ? "Linux"
    : "";
  return os ? `${browser} on ${os}` : browser;
}

export default define.page<typeof handler>(function Account({ data }) {
  const { user } = data;
  const others = data.sessions.filter((s) => !s.current).length;
  return (
    <section class="max-w-2xl mx-auto px-4 py-8 grid gap-6">
      <div>
        <h1 class="text-2xl font-bold">{user.displayName ?? user.email}</h1>
        <p class="text-ink-500 text-sm">{user.email} · {user.roles.join(", ").replaceAll("_", " ")}</p>
      </div>
      <FormMessage state={{ message: data.notice }} tone="ok" />
      <NextStepCard step={data.step} />
      <YourProfiles profiles={data.profiles} />
      <p class="text-sm flex flex-wrap gap-x-6 gap-y-2">
        <a href="/account/trust" class="font-semibold text-plum-700 underline" data-testid="trust-link">
          Your trust scores, explained
        </a>
        <a href="/account/billing" class="font-semibold text-plum-700 underline" data-testid="billing-link">
          Billing details for GST invoices
        </a>
      </p>

      <AccountPasskeys passkeys={data.passkeys} recentLogin={data.recentLogin} error={data.passkeyError} />

      <div class="bg-white rounded-2xl shadow-sm p-5">
        <h2 class="font-bold">Where you are signed in</h2>
        <ul class="mt-3 divide-y divide-ink-100" data-testid="sessions">
          {data.sessions.map((s) => (
            <li key={s.id} class="py-3 flex items-center justify-between gap-3">
              <div>
                <p class="font-medium">
                  {device(s.userAgent)}{" "}
                  {s.current && (
                    <span class="ml-1 text-xs rounded bg-green-100 text-green-800 px-2 py-0.5">
                      This device
                    </span>
                  )}
                </p>
                <p class="text-xs text-ink-500">
                  {s.ip ?? "unknown address"} · last active {formatDateTime(s.lastSeenAt)}
                </p>
              </div>
              {!s.current && (
                <form method="post">
                  <input type="hidden" name="session" value={s.id} />
                  <button type="submit" name="intent" value="end-one" class="text-sm text-red-700 underline">
                    Sign out
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
        {others > 0 && (
          <form method="post" class="mt-3">
            <button
              type="submit"
              name="intent"
              value="end-others"
              class="rounded-lg border border-red-300 text-red-700 px-3 py-2 text-sm"
            >
              Sign out of all other sessions
            </button>
          </form>
        )}
      </div>

      <PushSettings settings={data.push} message={data.pushProblem} />

      <form method="post" action="/logout">
        <button type="submit" class="rounded-lg bg-ink-900 text-white px-4 py-2">Log out</button>
      </form>
    </section>
  );
});
