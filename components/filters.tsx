/** The fields of a search page's GET filter form: labelled, compact, one style everywhere. */

const LABEL = "text-xs font-semibold text-ink-500";
const CONTROL = "mt-1 w-full rounded-lg border px-3 py-2 bg-white text-base font-normal text-ink-900";

/** A filter the search refused says why beneath it. */
function controlClass(error: string | undefined): string {
  return `${CONTROL} ${error ? "border-red-400" : "border-ink-100"}`;
}

function FilterError({ name, error }: { name: string; error?: string }) {
  return error ? <span id={`${name}-error`} class="block mt-1 font-normal text-red-700">{error}</span> : null;
}

/** `numeric` brings up the number pad on phones, while still accepting "1,50,000". */
export function FilterText(
  { name, label, value, numeric, type, error }: {
    name: string;
    label: string;
    value: string;
    numeric?: boolean;
    /** e.g. "date"; text by default. */
    type?: string;
    error?: string;
  },
) {
  return (
    <label class={LABEL}>
      {label}
      <input
        name={name}
        type={type}
        value={value}
        class={controlClass(error)}
        inputMode={numeric ? "numeric" : undefined}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={error ? `${name}-error` : undefined}
      />
      <FilterError name={name} error={error} />
    </label>
  );
}

export interface FilterOption {
  value: string;
  label: string;
}

/** `any`, when given, is the first option, with the empty value: no filter. */
export function FilterSelect(
  { name, label, options, selected, any, error }: {
    name: string;
    label: string;
    options: readonly FilterOption[];
    selected: string;
    any?: string;
    error?: string;
  },
) {
  return (
    <label class={LABEL}>
      {label}
      <select
        name={name}
        class={controlClass(error)}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={error ? `${name}-error` : undefined}
      >
        {any !== undefined && <option value="">{any}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === selected}>{o.label}</option>
        ))}
      </select>
      <FilterError name={name} error={error} />
    </label>
  );
}
