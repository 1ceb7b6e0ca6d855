import { page } from "fresh";
import QuickSearch from "../islands/QuickSearch.tsx";
import { GENRES } from "../domain/genres.ts";
import { coverage } from "../services/geo.ts";
import { define } from "../utils.ts";

export const handler = define.handlers({
  async GET(ctx) {
    ctx.state.description =
      "Find and book artists, bands and venues across India. Offers, contracts and payments in one place.";
    return page({ coverage: await coverage(ctx.state.db) });
  },
});

const STEPS = [
  {
    title: "Find or post",
    text: "Search acts by city, genre, date and budget, or post an opportunity and let artists apply.",
  },
  {
    title: "Negotiate",
    text: "Offers and counter-offers with fees, deposits and terms side by side, until both say yes.",
  },
  {
    title: "Sign and get paid",
    text: "A contract from the agreed terms, signed by both, and deposits held safely until the show.",
  },
];

const AUDIENCES = [
  {
    title: "Artists and bands",
    text: "A profile that shows your sound, your fee and your calendar. No double bookings, ever.",
  },
  {
    title: "Organizers and promoters",
    text: "Compare acts, negotiate in one thread and track every booking on one dashboard.",
  },
  { title: "Venues", text: "List your stage, its specs and your dates, and let the right acts find you." },
];

const nf = new Intl.NumberFormat("en-IN");

export default define.page<typeof handler>(function Home({ data }) {
  const { coverage } = data;
  return (
    <>
      <section class="bg-ink-900 text-white">
        <div class="max-w-5xl mx-auto px-4 pt-8 pb-10 sm:pt-14 sm:pb-16">
          <h1 class="text-3xl sm:text-5xl font-extrabold leading-tight tracking-tight">
            Book live music,<br />from Kochi to Kolkata.
          </h1>
          <p class="mt-3 text-ink-100 sm:text-lg max-w-xl">
            Artists, bands and venues across India. Negotiate, sign and pay in one place.
          </p>
          <div class="mt-6">
            <QuickSearch genres={GENRES.map((g) => ({ slug: g.slug, label: g.label }))} />
          </div>
          <p class="mt-4 text-xs text-ink-300">
            {nf.format(coverage.cities)} cities in {coverage.states} states and union territories
          </p>
        </div>
      </section>

      <section class="max-w-5xl mx-auto px-4 py-10" aria-labelledby="how">
        <h2 id="how" class="text-xl font-bold">How it works</h2>
        <ol class="mt-4 grid gap-4 sm:grid-cols-3">
          {STEPS.map((s, i) => (
            <li key={s.title} class="bg-white rounded-xl p-4 shadow-sm">
              <span class="text-saffron-700 font-bold text-sm">Step {i + 1}</span>
              <h3 class="font-semibold mt-1">{s.title}</h3>
              <p class="text-sm text-ink-500 mt-1">{s.text}</p>
            </li>
          ))}
        </ol>
      </section>

      <section class="max-w-5xl mx-auto px-4 pb-10" aria-labelledby="genres">
        <h2 id="genres" class="text-xl font-bold">Browse by genre</h2>
        <ul class="mt-4 flex flex-wrap gap-2">
          {GENRES.map((g) => (
            <li key={g.slug}>
              <a
                href={`/artists?genre=${g.slug}`}
                class="inline-block rounded-full bg-white border border-ink-100 px-3 py-1 text-sm hover:border-saffron-500"
              >
                {g.label}
              </a>
            </li>
          ))}
        </ul>
      </section>

      <section class="bg-white" aria-labelledby="who">
        <div class="max-w-5xl mx-auto px-4 py-10">
          <h2 id="who" class="text-xl font-bold">Built for everyone on the bill</h2>
          <ul class="mt-4 grid gap-4 sm:grid-cols-3">
            {AUDIENCES.map((a) => (
              <li key={a.title} class="border-l-4 border-plum-500 pl-3">
                <h3 class="font-semibold">{a.title}</h3>
                <p class="text-sm text-ink-500 mt-1">{a.text}</p>
              </li>
            ))}
          </ul>
        </div>
      </section>
    </>
  );
});
