/**
 * The owners' edit pages' building blocks beyond components/forms.tsx: long
 * text, a choice, a set of checkboxes, a file, and a card with a heading.
 * Every field shows its own error next to it.
 */
import type { ComponentChildren } from "preact";

const inputClass = (error?: string) =>
  `mt-1 w-full rounded-lg border px-3 py-2 focus:outline-none focus:border-saffron-500 ${
    error ? "border-red-400" : "border-ink-100"
  }`;

function FieldError({ name, error }: { name: string; error?: string }) {
  return error ? <p id={`${name}-error`} class="mt-1 text-sm text-red-700">{error}</p> : null;
}

export function TextAreaField(
  p: { name: string; label: string; value: string; error?: string; rows?: number; maxlength?: number },
) {
  return (
    <div>
      <label for={p.name} class="block text-sm font-semibold text-ink-700">{p.label}</label>
      <textarea
        id={p.name}
        name={p.name}
        rows={p.rows ?? 4}
        maxlength={p.maxlength}
        aria-invalid={p.error ? "true" : undefined}
        aria-describedby={p.error ? `${p.name}-error` : undefined}
        class={inputClass(p.error)}
      >
        {p.value}
      </textarea>
      <FieldError name={p.name} error={p.error} />
    </div>
  );
}

export function SelectField(
  p: {
    name: string;
    label: string;
    value: string;
    options: { value: string; label: string }[];
    error?: string;
  },
) {
  return (
    <div>
      <label for={p.name} class="block text-sm font-semibold text-ink-700">{p.label}</label>
      <select
        id={p.name}
        name={p.name}
        aria-invalid={p.error ? "true" : undefined}
        aria-describedby={p.error ? `${p.name}-error` : undefined}
        class={inputClass(p.error)}
      >
        {p.options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === p.value}>{o.label}</option>
        ))}
      </select>
      <FieldError name={p.name} error={p.error} />
    </div>
  );
}

export function CheckboxesField(
  p: {
    name: string;
    label: string;
    checked: string[];
    options: { value: string; label: string }[];
    error?: string;
  },
) {
  return (
    <fieldset>
      <legend class="block text-sm font-semibold text-ink-700">{p.label}</legend>
      <div class="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {p.options.map((o) => (
          <label key={o.value} class="inline-flex items-center gap-1">
            <input type="checkbox" name={p.name} value={o.value} checked={p.checked.includes(o.value)} />
            {o.label}
          </label>
        ))}
      </div>
      <FieldError name={p.name} error={p.error} />
    </fieldset>
  );
}

export function FileField(p: { name: string; label: string; accept: string; error?: string; hint?: string }) {
  return (
    <div>
      <label for={p.name} class="block text-sm font-semibold text-ink-700">{p.label}</label>
      <input
        id={p.name}
        name={p.name}
        type="file"
        accept={p.accept}
        required
        aria-invalid={p.error ? "true" : undefined}
        aria-describedby={p.error ? `${p.name}-error` : undefined}
        class="mt-1 block w-full text-sm"
      />
      <FieldError name={p.name} error={p.error} />
      {!p.error && p.hint && <p class="mt-1 text-xs text-ink-500">{p.hint}</p>}
    </div>
  );
}

export function EditCard({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <section class="bg-white rounded-2xl shadow-sm p-5 grid gap-4">
      <h2 class="text-lg font-bold">{title}</h2>
      {children}
    </section>
  );
}

export function SaveButton(
  { children, name, value }: { children: ComponentChildren; name?: string; value?: string },
) {
  return (
    <button
      type="submit"
      name={name}
      value={value}
      class="justify-self-start rounded-lg bg-saffron-500 hover:bg-saffron-600 text-ink-900 font-semibold px-4 py-2"
    >
      {children}
    </button>
  );
}
