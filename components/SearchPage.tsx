import type { ComponentChildren, VNode } from "preact";
import type { SearchForm } from "../services/search_form.ts";
import { FormMessage } from "./forms.tsx";

const SUBMIT = "rounded-lg bg-saffron-500 hover:bg-saffron-600 font-semibold px-5 py-2";

/**
 * The layout of a search page (/artists, /venues, /opportunities): the
 * heading, a plain GET filter form (so it works without JavaScript and every
 * result page has a URL to share), the notice, a grid of cards, and a link to
 * the next page by cursor. The page brings its filters (the children) and its card.
 */
export function SearchPage<T>(
  { title, action, grid, submit, form, empty, testid, more, url, card, children }: {
    title?: string;
    /** Beside the heading, e.g. a link to post one. */
    action?: ComponentChildren;
    /** The filter form's grid classes for its fields, and the submit button's place in that grid. */
    grid: { form: string; submit?: string };
    submit: string;
    /**
     * The parsed form: its notice, the cities an unknown one may have meant,
     * and its result (null when a filter was refused).
     */
    form: Pick<SearchForm<{ items: T[]; nextCursor: string | null }>, "notice" | "didYouMean" | "result">;
    /** What to say when nothing matches, and what to try instead. */
    empty: { title: string; hint: string };
    /** The results list's data-testid, by which tests find the cards. */
    testid: string;
    /** The next page link's text, e.g. "More acts". */
    more: string;
    url: URL;
    card: (item: T) => VNode;
    children: ComponentChildren;
  },
) {
  const { result } = form;
  const heading = <h1 class="text-2xl font-bold">{title}</h1>;
  const next = new URL(url);
  if (result?.nextCursor) next.searchParams.set("cursor", result.nextCursor);
  return (
    <section class="max-w-5xl mx-auto px-4 py-8 grid gap-6">
      {action ? <div class="flex items-center justify-between gap-3">{heading}{action}</div> : heading}
      <form method="get" class={`bg-white rounded-xl shadow-sm p-3 grid ${grid.form}`} role="search">
        {children}
        <button type="submit" class={grid.submit ? `${grid.submit} ${SUBMIT}` : SUBMIT}>{submit}</button>
      </form>
      <FormMessage state={{ message: form.notice }} />
      <CityChoices cities={form.didYouMean} url={url} />
      {result && (result.items.length === 0
        ? (
          <div class="bg-white rounded-xl p-6 shadow-sm">
            <p class="font-semibold">{empty.title}</p>
            <p class="text-ink-500 text-sm mt-1">{empty.hint}</p>
          </div>
        )
        : (
          <ul class="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" data-testid={testid}>
            {result.items.map(card)}
          </ul>
        ))}
      {result?.nextCursor && (
        <a
          href={`${next.pathname}${next.search}`}
          class="justify-self-center rounded-lg border border-ink-300 px-4 py-2"
          rel="next"
        >
          {more}
        </a>
      )}
    </section>
  );
}

/** Links to this search in each city an unknown one may have meant, every other filter kept. */
function CityChoices({ cities, url }: { cities: SearchForm<unknown>["didYouMean"]; url: URL }) {
  if (cities.length === 0) return null;
  const linkTo = (name: string) => {
    const to = new URL(url);
    to.searchParams.set("city", name);
    to.searchParams.delete("cursor");
    return `${to.pathname}${to.search}`;
  };
  return (
    <ul class="flex flex-wrap gap-2" aria-label="Cities you may have meant">
      {cities.map((c) => (
        <li key={c.id}>
          <a href={linkTo(c.name)} class="inline-block rounded-lg border border-ink-300 bg-white px-3 py-1">
            {c.name}
            {c.alias && <span class="text-ink-500">{` (${c.alias})`}</span>}
            <span class="text-ink-500 text-sm">{`, ${c.state}`}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}
