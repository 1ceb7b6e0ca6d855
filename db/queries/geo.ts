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
 * `q` is the start of the city's name or of one of its aliases ("Bom" finds Mumbai).
 *
 *   select cities.city_id as id, cities.name, states.name as state, ...
 *   from cities join states using (state_id) join countries using (country_id)
 *   where countries.iso2 = $1 [and states.iso_code = $2]
 *     [and (lower(cities.name) like lower($3) || '%' or cities.city_id in
 *       (select city_id from city_aliases where lower(alias) like lower($3) || '%'))] [and (cities.name, cities.city_id) > ($4, $5)]
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
  if (params.q) query = query.where(cityOrAliasStartsWith(params.q));
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

/** A suggested city, and the other name of it that `q` matched (Bombay for Mumbai), if not its own. */
export interface CitySuggestionRow extends CityRow {
  alias: string | null;
}

/**
 * Cities whose name or one of whose aliases (city_aliases) starts with `q`,
 * best guesses first: an exact name or alias, then the most populous
 * (Kolkata and Kochi before villages; unknown populations last), then
 * shorter names (the city itself before "Puncha community development
 * block"), then alphabetical. For pickers, so no paging.
 *
 *   select ..., case when lower(cities.name) like lower($2) || '%' then null else matched.alias end as alias
 *   from cities join states ... join countries ...
 *   left join lateral (select alias from city_aliases where city_id = cities.city_id
 *     and lower(alias) like lower($2) || '%' order by lower(alias) = lower($2) desc, length(alias) limit 1)
 *     matched on true
 *   where countries.iso2 = $1 and (lower(cities.name) like lower($2) || '%' or cities.city_id in
 *     (select city_id from city_aliases where lower(alias) like lower($2) || '%'))
 *   order by coalesce(lower(cities.name) = lower($2) or lower(matched.alias) = lower($2), false) desc,
 *     cities.population desc nulls last, length(cities.name), cities.name, cities.city_id
 *   limit $3
 */
export function suggestCities(
  db: Kysely<Database>,
  params: { country: string; q: string; limit: number },
): Promise<CitySuggestionRow[]> {
  const { q } = params;
  return db.selectFrom("cities")
    .innerJoin("states", "states.state_id", "cities.state_id")
    .innerJoin("countries", "countries.country_id", "states.country_id")
    .leftJoinLateral(
      (eb) =>
        eb.selectFrom("city_aliases")
          .select("city_aliases.alias")
          .whereRef("city_aliases.city_id", "=", "cities.city_id")
          .where(aliasStartsWith(q))
          .orderBy(sql`lower(city_aliases.alias) = lower(${q})`, "desc")
          .orderBy(sql`length(city_aliases.alias)`)
          .orderBy("city_aliases.alias")
          .limit(1)
          .as("matched"),
      (join) => join.onTrue(),
    )
    .where("countries.iso2", "=", params.country)
    .where(cityOrAliasStartsWith(q))
    .select(CITY_COLUMNS)
    .select(
      sql<string | null>`case when ${nameStartsWith("cities.name", q)} then null else matched.alias end`
        .as("alias"),
    )
    .orderBy(
      sql`coalesce(lower(cities.name) = lower(${q}) or lower(matched.alias) = lower(${q}), false)`,
      "desc",
    )
    .orderBy(sql`cities.population desc nulls last`)
    .orderBy(sql`length(cities.name)`)
    .orderBy("cities.name")
    .orderBy("cities.city_id")
    .limit(params.limit)
    .execute();
}

/**
 * The city called `name` (any case), by its own name or an alias; the most
 * populous when several share it (Aurangabad, Maharashtra before Aurangabad, Bihar).
 *
 *   select ... from cities join states ... join countries ...
 *   where countries.iso2 = $1 and (lower(cities.name) = lower($2)
 *     or cities.city_id in (select city_id from city_aliases where lower(alias) = lower($2)))
 *   order by cities.population desc nulls last, cities.city_id limit 1
 */
