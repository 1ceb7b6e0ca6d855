import assert from "node:assert/strict";
import { CompiledQuery, createQueryId, type Kysely, type KyselyPlugin, type RootOperationNode } from "kysely";
import type { Database, NewVenue } from "../db/schema.ts";
import { ValidationError } from "../domain/errors.ts";
import { searchActs } from "../services/catalog/search.ts";
import { searchVenues } from "../services/catalog/venue_search.ts";
import { hasPostgres, openTestDatabase, testOnEachDriver } from "./support/db.ts";
import { act, type ActValues, cityId, person, venue } from "./support/fixtures.ts";
import { seedActs, seedVenues } from "../bench/search_seed.ts";

type ActFixture = ActValues & { name: string; city?: string };

/** The budgets of every act below unless it says otherwise; the budget filters are measured against them. */
const BUDGETS = { budget_min: 2_000_000, budget_standard: 3_000_000, budget_premium: 5_000_000 };

/** Inserts acts (cities by name) and returns their ids by name. */
async function addActs(db: Kysely<Database>, acts: ActFixture[]): Promise<Map<string, string>> {
  const { userId } = await person(db);
  const ids = new Map<string, string>();
  for (const { city, ...a } of acts) {
    const home = city ? await cityId(db, city) : null;
    const { id } = await act(db, userId, { ...BUDGETS, home_city_id: home, ...a });
    ids.set(a.name, id);
  }
  return ids;
}

const names = async (db: Kysely<Database>, input: Record<string, unknown>) =>
  (await searchActs(db, input)).items.map((i) => i.name);

testOnEachDriver(
  "a name match outranks a bio match, and a misspelt name still finds the act",
  async ({ db }) => {
    await addActs(db, [
      { name: "Rahul Verma", bio: "Sings qawwali at weddings", city: "Delhi" },
      { name: "Qawwali Nights", bio: "A Sufi ensemble", city: "Lucknow", genres: ["sufi"] },
      { name: "Shreya Ghoshal", bio: "Playback singer", city: "Mumbai", genres: ["bollywood"] },
    ]);
    assert.deepEqual(await names(db, { q: "qawwali" }), ["Qawwali Nights", "Rahul Verma"]);
    assert.deepEqual(await names(db, { q: "Shreya Goshal" }), ["Shreya Ghoshal"]);
    // One misspelt word alone: "goshal" scores 0.57 against the name, under pg_trgm's default 0.6.
    assert.deepEqual(await names(db, { q: "goshal" }), ["Shreya Ghoshal"]);
    assert.deepEqual(await names(db, { q: "Qawali" }), ["Qawwali Nights"]);
    // Genre (B) and city (C) words are searchable too.
    assert.deepEqual(await names(db, { q: "sufi" }), ["Qawwali Nights"]);
    assert.deepEqual(await names(db, { q: "lucknow" }), ["Qawwali Nights"]);
    const [item] = (await searchActs(db, { q: "ghoshal" })).items;
    assert.equal(item.city, "Mumbai");
    assert.equal(item.state, "Maharashtra");
    assert.deepEqual(item.genres, ["bollywood"]);
    assert.equal(item.budgetMin, 2_000_000);
    assert.equal(item.trustScore, 50);
  },
);

testOnEachDriver(
  "relevance: name, then card, then near words, then anywhere, the trusted first",
  async ({ db }) => {
    await addActs(db, [
      { name: "Sufi Sutra", trust_score: 40 },
      { name: "Sufi Strings", trust_score: 70 },
      { name: "Noor Ensemble", genres: ["sufi"], trust_score: 90 },
      { name: "Lahar", genres: ["sufi"], trust_score: 60 },
      { name: "Sufiyana Kalam", trust_score: 95 },
      { name: "Dhruv Rao", bio: "Sings sufi kalam at weddings", trust_score: 99 },
      { name: "Unrelated Band", bio: "Rock covers", trust_score: 100 },
    ]);
    const expected = ["Sufi Strings", "Sufi Sutra", "Noor Ensemble", "Lahar", "Sufiyana Kalam", "Dhruv Rao"];
    assert.deepEqual(await names(db, { q: "sufi" }), expected);
    // Page by page, every tier boundary crossed at every place in a page: the same order, each act once.
    // After a cursor each tier is narrowed to what it holds beyond the better ones: Noor Ensemble's genre on
    // the card, Sufiyana Kalam's longer word, Dhruv Rao's bio.
    for (const limit of [1, 2, 3, 4]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 10; page++) {
        const result = await searchActs(db, { q: "sufi", limit, cursor });
        seen.push(...result.items.map((i) => i.name));
        if (!result.nextCursor) break;
        cursor = result.nextCursor;
      }
      assert.deepEqual(seen, expected, `${limit} a page`);
    }
    // Words of a card in any field, all required; operators keep their meaning and turn typo matching off.
    await addActs(db, [{ name: "Kabir Sufi Project", city: "Lucknow", trust_score: 10 }]);
    assert.deepEqual(await names(db, { q: "sufi lucknow" }), ["Kabir Sufi Project"]);
    assert.deepEqual(await names(db, { q: "sufi -kalam -sutra -strings -project" }), [
      "Noor Ensemble",
      "Lahar",
    ]);
    // A misspelt genre and a misspelt city are near words too.
    assert.deepEqual(await names(db, { q: "sufee lucknw" }), ["Kabir Sufi Project"]);
    assert.deepEqual(await names(db, { q: "!!! ---" }), []);
  },
);

