/**
 * The audit log's filter form (a GET form: a filtered view is a link to share) and its export link. Actions
 * and entity types are suggested from what the log holds (a datalist: typing works without JavaScript).
 */
import { FilterText } from "../filters.tsx";

export interface AuditFilterValues {
  who: string;
  action: string;
  entityType: string;
  entityId: string;
  from: string;
  to: string;
}

const AUDIT_FILTER_NAMES = ["who", "action", "entityType", "entityId", "from", "to"] as const;

/** The filters as the address gives them ("" for each one not set). */
export function auditFilterValues(params: URLSearchParams): AuditFilterValues {
  const value = (name: keyof AuditFilterValues) => params.get(name) ?? "";
  return {
    who: value("who"),
    action: value("action"),
    entityType: value("entityType"),
    entityId: value("entityId"),
    from: value("from"),
    to: value("to"),
  };
}

const LABEL = "text-xs font-semibold text-ink-500";
const CONTROL =
  "mt-1 w-full rounded-lg border border-ink-100 px-3 py-2 bg-white text-base font-normal text-ink-900";

function Suggested(
  { name, label, value, list, options }: {
    name: string;
    label: string;
    value: string;
    list: string;
    options: string[];
  },
) {
  return (
    <label class={LABEL}>
      {label}
      <input name={name} value={value} list={list} class={CONTROL} autocomplete="off" />
      <datalist id={list}>
        {options.map((o) => <option key={o} value={o} />)}
      </datalist>
    </label>
  );
}

export function AuditFilters(
  { values, errors, actions, entityTypes }: {
    values: AuditFilterValues;
    errors: Record<string, string>;
    actions: string[];
    entityTypes: string[];
  },
) {
  return (
    <form
      method="get"
      action="/admin/audit"
      class="bg-white rounded-xl shadow-sm p-4 grid gap-3 sm:grid-cols-3 sm:items-start"
      role="search"
    >
      <FilterText name="who" label="Who (e-mail or account id)" value={values.who} error={errors.who} />
      <Suggested name="action" label="Action" value={values.action} list="audit-actions" options={actions} />
      <Suggested
        name="entityType"
        label="Entity type"
        value={values.entityType}
        list="audit-entity-types"
        options={entityTypes}
      />
      <FilterText name="entityId" label="Entity id" value={values.entityId} error={errors.entityId} />
      <FilterText name="from" label="From (day)" type="date" value={values.from} error={errors.from} />
      <FilterText name="to" label="To (day, included)" type="date" value={values.to} error={errors.to} />
      <button
        type="submit"
        class="rounded-lg bg-saffron-500 text-ink-900 font-semibold px-4 py-2 sm:col-start-3"
      >
        Filter
      </button>
    </form>
  );
}

/** The query string of the filters that are set, for links (export, next page). */
export function filterQuery(values: AuditFilterValues, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const name of AUDIT_FILTER_NAMES) if (values[name]) params.set(name, values[name]);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params.toString();
}
