/**
 * A believable demo catalogue: solo artists and bands, venues, and the users
 * who own them, across real Indian cities of the geography tables.
 * Everything is drawn from one seeded PRNG in a fixed order, so a seed always
 * gives the same names, prices and bios (ids are the database's own).
 */
import { Rng } from "./rng.ts";
import { type Kysely, sql } from "kysely";
import { withAuditContext } from "./audit.ts";
import type { ActKind, VenueType } from "../domain/catalog.ts";
import { genreBySlug } from "../domain/genres.ts";
import { countOf } from "../domain/plural.ts";
import type { RoleName } from "../domain/roles.ts";
import type { Database, NewAct, NewUser, NewVenue } from "./schema.ts";

export interface SeedCatalogOptions {
  seed?: number;
  acts?: number;
  venues?: number;
}

/** [city, state, ISO 639-1 language spoken there besides Hindi and English, weight]. */
const CITIES: readonly [string, string, string | null, number][] = [
  ["Mumbai", "Maharashtra", "mr", 9],
  ["Delhi", "Delhi", null, 8],
  ["Bengaluru", "Karnataka", "kn", 8],
  ["Pune", "Maharashtra", "mr", 4],
  ["Kolkata", "West Bengal", "bn", 5],
  ["Chennai", "Tamil Nadu", "ta", 5],
  ["Hyderabad", "Telangana", "te", 5],
  ["Panaji", "Goa", null, 3],
  ["Jaipur", "Rajasthan", null, 3],
  ["Shillong", "Meghalaya", null, 2],
  ["Thiruvananthapuram", "Kerala", "ml", 2],
  ["Ahmedabad", "Gujarat", "gu", 2],
  ["Chandigarh", "Chandigarh", "pa", 2],
  ["Guwahati", "Assam", "as", 2],
  ["Lucknow", "Uttar Pradesh", "ur", 2],
];

const FIRST_NAMES = words(
  "Aarav Ananya Arjun Ishita Kabir Meera Rohan Priya Vikram Sanya Aditya Nandini Siddharth " +
    "Kavya Rahul Tanvi Farhan Zoya Harpreet Gurleen Arnab Sohini Karthik Lakshmi Vishnu Divya " +
    "Imran Ayesha Kunal Riya Abhishek Pooja Neil Shalini Dhruv Anjali Manish Sneha Yash Radhika",
);
const LAST_NAMES = words(
  "Sharma Iyer Banerjee Menon Kulkarni Deshpande Chatterjee Reddy Nair Singh Gill Khan " +
    "Qureshi Mukherjee Rao Pillai Joshi Kapoor Bhatt Das Sen Verma Fernandes D'Souza Lyngdoh " +
    "Bora Saikia Patel Mehta Krishnan",
);
const BAND_ADJECTIVES = words(
  "Midnight Monsoon Electric Saffron Velvet Indigo Wandering Neon Paper Copper Silent Desert " +
    "Coastal Northern Crimson Restless",
);
const BAND_NOUNS = words(
  "Ragas Caravan Circuit Tides Lanterns Kites Drifters Echoes Rickshaws Monks Peacocks " +
    "Fireflies Nomads Junction Mantra Highway",
);
const BAND_WORDS = [
  "Dhoop Chhaon",
  "Safarnama",
  "Baarish",
  "Neela Aasmaan",
  "Kaagaz",
  "Raah",
  "Jugnu",
  "Sitaara",
  "Chaand Raat",
  "Pagdandi",
  "Aawaara",
  "Bandish",
  "Jhankaar",
  "Mitti",
  "Hawa Mahal",
  "Udaan",
];
const BAND_SUFFIXES = ["Project", "Collective", "Express", "Trio", "Ensemble", "Sound System"];
const VENUE_WORDS = words(
  "Indigo Monsoon Saffron Banyan Lotus Peacock Jasmine Teak Harbour Courtyard Baithak Mehfil " +
    "Sargam Tanpura Firefly Verandah",
);
const PATRONS = ["Tagore", "Bhabha", "Sarojini", "Raman", "Kalam", "Nehru", "Ambedkar", "Shivaji"];
const STREETS = ["MG Road", "Linking Road", "Park Street", "Church Street", "Station Road", "Mall Road"];
const AMENITIES = words(
  "parking green_room bar food wheelchair_access air_conditioning backline sound_system " +
    "lighting_rig valet",
);
const BIO_ENDINGS = [
  "Known for high-energy sets at college fests and weddings.",
  "A regular on the city's cafe and club circuit.",
  "Has opened for touring headliners and played NH7-style festival stages.",
  "Writes original songs and reimagines classics for intimate rooms.",
  "Comfortable with corporate evenings, sangeets and ticketed concerts alike.",
  "Brings their own backline and a tight, rehearsed show.",
];