testOnEachDriver("a renamed act is found by its new name, misspelt", async ({ db }) => {
  const ids = await addActs(db, [{ name: "Old Name" }]);
  await db.updateTable("acts").set({ name: "Raghav Chaurasia" }).where("id", "=", ids.get("Old Name")!)
    .execute();
  assert.deepEqual(await names(db, { q: "chourasia" }), ["Raghav Chaurasia"]);
  assert.deepEqual(await names(db, { q: "old" }), []);
});

testOnEachDriver("every filter narrows the results", async ({ db }) => {
  const ids = await addActs(db, [
    { name: "Mumbai Rock", city: "Mumbai", genres: ["rock"], languages: ["hi", "mr"], trust_score: 80 },
    {
      name: "Pune Jazz",
      city: "Pune",
      genres: ["jazz"],
      languages: ["en"],
      is_verified: true,
      trust_score: 60,
    },
    {
      name: "Delhi Sufi",
      city: "Delhi",
      genres: ["sufi", "rock"],
      languages: ["ur"],
      budget_min: 10_000_000,
      budget_standard: 12_000_000,
      budget_premium: 20_000_000,
    },
  ]);
  const city = (name: string) => cityId(db, name);
  const sorted = async (input: Record<string, unknown>) => (await names(db, input)).sort();
  assert.deepEqual(await sorted({ city: await city("Mumbai") }), ["Mumbai Rock"]);
  // Pune is ~120 km from Mumbai, Delhi ~1150 km.
  assert.deepEqual(await sorted({ city: await city("Mumbai"), withinKm: "200" }), [
    "Mumbai Rock",
    "Pune Jazz",
  ]);
  assert.deepEqual(await sorted({ genre: "rock" }), ["Delhi Sufi", "Mumbai Rock"]);
  assert.deepEqual(await sorted({ language: "MR" }), ["Mumbai Rock"]);
  assert.deepEqual(await sorted({ budgetMin: 6_000_000, budgetMax: 9_000_000 }), []);
  assert.deepEqual(await sorted({ budgetMin: 15_000_000 }), ["Delhi Sufi"]);
  assert.deepEqual(await sorted({ budgetMax: "5000000" }), ["Mumbai Rock", "Pune Jazz"]);
  assert.deepEqual(await sorted({ verified: "on" }), ["Pune Jazz"]);
  assert.deepEqual(await sorted({ minTrust: 70 }), ["Mumbai Rock"]);
  assert.deepEqual(
    await names(db, { sort: "price" }),
    ["Mumbai Rock", "Pune Jazz", "Delhi Sufi"].slice(0, 2)
      .sort((a, b) => ids.get(a)! < ids.get(b)! ? -1 : 1).concat("Delhi Sufi"),
  );
  assert.deepEqual((await names(db, { sort: "trust" }))[0], "Mumbai Rock");

  // Blocks: 10 March 22:00-23:30 IST blocks the 10th; one ending at midnight IST of the 11th does not block the 11th.
  await db.insertInto("act_blocks").values([
    { act_id: ids.get("Mumbai Rock")!, starts_at: "2026-03-10T16:30:00Z", ends_at: "2026-03-10T18:00:00Z" },
    { act_id: ids.get("Pune Jazz")!, starts_at: "2026-03-10T12:00:00Z", ends_at: "2026-03-10T18:30:00Z" },
  ]).execute();
  assert.deepEqual(await sorted({ availableOn: "2026-03-10" }), ["Delhi Sufi"]);
  assert.deepEqual(await sorted({ availableOn: "2026-03-11" }), ["Delhi Sufi", "Mumbai Rock", "Pune Jazz"]);
  assert.deepEqual(await sorted({ genre: "rock", availableOn: "2026-03-10", q: "delhi" }), ["Delhi Sufi"]);
});

