/**
 * Geography look-ups (country and city pickers, venue addresses). Read-only
 * and public, so there is nothing to authorize or audit: the use cases
 * normalise input and turn query rows into pages.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import {
  type CityRow,
  countPlaces,
  type CountryRow,
  findCities,
  findCountries,
  suggestCities as suggestCityRows,
} from "../db/queries/geo.ts";

/** Position of a city in (name, id) order: where the next page starts. */
export type CityKey = [name: string, id: number];

const coverageByDb = new WeakMap<Kysely<Database>, Promise<{ states: number; cities: number }>>();

/**
 * The reach of the platform in India, shown on the home page. Geography is
 * reference data that changes only with a migration, so it is counted once.
 */
export function coverage(db: Kysely<Database>): Promise<{ states: number; cities: number }> {
  let counted = coverageByDb.get(db);
  if (!counted) {
    counted = countPlaces(db, "IN");
    // A failed count must not stick: the next request tries again.
    counted.catch(() => coverageByDb.delete(db));
    coverageByDb.set(db, counted);
  }
  return counted;
}

export async function listCountries(
  db: Kysely<Database>,
  input: { q?: string; page: number; pageSize: number },
): Promise<{ items: CountryRow[]; totalItems: number }> {
  const { rows, total } = await findCountries(db, {
    q: normaliseSearch(input.q),
    limit: input.pageSize,
    offset: (input.page - 1) * input.pageSize,
  });
  return { items: rows, totalItems: total };
}

export async function searchCities(
  db: Kysely<Database>,
  input: { q?: string; country: string; state?: string; after?: CityKey; limit: number },
): Promise<{ items: CityRow[]; next: CityKey | null }> {
  // One extra row tells whether another page exists without a count query.
  const rows = await findCities(db, {
    country: input.country.toUpperCase(),
    state: input.state?.toUpperCase(),
    q: normaliseSearch(input.q),
    after: input.after,
    limit: input.limit + 1,
  });
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  return { items, next: rows.length > input.limit && last ? [last.name, last.id] : null };
}

/**
 * Blank means "no filter". Only leading space goes: a trailing one is
 * meaningful in a prefix search ("San " finds "San Jose" but not "Sangli").
 */
function normaliseSearch(q: string | undefined): string | undefined {
  const start = q?.trimStart();
  return start ? start : undefined;
}

/** Up to `limit` cities for a picker, most likely first; nothing for a blank query. */
export async function suggestCities(
  db: Kysely<Database>,
  input: { q: string; country: string; limit: number },
): Promise<CityRow[]> {
  const q = normaliseSearch(input.q);
  if (!q) return [];
  return await suggestCityRows(db, { country: input.country.toUpperCase(), q, limit: input.limit });
}

/** The city a visitor typed, by exact name (any case); the likeliest one when several share it. */
export async function cityByName(
  db: Kysely<Database>,
  name: string,
  country = "IN",
): Promise<CityRow | null> {
  const q = normaliseSearch(name);
  if (!q) return null;
  const [best] = await suggestCityRows(db, { country, q, limit: 1 });
  return best && best.name.toLowerCase() === q.toLowerCase() ? best : null;
}
