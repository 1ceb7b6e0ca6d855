/**
 * Search at catalogue scale: seeds acts, venues and gigs into scratch
 * databases (bench/search_seed.ts), then times typical searches through the
 * real services, first pages and a second page, and shows the plan of the
 * text search. PGlite at 100,000 acts for reference; on PostgreSQL (with
 * TEST_DATABASE_URL), where the targets apply: p95 at most 10 ms at 100,000
 * acts, venues or gigs, and at most 25 ms at 1,000,000 acts.
 */
import { CompiledQuery, createQueryId, type Kysely, type KyselyPlugin, type RootOperationNode } from "kysely";
import type { Database } from "../db/schema.ts";
import { searchActs } from "../services/catalog/search.ts";
import { searchVenues } from "../services/catalog/venue_search.ts";
import { searchOpportunities } from "../services/opportunities/search.ts";
import { hasPostgres, openTestDatabase } from "../tests/support/db.ts";
import { startServer } from "../tests/support/server.ts";
import { median, p95 } from "./login.ts";
import { measurePage } from "./page_weight.ts";
import { BLOCKED_DAY, seedActs, seedGigs, seedVenues } from "./search_seed.ts";

const WARMUP = 3;
const ROUNDS = 20;
const TEXT_QUERY = "sufi";
const HTML_BUDGET = 14 * 1024;

type Search = (
  db: Kysely<Database>,
  input: Record<string, unknown>,
) => Promise<{ nextCursor: string | null; items: unknown[] }>;

interface Case {
  label: string;
  input: Record<string, unknown>;
  /** Time the page after the first instead. */
  secondPage?: boolean;
}

interface SearchFigures {
  title: string;
  seedSeconds: number;
  /** p95 target in ms, on PostgreSQL only. */
  target?: number;
  rows: { label: string; results: number; median: number; p95: number }[];
  plan?: string[];
}

const actCases = (mumbai: number): Case[] => [
  { label: `text "${TEXT_QUERY}"`, input: { q: TEXT_QUERY } },
  { label: `text "${TEXT_QUERY}", second page`, input: { q: TEXT_QUERY }, secondPage: true },
  { label: 'misspelt name "goshal"', input: { q: "goshal" } },
  { label: 'name and city "ghoshal mumbai"', input: { q: "ghoshal mumbai" } },
  { label: 'bio word "weddings"', input: { q: "weddings" } },
  { label: 'text "kathak" (in no act)', input: { q: "kathak" } },
  { label: "city + genre (Mumbai, rock)", input: { city: mumbai, genre: "rock" } },
  { label: "budget range, by price", input: { budgetMin: 5_000_000, budgetMax: 8_000_000, sort: "price" } },
  { label: `available on ${BLOCKED_DAY}, Mumbai`, input: { availableOn: BLOCKED_DAY, city: mumbai } },
];

const venueCases = (mumbai: number): Case[] => [
  { label: 'text "jazz"', input: { q: "jazz" } },
  { label: 'text "jazz", second page', input: { q: "jazz" }, secondPage: true },
  { label: 'misspelt name "tamrind"', input: { q: "tamrind" } },
  { label: 'description word "ghazal"', input: { q: "ghazal" } },
  {
    label: "Mumbai, 200-800 seats, by capacity",
    input: { city: mumbai, minCapacity: 200, maxCapacity: 800, sort: "capacity" },
  },
];

const gigCases = (mumbai: number): Case[] => [
  { label: 'text "sufi"', input: { q: "sufi" } },
  { label: 'text "sufi", second page', input: { q: "sufi" }, secondPage: true },
  { label: 'text "kathak" (in no gig)', input: { q: "kathak" } },
  { label: "Mumbai + genre (rock)", input: { cityId: mumbai, genre: "rock" } },
  { label: "next month, best paid first", input: { from: day(30), to: day(60), sort: "budget" } },
];

function day(fromNow: number): string {
  return new Date(Date.now() + fromNow * 86_400_000).toISOString().slice(0, 10);
}

const searchGigs: Search = (db, input) => searchOpportunities(db, input, new Date());

/** Every catalogue on every engine: PGlite for acts at 100,000; PostgreSQL for all when configured. */
async function measureSearch(): Promise<SearchFigures[]> {
  const figures = [await actsOn("pglite", 100_000)];
  if (!hasPostgres) return figures;
  figures.push(await actsOn("pg", 100_000, 10));
  figures.push(await actsOn("pg", 1_000_000, 25));
  figures.push(
    await catalogueOn("venues", 100_000, seedVenues, (db, input) => searchVenues(db, input), venueCases),
  );
  figures.push(await catalogueOn("gigs", 100_000, seedGigs, searchGigs, gigCases));
  return figures;
}

