/** The public part of an opportunity's page: what the gig is, when, where, for how much, and what it asks. */
import { genreBySlug } from "../domain/genres.ts";
import { countOf } from "../domain/plural.ts";
import type { OpportunityView } from "../services/opportunities/views.ts";
import { formatDateTime } from "../domain/time_format.ts";
import { budgetRange, placeOf } from "./OpportunityCard.tsx";

/** The page description: budget, date and place in one line for search results, and when to apply by. */
export function opportunityDescription(o: OpportunityView): string {
  return `${budgetRange(o)} · ${formatDateTime(o.startsAt)} · ${placeOf(o)}. ` +
    `Apply by ${formatDateTime(o.applicationDeadline)}.`;
}

export function OpportunityHeader({ opportunity: o }: { opportunity: OpportunityView }) {
  return (
    <header class="bg-white rounded-2xl shadow-sm p-5 grid gap-2">
      <div class="flex items-start justify-between gap-3">
        <h1 class="text-2xl font-bold leading-tight">{o.title}</h1>
        {o.status !== "open" && (
          <span class="text-xs rounded bg-ink-100 text-ink-700 px-2 py-0.5 whitespace-nowrap">
            {o.status}
          </span>
        )}
      </div>
      <p class="text-ink-700">
        <time datetime={o.startsAt}>{formatDateTime(o.startsAt)}</time> ·{" "}
        {countOf(o.durationMinutes, "minute")}
      </p>
      <p class="text-ink-700">
        {o.venue ? <a href={`/venues/${o.venue.slug}`} class="underline">{o.venue.name}</a> : null}
        {o.venue ? ", " : ""}
        {/* Addresses often end with their city already: name it once. */}
        {[o.address, o.city && !o.address?.includes(o.city) ? o.city : null, o.state].filter(Boolean).join(
          ", ",
        )}
      </p>
      {o.genres.length > 0 && (
        <p class="flex flex-wrap gap-1">
          {o.genres.map((g) => (
            <span key={g} class="text-xs rounded bg-saffron-100 text-saffron-800 px-2 py-0.5">
              {genreBySlug(g)?.label ?? g}
            </span>
          ))}
        </p>
      )}
      <p class="text-lg font-semibold text-saffron-700">{budgetRange(o)}</p>
      <p class="text-sm text-ink-500">
        Apply by <time datetime={o.applicationDeadline}>{formatDateTime(o.applicationDeadline)}</time>
        {o.organizer.displayName && (
          <>
            {" · Posted by "}
            {o.organizer.slug
              ? (
                <a href={`/organizers/${o.organizer.slug}`} class="underline" data-testid="organizer-link">
                  {o.organizer.displayName}
                </a>
              )
              : o.organizer.displayName}
          </>
        )}
      </p>
    </header>
  );
}

/** What the poster wrote about the gig and what it asks of an act, when they wrote any. */
export function OpportunityBrief({ opportunity: o }: { opportunity: OpportunityView }) {
  if (!o.description && !o.requirements) return null;
  return (
    <div class="bg-white rounded-2xl shadow-sm p-5 grid gap-3">
      {o.description && <p class="whitespace-pre-line">{o.description}</p>}
      {o.requirements && (
        <div>
          <h2 class="font-semibold">Requirements</h2>
          <p class="whitespace-pre-line text-sm">{o.requirements}</p>
        </div>
      )}
    </div>
  );
}
