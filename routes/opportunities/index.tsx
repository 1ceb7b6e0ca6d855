import { page } from "fresh";
import { FilterSelect, FilterText } from "../../components/filters.tsx";
import { OpportunityCard } from "../../components/OpportunityCard.tsx";
import { SearchPage } from "../../components/SearchPage.tsx";
import { genreBySlug, GENRES } from "../../domain/genres.ts";
import { isOrganizerSide } from "../../domain/roles.ts";
import { searchOpportunities } from "../../services/opportunities/search.ts";
import { rupeeFilters, searchForm } from "../../services/search_form.ts";
import { define } from "../../utils.ts";

const GENRE_LABELS = Object.fromEntries(GENRES.map((g) => [g.slug, g.label]));

const BUDGETS = { budgetMin: "budgetMin", budgetMax: "budgetMax" };

const SORTS = [
  { value: "date", label: "Soonest first" },
  { value: "budget", label: "Best paid first" },
];

/**
 * Browse gigs: a plain GET form, so it works without JavaScript and every
 * result page has a URL to share. Budgets are typed in whole rupees.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const { db, deps } = ctx.state;
    const now = deps.now();
    const form = await searchForm(db, ctx.url.searchParams, {
      fields: ["q", "genre", "from", "to", "budgetMin", "budgetMax", "sort", "cursor"],
      input: ({ city: _name, ...typed }, cityId) => ({ ...typed, cityId, ...rupeeFilters(typed, BUDGETS) }),
      search: (input) => searchOpportunities(db, input, now),
      formFields: { cityId: "city" },
      moved: "That page of results has moved",
    });
    const genre = genreBySlug(form.typed.genre)?.label;
    const city = form.city;
    ctx.state.title = `${genre ? `${genre} gigs` : "Gigs and opportunities"}${
      city ? ` in ${city.name}` : ""
    }`;
    ctx.state.description = `Open calls for live ${genre ?? "music"} acts${
      city ? ` in ${city.name}` : " across India"
    }: dates, budgets and deadlines. Apply with a pitch and your fee.`;
    return page(
      { ...form, canPost: isOrganizerSide(ctx.state.actor?.roles ?? []) },
      { status: form.status },
    );
  },
});

export default define.page<typeof handler>(function Opportunities({ data, url, state }) {
  const { typed, fields } = data;
  return (
    <SearchPage
      title={state.title}
      action={data.canPost && (
        <a
          href="/opportunities/new"
          class="rounded-lg bg-ink-900 text-white px-4 py-2 text-sm whitespace-nowrap"
        >
          Post a gig
        </a>
      )}
      grid={{ form: "grid-cols-2 gap-2 sm:grid-cols-4 items-end", submit: "col-span-2 sm:col-span-4" }}
      submit="Search"
      form={data}
      empty={{ title: "No open gigs match yet.", hint: "Try another city, genre or date range." }}
      testid="results"
      more="More gigs"
      url={url}
      card={(o) => <OpportunityCard key={o.id} opportunity={o} genreLabels={GENRE_LABELS} />}
    >
      <FilterText name="q" label="Words" value={typed.q} error={fields.q} />
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
      <FilterText name="from" label="From" type="date" value={typed.from} error={fields.from} />
      <FilterText name="to" label="To" type="date" value={typed.to} error={fields.to} />
      <FilterText
        name="budgetMin"
        label="Budget from (₹)"
        value={typed.budgetMin}
        error={fields.budgetMin}
        numeric
      />
      <FilterText
        name="budgetMax"
        label="Budget up to (₹)"
        value={typed.budgetMax}
        error={fields.budgetMax}
        numeric
      />
    </SearchPage>
  );
});