testOnEachDriver("pages walk every result exactly once, even when sort keys tie", async ({ db }) => {
  await addActs(
    db,
    Array.from({ length: 23 }, (_, i) => ({ name: `Echo Tide ${i % 3 ? "" : "Band"}`.trim() })),
  );
  for (const input of [{ sort: "trust" }, { sort: "price" }, { q: "echo tide" }]) {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const result = await searchActs(db, { ...input, limit: 5, cursor });
      seen.push(...result.items.map((i) => i.id));
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    assert.equal(seen.length, 23, JSON.stringify(input));
    assert.equal(new Set(seen).size, 23, JSON.stringify(input));
  }
});

testOnEachDriver("hostile input is harmless", async ({ db }) => {
  await addActs(db, [{ name: "Kavya Nair", bio: `<script>alert("x")</script> 100% live` }]);
  const hostile = [
    "'; drop table acts; --",
    "%",
    "_",
    "\\",
    `<script>alert("x")</script>`,
    "a & | ! :* ( ) <-> ''",
    "\0kavya",
    "ü".repeat(200),
  ];
  for (const text of hostile) {
    await searchActs(db, { q: text, genre: text.slice(0, 60), language: text.slice(0, 8) });
  }
  assert.deepEqual(await names(db, { q: "\0kavya" }), ["Kavya Nair"]);
  assert.deepEqual(await names(db, { q: "%" }), []);
  const [act] = (await searchActs(db, { q: "kavya" })).items;
  assert.equal(act.name, "Kavya Nair");
  assert.equal((await db.selectFrom("acts").select("id").execute()).length, 1);
  for (
    const bad of [{ cursor: "not-a-cursor" }, { limit: 1000 }, { withinKm: 10 }, { sort: "name;" }, { x: 1 }]
  ) {
    await assert.rejects(searchActs(db, bad), ValidationError, JSON.stringify(bad));
  }
  const { nextCursor } = await searchActs(db, { limit: 1, sort: "price" }).then(async (r) =>
    r.nextCursor
      ? r
      : await addActs(db, [{ name: "Second" }]).then(() => searchActs(db, { limit: 1, sort: "price" }))
  );
  // A cursor is bound to its sort.
  await assert.rejects(searchActs(db, { sort: "trust", cursor: nextCursor! }), ValidationError);
});

type VenueFixture = Partial<NewVenue> & { name: string; city?: string };

/** Inserts venues for 300 (cities by name) and returns their ids by name. */
async function addVenues(db: Kysely<Database>, venues: VenueFixture[]): Promise<Map<string, string>> {
  const { userId } = await person(db);
  const ids = new Map<string, string>();
  for (const { city, ...v } of venues) {
    const { id } = await venue(db, userId, {
      capacity: 300,
      city_id: city ? await cityId(db, city) : null,
      ...v,
    });
    ids.set(v.name, id);
  }
  return ids;
}

const venueNames = async (db: Kysely<Database>, input: Record<string, unknown>) =>
  (await searchVenues(db, input)).items.map((i) => i.name);

testOnEachDriver(
  "venues: a name match outranks a description match, and typos still find it",
  async ({ db }) => {
    await addVenues(db, [
      { name: "Blue Frog", description: "A club with a mehfil night on Sundays", city: "Mumbai" },
      { name: "Mehfil Lounge", description: "Ghazals and sufi evenings", city: "Lucknow", venue_type: "bar" },
    ]);
    assert.deepEqual(await venueNames(db, { q: "mehfil" }), ["Mehfil Lounge", "Blue Frog"]);
    assert.deepEqual(await venueNames(db, { q: "mehfl" }), ["Mehfil Lounge"]);
    assert.deepEqual(await venueNames(db, { q: "lucknow" }), ["Mehfil Lounge"]);
    const [item] = (await searchVenues(db, { q: "blue frog" })).items;
    assert.equal(item.city, "Mumbai");
    assert.equal(item.state, "Maharashtra");
    assert.equal(item.capacity, 300);
    assert.equal(item.venueType, "club");
    assert.equal(item.trustScore, 50);
  },
);

