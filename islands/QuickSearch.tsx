/**
 * The home page's search box. Without JavaScript it is a plain GET form to
 * /artists; hydrated, it suggests cities as you type (from the geography API)
 * and says what it is about to search for.
 */
import { useComputed, useSignal } from "@preact/signals";
import { useRef } from "preact/hooks";

interface GenreOption {
  slug: string;
  label: string;
}

interface CitySuggestion {
  id: number;
  name: string;
  state: string;
}

const SUGGEST_DELAY_MS = 150;

export default function QuickSearch({ genres }: { genres: GenreOption[] }) {
  const city = useSignal("");
  const genre = useSignal("");
  const suggestions = useSignal<CitySuggestion[]>([]);
  const pending = useRef<{ timer?: ReturnType<typeof setTimeout>; abort?: AbortController }>({});

  const summary = useComputed(() => {
    const g = genres.find((x) => x.slug === genre.value)?.label;
    const where = city.value.trim() ? `in ${city.value.trim()}` : "across India";
    return `${g ? `${g} acts` : "All acts"} ${where}`;
  });

  function onCityInput(value: string) {
    city.value = value;
    const p = pending.current;
    clearTimeout(p.timer);
    p.abort?.abort();
    if (value.trim().length < 2) {
      suggestions.value = [];
      return;
    }
    p.timer = setTimeout(async () => {
      p.abort = new AbortController();
      try {
        const res = await fetch(
          `/api/v1/geo/cities/suggest?limit=6&q=${encodeURIComponent(value.trim())}`,
          { signal: p.abort.signal },
        );
        if (res.ok) suggestions.value = (await res.json()).data;
      } catch {
        // Aborted by newer typing, or offline: the form still works without suggestions.
      }
    }, SUGGEST_DELAY_MS);
  }

  function choose(name: string) {
    city.value = name;
    suggestions.value = [];
  }

  return (
    <form
      action="/artists"
      method="get"
      role="search"
      class="bg-white text-ink-900 rounded-2xl p-3 shadow-lg grid gap-2 sm:grid-cols-[1fr_1fr_auto] sm:items-end"
    >
      <div class="relative">
        <label for="qs-city" class="block text-xs font-semibold text-ink-500 px-1">City</label>
        <input
          id="qs-city"
          name="city"
          autocomplete="off"
          placeholder="Mumbai, Pune, Shillong..."
          value={city}
          onInput={(e) => onCityInput(e.currentTarget.value)}
          class="w-full rounded-lg border border-ink-100 px-3 py-2 focus:outline-none focus:border-saffron-500"
          aria-controls="qs-cities"
        />
        {suggestions.value.length > 0 && (
          <ul
            id="qs-cities"
            role="listbox"
            class="absolute z-10 left-0 right-0 mt-1 bg-white rounded-lg shadow-lg border border-ink-100 overflow-hidden"
          >
            {suggestions.value.map((s) => (
              <li key={s.id} role="option">
                <button
                  type="button"
                  class="w-full text-left px-3 py-2 hover:bg-saffron-50"
                  onClick={() => choose(s.name)}
                >
                  {s.name} <span class="text-ink-500 text-sm">{s.state}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div>
        <label for="qs-genre" class="block text-xs font-semibold text-ink-500 px-1">Genre</label>
        <select
          id="qs-genre"
          name="genre"
          value={genre}
          onChange={(e) => (genre.value = e.currentTarget.value)}
          class="w-full rounded-lg border border-ink-100 px-3 py-2 bg-white"
        >
          <option value="">Any genre</option>
          {genres.map((g) => <option key={g.slug} value={g.slug}>{g.label}</option>)}
        </select>
      </div>
      <button
        type="submit"
        class="rounded-lg bg-saffron-500 hover:bg-saffron-600 text-ink-900 font-semibold px-5 py-2"
      >
        Find artists
      </button>
      <p class="text-xs text-ink-500 px-1 sm:col-span-3" aria-live="polite" data-testid="qs-summary">
        {summary}
      </p>
    </form>
  );
}
