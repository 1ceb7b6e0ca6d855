/**
 * Form building blocks for server-rendered pages: fields that show their own
 * error, and the mapping from a use case's error to what a form displays.
 */
import type { ComponentChildren } from "preact";
import { AppError, RateLimited, statusOf } from "../domain/errors.ts";

export interface FormState {
  /** A message about the whole form, shown above it. */
  message?: string;
  /** Field name -> message. */
  fields: Record<string, string>;
  status: number;
  headers?: Record<string, string>;
}

/**
 * What a form shows for an error a use case threw. Only errors meant for the
 * user (AppError) are shown; anything else is rethrown to the error page.
 */
export function formStateOf(err: unknown): FormState {
  if (!(err instanceof AppError)) throw err;
  const fields: Record<string, string> = {};
  for (const d of err.details) fields[d.field] ??= d.message;
  return {
    message: err.message,
    fields,
    status: statusOf(err.code),
    headers: err instanceof RateLimited ? { "Retry-After": String(err.retryAfterSeconds) } : undefined,
  };
}

export function FormMessage(
  { state, tone = "error" }: { state?: { message?: string }; tone?: "error" | "ok" },
) {
  if (!state?.message) return null;
  const color = tone === "ok"
    ? "bg-green-50 text-green-800 border-green-200"
    : "bg-red-50 text-red-800 border-red-200";
  return (
    <p role={tone === "ok" ? "status" : "alert"} class={`rounded-lg border px-3 py-2 text-sm ${color}`}>
      {state.message}
    </p>
  );
}

interface FieldProps {
  name: string;
  label: string;
  type?: string;
  value?: string;
  error?: string;
  autocomplete?: string;
  required?: boolean;
  hint?: string;
  inputmode?: "numeric" | "decimal" | "email" | "tel" | "text" | "url";
  pattern?: string;
  maxlength?: number;
}

export function Field(p: FieldProps) {
  const describedBy = p.error ? `${p.name}-error` : p.hint ? `${p.name}-hint` : undefined;
  return (
    <div>
      <label for={p.name} class="block text-sm font-semibold text-ink-700">{p.label}</label>
      <input
        id={p.name}
        name={p.name}
        type={p.type ?? "text"}
        value={p.value}
        autocomplete={p.autocomplete}
        required={p.required}
        inputmode={p.inputmode}
        pattern={p.pattern}
        maxlength={p.maxlength}
        aria-invalid={p.error ? "true" : undefined}
        aria-describedby={describedBy}
        class={`mt-1 w-full rounded-lg border px-3 py-2 focus:outline-none focus:border-saffron-500 ${
          p.error ? "border-red-400" : "border-ink-100"
        }`}
      />
      {p.error && <p id={`${p.name}-error`} class="mt-1 text-sm text-red-700">{p.error}</p>}
      {!p.error && p.hint && <p id={`${p.name}-hint`} class="mt-1 text-xs text-ink-500">{p.hint}</p>}
    </div>
  );
}

export function SubmitButton({ children }: { children: ComponentChildren }) {
  return (
    <button
      type="submit"
      class="w-full rounded-lg bg-saffron-500 hover:bg-saffron-600 text-ink-900 font-semibold px-4 py-2"
    >
      {children}
    </button>
  );
}

export function AuthCard({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <section class="max-w-md mx-auto px-4 py-8 sm:py-12">
      <div class="bg-white rounded-2xl shadow-sm p-5 sm:p-6">
        <h1 class="text-2xl font-bold">{title}</h1>
        <div class="mt-4 grid gap-4">{children}</div>
      </div>
    </section>
  );
}
