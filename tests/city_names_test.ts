/**
 * Cities by the names people use (services/geo.ts over 0012_city_aliases),
 * against a real, migrated database: PGlite by default, PostgreSQL when
 * TEST_DATABASE_URL is set. One database for the file, so the checks are
 * steps of one test.
 */
import assert from "node:assert/strict";
import type { Kysely } from "kysely";
import { migrateDown, migrateToLatest } from "../db/migrate.ts";
import type { Database } from "../db/schema.ts";
import { citiesLike, cityByName, searchCities, suggestCities } from "../services/geo.ts";
import { CITY_NAMES } from "./support/city_names.ts";
import { openTestDatabase } from "./support/db.ts";
import { act, cityId, opportunity, person, venue } from "./support/fixtures.ts";

Deno.test("cities by the names people use", async (t) => {
  const { db, close } = await openTestDatabase();
  try {
    const population = async (id: number) =>
      (await db.selectFrom("cities").select("population").where("city_id", "=", id)
        .executeTakeFirstOrThrow()).population;

    await t.step("every former name, renaming and common spelling finds its city, in any case", async () => {
      for (const [typed, name, state] of CITY_NAMES) {
        for (const text of [typed, typed.toLowerCase(), ` ${typed.toUpperCase()} `]) {
          const city = await cityByName(db, text);
          assert.deepEqual(city && [city.name, city.stateCode], [name, state], `"${text}"`);
        }
      }
    });

    await t.step("suggestions find a city by the start of another name, and say which name", async () => {
      const [bombay] = await suggestCities(db, { q: "Bomb", country: "IN", limit: 6 });
      assert.deepEqual([bombay.name, bombay.alias], ["Mumbai", "Bombay"]);
      // Pune, by its old name, before Poonamalle, whose own name starts with "Poona".
      const poona = await suggestCities(db, { q: "Poona", country: "in", limit: 6 });
      assert.deepEqual([poona[0].name, poona[0].alias], ["Pune", "Poona"]);
      assert.ok(poona.some((c) => c.name === "Poonamalle" && c.alias === null));
      // A name matched by the city's own name says no alias.
      const [kochi] = await suggestCities(db, { q: "Koch", country: "IN", limit: 6 });
      assert.deepEqual([kochi.name, kochi.alias], ["Kochi", null]);
    });

    await t.step("'Ko' suggests Kolkata and Kochi before small towns: the most populous first", async () => {
      const ko = await suggestCities(db, { q: "Ko", country: "IN", limit: 6 });
      const names = ko.map((c) => c.name);
      assert.equal(names[0], "Kolkata");
      assert.ok(names.indexOf("Kochi") > 0 && names.indexOf("Kochi") < 4, names.join(", "));
      const figures = await Promise.all(ko.map((c) => population(c.id)));
      assert.ok(figures.every((n) => n !== null), `all six have a population: ${names.join(", ")}`);
      assert.deepEqual(figures, [...figures].sort((a, b) => b! - a!), names.join(", "));
      // Alphabetical order, as before, would have started with "Kochas" and "Koch Bihar". The six
      // are the six most populous whose name or alias starts with "ko" (Coimbatore is "Kovai").
      const biggest = await db.selectFrom("cities")
        .select("city_id")
        .where((eb) =>
          eb.or([
            eb(eb.fn("lower", ["name"]), "like", "ko%"),
            eb("city_id", "in", (sub) =>
              sub.selectFrom("city_aliases").select("city_id")
                .where((a) => a(a.fn("lower", ["alias"]), "like", "ko%"))),
          ])
        )
        .where("population", "is not", null)
        .orderBy("population", "desc")
        .limit(6)
        .execute();
      assert.deepEqual(ko.map((c) => c.id), biggest.map((c) => c.city_id));
    });

    await t.step("an exact name comes first, whatever the population", async () => {
      const [pune] = await suggestCities(db, { q: "Pune", country: "IN", limit: 3 });
      assert.equal(pune.name, "Pune");
      const [madurai] = await suggestCities(db, { q: "madurai", country: "IN", limit: 3 });
      assert.equal(madurai.name, "Madurai");
    });

    await t.step("when several cities share a name, the most populous is the one meant", async () => {
      assert.equal((await cityByName(db, "Aurangabad"))?.stateCode, "MH");
      // GeoNames gives a Haryana village of this name a district's figure; 0012 ignores it.
      assert.equal((await cityByName(db, "Gorakhpur"))?.stateCode, "UP");
      assert.equal((await cityByName(db, "Bijapur"))?.stateCode, "KA");
    });

    await t.step("the paged city search finds aliases too, still in (name, id) order", async () => {
      const { items } = await searchCities(db, { q: "Bomb", country: "IN", limit: 50 });
      assert.ok(items.some((c) => c.name === "Mumbai"), items.map((c) => c.name).join(", "));
      const { items: trichy } = await searchCities(db, { q: "tric", country: "IN", state: "tn", limit: 50 });
      assert.deepEqual(trichy.map((c) => c.name), ["Tiruchirappalli"]);
    });

    await t.step("a name no city has offers the cities it may have meant, or none", async () => {
      const first = async (text: string) => (await citiesLike(db, text))[0]?.name;
      assert.equal(await first("Banglaore"), "Bengaluru");
      assert.equal(await first("Mumbay"), "Mumbai");
      assert.equal(await first("Kolkatta"), "Kolkata");
      assert.equal(await first("Bangal"), "Bengaluru");
      assert.deepEqual(await citiesLike(db, "Atlantis"), []);
      assert.deepEqual(await citiesLike(db, "   "), []);
    });

    await t.step("every alias names its source and differs from its city's own name", async () => {
      const aliases = await db.selectFrom("city_aliases")
        .innerJoin("cities", "cities.city_id", "city_aliases.city_id")
        .select(["city_aliases.alias", "city_aliases.source", "cities.name"])
        .execute();
      assert.ok(aliases.length >= CITY_NAMES.length);
      for (const a of aliases) {
        assert.ok(a.source.trim().length > 10, `${a.alias}: ${a.source}`);
        assert.notEqual(a.alias.toLowerCase(), a.name.toLowerCase());
      }
      const cochin = aliases.find((a) => a.alias === "Cochin");
      assert.equal(cochin?.name, "Kochi");
      assert.match(cochin?.source ?? "", /former name: renamed by the Government of Kerala, 1996/);
    });

    await t.step("districts and divisions have no population, so they never outrank a city", async () => {
      for (const name of ["Bangalore Urban", "Pune Division", "Mumbai Suburban"]) {
        const row = await db.selectFrom("cities").select("population").where("name", "=", name)
          .executeTakeFirstOrThrow();
        assert.equal(row.population, null, name);
      }
      const bangalore = await suggestCities(db, { q: "Bangalore", country: "IN", limit: 3 });
      assert.deepEqual(bangalore.map((c) => c.name), ["Bengaluru", "Bangalore Rural", "Bangalore Urban"]);
    });
  } finally {
    await close();
  }
});

