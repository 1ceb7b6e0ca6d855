import { page } from "fresh";
import { AuditEntries } from "../../../components/admin/AuditEntries.tsx";
import {
  AuditFilters,
  type AuditFilterValues,
  auditFilterValues,
  filterQuery,
} from "../../../components/admin/AuditFilters.tsx";
import { FormMessage, type FormState, formStateOf } from "../../../components/forms.tsx";
import type { AuditRowView } from "../../../services/admin/audit.ts";
import { auditCsv, auditFilterChoices, auditLogPage } from "../../../services/admin/audit.ts";
import { define } from "../../../utils.ts";

interface Data {
  values: AuditFilterValues;
  rows: AuditRowView[];
  nextCursor: string | null;
  actions: string[];
  entityTypes: string[];
  form?: FormState;
}

/**
 * The audit log, newest first, for staff and admins; `?format=csv` downloads the filtered entries (all of
 * them, not just this page) as a file.
 */
export const handler = define.handlers<Data>({
  async GET(ctx) {
    const { state } = ctx;
    const params = ctx.url.searchParams;
    const values = auditFilterValues(params);
    const cursor = params.get("cursor") ?? "";
    if (params.get("format") === "csv") {
      const body = await auditCsv(state.db, state.actor, values, state.requestMeta);
      return new Response(body, {
        headers: {
          "Content-Type": "text/csv; charset=utf-8",
          "Content-Disposition": 'attachment; filename="artistspace-audit-log.csv"',
          // Streamed as it is read: the compression middleware must not hold it to compress it whole.
          "Cache-Control": "private, no-store, no-transform",
        },
      });
    }
    state.title = "Audit log · Admin console";
    const choices = await auditFilterChoices(state.db, state.actor);
    try {
      const { rows, nextCursor } = await auditLogPage(state.db, state.actor, { ...values, cursor });
      return page({ values, rows, nextCursor, ...choices });
    } catch (err) {
      const form = formStateOf(err);
      if (form.status !== 422) throw err;
      return page({ values, rows: [], nextCursor: null, ...choices, form }, { status: form.status });
    }
  },
});

export default define.page<typeof handler>(function AuditLog({ data, url }) {
  const firstPage = !url.searchParams.get("cursor");
  return (
    <section class="max-w-5xl mx-auto px-4 py-6 grid gap-4">
      <div class="flex flex-wrap items-baseline justify-between gap-2">
        <h1 class="text-2xl font-bold">Audit log</h1>
        <a
          href={`/admin/audit?${filterQuery(data.values, { format: "csv" })}`}
          class="text-sm text-plum-700 underline"
          data-testid="audit-export"
          download
        >
          Download these entries as CSV
        </a>
      </div>
      <AuditFilters
        values={data.values}
        errors={data.form?.fields ?? {}}
        actions={data.actions}
        entityTypes={data.entityTypes}
      />
      {data.form && <FormMessage state={data.form} />}
      <div class="bg-white rounded-xl shadow-sm px-4 py-2">
        <AuditEntries
          rows={data.rows}
          empty={data.form ? "Fix the filter to see entries." : "No entry matches."}
        />
      </div>
      <nav aria-label="Pages" class="flex justify-between text-sm">
        {firstPage
          ? <span />
          : <a href={`/admin/audit?${filterQuery(data.values)}`} class="text-plum-700 underline">Newest</a>}
        {data.nextCursor && (
          <a
            href={`/admin/audit?${filterQuery(data.values, { cursor: data.nextCursor })}`}
            class="text-plum-700 underline"
            rel="next"
          >
            Older
          </a>
        )}
      </nav>
    </section>
  );
});