const LIST = new Intl.ListFormat("en", { type: "conjunction" });

/** Genres named after a place, people or tradition keep their capital in a sentence. */
const PROPER_GENRES = new Set(["bollywood", "hindustani-classical", "carnatic", "sufi", "punjabi"]);
const genreInProse = (slug: string) => {
  const label = genreBySlug(slug)?.label ?? slug.replaceAll("-", " ");
  return PROPER_GENRES.has(slug) ? label : label.toLowerCase();
};

/** How each kind of venue is described, in its city and for its capacity. */
const VENUE_DESCRIPTIONS: Record<VenueType, (city: string, capacity: number) => string> = {
  club: (city, n) => `A live-music club in ${city} with room for ${countOf(n, "person", "people")}.`,
  bar: (city, n) => `A bar with a small stage in ${city}, for up to ${countOf(n, "guest")}.`,
  cafe: (city, n) => `A café in ${city} with an acoustic corner, seating ${n.toLocaleString("en-IN")}.`,
  auditorium: (city, n) => `An auditorium in ${city} with ${countOf(n, "seat")}.`,
  theatre: (city, n) => `A theatre in ${city} with ${countOf(n, "seat")}.`,
  open_air: (city, n) =>
    `An open-air amphitheatre in ${city} for crowds of up to ${n.toLocaleString("en-IN")}.`,
  hotel_ballroom: (city, n) =>
    `A hotel ballroom in ${city} for weddings, galas and dinners of up to ${countOf(n, "guest")}.`,
  banquet_hall: (city, n) =>
    `A banquet hall in ${city} for weddings and parties of up to ${countOf(n, "guest")}.`,
};

/** Genres a band leans to; solo acts draw from all. */
const BAND_GENRES = ["rock", "indie", "metal", "fusion", "folk", "jazz", "sufi", "pop", "electronic"];

const VENUE_KINDS: readonly [VenueType, number, number, (w: string, city: string, r: Rng) => string][] = [
  ["club", 150, 800, (w) => `${w} Club`],
  ["bar", 60, 250, (w) => `The ${w} Tap House`],
  ["cafe", 30, 120, (w) => `${w} Café`],
  ["auditorium", 400, 2500, (_w, city, r) => `${r.pick(PATRONS)} Memorial Auditorium, ${city}`],
  ["theatre", 150, 900, (w) => `${w} Playhouse`],
  ["open_air", 500, 10000, (w) => `${w} Amphitheatre`],
  ["hotel_ballroom", 200, 1200, (w, city) => `The Grand ${w} Ballroom, ${city}`],
  ["banquet_hall", 150, 1000, (w) => `${w} Banquet Hall`],
];

/**
 * Seeds `acts` acts and `venues` venues (with their owners) unless the
 * catalogue already has acts. One transaction.
 */
