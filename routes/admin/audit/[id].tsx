import { page } from "fresh";
import { actorText } from "../../../components/admin/AuditEntries.tsx";
import { DiffTable } from "../../../components/admin/DiffTable.tsx";
import type { AuditRowView } from "../../../services/admin/audit.ts";
import type { DiffTable as Diff } from "../../../domain/audit_diff.ts";
import { formatDateTime } from "../../../domain/time_format.ts";
import { auditEntry } from "../../../services/admin/audit.ts";
import { define } from "../../../utils.ts";

interface Data {
  row: AuditRowView;
  diff: Diff;
}

/** One audit entry: who did what to which entity, from where, and its diff as a before/after table. */
export const handler = define.handlers<Data>({
  async GET(ctx) {
    const entry = await auditEntry(ctx.state.db, ctx.state.actor, ctx.params.id);
    ctx.state.title = `${entry.row.action} · Audit log`;
    return page(entry);
  },
});

export default define.page<typeof handler>(function AuditEntryPage({ data }) {
  const { row } = data;
  const facts: [string, string][] = [
    ["When", `${formatDateTime(row.at)} (${row.atKey})`],
    ["Who", actorText(row)],
    ["Entity", `${row.entityType}${row.entityId ? ` ${row.entityId}` : ""}`],
    ["From", [row.ip, row.userAgent].filter(Boolean).join(" · ") || "Not recorded"],
  ];
  return (
    <section class="max-w-5xl mx-auto px-4 py-6 grid gap-4">
      <p class="text-sm">
        <a href="/admin/audit" class="text-plum-700 underline">Audit log</a>
      </p>
      <h1 class="text-2xl font-bold break-all">{row.action}</h1>
      <dl
        class="bg-white rounded-xl shadow-sm p-4 grid gap-2 sm:grid-cols-2 text-sm"
        data-testid="audit-facts"
      >
        {facts.map(([term, value]) => (
          <div key={term}>
            <dt class="text-xs font-semibold text-ink-500">{term}</dt>
            <dd class="break-all">{value}</dd>
          </div>
        ))}
      </dl>
      <p class="flex flex-wrap gap-4 text-sm">
        {row.entityType === "user" && row.entityId && (
          <a href={`/admin/users/${row.entityId}`} class="text-plum-700 underline">The account</a>
        )}
        {row.entityId && (
          <a
            href={`/admin/audit?${new URLSearchParams({
              entityType: row.entityType,
              entityId: row.entityId,
            })}`}
            class="text-plum-700 underline"
          >
            Every entry about this {row.entityType}
          </a>
        )}
        {row.actorId && (
          <a href={`/admin/audit?who=${row.actorId}`} class="text-plum-700 underline">What this person did</a>
        )}
      </p>
      <h2 class="text-lg font-bold">What changed</h2>
      <DiffTable diff={data.diff} />
    </section>
  );
});
