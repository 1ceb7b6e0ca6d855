/**
 * Search at catalogue scale: seeds 100,000 acts into a scratch database
 * (PGlite in memory; the local PostgreSQL too when TEST_DATABASE_URL is set),
 * then times typical searches through the real service, and shows the plan of
 * the text search. Figures only: times depend on the machine.
 *
 * The acts are made by one INSERT ... SELECT over generate_series, so the
 * seed costs the database's own time, not 100,000 round trips:
 *
 *   insert into acts (kind, owner_id, name, slug, bio, budget_min, ..., home_city_id, languages)
 *   select ..., first[1 + i % n] || ' ' || last[1 + (i / n) % m], 'bench-' || i, ...
 *   from generate_series(1, $count) as i
 */
import {
  CompiledQuery,
  createQueryId,
  type Kysely,
  type KyselyPlugin,
  type RootOperationNode,
  sql,
} from "kysely";
import type { Database } from "../db/schema.ts";
import { searchActs } from "../services/catalog/search.ts";
import { withTypoTolerance } from "../db/queries/search.ts";
import { hasPostgres, openTestDatabase } from "../tests/support/db.ts";
import { startServer } from "../tests/support/server.ts";
import { median, p95 } from "./login.ts";
import { measurePage } from "./page_weight.ts";

const ACTS = 100_000;
const WARMUP = 3;
const ROUNDS = 20;
const BLOCKED_DAY = "2026-12-31";
const TEXT_QUERY = "sufi";
const HTML_BUDGET = 14 * 1024;

const FIRST =
  "Aarav Ananya Arjun Ishita Kabir Meera Rohan Priya Vikram Sanya Aditya Nandini Siddharth Kavya " +
  "Rahul Tanvi Farhan Zoya Harpreet Gurleen Arnab Sohini Karthik Lakshmi Vishnu Divya Imran Ayesha Kunal Riya " +
  "Shreya Neil Dhruv Anjali Sneha Yash Radhika Pooja Manish Shalini";
const LAST = "Sharma Iyer Banerjee Menon Kulkarni Deshpande Chatterjee Reddy Nair Singh Gill Khan Qureshi " +
  "Mukherjee Rao Pillai Joshi Kapoor Bhatt Das Sen Verma Fernandes Lyngdoh Bora Saikia Patel Mehta Krishnan " +
  "Ghoshal";
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

interface SearchFigures {
  engine: string;
  seedSeconds: number;
  rows: { label: string; results: number; median: number; p95: number }[];
  plan: string[];
}

/** PGlite always; PostgreSQL when the test suite's server is configured. */
async function measureSearch(): Promise<SearchFigures[]> {
  const figures = [await onEngine("pglite")];
  if (hasPostgres) figures.push(await onEngine("pg"));
  return figures;
}

async function onEngine(driver: "pglite" | "pg"): Promise<SearchFigures> {
  const t = await openTestDatabase({ driver });
  try {
    const started = performance.now();
    const mumbai = await seed(t.db);
    const seedSeconds = (performance.now() - started) / 1000;
    const cases: [string, Record<string, unknown>][] = [
      [`text "${TEXT_QUERY}"`, { q: TEXT_QUERY }],
      ["city + genre (Mumbai, rock)", { city: mumbai, genre: "rock" }],
      ["budget range, by price", { budgetMin: 5_000_000, budgetMax: 8_000_000, sort: "price" }],
      ['misspelt name "goshal"', { q: "goshal" }],
      [`available on ${BLOCKED_DAY}, Mumbai`, { availableOn: BLOCKED_DAY, city: mumbai }],
    ];
    const rows = [];
    for (const [label, input] of cases) {
      const times: number[] = [];
      let results = 0;
      for (let i = 0; i < WARMUP + ROUNDS; i++) {
        const at = performance.now();
        results = (await searchActs(t.db, input)).items.length;
        if (i >= WARMUP) times.push(performance.now() - at);
      }
      rows.push({ label, results, median: median(times), p95: p95(times) });
    }
    return {
      engine: driver === "pg" ? "PostgreSQL" : "PGlite",
      seedSeconds,
      rows,
      plan: await textPlan(t.db),
    };
  } finally {
    await t.close();
  }
}

/**
 * 100,000 acts with one or two genres each, a block on BLOCKED_DAY for every
 * fifth, then ANALYZE so the planner sees the real sizes. Returns Mumbai's
 * city id.
 */