export async function seedCatalog(
  db: Kysely<Database>,
  { seed = 42, acts = 200, venues = 50 }: SeedCatalogOptions = {},
): Promise<{ seeded: boolean; acts: number; venues: number }> {
  return await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('artistspace.seed_catalog'))`.execute(trx);
    if (await trx.selectFrom("acts").select("id").limit(1).executeTakeFirst()) {
      return { seeded: false, acts: 0, venues: 0 };
    }
    await withAuditContext(trx, { userAgent: "db/seed_catalog.ts" });

    const cityRows = await trx.selectFrom("cities")
      .innerJoin("states", "states.state_id", "cities.state_id")
      .select(["cities.city_id", "cities.name", "states.name as state"])
      .where((eb) =>
        eb.or(CITIES.map(([c, s]) => eb.and([eb("cities.name", "=", c), eb("states.name", "=", s)])))
      )
      .execute();
    const cityId = new Map(cityRows.map((c) => [`${c.name}|${c.state}`, c.city_id]));
    const genreRows = await trx.selectFrom("genres").select(["id", "slug", "label"]).orderBy("id").execute();
    const genreBySlug = new Map(genreRows.map((g) => [g.slug, g]));

    const r = new Rng(seed);
    const catalog = drawCatalog(r, acts, venues, genreRows.map((g) => g.slug));
    const owners = await insertOwners(trx, catalog.owners);

    const place = (i: number) => {
      const [city, state] = CITIES[i];
      return cityId.get(`${city}|${state}`) ?? null;
    };
    const actRows = await insertChunked(
      catalog.acts.map((a): NewAct => ({ ...a.row, owner_id: owners[a.owner], home_city_id: place(a.city) })),
      (chunk) => trx.insertInto("acts").values(chunk).returning(["id", "slug"]).execute(),
    );
    const actId = new Map(actRows.map((a) => [a.slug, a.id]));
    const links = catalog.acts.flatMap((a) =>
      a.genres.map((slug) => ({ act_id: actId.get(a.row.slug)!, genre_id: genreBySlug.get(slug)!.id }))
    );
    await insertChunked(links, (chunk) => trx.insertInto("act_genres").values(chunk).execute());
    await insertChunked(
      catalog.venues.map((v): NewVenue => ({ ...v.row, owner_id: owners[v.owner], city_id: place(v.city) })),
      (chunk) => trx.insertInto("venues").values(chunk).execute(),
    );
    return { seeded: true, acts: catalog.acts.length, venues: catalog.venues.length };
  });
}

type Owner = Pick<NewUser, "email" | "first_name" | "last_name"> & { role: RoleName };
type Drawn<Row> = { row: Omit<Row, "owner_id" | "home_city_id" | "city_id">; owner: number; city: number };

function drawCatalog(r: Rng, actCount: number, venueCount: number, genres: string[]) {
  const owners: Owner[] = [];
  const slugs = new Set<string>();
  const uniqueSlug = (name: string) => {
    const base = slugify(name);
    let slug = base;
    for (let n = 2; slugs.has(slug); n++) slug = `${base}-${n}`;
    slugs.add(slug);
    return slug;
  };
  const person = (role: RoleName, first: string, last: string) => {
    const email = `${slugify(`${first} ${last}`)}.${owners.length + 1}@catalog.demo.artistspace.in`;
    return owners.push({ email, first_name: first, last_name: last, role }) - 1;
  };
  const managers = Array.from(
    { length: 12 },
    () => person("band_manager", r.pick(FIRST_NAMES), r.pick(LAST_NAMES)),
  );
  const venueManagers = Array.from(
    { length: Math.max(1, Math.ceil(venueCount / 3)) },
    () => person("venue_manager", r.pick(FIRST_NAMES), r.pick(LAST_NAMES)),
  );
  const cityWeights = CITIES.map((c) => c[3]);

  const acts = Array.from({ length: actCount }, (): Drawn<NewAct> & { genres: string[] } => {
    const kind: ActKind = r.chance(0.35) ? "band" : "solo";
    const actGenres = r.sample(kind === "band" ? BAND_GENRES : genres, r.int(1, 3));
    const city = r.weighted(cityWeights);
    let name: string;
    let owner: number;
    if (kind === "band") {
      name = bandName(r);
      owner = r.pick(managers);
    } else {
      const first = r.pick(FIRST_NAMES);
      const last = r.pick(LAST_NAMES);
      name = actGenres[0] === "electronic" && r.chance(0.6) ? `DJ ${first}` : `${first} ${last}`;
      owner = person("artist", first, last);
    }
    const years = r.int(1, 25);
    const min = roundTo(r.int(15_000, 150_000) * (1 + years / 20), 500);
    const standard = roundTo(min * (1.3 + r.next() * 0.5), 500);
    const premium = roundTo(standard * (1.3 + r.next() * 0.7), 500);
    const [cityName, , regional] = CITIES[city];
    const languages = ["hi", "en", ...(regional && r.chance(0.7) ? [regional] : [])];
    const slug = uniqueSlug(name);
    return {
      owner,
      city,
      genres: actGenres,
      row: {
        kind,
        name,
        slug,
        bio: `${name} ${kind === "band" ? "is a band" : "is an artist"} from ${cityName} playing ${
          LIST.format(actGenres.map(genreInProse))
        }, with ${countOf(years, "year")} on stage. ${r.pick(BIO_ENDINGS)}`,
        years_experience: years,
        budget_min: min * 100,
        budget_standard: standard * 100,
        budget_premium: premium * 100,
        is_verified: drawnAfterScore(r).chance(0.35),
        travel_radius_km: r.pick([50, 150, 300, 800, 2000]),
        languages,
        social_links: JSON.stringify({ instagram: `https://instagram.com/${slug.replaceAll("-", "")}` }),
      },
    };
  });

  const venues = Array.from({ length: venueCount }, (): Drawn<NewVenue> => {
    const [type, low, high, naming] = r.pick(VENUE_KINDS);
    const city = r.weighted(cityWeights);
    const cityName = CITIES[city][0];
    const name = naming(r.pick(VENUE_WORDS), cityName, r);
    const capacity = roundTo(r.int(low, high), 10);
    return {
      owner: r.pick(venueManagers),
      city,
      row: {
        name,
        slug: uniqueSlug(`${name} ${cityName}`),
        description: VENUE_DESCRIPTIONS[type](cityName, capacity),
        capacity,
        venue_type: type,
        address: `${r.int(1, 240)}, ${r.pick(STREETS)}, ${cityName}`,
        amenities: r.sample(AMENITIES, r.int(2, 6)),
        tech_specs: JSON.stringify({
          paWatts: roundTo(capacity * r.int(8, 20), 500),
          stage: `${r.int(4, 14)}x${r.int(3, 10)} m`,
        }),
        is_verified: drawnAfterScore(r).chance(0.4),
      },
    };
  });
  return { owners, acts, venues };
}

