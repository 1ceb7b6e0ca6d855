/**
 * Catalogues at scale for the search bench: acts, venues and gigs written by
 * one INSERT ... SELECT over generate_series each, so seeding costs the
 * database's own time, not a round trip per row:
 *
 *   insert into acts (kind, owner_id, name, slug, bio, budget_min, ..., home_city_id, languages)
 *   select ..., first[1 + h(i, 1) % n] || ' ' || last[1 + h(i, 2) % m], 'bench-' || i, ...
 *   from generate_series(1, $count) as i
 *
 * where h(i, k) = abs(hashint4(i * 16 + k)): each attribute is drawn on its
 * own, so trust scores, cities, genres and bio words are independent of one
 * another, as in a real catalogue (a shared modulus made the best-trusted acts
 * all have the same bio, which no index plan would meet in production).
 * Names repeat (40 first names × 31 surnames), which makes a surname a common
 * word: the hard case for a search that must stop after one page.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.ts";

export const BLOCKED_DAY = "2026-12-31";

const FIRST =
  "Aarav Ananya Arjun Ishita Kabir Meera Rohan Priya Vikram Sanya Aditya Nandini Siddharth Kavya " +
  "Rahul Tanvi Farhan Zoya Harpreet Gurleen Arnab Sohini Karthik Lakshmi Vishnu Divya Imran Ayesha Kunal Riya " +
  "Shreya Neil Dhruv Anjali Sneha Yash Radhika Pooja Manish Shalini";
const LAST = "Sharma Iyer Banerjee Menon Kulkarni Deshpande Chatterjee Reddy Nair Singh Gill Khan Qureshi " +
  "Mukherjee Rao Pillai Joshi Kapoor Bhatt Das Sen Verma Fernandes Lyngdoh Bora Saikia Patel Mehta Krishnan " +
  "Ghoshal";
const VENUE_WORDS = "Blue Frog Copper Jazz Monsoon Terrace Lotus Bamboo Saffron Indigo Harbour Peacock " +
  "Velvet Banyan Neon Lantern Marigold Tamarind Coral Ember";
const CITIES = [
  "Mumbai",
  "Delhi",
  "Bengaluru",
  "Pune",
  "Kolkata",
  "Chennai",
  "Hyderabad",
  "Jaipur",
  "Lucknow",
];

/** An independent draw per row `i` and attribute `k`, the same on every run. */
const draw = (k: number) => sql.raw(`abs(hashint4(i * 16 + ${k}))`);

export interface Seeded {
  mumbai: number;
  seconds: number;
}

/** `count` acts with one or two genres each, a block on BLOCKED_DAY for every fifth; then VACUUM ANALYZE. */
export function seedActs(db: Kysely<Database>, count: number): Promise<Seeded> {
  return timed(db, "acts", async (trx, owner, cities) => {
    // The audit trail is not wanted in a scratch database, and the documents and vocabulary are written once,
    // after the genres, rather than per act and again per genre.
    await sql`alter table acts disable trigger acts_audit, disable trigger acts_search_document,
      disable trigger acts_search_words`.execute(trx);
    await sql`alter table act_genres disable trigger user`.execute(trx);
    await sql`insert into acts (kind, owner_id, name, slug, bio, years_experience, budget_min, budget_standard,
        budget_premium, trust_score, is_verified, home_city_id, languages)
      select case when ${draw(0)} % 3 = 0 then 'band' else 'solo' end, ${owner}::uuid,
        f[1 + ${draw(1)} % cardinality(f)] || ' ' || l[1 + ${draw(2)} % cardinality(l)],
        'bench-' || i,
        'Plays ' || (array['weddings', 'college fests', 'cafes', 'corporate evenings', 'qawwali mehfils',
          'club gigs', 'festivals'])[1 + ${draw(3)} % 7] || ' with ' || (1 + ${
      draw(4)
    } % 25) || ' years on stage.',
        1 + ${draw(4)} % 25, b, b * 2, b * 3, 40 + ${draw(5)} % 56, ${draw(6)} % 3 = 0,
        c[1 + ${draw(7)} % cardinality(c)], array['hi', 'en']
      from generate_series(1, ${count}) as i,
        lateral (select (1500000 + ${draw(8)} % 20000000)::bigint as b) as budget,
        (select string_to_array(${FIRST}, ' ') as f, string_to_array(${LAST}, ' ') as l,
                ${cities}::integer[] as c) as words`.execute(trx);
    await sql`insert into act_genres (act_id, genre_id)
      select a.id, g.id from (select id, abs(hashint4(hashtext(slug))) as h from acts) a
      join genres g on g.id = 1 + a.h % 16 or (a.h % 2 = 0 and g.id = 1 + (a.h / 16) % 16)`.execute(trx);
    await sql`update acts set search_document = act_search_document(id, name, bio, home_city_id),
      card_document = act_card_document(id, name, home_city_id)`.execute(trx);
    await fillVocabulary(trx, "acts", "act");
    await sql`insert into act_blocks (act_id, starts_at, ends_at)
      select id, ${BLOCKED_DAY}::date::timestamp at time zone 'Asia/Kolkata',
        (${BLOCKED_DAY}::date + 1)::timestamp at time zone 'Asia/Kolkata'
      from acts where right(slug, 1) in ('0', '5')`.execute(trx);
    await sql`alter table act_genres enable trigger user`.execute(trx);
    await sql`alter table acts enable trigger acts_audit, enable trigger acts_search_document,
      enable trigger acts_search_words`.execute(trx);
  });
}

