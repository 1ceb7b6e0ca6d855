import { page } from "fresh";
import { FormMessage } from "../../components/forms.tsx";
import { VenueCard } from "../../components/VenueCard.tsx";
import { VENUE_TYPE_LABELS } from "../../components/venue_types.ts";
import { VENUE_TYPES, type VenueType } from "../../db/schema.ts";
import { AppError } from "../../domain/errors.ts";
import { listVenues, type VenueList } from "../../services/catalog/profiles.ts";
import { cityByName } from "../../services/geo.ts";
import { define } from "../../utils.ts";
import { FilterSelect, FilterText } from "../../components/filters.tsx";

interface Data {
  query: { city: string; type: VenueType | "" };
  result: VenueList;
  notice?: string;
}

const isVenueType = (value: string | null): value is VenueType => VENUE_TYPES.some((t) => t === value);

/** Venues by city and kind: a plain GET form, like /artists, so it works without JavaScript. */
export const handler = define.handlers({
  async GET(ctx) {
    const params = ctx.url.searchParams;
    const type = params.get("type");
    const query: Data["query"] = {
      city: params.get("city")?.trim().slice(0, 80) ?? "",
      type: isVenueType(type) ? type : "",
    };
    const city = query.city ? await cityByName(ctx.state.db, query.city) : null;
    let notice = query.city && !city
      ? `We could not find a city called "${query.city}"; showing all cities.`
      : undefined;
    const list = { city: city?.id, type: query.type, cursor: params.get("cursor") ?? "" };
    let result: VenueList;
    try {
      result = await listVenues(ctx.state.db, list);
    } catch (err) {
      // A stale or edited cursor: start again from the first page rather than fail.
      if (!(err instanceof AppError)) throw err;
      notice = "That page of venues has moved; here is the first one.";
      result = await listVenues(ctx.state.db, { ...list, cursor: "" });
    }
    const kind = query.type ? `${VENUE_TYPE_LABELS[query.type]} venues` : "Venues";
    ctx.state.title = `${kind}${city ? ` in ${city.name}` : ""}`;
    ctx.state.description = `${kind} for live music${
      city ? ` in ${city.name}` : " across India"
    }: capacity, facilities and location.`;
    // Filters make distinct pages worth indexing; the cursor only pages through one.
    const canonical = new URLSearchParams();
    if (city) canonical.set("city", city.name);
    if (query.type) canonical.set("type", query.type);
    ctx.state.meta = { canonicalPath: `/venues${canonical.size ? `?${canonical}` : ""}`, type: "website" };
    return page<Data>({ query, result, notice });
  },
});

export default define.page<typeof handler>(function Venues({ data, url, state }) {
  const { query, result } = data;
  const next = new URL(url);
  if (result.nextCursor) next.searchParams.set("cursor", result.nextCursor);
  return (
    <section class="max-w-5xl mx-auto px-4 py-8 grid gap-6">
      <h1 class="text-2xl font-bold">{state.title}</h1>
      <form
        method="get"
        class="bg-white rounded-xl shadow-sm p-3 grid gap-2 sm:grid-cols-[2fr_1fr_auto] sm:items-end"
        role="search"
      >
        <FilterText name="city" label="City" value={query.city} />
        <FilterSelect
          name="type"
          label="Kind"
          any="Any kind"
          options={VENUE_TYPES.map((t) => ({ value: t, label: VENUE_TYPE_LABELS[t] }))}
          selected={query.type}
        />
        <button type="submit" class="rounded-lg bg-saffron-500 hover:bg-saffron-600 font-semibold px-5 py-2">
          Show venues
        </button>
      </form>
      <FormMessage state={{ message: data.notice }} />
      {result.items.length === 0
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
        )}
      {result.nextCursor && (
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
