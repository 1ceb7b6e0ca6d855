import { page } from "fresh";
import { ActCard } from "../../components/ActCard.tsx";
import { FilterSelect, FilterText } from "../../components/filters.tsx";
import { SearchPage } from "../../components/SearchPage.tsx";
import { genreBySlug, GENRES } from "../../domain/genres.ts";
import { searchActs } from "../../services/catalog/search.ts";
import { searchForm } from "../../services/search_form.ts";
import { define } from "../../utils.ts";

const GENRE_LABELS = Object.fromEntries(GENRES.map((g) => [g.slug, g.label]));

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
  const { typed, fields } = data;
  return (
    <SearchPage
      title={state.title}
      grid={{ form: "gap-2 sm:grid-cols-[2fr_1fr_1fr_1fr_auto] sm:items-end" }}
      submit="Search"
      form={data}
      empty={{ title: "No acts match yet.", hint: "Try another city or genre, or fewer words." }}
      testid="results"
      more="More acts"
      url={url}
      card={(act) => <ActCard key={act.id} act={act} genreLabels={GENRE_LABELS} />}
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
    </SearchPage>
  );
});
