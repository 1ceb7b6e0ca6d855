/** Audit log entries as a list of cards: when, what, about what, by whom; each opens to its diff. */
import type { AuditRowView } from "../../services/admin/audit.ts";
import { formatDateTime } from "../../domain/time_format.ts";

/** Who acted: their e-mail address, their id when the account is gone, or the platform itself. */
export function actorText(row: Pick<AuditRowView, "actorId" | "actorEmail" | "actorName">): string {
  if (!row.actorId) return "The platform (no one signed in)";
  return row.actorEmail ? `${row.actorName ?? "Someone"} <${row.actorEmail}>` : row.actorId;
}

export function AuditEntries({ rows, empty }: { rows: AuditRowView[]; empty: string }) {
  if (rows.length === 0) return <p class="text-sm text-ink-500">{empty}</p>;
  return (
    <ul class="divide-y divide-ink-100" data-testid="audit-entries">
      {rows.map((r) => (
        <li key={r.id} class="py-3 grid gap-1 sm:grid-cols-4 sm:gap-3" data-testid="audit-entry">
          <time datetime={r.at.toISOString()} class="text-xs text-ink-500 sm:text-sm">
            {formatDateTime(r.at)}
          </time>
          <a href={`/admin/audit/${r.id}`} class="font-medium text-plum-700 underline break-all">
            {r.action}
          </a>
          <span class="text-sm text-ink-700 break-all">
            {r.entityType}
            {r.entityId && <span class="text-ink-500">{` ${r.entityId}`}</span>}
          </span>
          <span class="text-sm text-ink-500 break-all">{actorText(r)}</span>
        </li>
      ))}
    </ul>
  );
}
