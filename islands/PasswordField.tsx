/**
 * A password input that shows, as you type, which of the rules it meets.
 * Without JavaScript it is a plain input with the rules listed beneath; the
 * server enforces the same rules (and refuses common passwords) either way.
 * The Show/Hide button needs JavaScript to do anything, so it appears only
 * once the island has hydrated: the server never renders it.
 */
import { useComputed, useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { PASSWORD_RULES } from "../domain/password_policy.ts";

interface Props {
  name: string;
  label: string;
  error?: string;
  autocomplete: "new-password" | "current-password";
}

export default function PasswordField({ name, label, error, autocomplete }: Props) {
  const value = useSignal("");
  const shown = useSignal(false);
  // Effects run only in the browser, after hydration.
  const hydrated = useSignal(false);
  useEffect(() => {
    hydrated.value = true;
  }, []);
  const met = useComputed(() => PASSWORD_RULES.map((r) => r.test(value.value)));
  const score = useComputed(() => met.value.filter(Boolean).length + (value.value.length >= 14 ? 1 : 0));
  // Classes, not an inline style: the CSP refuses style attributes.
  const bar = [
    "w-0",
    "w-1/5 bg-red-400",
    "w-2/5 bg-saffron-400",
    "w-3/5 bg-saffron-500",
    "w-4/5 bg-green-500",
    "w-full bg-green-600",
  ];

  return (
    <div>
      <div class="flex items-baseline justify-between">
        <label for={name} class="block text-sm font-semibold text-ink-700">{label}</label>
        {hydrated.value && (
          <button
            type="button"
            class="text-xs text-saffron-700 underline"
            aria-controls={name}
            onClick={() => (shown.value = !shown.value)}
          >
            {shown.value ? "Hide" : "Show"}
          </button>
        )}
      </div>
      <input
        id={name}
        name={name}
        type={shown.value ? "text" : "password"}
        autocomplete={autocomplete}
        required
        aria-invalid={error ? "true" : undefined}
        aria-describedby={error ? `${name}-error ${name}-rules` : `${name}-rules`}
        onInput={(e) => (value.value = e.currentTarget.value)}
        class={`mt-1 w-full rounded-lg border px-3 py-2 focus:outline-none focus:border-saffron-500 ${
          error ? "border-red-400" : "border-ink-100"
        }`}
      />
      <div class="mt-2 h-1 rounded bg-ink-100 overflow-hidden" aria-hidden="true">
        <div class={`h-1 ${bar[score.value]}`} />
      </div>
      {error && <p id={`${name}-error`} class="mt-1 text-sm text-red-700">{error}</p>}
      <ul id={`${name}-rules`} class="mt-2 grid grid-cols-2 gap-x-2 text-xs" data-testid="password-rules">
        {PASSWORD_RULES.map((rule, i) => (
          <li
            key={rule.id}
            class={met.value[i] ? "text-green-700" : "text-ink-500"}
            data-met={met.value[i] ? "yes" : "no"}
          >
            {met.value[i] ? "✓" : "○"} {rule.label}
          </li>
        ))}
      </ul>
    </div>
  );
}
