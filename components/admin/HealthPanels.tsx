/**
 * The health page's sections (services/admin/health.ts) and the summary the console's front page shows.
 * Lists are cards that stack on a phone; long error texts wrap rather than widen the page.
 */
import type { ComponentChildren } from "preact";
import { formatMoneyExact } from "../../domain/money_format.ts";
import { formatDateTime } from "../../domain/time_format.ts";
import type { HealthReport, JobHealth } from "../../services/admin/health.ts";
import { formatSpan } from "./labels.ts";

function Section(
  { title, children, testId }: { title: string; children: ComponentChildren; testId: string },
) {
  return (
    <section class="bg-white rounded-xl shadow-sm p-4 grid gap-3" data-testid={testId}>
      <h2 class="text-lg font-bold">{title}</h2>
      {children}
    </section>
  );
}

function Figure({ label, value, alert }: { label: string; value: string; alert?: boolean }) {
  return (
    <div class={`rounded-lg p-3 ${alert ? "bg-red-50 text-red-800" : "bg-ink-50"}`}>
      <p class="text-xs font-semibold">{label}</p>
      <p class="text-xl font-bold">{value}</p>
    </div>
  );
}

const ago = (report: HealthReport, at: Date | null) =>
  at ? `${formatSpan(report.now.getTime() - at.getTime())} ago` : "never";

