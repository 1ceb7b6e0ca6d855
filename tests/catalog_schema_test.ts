import assert from "node:assert/strict";
import { sql } from "kysely";
import type { NewAct } from "../db/schema.ts";
import { seedCatalog } from "../db/seed_catalog.ts";
import { GENRES } from "../domain/genres.ts";
import { openTestDatabase, testOnEachDriver } from "./support/db.ts";
import { act, band, cityId, newAct, person } from "./support/fixtures.ts";

// The budgets the refusals below are measured against.
const BUDGETS = { budget_min: 2_000_000, budget_standard: 3_000_000, budget_premium: 5_000_000 };

testOnEachDriver(
  "acts refuse negative or out-of-order budgets and a trust score outside 0..100",
  async ({ db }) => {
    const { userId: id } = await person(db);
    const bad: Partial<NewAct>[] = [
      { budget_min: -1 },
      { budget_min: 4_000_000 },
      { budget_premium: 2_500_000 },
      { trust_score: 100.01 },
      { trust_score: -1 },
      { languages: ["hindi"] },
      { slug: "Not A Slug" },
    ];
    for (const overrides of bad) {
      await assert.rejects(
        db.insertInto("acts").values(newAct(id, { ...BUDGETS, ...overrides })).execute(),
        /check constraint/,
      );
    }
    const ok = await db.insertInto("acts").values(newAct(id, { ...BUDGETS, languages: ["hi", "en"] }))
      .returning(["trust_score", "currency", "is_verified"]).executeTakeFirstOrThrow();
    assert.deepEqual(ok, { trust_score: "50.00", currency: "INR", is_verified: false });
  },
);

testOnEachDriver("venues, blocks and band members refuse impossible values", async ({ db }) => {
  const { userId: id } = await person(db);
  const venue = { owner_id: id, name: "Mehfil Café", slug: "mehfil-cafe", venue_type: "cafe" as const };
  await assert.rejects(db.insertInto("venues").values({ ...venue, capacity: 0, tech_specs: "{}" }).execute());
  const { id: actId } = await band(db, id);
  await assert.rejects(
    db.insertInto("act_blocks").values({
      act_id: actId,
      starts_at: "2026-03-10T10:00Z",
      ends_at: "2026-03-10T10:00Z",
    })
      .execute(),
    /act_blocks_order/,
  );
  await assert.rejects(
    db.insertInto("band_members").values({ act_id: actId, user_id: id, fee_share_bps: 10_001 }).execute(),
  );
  await assert.rejects(
    db.insertInto("band_members").values({ act_id: actId, user_id: id, status: "accepted" }).execute(),
    /band_members_responded/,
  );
});

testOnEachDriver("the genres table holds domain/genres.ts", async ({ db }) => {
  const rows = await db.selectFrom("genres").select(["slug", "label"]).orderBy("id").execute();
  assert.deepEqual(rows, GENRES.map((g) => ({ ...g })));
});

testOnEachDriver(
  "the search document follows name, genres and city, and stays out of the audit log",
  async ({ db }) => {
    const { id: actId } = await act(db, (await person(db)).userId, {
      name: "Lyngdoh Trio",
      bio: "Khasi folk",
      home_city_id: await cityId(db, "Shillong", "Meghalaya"),
    });
    const doc = async () =>
      (await db.selectFrom("acts").select("search_document").where("id", "=", actId)
        .executeTakeFirstOrThrow())
        .search_document;
    assert.match(await doc(), /'lyngdoh':1A.*'meghalaya':\d+C.*'shillong':\d+C/);
    const jazz = await db.selectFrom("genres").select("id").where("slug", "=", "jazz")
      .executeTakeFirstOrThrow();
    await db.insertInto("act_genres").values({ act_id: actId, genre_id: jazz.id }).execute();
    assert.match(await doc(), /'jazz':\d+B/);
    await db.deleteFrom("act_genres").where("act_id", "=", actId).execute();
    assert.doesNotMatch(await doc(), /jazz/);
    await db.updateTable("acts").set({ name: "Shillong Chamber Trio" }).where("id", "=", actId).execute();
    assert.match(await doc(), /'chamber':2A/);
    const logs = await db.selectFrom("audit_logs").select("diff").where("entity_type", "=", "acts").execute();
    assert.ok(logs.length >= 3);
    assert.ok(logs.every((l) => !JSON.stringify(l.diff).includes("search_document")));
    // Deleting an act cascades to its genres, whose trigger must cope with the act being gone.
    await db.insertInto("act_genres").values({ act_id: actId, genre_id: jazz.id }).execute();
    await db.deleteFrom("acts").where("id", "=", actId).execute();
  },
);

testOnEachDriver("seedCatalog creates a catalogue once, in one go", async ({ db }) => {
  assert.deepEqual(await seedCatalog(db), { seeded: true, acts: 200, venues: 50 });
  assert.deepEqual(await seedCatalog(db), { seeded: false, acts: 0, venues: 0 });
  const counts = await sql<{ acts: number; venues: number; bands: number; cities: number; unlinked: number }>`
    select (select count(*)::int from acts) as acts, (select count(*)::int from venues) as venues,
           (select count(*)::int from acts where kind = 'band') as bands,
           (select count(distinct home_city_id)::int from acts) as cities,
           (select count(*)::int from acts a where not exists (select 1 from act_genres g where g.act_id = a.id)
              or a.home_city_id is null) as unlinked`.execute(db);
  const c = counts.rows[0];
  assert.equal(c.acts, 200);
  assert.equal(c.venues, 50);
  assert.ok(c.bands > 30 && c.bands < 120, `bands: ${c.bands}`);
  assert.ok(c.cities >= 10, `cities: ${c.cities}`);
  assert.equal(c.unlinked, 0, "every act has a genre and a home city");
  const trust = await db.selectFrom("acts").select((eb) => [
    eb.fn.min("trust_score").as("low"),
    eb.fn.max("trust_score").as("high"),
  ]).executeTakeFirstOrThrow();
  assert.ok(Number(trust.low) >= 40 && Number(trust.high) <= 95);
});

Deno.test("seedCatalog is deterministic: the same seed gives the same catalogue, another seed another", async () => {
  const names = async (seed: number) => {
    const t = await openTestDatabase({ driver: "pglite" });
    try {
      await seedCatalog(t.db, { seed, acts: 40, venues: 10 });
      const acts = await t.db.selectFrom("acts").select(["slug", "name", "budget_min", "trust_score"])
        .orderBy("slug").execute();
      const venues = await t.db.selectFrom("venues").select(["slug", "capacity"]).orderBy("slug").execute();
      return { acts, venues };
    } finally {
      await t.close();
    }
  };
  const first = await names(7);
  assert.deepEqual(await names(7), first);
  assert.notDeepEqual(await names(8), first);
});
