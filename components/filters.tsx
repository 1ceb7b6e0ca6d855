/** The fields of a search page's GET filter form: labelled, compact, one style everywhere. */

const LABEL = "text-xs font-semibold text-ink-500";
const CONTROL =
  "mt-1 w-full rounded-lg border border-ink-100 px-3 py-2 bg-white text-base font-normal text-ink-900";

/** `numeric` brings up the number pad on phones, while still accepting "1,50,000". */
export function FilterText(
  { name, label, value, numeric }: { name: string; label: string; value: string; numeric?: boolean },
) {
  return (
    <label class={LABEL}>
      {label}
      <input name={name} value={value} class={CONTROL} inputMode={numeric ? "numeric" : undefined} />
    </label>
  );
}

export interface FilterOption {
  value: string;
  label: string;
}

/** `any`, when given, is the first option, with the empty value: no filter. */
export function FilterSelect(
  { name, label, options, selected, any }: {
    name: string;
    label: string;
    options: readonly FilterOption[];
    selected: string;
    any?: string;
  },
) {
  return (
    <label class={LABEL}>
      {label}
      <select name={name} class={CONTROL}>
        {any !== undefined && <option value="">{any}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === selected}>{o.label}</option>
        ))}
      </select>
    </label>
  );
}