testOnEachDriver("venues: every filter narrows the results", async ({ db }) => {
  await addVenues(db, [
    { name: "Small Cafe", city: "Mumbai", capacity: 80, venue_type: "cafe", trust_score: 90 },
    { name: "Pune Hall", city: "Pune", capacity: 600, venue_type: "auditorium", is_verified: true },
    { name: "Delhi Arena", city: "Delhi", capacity: 5000, venue_type: "open_air", trust_score: 70 },
  ]);
  const sorted = async (input: Record<string, unknown>) => (await venueNames(db, input)).sort();
  const mumbai = await cityId(db, "Mumbai");
  assert.deepEqual(await sorted({ city: mumbai }), ["Small Cafe"]);
  assert.deepEqual(await sorted({ city: mumbai, withinKm: "200" }), ["Pune Hall", "Small Cafe"]);
  assert.deepEqual(await sorted({ minCapacity: "500" }), ["Delhi Arena", "Pune Hall"]);
  assert.deepEqual(await sorted({ maxCapacity: 600 }), ["Pune Hall", "Small Cafe"]);
  assert.deepEqual(await sorted({ minCapacity: 100, maxCapacity: 1000 }), ["Pune Hall"]);
  assert.deepEqual(await sorted({ venueType: "open_air" }), ["Delhi Arena"]);
  assert.deepEqual(await sorted({ verified: "true" }), ["Pune Hall"]);
  assert.deepEqual(await venueNames(db, { sort: "capacity" }), ["Small Cafe", "Pune Hall", "Delhi Arena"]);
  assert.deepEqual(await venueNames(db, { sort: "trust" }), ["Small Cafe", "Delhi Arena", "Pune Hall"]);
  assert.deepEqual(await venueNames(db, {}), ["Small Cafe", "Delhi Arena", "Pune Hall"]);
});

testOnEachDriver("venues: pages walk every result exactly once, even when sort keys tie", async ({ db }) => {
  await addVenues(
    db,
    Array.from({ length: 17 }, (_, i) => ({ name: `Echo Hall ${i % 2 ? "" : "East"}`.trim() })),
  );
  for (const input of [{ sort: "trust" }, { sort: "capacity" }, { q: "echo hall" }]) {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const result = await searchVenues(db, { ...input, limit: 4, cursor });
      seen.push(...result.items.map((i) => i.id));
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    assert.equal(seen.length, 17, JSON.stringify(input));
    assert.equal(new Set(seen).size, 17, JSON.stringify(input));
  }
});

testOnEachDriver("venues: hostile input is harmless and bad input is refused", async ({ db }) => {
  await addVenues(db, [{ name: "Kaagaz Club", description: `<img src=x onerror=alert(1)> 100% loud` }]);
  for (const text of ["'; drop table venues; --", "%", "\\", "a & | ! :* ( ) <-> ''", "ü".repeat(200)]) {
    await searchVenues(db, { q: text });
  }
  assert.deepEqual(await venueNames(db, { q: "\0kaagaz" }), ["Kaagaz Club"]);
  assert.deepEqual(await venueNames(db, { q: "%" }), []);
  assert.equal((await db.selectFrom("venues").select("id").execute()).length, 1);
  for (
    const bad of [
      { cursor: "not-a-cursor" },
      { venueType: "stadium" },
      { minCapacity: 0 },
      { minCapacity: 500, maxCapacity: 100 },
      { withinKm: 10 },
      { sort: "price" },
      { x: 1 },
    ]
  ) {
    await assert.rejects(searchVenues(db, bad), ValidationError, JSON.stringify(bad));
  }
  await addVenues(db, [{ name: "Second" }]);
  const { nextCursor } = await searchVenues(db, { limit: 1, sort: "capacity" });
  await assert.rejects(searchVenues(db, { sort: "trust", cursor: nextCursor! }), ValidationError);
  // An act search's cursor is not a venue search's.
  await addActs(db, [{ name: "One" }, { name: "Two" }]);
  const acts = await searchActs(db, { limit: 1, sort: "trust" });
  await assert.rejects(searchVenues(db, { sort: "trust", cursor: acts.nextCursor! }), ValidationError);
});

Deno.test({
  name: "a first page reads a few hundred acts of 20,000, whatever the words [pg]",
  ignore: !hasPostgres,
  async fn() {
    const t = await openTestDatabase({ driver: "pg" });
    try {
      await seedActs(t.db, 20_000);
      /** EXPLAIN ANALYZE of the page's statement (the last SELECT the search sent). */
      const planOf = async (q: string) => {
        let last: RootOperationNode | undefined;
        const capture: KyselyPlugin = {
          transformQuery: ({ node }) => (node.kind === "SelectQueryNode" ? last = node : node),
          transformResult: ({ result }) => Promise.resolve(result),
        };
        assert.equal((await searchActs(t.db.withPlugin(capture), { q })).items.length, 20, q);
        return await explainAnalyze(t.db, last!);
      };
      // "sufi" is a genre of ~1 act in 8: walking the trust index finds a page in a few hundred rows.
      const sufi = await planOf("sufi");
      assert.match(sufi, /Index Scan Backward using acts_trust_idx/);
      // No name holds "sufi", as the vocabulary knows: the name tier is not searched at all.
      assert.doesNotMatch(sufi, /name_document/);
      // A misspelt name, a name with a city, a bio word, a surname: none reads the whole table or index.
      for (const q of ["sufi", "goshal", "ghoshal mumbai", "weddings", "sharma"]) {
        const plan = q === "sufi" ? sufi : await planOf(q);
        assertReadsLittle(plan, q);
      }
    } finally {
      await t.close();
    }
  },
});