function bandName(r: Rng): string {
  switch (r.int(0, 2)) {
    case 0:
      return `The ${r.pick(BAND_ADJECTIVES)} ${r.pick(BAND_NOUNS)}`;
    case 1:
      return r.pick(BAND_WORDS);
    default:
      return `${r.pick(BAND_WORDS)} ${r.pick(BAND_SUFFIXES)}`;
  }
}

async function insertOwners(trx: Kysely<Database>, owners: Owner[]): Promise<string[]> {
  const rows = await insertChunked(
    owners.map(({ role: _role, ...o }) => ({
      ...o,
      display_name: `${o.first_name} ${o.last_name}`,
      status: "active" as const,
      locale: "en-IN",
      metadata: JSON.stringify({ demo: true, catalog: true }),
    })),
    (chunk) => trx.insertInto("users").values(chunk).returning(["id", "email"]).execute(),
  );
  const userId = new Map(rows.map((u) => [u.email, u.id]));
  const roles = await trx.selectFrom("roles").select(["id", "name"]).execute();
  const roleId = new Map(roles.map((x) => [x.name, x.id]));
  await insertChunked(
    owners.map((o) => ({ user_id: userId.get(o.email)!, role_id: roleId.get(o.role)! })),
    (chunk) => trx.insertInto("user_roles").values(chunk).execute(),
  );
  return owners.map((o) => userId.get(o.email)!);
}

/** Keeps each INSERT's parameters well under PostgreSQL's 65535. */
async function insertChunked<T, R>(rows: T[], insert: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < rows.length; i += 500) out.push(...await insert(rows.slice(i, i + 500)));
  return out;
}

/**
 * Scores are earned now (db/seed_history.ts), not drawn; the draw that once
 * typed one is still taken, so every name and price after it stays as it was.
 */
function drawnAfterScore(r: Rng): Rng {
  r.next();
  return r;
}

function roundTo(n: number, step: number): number {
  return Math.max(step, Math.round(n / step) * step);
}

/** Word lists are written as one string so they read as prose, not a column. */
function words(text: string): string[] {
  return text.split(" ");
}

function slugify(text: string): string {
  return text.normalize("NFKD").replace(/[\u0300-\u036f']/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}
