/**
 * The passkeys section of /account: each passkey with when it was added and
 * last used, renamed and removed with plain forms (removing asks for the
 * password unless this session just signed in), and the island that adds one.
 */
import type { FormState } from "./forms.tsx";
import PasskeyAdd from "../islands/PasskeyAdd.tsx";
import { formatDateTime } from "../domain/time_format.ts";
import type { PasskeySummary } from "../services/auth/passkeys.ts";

/** A refused rename or removal, shown with the passkey it was about. */
export interface PasskeyFormError {
  passkeyId: string;
  form: FormState;
}

interface Props {
  passkeys: PasskeySummary[];
  recentLogin: boolean;
  error?: PasskeyFormError;
}

export function AccountPasskeys({ passkeys, recentLogin, error }: Props) {
  return (
    <div class="bg-white rounded-2xl shadow-sm p-5" data-testid="passkeys">
      <h2 class="font-bold">Passkeys</h2>
      <p class="mt-1 text-sm text-ink-500">
        Sign in with your fingerprint, face or screen lock instead of typing your password. Your password
        keeps working, and gets you in if you lose the device.
      </p>
      {error && !passkeys.some((p) => p.id === error.passkeyId) && (
        <p role="alert" class="mt-3 text-sm text-red-700">{error.form.message}</p>
      )}
      {passkeys.length === 0
        ? <p class="mt-3 text-sm" data-testid="no-passkeys">You have no passkeys yet.</p>
        : (
          <ul class="mt-3 divide-y divide-ink-100">
            {passkeys.map((p) => (
              <PasskeyItem
                key={p.id}
                passkey={p}
                recentLogin={recentLogin}
                form={error?.passkeyId === p.id ? error.form : undefined}
              />
            ))}
          </ul>
        )}
      <div class="mt-4">
        <PasskeyAdd recentLogin={recentLogin} />
      </div>
    </div>
  );
}

function PasskeyItem(
  { passkey: p, recentLogin, form }: { passkey: PasskeySummary; recentLogin: boolean; form?: FormState },
) {
  const nameId = `passkey-name-${p.id}`;
  const passwordId = `passkey-password-${p.id}`;
  const nameError = form?.fields.name;
  const passwordError = form?.fields.password;
  const askPassword = !recentLogin || passwordError !== undefined;
  return (
    <li class="py-3 grid gap-2" data-testid="passkey">
      <div>
        <p class="font-medium" data-testid="passkey-name">{p.name}</p>
        <p class="text-xs text-ink-500">
          Added {formatDateTime(p.createdAt)} ·{" "}
          {p.lastUsedAt ? `last used ${formatDateTime(p.lastUsedAt)}` : "not used yet"} ·{" "}
          {p.deviceType === "multiDevice" ? "synced by your passkey manager" : "on one device only"}
        </p>
      </div>
      {form?.message && !nameError && !passwordError && (
        <p role="alert" class="text-sm text-red-700">{form.message}</p>
      )}
      <details open={nameError !== undefined}>
        <summary class="text-sm text-plum-700 underline cursor-pointer">Rename</summary>
        <form method="post" class="mt-2 flex flex-wrap items-end gap-2">
          <input type="hidden" name="passkey" value={p.id} />
          <div>
            <label for={nameId} class="block text-sm font-semibold text-ink-700">New name</label>
            <input
              id={nameId}
              name="name"
              value={p.name}
              required
              maxlength={60}
              aria-invalid={nameError ? "true" : undefined}
              aria-describedby={nameError ? `${nameId}-error` : undefined}
              class="mt-1 rounded-lg border border-ink-100 px-3 py-2"
            />
            {nameError && <p id={`${nameId}-error`} class="mt-1 text-sm text-red-700">{nameError}</p>}
          </div>
          <button
            type="submit"
            name="intent"
            value="rename-passkey"
            class="rounded-lg border border-ink-300 px-3 py-2 text-sm"
          >
            Save name
          </button>
        </form>
      </details>
      <form method="post" class="flex flex-wrap items-end gap-2">
        <input type="hidden" name="passkey" value={p.id} />
        {askPassword && (
          <div>
            <label for={passwordId} class="block text-sm font-semibold text-ink-700">
              Your password, to remove it
            </label>
            <input
              id={passwordId}
              name="password"
              type="password"
              autocomplete="current-password"
              aria-invalid={passwordError ? "true" : undefined}
              aria-describedby={passwordError ? `${passwordId}-error` : undefined}
              class="mt-1 rounded-lg border border-ink-100 px-3 py-2"
            />
            {passwordError && (
              <p id={`${passwordId}-error`} class="mt-1 text-sm text-red-700">{passwordError}</p>
            )}
          </div>
        )}
        <button
          type="submit"
          name="intent"
          value="remove-passkey"
          class="rounded-lg border border-red-300 text-red-700 px-3 py-2 text-sm"
          data-testid="passkey-remove"
        >
          Remove
        </button>
      </form>
    </li>
  );
}
