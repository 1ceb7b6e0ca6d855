/**
 * The search endpoints over HTTP (`app.request()` through the whole app, so
 * the /api/v1 prefix and middleware are real) against the demo catalogue.
 * One database for the file (PGlite takes seconds to start): the checks are
 * steps of one test.
 */
import assert from "node:assert/strict";
import { seedCatalog } from "../db/seed_catalog.ts";
import { openTestApp } from "./support/app.ts";

/** Status first, then content type, then the parsed body. */
async function expectJson(res: Response, status: number) {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${await res.clone().text()}`);
  assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
  return await res.json();
}

async function expectInvalid(res: Response, field: string) {
  const body = await expectJson(res, 422);
  assert.equal(body.success, false);
  assert.equal(body.error.code, "VALIDATION_ERROR");
  assert.ok(
    body.error.details.some((d: { field: string }) => d.field === field),
    `${field} in ${JSON.stringify(body.error.details)}`,
  );
}

Deno.test("search API over the demo catalogue", async (t) => {
  const testApp = await openTestApp();
  try {
    await seedCatalog(testApp.database.db);
    const get = (path: string) => testApp.request(`/api/v1${path}`);

    await t.step("GET /search/artists filters by genre and pages with a cursor", async () => {
      const first = await expectJson(await get("/search/artists?genre=sufi&sort=price&limit=3"), 200);
      assert.equal(first.success, true);
      assert.equal(first.data.length, 3);
      assert.deepEqual(Object.keys(first.pagination).sort(), ["hasNext", "nextCursor", "pageSize"]);
      assert.equal(first.pagination.pageSize, 3);
      assert.equal(first.pagination.hasNext, true);
      for (const act of first.data) {
        assert.ok(act.genres.includes("sufi"));
        assert.equal(typeof act.trustScore, "number");
        assert.equal("sortKey" in act, false);
      }
      const next = await expectJson(
        await get(`/search/artists?genre=sufi&sort=price&limit=3&cursor=${first.pagination.nextCursor}`),
        200,
      );
      assert.ok(next.data[0].budgetMin >= first.data[2].budgetMin);
      const ids = new Set([...first.data, ...next.data].map((a: { id: string }) => a.id));
      assert.equal(ids.size, 6);
    });

    await t.step("GET /search/artists finds a name from one misspelt word", async () => {
      // A surname of five letters or more: dropping one of "Gill" leaves too little to match on.
      const { data } = await expectJson(await get("/search/artists?limit=50"), 200);
      const act = data.find((a: { name: string }) => (a.name.split(" ")[1] ?? "").length >= 5);
      const last = act.name.split(" ")[1];
      const word = `${last.slice(0, 1)}${last.slice(2)}`;
      const body = await expectJson(await get(`/search/artists?q=${encodeURIComponent(word)}&limit=50`), 200);
      assert.ok(body.data.some((a: { id: string }) => a.id === act.id), `${word} finds ${act.name}`);
    });

    await t.step("GET /search/venues filters by type and capacity", async () => {
      const body = await expectJson(await get("/search/venues?minCapacity=100&sort=capacity&limit=100"), 200);
      assert.ok(body.data.length > 0);
      const capacities = body.data.map((v: { capacity: number }) => v.capacity);
      assert.ok(capacities.every((c: number) => c >= 100));
      assert.deepEqual(capacities, [...capacities].sort((a, b) => a - b));
      const { venueType } = body.data[0];
      const typed = await expectJson(await get(`/search/venues?venueType=${venueType}&limit=100`), 200);
      assert.ok(typed.data.length > 0);
      assert.ok(typed.data.every((v: { venueType: string }) => v.venueType === venueType));
    });

    await t.step("GET /search returns at most five acts and venues for q", async () => {
      const body = await expectJson(await get("/search?q=mumbai"), 200);
      assert.equal(body.success, true);
      assert.ok(body.data.artists.length > 0 && body.data.artists.length <= 5);
      assert.ok(body.data.venues.length > 0 && body.data.venues.length <= 5);
      assert.ok(body.data.venues.every((v: { city: string }) => v.city === "Mumbai"));
    });

    await t.step("bad parameters are a 422 naming the field", async () => {
      await expectInvalid(await get("/search/artists?limit=1000"), "limit");
      await expectInvalid(await get("/search/artists?withinKm=20"), "withinKm");
      await expectInvalid(await get("/search/artists?sort=name"), "sort");
      await expectInvalid(await get("/search/artists?cursor=bm90LWEtY3Vyc29y"), "cursor");
      await expectInvalid(await get("/search/artists?availableOn=tomorrow"), "availableOn");
      await expectInvalid(await get("/search/artists?colour=red"), "colour");
      await expectInvalid(await get("/search/venues?venueType=stadium"), "venueType");
      await expectInvalid(await get("/search/venues?minCapacity=900&maxCapacity=10"), "maxCapacity");
      await expectInvalid(await get("/search"), "q");
      await expectInvalid(await get("/search?q=%20"), "q");
      const acts = await expectJson(await get("/search/artists?sort=trust&limit=1"), 200);
      await expectInvalid(
        await get(`/search/venues?sort=trust&cursor=${acts.pagination.nextCursor}`),
        "cursor",
      );
    });

    await t.step("hostile q is harmless", async () => {
      const before = await expectJson(await get("/search/artists?limit=100"), 200);
      for (
        const q of ["'; drop table acts; --", "<script>alert(1)</script>", "a & | ! :* ( ) <-> ''", "%_\\"]
      ) {
        const path = `?q=${encodeURIComponent(q)}`;
        const body = await expectJson(await get(`/search${path}`), 200);
        assert.equal(body.success, true);
        await expectJson(await get(`/search/artists${path}`), 200);
        await expectJson(await get(`/search/venues${path}`), 200);
      }
      const after = await expectJson(await get("/search/artists?limit=100"), 200);
      assert.deepEqual(after.data.length, before.data.length);
    });

    await t.step("the OpenAPI document lists the three endpoints with their parameters", async () => {
      const doc = await expectJson(await get("/openapi.json"), 200);
      for (const path of ["/search", "/search/artists", "/search/venues"]) {
        assert.ok(doc.paths[path]?.get, path);
      }
      const params = doc.paths["/search/artists"].get.parameters.map((p: { name: string }) => p.name);
      for (const name of ["q", "city", "withinKm", "genre", "budgetMin", "availableOn", "sort", "cursor"]) {
        assert.ok(params.includes(name), name);
      }
      const q = doc.paths["/search/venues"].get.parameters.find((p: { name: string }) => p.name === "q");
      assert.equal(q.schema.example, "mehfil");
      assert.ok(doc.components.schemas.ActSearchResult);
      assert.ok(doc.components.schemas.VenueSearchResult);
    });
  } finally {
    await testApp.close();
  }
});
