/**
 * Read queries over the geography tables (countries, states, cities).
 *
 * Name searches are case-insensitive prefix matches written as
 *   lower(name) like lower($q) || '%'
 * so PostgreSQL can use the `lower(name)` pattern index; user text has its
 * LIKE wildcards escaped first, so "%" or "_" match themselves.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../schema.ts";

/**
 * Where a catalogue entry is, by name, for display: its city, the city's
 * state, and the country's ISO 3166-1 alpha-2 code; null when it has no city.
 */
export interface PlaceNames {
  city: string | null;
  state: string | null;
  country: string | null;
}

export interface CountryRow {
  id: number;
  name: string;
  iso2: string;
  iso3: string | null;
  currencyCode: string | null;
  phoneCode: string | null;
}

export interface CityRow {
  id: number;
  name: string;
  state: string;
  stateCode: string;
  country: string;
  lat: number | null;
  lon: number | null;
}

/** Backslash is LIKE's default escape character in PostgreSQL. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}

function nameStartsWith(column: "countries.name" | "cities.name", prefix: string) {
  return sql<boolean>`lower(${sql.ref(column)}) like lower(${escapeLike(prefix)}) || '%'`;
}

/**
 * One page of countries by name, plus the total for the page counter.
 *
 *   select count(*) from countries where lower(name) like lower($1) || '%'
 *   select country_id as id, name, ... from countries where ... order by name, country_id limit $2 offset $3
 */
export async function findCountries(
  db: Kysely<Database>,
  params: { q?: string; limit: number; offset: number },
): Promise<{ rows: CountryRow[]; total: number }> {
  let base = db.selectFrom("countries");
  if (params.q) base = base.where(nameStartsWith("countries.name", params.q));
  const [rows, count] = await Promise.all([
    base.select([
      "countries.country_id as id",
      "countries.name",
      "countries.iso2",
      "countries.iso3",
      "countries.currency_code as currencyCode",
      "countries.phone_code as phoneCode",
    ])
      .orderBy("countries.name")
      .orderBy("countries.country_id")
      .limit(params.limit)
      .offset(params.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<string | number | bigint>().as("total"))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}

/**
 * Cities of a country (optionally one state), ordered by (name, id) and
 * resumed after a keyset position, so pages neither skip nor repeat rows.
 *
 *   select cities.city_id as id, cities.name, states.name as state, ...
 *   from cities join states using (state_id) join countries using (country_id)
 *   where countries.iso2 = $1 [and states.iso_code = $2]
 *     [and lower(cities.name) like lower($3) || '%'] [and (cities.name, cities.city_id) > ($4, $5)]
 *   order by cities.name, cities.city_id limit $6
 */
/** A city as every look-up returns it (CityRow). */
const CITY_COLUMNS = [
  "cities.city_id as id",
  "cities.name",
  "states.name as state",
  "states.iso_code as stateCode",
  "countries.iso2 as country",
  "cities.lat",
  "cities.lon",
] as const;

export function findCities(
  db: Kysely<Database>,
  params: { country: string; state?: string; q?: string; after?: [string, number]; limit: number },
): Promise<CityRow[]> {
  let query = db.selectFrom("cities")
    .innerJoin("states", "states.state_id", "cities.state_id")
    .innerJoin("countries", "countries.country_id", "states.country_id")
    .where("countries.iso2", "=", params.country);
  if (params.state) query = query.where("states.iso_code", "=", params.state);
  if (params.q) query = query.where(nameStartsWith("cities.name", params.q));
  const after = params.after;
  if (after) {
    query = query.where((eb) =>
      eb(eb.refTuple("cities.name", "cities.city_id"), ">", eb.tuple(after[0], after[1]))
    );
  }
  return query.select(CITY_COLUMNS)
    .orderBy("cities.name")
    .orderBy("cities.city_id")
    .limit(params.limit)
    .execute();
}

/**
 * How many states and cities a country has on file.
 *
 *   select count(distinct states.state_id), count(cities.city_id)
 *   from states left join cities using (state_id) join countries using (country_id)
 *   where countries.iso2 = $1
 */
export async function countPlaces(
  db: Kysely<Database>,
  country: string,
): Promise<{ states: number; cities: number }> {
  const row = await db.selectFrom("states")
    .innerJoin("countries", "countries.country_id", "states.country_id")
    .leftJoin("cities", "cities.state_id", "states.state_id")
    .where("countries.iso2", "=", country)
    .select((eb) => [
      eb.fn.count<string | number>("states.state_id").distinct().as("states"),
      eb.fn.count<string | number>("cities.city_id").as("cities"),
    ])
    .executeTakeFirstOrThrow();
  return { states: Number(row.states), cities: Number(row.cities) };
}

/**
 * Cities whose name starts with `q`, best guesses first: an exact name, then
 * shorter names (the city itself before "Puncha community development
 * block"), then alphabetical. For pickers, so no paging.
 *
 *   select ... from cities join states ... join countries ...
 *   where countries.iso2 = $1 and lower(cities.name) like lower($2) || '%'
 *   order by lower(cities.name) = lower($3) desc, length(cities.name), cities.name, cities.city_id
 *   limit $4
 */
export function suggestCities(
  db: Kysely<Database>,
  params: { country: string; q: string; limit: number },
): Promise<CityRow[]> {
  return db.selectFrom("cities")
    .innerJoin("states", "states.state_id", "cities.state_id")
    .innerJoin("countries", "countries.country_id", "states.country_id")
    .where("countries.iso2", "=", params.country)
    .where(nameStartsWith("cities.name", params.q))
    .select(CITY_COLUMNS)
    .orderBy((eb) => eb(eb.fn("lower", ["cities.name"]), "=", params.q.toLowerCase()), "desc")
    .orderBy((eb) => eb.fn("length", ["cities.name"]))
    .orderBy("cities.name")
    .orderBy("cities.city_id")
    .limit(params.limit)
    .execute();
}
