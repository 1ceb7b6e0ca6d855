/**
 * An audit row's diff (db/audit.ts) as a table people can read. Row-change triggers write `{ old, new }`
 * (an update: only the columns that changed), `{ new }` (an insert) or `{ old }` (a delete); application
 * events write their own fields (`{ role: "staff" }`, `{ reason, sessionsEnded }`). The first become
 * before/after rows, the second field/value rows. Values are shown as JSON would write them, except text,
 * which is shown as it is; a missing side is `undefined`, so "was not there" differs from "was null".
 */
export interface ChangeRow {
  field: string;
  before: string | undefined;
  after: string | undefined;
}

export type DiffTable =
  | { kind: "change"; rows: ChangeRow[] }
  | { kind: "details"; rows: { field: string; value: string }[] }
  | { kind: "none" };

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

export function diffTable(diff: Json | null): DiffTable {
  if (!diff || Object.keys(diff).length === 0) return { kind: "none" };
  const keys = Object.keys(diff);
  const sides = keys.every((k) => k === "old" || k === "new") && keys.every((k) => isObject(diff[k]));
  if (!sides) {
    return {
      kind: "details",
      rows: keys.sort().map((field) => ({ field, value: showValue(diff[field]) })),
    };
  }
  const before = (diff.old ?? {}) as Json;
  const after = (diff.new ?? {}) as Json;
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return {
    kind: "change",
    rows: fields.map((field) => ({
      field,
      before: field in before ? showValue(before[field]) : undefined,
      after: field in after ? showValue(after[field]) : undefined,
    })),
  };
}

export function showValue(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
}
