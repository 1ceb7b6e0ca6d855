import { page } from "fresh";
import { ActCard } from "../../components/ActCard.tsx";
import { FilterSelect, FilterText } from "../../components/filters.tsx";
import { SearchPage } from "../../components/SearchPage.tsx";
import { genreBySlug, GENRES } from "../../domain/genres.ts";
import { searchActs } from "../../services/catalog/search.ts";
import { rupeeFilters, searchForm } from "../../services/search_form.ts";
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
 * here with a city name and a genre. A date keeps the acts free that day; a
 * budget (whole rupees, "1,00,000" too) the acts whose starting fee is
 * within it.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const { db } = ctx.state;
    const form = await searchForm(db, ctx.url.searchParams, {
      fields: ["q", "genre", "date", "budget", "sort", "cursor"],
      input: ({ date, budget, ...typed }, city) => ({
        ...typed,
        city,
        availableOn: date,
        ...rupeeFilters({ budget }, { budgetMax: "budget" }),
      }),
      search: (input) => searchActs(db, input),
      formFields: { availableOn: "date", budgetMax: "budget" },
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
      grid={{ form: "grid-cols-2 gap-2 sm:grid-cols-3 items-end", submit: "col-span-2 sm:col-span-3" }}
      submit="Search"
      form={data}
      empty={{
        title: "No acts match yet.",
        hint: "Try another city, genre, date or budget, or fewer words.",
      }}
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
      <FilterText name="date" label="Available on" type="date" value={typed.date} error={fields.date} />
      <FilterText
        name="budget"
        label="Budget up to (₹)"
        value={typed.budget}
        error={fields.budget}
        numeric
      />
      <FilterSelect name="sort" label="Sort" options={SORTS} selected={typed.sort} error={fields.sort} />
    </SearchPage>
  );
});