/** EXPLAIN ANALYZE of a statement a search sent. */
async function explainAnalyze(db: Kysely<Database>, statement: RootOperationNode): Promise<string> {
  const compiled = db.getExecutor().compileQuery(statement, createQueryId());
  const { rows } = await db.executeQuery<{ "QUERY PLAN": string }>(
    CompiledQuery.raw(`explain (analyze, costs off) ${compiled.sql}`, [...compiled.parameters]),
  );
  return rows.map((r) => r["QUERY PLAN"]).join("\n");
}

/** A plan that scans no whole table and filters out fewer than 2,000 rows at any step. */
function assertReadsLittle(plan: string, what: string): void {
  assert.doesNotMatch(plan, /Seq Scan on (acts|venues)/, what);
  const removed = [...plan.matchAll(/Rows Removed by Filter: (\d+)/g)].map((m) => Number(m[1]));
  assert.ok(removed.every((n) => n < 2_000), `${what}:\n${plan}`);
}

Deno.test({
  name: "a later page reads a few hundred of 20,000 acts or venues too, moving from tier to tier [pg]",
  ignore: !hasPostgres,
  async fn() {
    const t = await openTestDatabase({ driver: "pg" });
    try {
      await seedActs(t.db, 20_000);
      const { userId } = await person(t.db);
      // A word a few bios hold beyond their cards, so the last tier is tiny, not empty.
      for (const name of ["Zia Qawwal", "Mir Ensemble", "Lal Trio"]) {
        await act(t.db, userId, { name, bio: "Sings sufi and rock at mehfils", trust_score: 99 });
      }
      // Every statement a request runs, to explain afterwards (nested queries have no result of their own).
      const sent = new Map<string, RootOperationNode>();
      const ran: RootOperationNode[] = [];
      const capture: KyselyPlugin = {
        transformQuery: ({ node, queryId }) => {
          sent.set(queryId.queryId, node);
          return node;
        },
        transformResult: ({ result, queryId }) => {
          const node = sent.get(queryId.queryId);
          if (node?.kind === "SelectQueryNode") ran.push(node);
          return Promise.resolve(result);
        },
      };
      const db = t.db.withPlugin(capture);
      await seedVenues(t.db, 20_000);
      // A genre (its bio acts last), a surname (names only: nothing beyond the name tier), a city word; a
      // venue's name word and its city.
      const searches = [
        ...["sufi", "sharma", "mumbai"].map((q) => ({ q, search: searchActs })),
        ...["jazz", "mumbai"].map((q) => ({ q, search: searchVenues })),
      ];
      for (const { q, search } of searches) {
        let cursor: string | undefined;
        /** The statements of the pages that moved from one tier into the next, and of the last page. */
        const toExplain: RootOperationNode[] = [];
        const seen = new Set<string>();
        for (let page = 0; page < 100; page++) {
          ran.length = 0;
          const result = await search(db, { q, limit: 100, cursor });
          for (const item of result.items) seen.add(item.id);
          if (ran.length > 1 || !result.nextCursor) toExplain.push(...ran);
          if (!result.nextCursor) break;
          cursor = result.nextCursor;
        }
        assert.ok(cursor !== undefined, `${q} has more than one page`);
        if (search === searchActs && q === "sufi") {
          const bios = await t.db.selectFrom("acts").select("id").where("bio", "like", "%sufi%").execute();
          assert.ok(bios.every((b) => seen.has(b.id)), "the bio-only acts are on the last pages");
        }
        // A page that moves into a tier runs that tier's statement after a cursor: each reads little.
        assert.ok(toExplain.length >= 2, `${q}: ${toExplain.length} statements`);
        for (const statement of toExplain) {
          assertReadsLittle(await explainAnalyze(t.db, statement), `${q}, a later page`);
        }
      }
    } finally {
      await t.close();
    }
  },
});
