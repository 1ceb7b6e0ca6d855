import { page } from "fresh";
import { FilterSelect, FilterText } from "../../components/filters.tsx";
import { FormMessage } from "../../components/forms.tsx";
import { VenueCard } from "../../components/VenueCard.tsx";
import { VENUE_TYPE_LABELS } from "../../components/venue_types.ts";
import { VENUE_TYPES, type VenueType } from "../../domain/catalog.ts";
import { searchVenues } from "../../services/catalog/venue_search.ts";
import { searchForm } from "../../services/search_form.ts";
import { define } from "../../utils.ts";

/** Enough for three full rows of cards. */
const PAGE_SIZE = 24;

const isVenueType = (value: string): value is VenueType => VENUE_TYPES.some((t) => t === value);

/**
 * Venues by city and kind, most trusted first: a plain GET form, like
 * /artists, so it works without JavaScript.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const { db } = ctx.state;
    const form = await searchForm(db, ctx.url.searchParams, {
      fields: ["type", "cursor"],
      input: ({ type, cursor }, city) => ({ city, venueType: type, cursor, limit: PAGE_SIZE }),
      search: (input) => searchVenues(db, input),
      formFields: { venueType: "type" },
      moved: "That page of venues has moved",
    });
    const { city } = form;
    const type = form.result && isVenueType(form.typed.type) ? form.typed.type : null;
    const kind = type ? `${VENUE_TYPE_LABELS[type]} venues` : "Venues";
    ctx.state.title = `${kind}${city ? ` in ${city.name}` : ""}`;
    ctx.state.description = `${kind} for live music${
      city ? ` in ${city.name}` : " across India"
    }: capacity, facilities and location.`;
    // Filters make distinct pages worth indexing; the cursor only pages through one.
    const canonical = new URLSearchParams();
    if (city) canonical.set("city", city.name);
    if (type) canonical.set("type", type);
    ctx.state.meta = { canonicalPath: `/venues${canonical.size ? `?${canonical}` : ""}`, type: "website" };
    return page(form, { status: form.status });
  },
});

export default define.page<typeof handler>(function Venues({ data, url, state }) {
  const { typed, result, fields } = data;
  const next = new URL(url);
  if (result?.nextCursor) next.searchParams.set("cursor", result.nextCursor);
  return (
    <section class="max-w-5xl mx-auto px-4 py-8 grid gap-6">
      <h1 class="text-2xl font-bold">{state.title}</h1>
      <form
        method="get"
        class="bg-white rounded-xl shadow-sm p-3 grid gap-2 sm:grid-cols-[2fr_1fr_auto] sm:items-end"
        role="search"
      >
        <FilterText name="city" label="City" value={typed.city} error={fields.city} />
        <FilterSelect
          name="type"
          label="Kind"
          any="Any kind"
          options={VENUE_TYPES.map((t) => ({ value: t, label: VENUE_TYPE_LABELS[t] }))}
          selected={typed.type}
          error={fields.type}
        />
        <button type="submit" class="rounded-lg bg-saffron-500 hover:bg-saffron-600 font-semibold px-5 py-2">
          Show venues
        </button>
      </form>
      <FormMessage state={{ message: data.notice }} />
      {result && (result.items.length === 0
        ? (
          <div class="bg-white rounded-xl p-6 shadow-sm">
            <p class="font-semibold">No venues match yet.</p>
            <p class="text-ink-500 text-sm mt-1">Try another city or kind of venue.</p>
          </div>
        )
        : (
          <ul class="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" data-testid="venues">
            {result.items.map((venue) => <VenueCard key={venue.id} venue={venue} />)}
          </ul>
        ))}
      {result?.nextCursor && (
        <a
          href={`${next.pathname}${next.search}`}
          class="justify-self-center rounded-lg border border-ink-300 px-4 py-2"
          rel="next"
        >
          More venues
        </a>
      )}
    </section>
  );
});
