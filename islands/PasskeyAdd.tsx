/**
 * "Add a passkey" on /account: a name, the password when this session did
 * not just sign in, and the browser's dialog to make the passkey. Making a
 * passkey needs JavaScript and WebAuthn, so without them the island says so
 * (listing, renaming and removing passkeys are plain forms beside it). The
 * ceremony and @simplewebauthn/browser load by dynamic import on the tap.
 */
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";

interface Props {
  /** This session signed in under five minutes ago, so no password is asked for at first. */
  recentLogin: boolean;
}

export default function PasskeyAdd({ recentLogin }: Props) {
  const supported = useSignal<boolean | null>(null);
  const name = useSignal("");
  const password = useSignal("");
  const askPassword = useSignal(!recentLogin);
  const busy = useSignal(false);
  const problem = useSignal<string | null>(null);
  const fields = useSignal<Record<string, string>>({});

  useEffect(() => {
    supported.value = typeof PublicKeyCredential !== "undefined";
  }, []);

  async function add(e: Event) {
    e.preventDefault();
    busy.value = true;
    problem.value = null;
    fields.value = {};
    try {
      const ceremony = await import("./passkeys/ceremony.ts");
      try {
        await ceremony.addPasskey(name.value, askPassword.value ? password.value : "");
        location.assign("/account?passkey=added");
        return;
      } catch (err) {
        problem.value = ceremony.ceremonyProblem(err);
        if (err instanceof ceremony.ApiProblem) {
          fields.value = err.fields;
          if (err.fields.password) askPassword.value = true;
        }
      }
    } catch {
      problem.value = "Passkeys could not be loaded. Check your connection and try again.";
    }
    busy.value = false;
  }

  if (supported.value === null) {
    return (
      <p class="text-sm text-ink-500" data-testid="passkey-add-needs-js">
        Adding a passkey needs JavaScript, which is off or not available in this browser.
      </p>
    );
  }
  if (!supported.value) {
    return <p class="text-sm text-ink-500">This browser cannot make passkeys.</p>;
  }
  const err = fields.value;
  return (
    <form onSubmit={add} class="grid gap-3" data-testid="passkey-add">
      {problem.value && <p role="alert" class="text-sm text-red-700">{problem.value}</p>}
      <div>
        <label for="passkey-new-name" class="block text-sm font-semibold text-ink-700">
          Name it after the device or passkey manager
        </label>
        <input
          id="passkey-new-name"
          required
          maxlength={60}
          placeholder="My phone"
          value={name.value}
          onInput={(e) => name.value = e.currentTarget.value}
          aria-invalid={err.name ? "true" : undefined}
          aria-describedby={err.name ? "passkey-new-name-error" : undefined}
          class="mt-1 w-full rounded-lg border border-ink-100 px-3 py-2"
        />
        {err.name && <p id="passkey-new-name-error" class="mt-1 text-sm text-red-700">{err.name}</p>}
      </div>
      {askPassword.value && (
        <div>
          <label for="passkey-new-password" class="block text-sm font-semibold text-ink-700">
            Your password
          </label>
          <input
            id="passkey-new-password"
            type="password"
            autocomplete="current-password"
            value={password.value}
            onInput={(e) => password.value = e.currentTarget.value}
            aria-invalid={err.password ? "true" : undefined}
            aria-describedby="passkey-new-password-hint"
            class="mt-1 w-full rounded-lg border border-ink-100 px-3 py-2"
          />
          <p
            id="passkey-new-password-hint"
            class={`mt-1 text-sm ${err.password ? "text-red-700" : "text-ink-500"}`}
          >
            {err.password ?? "Adding a passkey needs your password, or a sign-in in the last five minutes."}
          </p>
        </div>
      )}
      <button
        type="submit"
        disabled={busy.value}
        class="rounded-lg bg-ink-900 text-white px-4 py-2 justify-self-start"
        data-testid="passkey-add-button"
      >
        {busy.value ? "Waiting for your device…" : "Add a passkey"}
      </button>
    </form>
  );
}
