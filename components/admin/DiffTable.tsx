/** An audit entry's diff (domain/audit_diff.ts): a before/after table, or the event's own fields. */
import type { DiffTable as Diff } from "../../domain/audit_diff.ts";

const CELL = "px-3 py-2 align-top break-all";

/** What a side that was not there shows: nothing to compare, said plainly. */
function Side({ value }: { value: string | undefined }) {
  return value === undefined ? <span class="text-ink-300">(none)</span> : <span>{value}</span>;
}

export function DiffTable({ diff }: { diff: Diff }) {
  if (diff.kind === "none") return <p class="text-sm text-ink-500">This entry records no details.</p>;
  if (diff.kind === "details") {
    return (
      <div class="overflow-x-auto rounded-xl border border-ink-100 bg-white">
        <table class="w-full text-sm" data-testid="audit-details">
          <thead class="bg-ink-50 text-left">
            <tr>
              <th scope="col" class={CELL}>Field</th>
              <th scope="col" class={CELL}>Value</th>
            </tr>
          </thead>
          <tbody class="divide-y divide-ink-100">
            {diff.rows.map((r) => (
              <tr key={r.field}>
                <th scope="row" class={`${CELL} text-left font-semibold`}>{r.field}</th>
                <td class={CELL}>{r.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  return (
    <div class="overflow-x-auto rounded-xl border border-ink-100 bg-white">
      <table class="w-full text-sm" data-testid="audit-diff">
        <thead class="bg-ink-50 text-left">
          <tr>
            <th scope="col" class={CELL}>Field</th>
            <th scope="col" class={CELL}>Before</th>
            <th scope="col" class={CELL}>After</th>
          </tr>
        </thead>
        <tbody class="divide-y divide-ink-100">
          {diff.rows.map((r) => (
            <tr key={r.field}>
              <th scope="row" class={`${CELL} text-left font-semibold`}>{r.field}</th>
              <td class={CELL}>
                <Side value={r.before} />
              </td>
              <td class={CELL}>
                <Side value={r.after} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
