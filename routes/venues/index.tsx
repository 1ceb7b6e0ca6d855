import { page } from "fresh";
import { FilterSelect, FilterText } from "../../components/filters.tsx";
import { SearchPage } from "../../components/SearchPage.tsx";
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
  const { typed, fields } = data;
  return (
    <SearchPage
      title={state.title}
      grid={{ form: "gap-2 sm:grid-cols-[2fr_1fr_auto] sm:items-end" }}
      submit="Show venues"
      form={data}
      empty={{ title: "No venues match yet.", hint: "Try another city or kind of venue." }}
      testid="venues"
      more="More venues"
      url={url}
      card={(venue) => <VenueCard key={venue.id} venue={venue} />}
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
    </SearchPage>
  );
});
