/**
 * Geography look-ups (country and city pickers, venue addresses). Read-only
 * and public, so there is nothing to authorize or audit: the use cases
 * normalise input and turn query rows into pages.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../db/schema.ts";
import { type FieldIssue, ValidationError } from "../domain/errors.ts";
import { nulFree, parseInput } from "./validation.ts";
import {
  type CityRow,
  type CitySuggestionRow,
  countPlaces,
  type CountryRow,
  findCities,
  findCityNamed,
  findCountries,
  similarCities,
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

/** What people type to find a place, checked here so it never fails the query (NUL) or runs long. */
const PlaceText = nulFree(z.string().max(100, "At most 100 characters"));

/**
 * Blank means "no filter". Only leading space goes: a trailing one is
 * meaningful in a prefix search ("San " finds "San Jose" but not "Sangli").
 * Text that is not a name is a ValidationError on `field`.
 */
function normaliseSearch(q: string | undefined, field = "q"): string | undefined {
  if (q === undefined) return undefined;
  const start = parseInput(z.object({ [field]: PlaceText }), { [field]: q })[field].trimStart();
  return start ? start : undefined;
}

/**
 * Up to `limit` cities for a picker, most likely first, found by their name
 * or another name people use ("Bom" suggests Mumbai, with alias Bombay);
 * nothing for a blank query.
 */
export async function suggestCities(
  db: Kysely<Database>,
  input: { q: string; country: string; limit: number },
): Promise<CitySuggestionRow[]> {
  const q = normaliseSearch(input.q);
  if (!q) return [];
  return await suggestCityRows(db, { country: input.country.toUpperCase(), q, limit: input.limit });
}

/**
 * The Indian city a visitor typed in `field`, by exact name or alias (any
 * case: "bombay" is Mumbai); the most populous when several share it; null
 * when blank or no city has that name. Text that cannot be a name (NUL, too
 * long) is a ValidationError on `field`, so a form shows it beside the field.
 */
export async function cityByName(
  db: Kysely<Database>,
  name: string,
  field = "city",
): Promise<CityRow | null> {
  const q = normaliseSearch(name, field)?.trimEnd();
  if (!q) return null;
  return await findCityNamed(db, { country: "IN", name: q });
}

/**
 * For a name no city has: the cities it may have meant, the likeliest
 * first. Those it is the start of (or of one of their aliases) come first,
 * then look-alikes ("Banglaore"); none when nothing is close.
 */
export async function citiesLike(
  db: Kysely<Database>,
  name: string,
  limit = 3,
): Promise<CitySuggestionRow[]> {
  const q = normaliseSearch(name)?.trimEnd();
  if (!q) return [];
  const starting = await suggestCityRows(db, { country: "IN", q, limit });
  if (starting.length > 0) return starting;
  return await similarCities(db, { country: "IN", text: q, limit });
}

/**
 * `cityByName` for a form that gathers its field issues before failing: a
 * name no city has, or one that is not a name at all, becomes an issue on
 * `field` in `issues`.
 */
export async function cityInForm(
  db: Kysely<Database>,
  name: string,
  field: string,
  issues: FieldIssue[],
): Promise<CityRow | null> {
  try {
    const city = await cityByName(db, name, field);
    if (!city && name.trim()) {
      issues.push({ field, message: `We could not find a city called "${name.trim().slice(0, 80)}"` });
    }
    return city;
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    issues.push(...err.details);
    return null;
  }
}
