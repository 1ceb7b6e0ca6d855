import type { ActSearchItem } from "../services/catalog/search.ts";
import { formatMoney } from "../domain/money_format.ts";
import { CardPhoto } from "./CardPhoto.tsx";
import { CardTrust } from "./TrustSummary.tsx";
import { VerifiedBadge } from "./VerifiedBadge.tsx";

/** One act in a list of results: who (a link to their profile), where, what they play, and from what fee. */
export function ActCard({ act, genreLabels }: { act: ActSearchItem; genreLabels: Record<string, string> }) {
  return (
    <li class="bg-white rounded-xl shadow-sm p-4 flex gap-3">
      <CardPhoto name={act.name} url={act.photoUrl} width={act.photoWidth} height={act.photoHeight} />
      <div class="flex flex-col gap-1 min-w-0 flex-1">
        <div class="flex items-start justify-between gap-2">
          <a href={`/${act.kind === "band" ? "bands" : "artists"}/${act.slug}`} class="hover:underline">
            <h2 class="font-semibold leading-snug">
              {act.name}
              {act.isVerified && <VerifiedBadge />}
            </h2>
          </a>
          <span class="text-xs text-ink-500 whitespace-nowrap" title="Trust score">
            ★ {act.trustScore.toFixed(0)}
          </span>
        </div>
        <p class="text-sm text-ink-500">
          {act.kind === "band" ? "Band" : "Solo"}
          {act.city && ` · ${act.city}, ${act.state}`}
        </p>
        <p class="text-sm">{act.genres.map((g) => genreLabels[g] ?? g).join(" · ")}</p>
        <p class="text-sm font-semibold text-saffron-700">From {formatMoney(act.budgetMin, act.currency)}</p>
        <CardTrust trust={act} />
      </div>
    </li>
  );
}