/** `count` venues of every type and size across the cities; then VACUUM ANALYZE. */
export function seedVenues(db: Kysely<Database>, count: number): Promise<Seeded> {
  return timed(db, "venues", async (trx, owner, cities) => {
    await sql`alter table venues disable trigger venues_audit, disable trigger venues_search_words`.execute(
      trx,
    );
    await sql`insert into venues (owner_id, name, slug, description, capacity, venue_type, city_id, trust_score,
        is_verified)
      select ${owner}::uuid,
        w[1 + ${draw(1)} % cardinality(w)] || ' ' || w[1 + ${draw(2)} % cardinality(w)] || ' '
          || (array['Club', 'Lounge', 'Hall', 'Cafe', 'Arena', 'Terrace'])[1 + ${draw(3)} % 6],
        'bench-venue-' || i,
        'A room for ' || (array['ghazal evenings', 'rock nights', 'weddings', 'stand-up and live sets',
          'jazz brunches', 'college fests'])[1 + ${draw(4)} % 6] || '.',
        50 + ${draw(5)} % 5000,
        (array['club', 'bar', 'cafe', 'auditorium', 'theatre', 'open_air', 'hotel_ballroom',
          'banquet_hall'])[1 + ${draw(6)} % 8],
        c[1 + ${draw(7)} % cardinality(c)], 40 + ${draw(8)} % 56, ${draw(9)} % 3 = 0
      from generate_series(1, ${count}) as i,
        (select string_to_array(${VENUE_WORDS}, ' ') as w, ${cities}::integer[] as c) as words`.execute(trx);
    await fillVocabulary(trx, "venues", "venue");
    await sql`alter table venues enable trigger venues_audit, enable trigger venues_search_words`.execute(
      trx,
    );
  });
}

/** `count` open gigs over the next year, each with one genre; then VACUUM ANALYZE. */
export function seedGigs(db: Kysely<Database>, count: number): Promise<Seeded> {
  return timed(db, "opportunities", async (trx, owner, cities) => {
    await sql`alter table opportunities disable trigger opportunities_audit`.execute(trx);
    await sql`insert into opportunities (organizer_id, title, description, starts_at, duration_minutes, city_id,
        budget_min, budget_max, application_deadline)
      select ${owner}::uuid,
        (array['Sufi night', 'Wedding sangeet', 'College fest headliner', 'Corporate evening', 'Jazz brunch',
          'Rock night', 'Ghazal evening', 'Club night'])[1 + ${draw(1)} % 8] || ' in '
          || (array['Bandra', 'Koramangala', 'Hauz Khas', 'Park Street', 'Indiranagar'])[1 + ${draw(2)} % 5],
        'Looking for an act for ' || (200 + ${draw(3)} % 800) || ' guests.',
        start, 60 + 30 * (${draw(4)} % 6), c[1 + ${draw(5)} % cardinality(c)],
        b, b * 2, start - interval '3 days'
      from generate_series(1, ${count}) as i,
        lateral (select now() + interval '10 days' + (${draw(6)} % (365 * 24)) * interval '1 hour' as start,
                        (2000000 + ${draw(7)} % 20000000)::bigint as b) as drawn,
        (select ${cities}::integer[] as c) as places`.execute(trx);
    await sql`insert into opportunity_genres (opportunity_id, genre_id)
      select o.id, 1 + abs(hashint4(hashtext(o.id::text))) % 16 from opportunities o`.execute(trx);
    await sql`alter table opportunities enable trigger opportunities_audit`.execute(trx);
  });
}

/** The vocabulary of `table`'s documents in one statement, as the row triggers would have written it. */
async function fillVocabulary(trx: Kysely<Database>, table: "acts" | "venues", source: "act" | "venue") {
  const t = sql.table(table);
  await sql`insert into search_words (source, word, rank)
    select ${source}, lexeme, max(rank) from (
      select w.lexeme, 3 as rank from ${t} as d, unnest(d.name_document) as w
      union all select w.lexeme, 2 from ${t} as d, unnest(d.card_document) as w
      union all select w.lexeme, 0 from ${t} as d, unnest(d.search_document) as w) as words
    group by lexeme
    on conflict (source, word) do update set rank = excluded.rank where search_words.rank < excluded.rank`
    .execute(trx);
}

async function timed(
  db: Kysely<Database>,
  table: string,
  fill: (trx: Kysely<Database>, owner: string, cities: number[]) => Promise<void>,
): Promise<Seeded> {
  const started = performance.now();
  const mumbai = await db.transaction().execute(async (trx) => {
    // Each INSERT ... SELECT writes the whole catalogue: longer than the pool allows a request.
    await sql`set local statement_timeout = 0`.execute(trx);
    const { id: owner } = await trx.insertInto("users")
      .values({ email: `bench.${table}@example.test`, metadata: "{}" })
      .returning("id").executeTakeFirstOrThrow();
    const found = await trx.selectFrom("cities").innerJoin("states", "states.state_id", "cities.state_id")
      .innerJoin("countries", "countries.country_id", "states.country_id")
      .select(["cities.name", (eb) => eb.fn.min("cities.city_id").as("id")])
      .where("countries.iso2", "=", "IN").where("cities.name", "in", CITIES)
      .groupBy("cities.name").execute();
    await fill(trx, owner, found.map((c) => c.id));
    return found.find((c) => c.name === "Mumbai")!.id;
  });
  // As autovacuum leaves a live table: statistics current, GIN pending lists merged.
  await sql`vacuum analyze ${sql.table(table)}`.execute(db);
  return { mumbai, seconds: (performance.now() - started) / 1000 };
}
