/**
 * A score explained to its owner: the number, each part's points and what it
 * is made of, what would raise it, and its history newest first (a few here,
 * the rest a page away). Lists rather than tables, so a phone reads each line
 * whole.
 */
import type { ComponentKey } from "../domain/trust_score.ts";
import { countOf } from "../domain/plural.ts";
import { formatDate } from "../domain/time_format.ts";
import type { TrustExplanation, TrustHistoryEntry } from "../services/trust/explain.ts";
import { QuickToRespondBadge } from "./TrustSummary.tsx";
import { VerifiedBadge } from "./VerifiedBadge.tsx";

const PART_LABELS: Record<ComponentKey, string> = {
  base: "Starting score",
  completions: "Completed bookings",
  reviews: "Reviews",
  cancellations: "Cancellations",
  disputes: "Disputes",
  late_payments: "Late payments",
  responses: "Answers to requests and offers",
  verification: "Verification",
  account_age: "Account age",
};

const SUBJECT_LABELS = { organizer: "As an organizer", act: "Act", venue: "Venue" } as const;

/** The trust page's own address for one subject's whole history. */
export function historyHref(e: { subject: { type: string; id: string } }, page = 1): string {
  const query = new URLSearchParams({ type: e.subject.type, id: e.subject.id });
  if (page > 1) query.set("page", String(page));
  return `/account/trust?${query}`;
}

const points = (n: number) => `${n > 0 ? "+" : n < 0 ? "−" : ""}${Math.abs(n).toFixed(2)}`;
const score = (n: number) => n.toFixed(2).replace(/\.?0+$/, "");

export function TrustExplanationCard(
  { explanation: e, fullHistory = false }: { explanation: TrustExplanation; fullHistory?: boolean },
) {
  return (
    <section
      class="bg-white rounded-2xl shadow-sm p-5 grid gap-4"
      data-testid={`trust-${e.subject.type}`}
      aria-labelledby={`trust-${e.subject.id}`}
    >
      <div class="flex flex-wrap items-start justify-between gap-3">
        <div class="min-w-0">
          <p class="text-xs uppercase tracking-wide text-ink-500">{SUBJECT_LABELS[e.subject.type]}</p>
          <h2 id={`trust-${e.subject.id}`} class="text-lg font-bold break-words">
            {e.subject.name}
            {e.verified && e.subject.type !== "organizer" && <VerifiedBadge />}
          </h2>
          {e.subject.publicPath && (
            <a href={e.subject.publicPath} class="text-sm text-plum-700 underline">See the public page</a>
          )}
        </div>
        <p class="text-right">
          <span class="block text-3xl font-bold" data-testid="trust-score">{score(e.score)}</span>
          <span class="text-xs text-ink-500">of 100</span>
        </p>
      </div>
      {e.computedScore !== e.score && (
        <p class="text-sm rounded-lg bg-ink-50 p-3" data-testid="trust-pending">
          From today's facts it would be{" "}
          {score(e.computedScore)}: scores are recomputed after each booking event and every night.
        </p>
      )}
      <p class="text-sm text-ink-700 flex flex-wrap items-center gap-x-2 gap-y-1">
        <span>
          {countOf(e.completedBookings, "completed booking")}
          {e.subject.type !== "venue" && ` · ${countOf(e.reviewCount, "review")} counted`}
        </span>
        {e.quickToRespond && <QuickToRespondBadge />}
      </p>

      <div class="grid gap-2">
        <h3 class="font-semibold">Why it is {score(e.computedScore)}</h3>
        <ul class="divide-y divide-ink-100 text-sm" data-testid="trust-components">
          {e.components.map((c) => (
            <li key={c.key} class="py-2 grid gap-0.5">
              <p class="flex justify-between gap-3">
                <span class="font-medium">{PART_LABELS[c.key]}</span>
                <span class={c.points < 0 ? "text-red-700 font-semibold" : "font-semibold"}>
                  {c.key === "base" ? score(c.points) : points(c.points)}
                </span>
              </p>
              <p class="text-ink-500">{c.detail}</p>
            </li>
          ))}
        </ul>
      </div>

      {e.toRaise.length > 0 && (
        <div class="grid gap-2">
          <h3 class="font-semibold">What would raise it</h3>
          <ul class="list-disc pl-5 text-sm grid gap-1" data-testid="trust-to-raise">
            {e.toRaise.map((advice) => <li key={advice}>{advice}</li>)}
          </ul>
        </div>
      )}

      <div class="grid gap-2">
        <h3 class="font-semibold">How it changed</h3>
        <TrustHistoryList items={e.history.items} />
        {!fullHistory && e.history.total > e.history.items.length && (
          <a href={historyHref(e)} class="text-sm text-plum-700 underline" data-testid="trust-history-all">
            All {countOf(e.history.total, "change")}
          </a>
        )}
        {fullHistory && <HistoryPages explanation={e} />}
      </div>
    </section>
  );
}

function TrustHistoryList({ items }: { items: TrustHistoryEntry[] }) {
  if (items.length === 0) return <p class="text-sm text-ink-500">No changes yet.</p>;
  return (
    <ol class="divide-y divide-ink-100 text-sm" data-testid="trust-history">
      {items.map((h, i) => (
        <li key={`${h.at}-${i}`} class="py-2 grid gap-0.5">
          <p class="flex justify-between gap-3">
            <span class="font-medium">
              {score(h.oldScore)} → {score(h.newScore)}
            </span>
            <time dateTime={h.at} class="text-ink-500 whitespace-nowrap">{formatDate(h.at)}</time>
          </p>
          <p>{h.reason}</p>
          {h.booking && (
            <p>
              <a href={`/bookings/${h.booking.id}`} class="text-plum-700 underline">{h.booking.title}</a>
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}

function HistoryPages({ explanation: e }: { explanation: TrustExplanation }) {
  const { page, pageSize, total } = e.history;
  const last = Math.max(1, Math.ceil(total / pageSize));
  if (last === 1) return null;
  return (
    <nav class="flex items-center justify-between text-sm" aria-label="History pages">
      {page > 1 ? <a href={historyHref(e, page - 1)} class="underline" rel="prev">Newer</a> : <span />}
      <span class="text-ink-500">Page {page} of {last}</span>
      {page < last ? <a href={historyHref(e, page + 1)} class="underline" rel="next">Older</a> : <span />}
    </nav>
  );
}
