import { page } from "fresh";
import { ActCard } from "../../components/ActCard.tsx";
import { FilterSelect, FilterText } from "../../components/filters.tsx";
import { FormMessage } from "../../components/forms.tsx";
import { genreBySlug, GENRES } from "../../domain/genres.ts";
import { AppError } from "../../domain/errors.ts";
import { type ActSearchResult, searchActs } from "../../services/catalog/search.ts";
import { cityByName } from "../../services/geo.ts";
import { define } from "../../utils.ts";

const SORTS = [
  { value: "relevance", label: "Best match" },
  { value: "trust", label: "Most trusted" },
  { value: "price", label: "Lowest fee" },
];

interface Data {
  query: { q: string; city: string; genre: string; sort: string };
  result: ActSearchResult;
  notice?: string;
}

/**
 * Search for acts: a plain GET form, so it works without JavaScript and
 * every result page has a URL to share. The home page's quick search lands
 * here with a city name and a genre.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const params = ctx.url.searchParams;
    const query = {
      q: params.get("q")?.trim().slice(0, 200) ?? "",
      city: params.get("city")?.trim().slice(0, 80) ?? "",
      genre: genreBySlug(params.get("genre") ?? "")?.slug ?? "",
      sort: SORTS.some((s) => s.value === params.get("sort")) ? params.get("sort")! : "relevance",
    };
    const city = query.city ? await cityByName(ctx.state.db, query.city) : null;
    let notice = query.city && !city
      ? `We could not find a city called "${query.city}"; showing all cities.`
      : undefined;
    const search = {
      q: query.q,
      city: city?.id,
      genre: query.genre,
      sort: query.sort,
      cursor: params.get("cursor") ?? "",
    };
    let result: ActSearchResult;
    try {
      result = await searchActs(ctx.state.db, search);
    } catch (err) {
      // A stale or edited cursor: start again from the first page rather than fail.
      if (!(err instanceof AppError)) throw err;
      notice = "That page of results has moved; here is the first one.";
      result = await searchActs(ctx.state.db, { ...search, cursor: "" });
    }
    const genre = genreBySlug(query.genre)?.label;
    ctx.state.title = `${genre ? `${genre} acts` : "Artists and bands"}${city ? ` in ${city.name}` : ""}`;
    ctx.state.description = `Book ${genre ?? "live music"} acts${
      city ? ` in ${city.name}` : " across India"
    }: compare fees, trust and availability.`;
    return page({ query, result, notice });
  },
});

export default define.page<typeof handler>(function Artists({ data, url, state }) {
  const { query, result } = data;
  const genreLabels = Object.fromEntries(GENRES.map((g) => [g.slug, g.label]));
  const next = new URL(url);
  if (result.nextCursor) next.searchParams.set("cursor", result.nextCursor);
  return (
    <section class="max-w-5xl mx-auto px-4 py-8 grid gap-6">
      <h1 class="text-2xl font-bold">{state.title}</h1>
      <form
        method="get"
        class="bg-white rounded-xl shadow-sm p-3 grid gap-2 sm:grid-cols-[2fr_1fr_1fr_1fr_auto] sm:items-end"
        role="search"
      >
        <FilterText name="q" label="Name or style" value={query.q} />
        <FilterText name="city" label="City" value={query.city} />
        <FilterSelect
          name="genre"
          label="Genre"
          any="Any genre"
          options={GENRES.map((g) => ({ value: g.slug, label: g.label }))}
          selected={query.genre}
        />
        <FilterSelect name="sort" label="Sort" options={SORTS} selected={query.sort} />
        <button type="submit" class="rounded-lg bg-saffron-500 hover:bg-saffron-600 font-semibold px-5 py-2">
          Search
        </button>
      </form>
      <FormMessage state={{ message: data.notice }} />
      {result.items.length === 0
        ? (
          <div class="bg-white rounded-xl p-6 shadow-sm">
            <p class="font-semibold">No acts match yet.</p>
            <p class="text-ink-500 text-sm mt-1">Try another city or genre, or fewer words.</p>
          </div>
        )
        : (
          <ul class="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" data-testid="results">
            {result.items.map((act) => <ActCard key={act.id} act={act} genreLabels={genreLabels} />)}
          </ul>
        )}
      {result.nextCursor && (
        <a
          href={`${next.pathname}${next.search}`}
          class="justify-self-center rounded-lg border border-ink-300 px-4 py-2"
          rel="next"
        >
          More acts
        </a>
      )}
    </section>
  );
});