export async function findCityNamed(
  db: Kysely<Database>,
  params: { country: string; name: string },
): Promise<CityRow | null> {
  const { name } = params;
  const row = await db.selectFrom("cities")
    .innerJoin("states", "states.state_id", "cities.state_id")
    .innerJoin("countries", "countries.country_id", "states.country_id")
    .where("countries.iso2", "=", params.country)
    .where((eb) =>
      eb.or([
        sql<boolean>`lower(cities.name) = lower(${name})`,
        eb("cities.city_id", "in", (sub) =>
          sub.selectFrom("city_aliases")
            .select("city_aliases.city_id")
            .where(sql<boolean>`lower(city_aliases.alias) = lower(${name})`)),
      ])
    )
    .select(CITY_COLUMNS)
    .orderBy(sql`cities.population desc nulls last`)
    .orderBy("cities.city_id")
    .limit(1)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Cities whose name or alias looks like `text` (pg_trgm similarity at least
 * SIMILAR), for "did you mean" when no city has that name: the closest
 * first, then the most populous, each with the alias that was closer than
 * its name, if one was.
 *
 *   select * from (
 *     select ..., greatest(similarity(lower(cities.name), lower($2)), (select max(similarity(lower(alias),
 *       lower($2))) from city_aliases where city_id = cities.city_id)) as score,
 *       (select alias from city_aliases where city_id = cities.city_id and similarity(...alias) >
 *         similarity(...name) order by similarity(...alias) desc limit 1) as alias
 *     from cities join states ... join countries ... where countries.iso2 = $1) scored
 *   where score >= $3 order by score desc, population desc nulls last, id limit $4
 */
export function similarCities(
  db: Kysely<Database>,
  params: { country: string; text: string; limit: number },
): Promise<CitySuggestionRow[]> {
  const nameScore = sql<number>`similarity(lower(cities.name), lower(${params.text}))`;
  const aliasScore = sql<number>`similarity(lower(city_aliases.alias), lower(${params.text}))`;
  const scored = db.selectFrom("cities")
    .innerJoin("states", "states.state_id", "cities.state_id")
    .innerJoin("countries", "countries.country_id", "states.country_id")
    .where("countries.iso2", "=", params.country)
    .select(CITY_COLUMNS)
    .select((eb) => [
      "cities.population",
      sql<number>`greatest(${nameScore}, ${
        eb.selectFrom("city_aliases")
          .whereRef("city_aliases.city_id", "=", "cities.city_id")
          .select(sql<number>`max(${aliasScore})`.as("score"))
      })`.as("score"),
      eb.selectFrom("city_aliases")
        .whereRef("city_aliases.city_id", "=", "cities.city_id")
        .where(sql<boolean>`${aliasScore} > ${nameScore}`)
        .select("city_aliases.alias")
        .orderBy(aliasScore, "desc")
        .limit(1)
        .as("alias"),
    ])
    .as("scored");
  return db.selectFrom(scored)
    .where("scored.score", ">=", SIMILAR)
    .select(["id", "name", "state", "stateCode", "country", "lat", "lon", "alias"])
    .orderBy("scored.score", "desc")
    .orderBy(sql`scored.population desc nulls last`)
    .orderBy("scored.id")
    .limit(params.limit)
    .execute();
}

/** pg_trgm similarity from which a name counts as a likely misspelling ("Banglaore" of Bangalore). */
const SIMILAR = 0.45;

function aliasStartsWith(prefix: string) {
  return sql<boolean>`lower(city_aliases.alias) like lower(${escapeLike(prefix)}) || '%'`;
}

/** Each side can use its own prefix index: cities_name_prefix_idx, city_aliases_prefix_idx. */
function cityOrAliasStartsWith(prefix: string) {
  return sql<boolean>`(${nameStartsWith("cities.name", prefix)} or cities.city_id in
    (select city_aliases.city_id from city_aliases where ${aliasStartsWith(prefix)}))`;
}
