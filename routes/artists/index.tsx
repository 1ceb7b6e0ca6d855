import { page } from "fresh";
import { ActCard } from "../../components/ActCard.tsx";
import { FilterSelect, FilterText } from "../../components/filters.tsx";
import { FormMessage } from "../../components/forms.tsx";
import { genreBySlug, GENRES } from "../../domain/genres.ts";
import { searchActs } from "../../services/catalog/search.ts";
import { searchForm } from "../../services/search_form.ts";
import { define } from "../../utils.ts";

const SORTS = [
  { value: "relevance", label: "Best match" },
  { value: "trust", label: "Most trusted" },
  { value: "price", label: "Lowest fee" },
];

/**
 * Search for acts: a plain GET form, so it works without JavaScript and
 * every result page has a URL to share. The home page's quick search lands
 * here with a city name and a genre.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const { db } = ctx.state;
    const form = await searchForm(db, ctx.url.searchParams, {
      fields: ["q", "genre", "sort", "cursor"],
      input: (typed, city) => ({ ...typed, city }),
      search: (input) => searchActs(db, input),
      moved: "That page of results has moved",
    });
    const genre = genreBySlug(form.typed.genre)?.label;
    const city = form.city;
    ctx.state.title = `${genre ? `${genre} acts` : "Artists and bands"}${city ? ` in ${city.name}` : ""}`;
    ctx.state.description = `Book ${genre ?? "live music"} acts${
      city ? ` in ${city.name}` : " across India"
    }: compare fees, trust and availability.`;
    return page(form, { status: form.status });
  },
});

export default define.page<typeof handler>(function Artists({ data, url, state }) {
  const { typed, result, fields } = data;
  const genreLabels = Object.fromEntries(GENRES.map((g) => [g.slug, g.label]));
  const next = new URL(url);
  if (result?.nextCursor) next.searchParams.set("cursor", result.nextCursor);
  return (
    <section class="max-w-5xl mx-auto px-4 py-8 grid gap-6">
      <h1 class="text-2xl font-bold">{state.title}</h1>
      <form
        method="get"
        class="bg-white rounded-xl shadow-sm p-3 grid gap-2 sm:grid-cols-[2fr_1fr_1fr_1fr_auto] sm:items-end"
        role="search"
      >
        <FilterText name="q" label="Name or style" value={typed.q} error={fields.q} />
        <FilterText name="city" label="City" value={typed.city} error={fields.city} />
        <FilterSelect
          name="genre"
          label="Genre"
          any="Any genre"
          options={GENRES.map((g) => ({ value: g.slug, label: g.label }))}
          selected={typed.genre}
          error={fields.genre}
        />
        <FilterSelect name="sort" label="Sort" options={SORTS} selected={typed.sort} error={fields.sort} />
        <button type="submit" class="rounded-lg bg-saffron-500 hover:bg-saffron-600 font-semibold px-5 py-2">
          Search
        </button>
      </form>
      <FormMessage state={{ message: data.notice }} />
      {result && (result.items.length === 0
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
        ))}
      {result?.nextCursor && (
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