async function actsOn(driver: "pglite" | "pg", count: number, target?: number): Promise<SearchFigures> {
  const t = await openTestDatabase({ driver });
  try {
    const seeded = await seedActs(t.db, count);
    return {
      title: `${driver === "pg" ? "PostgreSQL" : "PGlite"}: ${count.toLocaleString("en")} acts`,
      seedSeconds: seeded.seconds,
      target,
      rows: await timeCases(t.db, (db, input) => searchActs(db, input), actCases(seeded.mumbai)),
      plan: await textPlan(t.db),
    };
  } finally {
    await t.close();
  }
}

async function catalogueOn(
  name: string,
  count: number,
  seed: (db: Kysely<Database>, count: number) => Promise<{ mumbai: number; seconds: number }>,
  search: Search,
  cases: (mumbai: number) => Case[],
): Promise<SearchFigures> {
  const t = await openTestDatabase({ driver: "pg" });
  try {
    const seeded = await seed(t.db, count);
    return {
      title: `PostgreSQL: ${count.toLocaleString("en")} ${name}`,
      seedSeconds: seeded.seconds,
      target: 10,
      rows: await timeCases(t.db, search, cases(seeded.mumbai)),
    };
  } finally {
    await t.close();
  }
}

async function timeCases(db: Kysely<Database>, search: Search, cases: Case[]) {
  const rows = [];
  for (const { label, input, secondPage } of cases) {
    const cursor = secondPage ? (await search(db, input)).nextCursor : undefined;
    if (secondPage && !cursor) throw new Error(`${label}: no second page`);
    const times: number[] = [];
    let results = 0;
    for (let i = 0; i < WARMUP + ROUNDS; i++) {
      const at = performance.now();
      results = (await search(db, { ...input, cursor })).items.length;
      if (i >= WARMUP) times.push(performance.now() - at);
    }
    rows.push({ label, results, median: median(times), p95: p95(times) });
  }
  return rows;
}

/**
 * EXPLAIN ANALYZE of the statement the service sends last for the text
 * "sufi" (the page itself, after the words' lookup), captured on its way out.
 */
async function textPlan(db: Kysely<Database>): Promise<string[]> {
  let statement: RootOperationNode | undefined;
  const capture: KyselyPlugin = {
    transformQuery({ node }) {
      if (node.kind === "SelectQueryNode") statement = node;
      return node;
    },
    transformResult: ({ result }) => Promise.resolve(result),
  };
  await searchActs(db.withPlugin(capture), { q: TEXT_QUERY });
  if (!statement) throw new Error("The search sent no SELECT");
  const compiled = db.getExecutor().compileQuery(statement, createQueryId());
  const { rows } = await db.executeQuery<{ "QUERY PLAN": string }>(
    CompiledQuery.raw(`explain (analyze, costs off) ${compiled.sql}`, [...compiled.parameters]),
  );
  return rows.map((r) => r["QUERY PLAN"]);
}

/** Prints the figures of `measureSearch`, then the weight of /artists with the demo catalogue. */
export async function reportSearch(): Promise<void> {
  for (const f of await measureSearch()) {
    console.log(`${f.title}, seeded in ${f.seedSeconds.toFixed(1)} s`);
    for (const r of f.rows) {
      const verdict = f.target === undefined
        ? ""
        : r.p95 <= f.target
        ? ` <= ${f.target} ms: PASS`
        : ` > ${f.target} ms: OVER`;
      console.log(
        `  ${r.label.padEnd(38)} median ${r.median.toFixed(1).padStart(6)} ms, p95 ${
          r.p95.toFixed(1).padStart(6)
        } ms (${r.results} results)${verdict}`,
      );
    }
    if (!f.plan) continue;
    // Which index each tier's branch read: the trust index walked, or a GIN index's rows sorted.
    const reads = f.plan.filter((line) =>
      /(Index Scan|Seq Scan).* on acts\b|Bitmap Index Scan on acts_/.test(line)
    );
    console.log(`  plan of text "${TEXT_QUERY}" (first page), the acts' reads:`);
    for (const line of reads) console.log(`    ${line.trim()}`);
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