async function seed(db: Kysely<Database>): Promise<number> {
  const mumbai = await db.transaction().execute(async (trx) => {
    // Each INSERT ... SELECT below writes the whole catalogue: longer than the pool allows a request.
    await sql`set local statement_timeout = 0`.execute(trx);
    const { id: owner } = await trx.insertInto("users")
      .values({ email: "bench.owner@example.test", metadata: "{}" })
      .returning("id").executeTakeFirstOrThrow();
    const cities = await trx.selectFrom("cities").innerJoin("states", "states.state_id", "cities.state_id")
      .innerJoin("countries", "countries.country_id", "states.country_id")
      .select(["cities.name", (eb) => eb.fn.min("cities.city_id").as("id")])
      .where("countries.iso2", "=", "IN").where("cities.name", "in", CITIES)
      .groupBy("cities.name").execute();
    const cityIds = cities.map((c) => c.id);
    // The audit trail is not wanted in a scratch database, and the search
    // documents are written once, by the genre insert below, not twice.
    await sql`alter table acts disable trigger acts_audit, disable trigger acts_search_document`.execute(trx);
    await sql`insert into acts (kind, owner_id, name, slug, bio, years_experience, budget_min, budget_standard,
        budget_premium, trust_score, is_verified, home_city_id, languages)
      select case when i % 3 = 0 then 'band' else 'solo' end, ${owner}::uuid,
        f[1 + i % cardinality(f)] || ' ' || l[1 + (i / cardinality(f)) % cardinality(l)],
        'bench-' || i,
        'Plays ' || (array['weddings', 'college fests', 'cafes', 'corporate evenings', 'qawwali mehfils',
          'club gigs', 'festivals'])[1 + i % 7] || ' with ' || (1 + i % 25) || ' years on stage.',
        1 + i % 25, b, b * 2, b * 3, 40 + (i * 37) % 56, i % 3 = 0,
        c[1 + (i * 7) % cardinality(c)], array['hi', 'en']
      from generate_series(1, ${ACTS}) as i,
        lateral (select (1500000 + (i * 7919) % 20000000)::bigint as b) as budget,
        (select string_to_array(${FIRST}, ' ') as f, string_to_array(${LAST}, ' ') as l,
                ${cityIds}::integer[] as c) as words`.execute(trx);
    // One statement, so the statement-level trigger writes each search document once.
    await sql`insert into act_genres (act_id, genre_id)
      select a.id, g.id from (select id, row_number() over (order by slug) as n from acts) a
      join genres g on g.id = 1 + a.n % 16 or (a.n % 2 = 0 and g.id = 1 + (a.n / 16) % 16)`.execute(trx);
    await sql`insert into act_blocks (act_id, starts_at, ends_at)
      select id, ${BLOCKED_DAY}::date::timestamp at time zone 'Asia/Kolkata',
        (${BLOCKED_DAY}::date + 1)::timestamp at time zone 'Asia/Kolkata'
      from acts where right(slug, 1) in ('0', '5')`.execute(trx);
    await sql`alter table acts enable trigger acts_audit, enable trigger acts_search_document`.execute(trx);
    return cities.find((c) => c.name === "Mumbai")!.id;
  });
  await sql`analyze`.execute(db);
  return mumbai;
}

/**
 * EXPLAIN of the exact statement the service sends for the text "sufi",
 * captured on its way out and explained under the same transaction settings.
 */
async function textPlan(db: Kysely<Database>): Promise<string[]> {
  let statement: RootOperationNode | undefined;
  const capture: KyselyPlugin = {
    transformQuery({ node }) {
      if (node.kind === "SelectQueryNode") statement ??= node;
      return node;
    },
    transformResult: ({ result }) => Promise.resolve(result),
  };
  await searchActs(db.withPlugin(capture), { q: TEXT_QUERY });
  if (!statement) throw new Error("The search sent no SELECT");
  const compiled = db.getExecutor().compileQuery(statement, createQueryId());
  const { rows } = await withTypoTolerance(db, (trx) =>
    trx.executeQuery<{ "QUERY PLAN": string }>(
      CompiledQuery.raw(`explain ${compiled.sql}`, [...compiled.parameters]),
    ));
  return rows.map((r) => r["QUERY PLAN"]);
}

/** Prints the figures of `measureSearch`, then the weight of /artists with the demo catalogue. */
export async function reportSearch(): Promise<void> {
  for (const f of await measureSearch()) {
    console.log(`${f.engine}: ${ACTS.toLocaleString("en")} acts seeded in ${f.seedSeconds.toFixed(1)} s`);
    for (const r of f.rows) {
      console.log(
        `  ${r.label.padEnd(34)} median ${r.median.toFixed(1).padStart(6)} ms, p95 ${
          r.p95.toFixed(1).padStart(6)
        } ms (${r.results} results)`,
      );
    }
    const gin = f.plan.filter((line) => /acts_search_idx|acts_name_trgm_idx/.test(line));
    console.log(`  plan of text "${TEXT_QUERY}": ${gin.length ? "GIN indexes used" : "NO GIN INDEX USED"}`);
    for (const line of gin.length ? gin : f.plan) console.log(`    ${line.trim()}`);
  }
  if (!hasPostgres) console.log("PostgreSQL: skipped (set TEST_DATABASE_URL to a server to include it)");

  // Development mode seeds the demo catalogue, which a production server's scratch database lacks.
  const dev = await startServer();
  try {
    const page = await measurePage(`${dev.url}/artists`);
    const list = page.html.text.split('data-testid="results"')[1]?.split("</ul>")[0] ?? "";
    const results = list.match(/<li\b/g)?.length ?? 0;
    const js = page.scripts.reduce((n, s) => n + s.wireBytes, 0);
    console.log(
      `GET /artists (${results} results, dev server): HTML + inline CSS ${kb(page.html.wireBytes)} gzip ` +
        `(${kb(page.html.rawBytes)} raw) against <= ${kb(HTML_BUDGET)}: ` +
        `${page.html.wireBytes <= HTML_BUDGET ? "PASS" : "OVER"}; JS ${
          kb(js)
        } gzip in ${page.scripts.length} files`,
    );
  } finally {
    await dev.close();
  }
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