Deno.test("renaming a city re-indexes what is there, both ways", async () => {
  const { db, close } = await openTestDatabase();
  try {
    const owner = await person(db, "artist", "venue_manager", "organizer");
    const kochi = await cityId(db, "Kochi", "Kerala");
    const a = await act(db, owner.userId, { home_city_id: kochi });
    const v = await venue(db, owner.userId, { city_id: kochi });
    const o = await opportunity(db, owner.userId, { city_id: kochi });
    const words = async (db: Kysely<Database>) =>
      await Promise.all([
        db.selectFrom("acts").select("search_document as d").where("id", "=", a.id).executeTakeFirstOrThrow(),
        db.selectFrom("venues").select("search_document as d").where("id", "=", v.id)
          .executeTakeFirstOrThrow(),
        db.selectFrom("opportunities").select("search_document as d").where("id", "=", o.id)
          .executeTakeFirstOrThrow(),
      ]).then((rows) => rows.map((r) => String(r.d)));
    for (const doc of await words(db)) assert.match(doc, /'kochi'/);

    // Down one migration at a time, through the later ones, until the renames are undone.
    const undone: string[] = [];
    while (!undone.includes("0012_city_aliases")) {
      const step = await migrateDown(db);
      assert.equal(step.length, 1, `one migration undone at a time, after ${undone.join(", ")}`);
      undone.push(...step);
    }
    assert.equal(
      (await db.selectFrom("cities").select("name").where("city_id", "=", kochi)
        .executeTakeFirstOrThrow()).name,
      "Cochin",
    );
    for (const doc of await words(db)) assert.match(doc, /'cochin'/);

    await migrateToLatest(db);
    for (const doc of await words(db)) assert.match(doc, /'kochi'/);
    assert.equal((await cityByName(db, "cochin"))?.id, kochi);
  } finally {
    await close();
  }
});
