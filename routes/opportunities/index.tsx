import { page } from "fresh";
import { FilterSelect, FilterText } from "../../components/filters.tsx";
import { FormMessage } from "../../components/forms.tsx";
import { OpportunityCard } from "../../components/OpportunityCard.tsx";
import { AppError } from "../../domain/errors.ts";
import { genreBySlug, GENRES } from "../../domain/genres.ts";
import { isOrganizerSide } from "../../domain/roles.ts";
import { cityByName } from "../../services/geo.ts";
import { type OpportunitySearchResult, searchOpportunities } from "../../services/opportunities/search.ts";
import { define } from "../../utils.ts";

const SORTS = [
  { value: "date", label: "Soonest first" },
  { value: "budget", label: "Best paid first" },
];
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const RUPEES = /^\d{1,12}$/;

interface Query {
  q: string;
  city: string;
  genre: string;
  from: string;
  to: string;
  budgetMin: string;
  budgetMax: string;
  sort: string;
}

/**
 * Browse gigs: a plain GET form, so it works without JavaScript and every
 * result page has a URL to share. Budgets are typed in whole rupees.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const params = ctx.url.searchParams;
    const text = (name: string, max: number) => params.get(name)?.trim().slice(0, max) ?? "";
    const pick = (name: string, pattern: RegExp) => pattern.test(text(name, 20)) ? text(name, 20) : "";
    const query: Query = {
      q: text("q", 200),
      city: text("city", 80),
      genre: genreBySlug(params.get("genre") ?? "")?.slug ?? "",
      from: pick("from", DAY),
      to: pick("to", DAY),
      budgetMin: pick("budgetMin", RUPEES),
      budgetMax: pick("budgetMax", RUPEES),
      sort: SORTS.some((s) => s.value === params.get("sort")) ? params.get("sort")! : "date",
    };
    const city = query.city ? await cityByName(ctx.state.db, query.city) : null;
    let notice = query.city && !city
      ? `We could not find a city called "${query.city}"; showing all cities.`
      : undefined;
    const paise = (rupees: string) => rupees ? Number(rupees) * 100 : undefined;
    const search = {
      q: query.q,
      cityId: city?.id,
      genre: query.genre,
      from: query.from,
      to: query.to,
      budgetMin: paise(query.budgetMin),
      budgetMax: paise(query.budgetMax),
      sort: query.sort,
      cursor: params.get("cursor") ?? "",
    };
    const now = ctx.state.auth.now();
    let result: OpportunitySearchResult;
    try {
      result = await searchOpportunities(ctx.state.db, search, now);
    } catch (err) {
      // A stale cursor or crossed filters: say so and show what we can rather than fail.
      if (!(err instanceof AppError)) throw err;
      notice = err.details[0]?.field === "cursor"
        ? "That page of results has moved; here is the first one."
        : "Some filters did not make sense together, so we left them out.";
      result = await searchOpportunities(
        ctx.state.db,
        { q: query.q, cityId: city?.id, genre: query.genre, sort: query.sort },
        now,
      );
    }
    const genre = genreBySlug(query.genre)?.label;
    ctx.state.title = `${genre ? `${genre} gigs` : "Gigs and opportunities"}${
      city ? ` in ${city.name}` : ""
    }`;
    ctx.state.description = `Open calls for live ${genre ?? "music"} acts${
      city ? ` in ${city.name}` : " across India"
    }: dates, budgets and deadlines. Apply with a pitch and your fee.`;
    return page({ query, result, notice, canPost: isOrganizerSide(ctx.state.actor?.roles ?? []) });
  },
});

export default define.page<typeof handler>(function Opportunities({ data, url, state }) {
  const { query, result } = data;
  const genreLabels = Object.fromEntries(GENRES.map((g) => [g.slug, g.label]));
  const next = new URL(url);
  if (result.nextCursor) next.searchParams.set("cursor", result.nextCursor);
  return (
    <section class="max-w-5xl mx-auto px-4 py-8 grid gap-6">
      <div class="flex items-center justify-between gap-3">
        <h1 class="text-2xl font-bold">{state.title}</h1>
        {data.canPost && (
          <a
            href="/opportunities/new"
            class="rounded-lg bg-ink-900 text-white px-4 py-2 text-sm whitespace-nowrap"
          >
            Post a gig
          </a>
        )}
      </div>
      <form
        method="get"
        class="bg-white rounded-xl shadow-sm p-3 grid grid-cols-2 gap-2 sm:grid-cols-4 items-end"
        role="search"
      >
        <FilterText name="q" label="Words" value={query.q} />
        <FilterText name="city" label="City" value={query.city} />
        <FilterSelect
          name="genre"
          label="Genre"
          any="Any genre"
          options={GENRES.map((g) => ({ value: g.slug, label: g.label }))}
          selected={query.genre}
        />
        <FilterSelect name="sort" label="Sort" options={SORTS} selected={query.sort} />
        <DateFilter name="from" label="From" value={query.from} />
        <DateFilter name="to" label="To" value={query.to} />
        <FilterText name="budgetMin" label="Budget from (₹)" value={query.budgetMin} numeric />
        <FilterText name="budgetMax" label="Budget up to (₹)" value={query.budgetMax} numeric />
        <button
          type="submit"
          class="col-span-2 sm:col-span-4 rounded-lg bg-saffron-500 hover:bg-saffron-600 font-semibold px-5 py-2"
        >
          Search
        </button>
      </form>
      <FormMessage state={{ message: data.notice }} />
      {result.items.length === 0
        ? (
          <div class="bg-white rounded-xl p-6 shadow-sm">
            <p class="font-semibold">No open gigs match yet.</p>
            <p class="text-ink-500 text-sm mt-1">Try another city, genre or date range.</p>
          </div>
        )
        : (
          <ul class="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" data-testid="results">
            {result.items.map((o) => (
              <OpportunityCard key={o.id} opportunity={o} genreLabels={genreLabels} />
            ))}
          </ul>
        )}
      {result.nextCursor && (
        <a
          href={`${next.pathname}${next.search}`}
          class="justify-self-center rounded-lg border border-ink-300 px-4 py-2"
          rel="next"
        >
          More gigs
        </a>
      )}
    </section>
  );
});

function DateFilter({ name, label, value }: { name: string; label: string; value: string }) {
  return (
    <label class="text-xs font-semibold text-ink-500">
      {label}
      <input
        type="date"
        name={name}
        value={value}
        class="mt-1 w-full rounded-lg border border-ink-100 px-3 py-2 bg-white text-base font-normal text-ink-900"
      />
    </label>
  );
}
