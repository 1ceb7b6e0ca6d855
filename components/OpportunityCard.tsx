import { formatMoney } from "../domain/money_format.ts";
import { formatDate, formatDateTime } from "../domain/time_format.ts";
import type { OpportunityView } from "../services/opportunities/views.ts";

/** "₹30,000 – ₹60,000", or one amount when the range is a single fee. */
export function budgetRange(o: Pick<OpportunityView, "budgetMin" | "budgetMax" | "currency">): string {
  return o.budgetMin === o.budgetMax
    ? formatMoney(o.budgetMin, o.currency)
    : `${formatMoney(o.budgetMin, o.currency)} – ${formatMoney(o.budgetMax, o.currency)}`;
}

/** "Blue Frog, Pune" or "Juhu, Mumbai, Maharashtra". */
export function placeOf(o: Pick<OpportunityView, "venue" | "city" | "state">): string {
  return [o.venue?.name, o.city, o.venue ? null : o.state].filter(Boolean).join(", ") ||
    "Place to be announced";
}

/** One opportunity in a list: what, when, where, the genres wanted, the budget and the deadline. */
export function OpportunityCard(
  { opportunity: o, genreLabels }: { opportunity: OpportunityView; genreLabels: Record<string, string> },
) {
  return (
    <li class="bg-white rounded-xl shadow-sm p-4 flex flex-col gap-1">
      <a href={`/opportunities/${o.id}`} class="hover:underline">
        <h2 class="font-semibold leading-snug">{o.title}</h2>
      </a>
      <p class="text-sm text-ink-700">
        <time datetime={o.startsAt}>{formatDateTime(o.startsAt)}</time> · {o.durationMinutes} min
      </p>
      <p class="text-sm text-ink-500">{placeOf(o)}</p>
      {o.genres.length > 0 && <p class="text-sm">{o.genres.map((g) => genreLabels[g] ?? g).join(" · ")}</p>}
      <p class="text-sm font-semibold text-saffron-700">{budgetRange(o)}</p>
      <p class="text-xs text-ink-500">
        Apply by <time datetime={o.applicationDeadline}>{formatDate(o.applicationDeadline)}</time>
      </p>
    </li>
  );
}
