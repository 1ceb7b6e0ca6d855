import { countOf } from "../domain/plural.ts";
import type { VenueSearchItem } from "../services/catalog/venue_search.ts";
import { CardPhoto } from "./CardPhoto.tsx";
import { CardTrust } from "./TrustSummary.tsx";
import { VENUE_TYPE_LABELS } from "./venue_types.ts";
import { VerifiedBadge } from "./VerifiedBadge.tsx";

/** One venue in a list: its name (a link to its page), trust, kind, place and size. */
export function VenueCard({ venue }: { venue: VenueSearchItem }) {
  return (
    <li class="bg-white rounded-xl shadow-sm p-4 flex gap-3">
      <CardPhoto name={venue.name} url={venue.photoUrl} width={venue.photoWidth} height={venue.photoHeight} />
      <div class="flex flex-col gap-1 min-w-0 flex-1">
        <div class="flex items-start justify-between gap-2">
          <a href={`/venues/${venue.slug}`} class="hover:underline">
            <h2 class="font-semibold leading-snug">
              {venue.name}
              {venue.isVerified && <VerifiedBadge />}
            </h2>
          </a>
          <span class="text-xs text-ink-500 whitespace-nowrap" title="Trust score">
            ★ {venue.trustScore.toFixed(0)}
          </span>
        </div>
        <p class="text-sm text-ink-500">
          {VENUE_TYPE_LABELS[venue.venueType]}
          {venue.city && ` · ${venue.city}, ${venue.state}`}
        </p>
        <p class="text-sm">Up to {countOf(venue.capacity, "person", "people")}</p>
        <CardTrust trust={{ ...venue, reviewCount: null }} />
      </div>
    </li>
  );
}