export function OutboxSection({ report }: { report: HealthReport }) {
  const { outbox } = report;
  return (
    <Section title="E-mail outbox" testId="health-outbox">
      <div class="grid grid-cols-2 sm:grid-cols-4 gap-2">
        <Figure label="Waiting to be sent" value={String(outbox.pending)} />
        <Figure
          label="Oldest waiting"
          value={outbox.oldestPendingAt ? ago(report, outbox.oldestPendingAt) : "none"}
        />
        <Figure label="Retrying after an error" value={String(outbox.retrying)} alert={outbox.retrying > 0} />
        <Figure label="Given up" value={String(outbox.failed)} alert={outbox.failed > 0} />
      </div>
      {report.outboxProblems.length > 0 && (
        <ul class="divide-y divide-ink-100 text-sm" data-testid="outbox-problems">
          {report.outboxProblems.map((m) => (
            <li key={m.id} class="py-2 grid gap-1">
              <p>
                <span class="font-semibold">{m.status === "failed" ? "Given up" : "Retrying"}</span>
                {`: ${m.template} to ${m.recipient}, ${m.attempts} attempt${
                  m.attempts === 1 ? "" : "s"
                }, queued ${formatDateTime(m.createdAt)}`}
              </p>
              {m.lastError && <p class="text-red-800 break-all">{m.lastError}</p>}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function JobStatus({ job, report }: { job: JobHealth; report: HealthReport }) {
  if (!job.lastStatus) return <span class="text-red-800">Never ran</span>;
  const last = `${job.lastStatus === "running" ? "running since" : job.lastStatus} ${
    ago(report, job.lastStartedAt)
  }`;
  return <span class={job.lastStatus === "failed" ? "text-red-800 font-semibold" : undefined}>{last}</span>;
}

export function JobsSection({ report }: { report: HealthReport }) {
  return (
    <Section title="Background jobs" testId="health-jobs">
      <ul class="divide-y divide-ink-100 text-sm">
        {report.jobs.map((j) => (
          <li key={j.job} class="py-2 grid gap-1 sm:grid-cols-3" data-testid={`job-${j.job}`}>
            <span class="font-semibold">{j.label}</span>
            <JobStatus job={j} report={report} />
            <span class={j.overdue ? "text-red-800 font-semibold" : "text-ink-500"}>
              Last success {ago(report, j.lastSuccessAt)}
              {j.overdue && " (overdue)"}
            </span>
          </li>
        ))}
      </ul>
      <details>
        <summary class="cursor-pointer text-sm text-plum-700">
          The last {report.recentRuns.length} runs
        </summary>
        <ul class="mt-2 divide-y divide-ink-100 text-sm" data-testid="job-runs">
          {report.recentRuns.map((r) => (
            <li key={r.id} class="py-2 grid gap-1">
              <p>
                <span class="font-semibold">{r.job}</span>
                {` ${r.status}, started ${formatDateTime(r.startedAt)}`}
                {r.finishedAt && `, took ${formatSpan(r.finishedAt.getTime() - r.startedAt.getTime())}`}
              </p>
              {r.result && <p class="text-ink-500 break-all">{JSON.stringify(r.result)}</p>}
              {r.error && <p class="text-red-800 break-all">{r.error}</p>}
            </li>
          ))}
        </ul>
      </details>
    </Section>
  );
}

export function PaymentsSection({ report }: { report: HealthReport }) {
  return (
    <Section title="Payment gateways" testId="health-payments">
      {report.webhooks.length === 0
        ? <p class="text-sm text-ink-500">No webhook events in the last {report.webhookWindowDays} days.</p>
        : (
          <ul class="grid gap-1 text-sm">
            {report.webhooks.map((w) => (
              <li key={w.gateway}>
                <span class="font-semibold">{w.gateway}</span>
                {`: ${w.received} events in ${report.webhookWindowDays} days (${w.ignored} of types we do not act on), last ${
                  ago(report, w.lastReceivedAt)
                }`}
              </li>
            ))}
          </ul>
        )}
      <h3 class="text-sm font-semibold">Events that matched no payment or refund of ours</h3>
      {report.unmatchedWebhooks.length === 0
        ? <p class="text-sm text-ink-500">None.</p>
        : (
          <ul class="divide-y divide-ink-100 text-sm" data-testid="unmatched-webhooks">
            {report.unmatchedWebhooks.map((w) => (
              <li key={`${w.gateway}:${w.eventId}`} class="py-2 break-all">
                {`${w.gateway} ${w.type} (${w.kind}) ${w.eventId}, received ${formatDateTime(w.receivedAt)}`}
              </li>
            ))}
          </ul>
        )}
      <h3 class="text-sm font-semibold">Refunds and payouts the gateway refused</h3>
      {report.moneyProblems.length === 0
        ? <p class="text-sm text-ink-500">None.</p>
        : (
          <ul class="divide-y divide-ink-100 text-sm" data-testid="money-problems">
            {report.moneyProblems.map((m) => (
              <li key={m.id} class="py-2 grid gap-1">
                <p>
                  <span class="font-semibold">{m.kind === "refund" ? "Refund" : "Payout"}</span>
                  {` of ${formatMoneyExact(m.amount, m.currency)}, ${m.status}, ${m.attempts} attempts · `}
                  <a href={`/bookings/${m.bookingId}`} class="text-plum-700 underline">the booking</a>
                </p>
                {m.lastError && <p class="text-red-800 break-all">{m.lastError}</p>}
              </li>
            ))}
          </ul>
        )}
    </Section>
  );
}

/** The front page's line: all is well, or how many things want a look. */
export function HealthSummary({ report }: { report: HealthReport }) {
  const failingJobs = report.jobs.filter((j) => j.overdue || j.lastStatus === "failed").length;
  const items = [
    `${report.outbox.pending} e-mails waiting`,
    report.outbox.failed ? `${report.outbox.failed} given up` : null,
    failingJobs ? `${failingJobs} jobs failing or overdue` : null,
    report.unmatchedWebhooks.length ? `${report.unmatchedWebhooks.length} unmatched webhook events` : null,
    report.moneyProblems.length ? `${report.moneyProblems.length} refunds or payouts refused` : null,
  ].filter(Boolean);
  return (
    <a
      href="/admin/health"
      class={`block rounded-xl p-4 ${
        report.attention ? "bg-red-50 text-red-800" : "bg-green-50 text-green-800"
      }`}
      data-testid="health-summary"
    >
      <span class="font-semibold">{report.attention ? "Health: needs a look" : "Health: all well"}</span>
      <span class="block text-sm">{items.join(" · ")}</span>
    </a>
  );
}
