/**
 * The home page's search box. Without JavaScript it is a plain GET form to
 * /artists; hydrated, it suggests cities as you type (from the geography API,
 * which knows former names: "Bombay" suggests Mumbai) and says what it is
 * about to search for. The city field is an ARIA 1.2 combobox: Down and Up
 * move through the suggestions, Enter takes one, Escape closes the list.
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
  /** The other name the typed text matched, e.g. "Bombay" for Mumbai. */
  alias: string | null;
}

const SUGGEST_DELAY_MS = 150;
const LISTBOX_ID = "qs-cities";
const optionId = (city: CitySuggestion) => `qs-city-${city.id}`;

export default function QuickSearch({ genres }: { genres: GenreOption[] }) {
  const city = useSignal("");
  const genre = useSignal("");
  const suggestions = useSignal<CitySuggestion[]>([]);
  /** The option Up/Down has reached, or -1. */
  const active = useSignal(-1);
  /** False once the list is dismissed (Escape, leaving the field) until the next typing. */
  const open = useSignal(false);
  const pending = useRef<{ timer?: ReturnType<typeof setTimeout>; abort?: AbortController }>({});

  const summary = useComputed(() => {
    const g = genres.find((x) => x.slug === genre.value)?.label;
    const where = city.value.trim() ? `in ${city.value.trim()}` : "across India";
    return `${g ? `${g} acts` : "All acts"} ${where}`;
  });

  const expanded = open.value && suggestions.value.length > 0;
  const current = expanded ? suggestions.value[active.value] : undefined;

  function onCityInput(value: string) {
    city.value = value;
    active.value = -1;
    open.value = true;
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

  function choose(suggestion: CitySuggestion) {
    city.value = suggestion.name;
    suggestions.value = [];
    active.value = -1;
    open.value = false;
  }

  function onCityKeyDown(e: KeyboardEvent) {
    const count = suggestions.value.length;
    if ((e.key === "ArrowDown" || e.key === "ArrowUp") && count > 0) {
      e.preventDefault();
      const step = e.key === "ArrowDown" ? 1 : -1;
      // From no option, Down goes to the first and Up to the last; both wrap around.
      active.value = open.value && active.value >= 0
        ? (active.value + step + count) % count
        : (step === 1 ? 0 : count - 1);
      open.value = true;
    } else if (e.key === "Enter" && current) {
      // Takes the option instead of submitting the form; Enter again submits.
      e.preventDefault();
      choose(current);
    } else if (e.key === "Escape" && expanded) {
      e.preventDefault();
      open.value = false;
      active.value = -1;
    }
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
          role="combobox"
          autocomplete="off"
          placeholder="Mumbai, Pune, Shillong..."
          value={city}
          onInput={(e) => onCityInput(e.currentTarget.value)}
          onKeyDown={onCityKeyDown}
          onBlur={() => (open.value = false)}
          class="w-full rounded-lg border border-ink-100 px-3 py-2 focus:outline-none focus:border-saffron-500"
          aria-autocomplete="list"
          aria-expanded={expanded ? "true" : "false"}
          aria-controls={LISTBOX_ID}
          aria-activedescendant={current ? optionId(current) : undefined}
        />
        {/* Always in the page (hidden when empty), so aria-controls names an element that exists. */}
        <ul
          id={LISTBOX_ID}
          role="listbox"
          aria-label="Cities"
          hidden={!expanded}
          class="absolute z-10 left-0 right-0 mt-1 bg-white rounded-lg shadow-lg border border-ink-100 overflow-hidden"
        >
          {suggestions.value.map((s) => (
            <li
              key={s.id}
              id={optionId(s)}
              role="option"
              aria-selected={s === current ? "true" : "false"}
              class={`px-3 py-2 cursor-pointer ${s === current ? "bg-saffron-100" : "hover:bg-saffron-50"}`}
              // Keeps the focus in the field, so its blur does not close the list before the click lands.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(s)}
            >
              {s.name}
              {s.alias && <span class="text-ink-500">{` (${s.alias})`}</span>}{" "}
              <span class="text-ink-500 text-sm">{s.state}</span>
            </li>
          ))}
        </ul>
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
