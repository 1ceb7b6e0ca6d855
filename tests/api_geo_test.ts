/**
 * The geo endpoints over HTTP (`app.request()`, no server) against a real,
 * migrated database: PGlite by default, PostgreSQL when TEST_DATABASE_URL is
 * set. One database for the whole file (PGlite takes seconds to start), so
 * the checks are steps of one test.
 */
import assert from "node:assert/strict";
import { Hono } from "hono";
import { h } from "preact";
import { renderToString } from "preact-render-to-string";
import { type Kysely, sql } from "kysely";
import { createApi, openApiDocument } from "../api/app.ts";
import { toErrorResponse } from "../api/errors.ts";
import { ApiDocs } from "../components/ApiDocs.tsx";
import type { Database } from "../db/schema.ts";
import { openTestApp } from "./support/app.ts";
import { CITY_NAMES } from "./support/city_names.ts";

interface City {
  id: number;
  name: string;
  state: string;
  stateCode: string;
  country: string;
  lat: number | null;
  lon: number | null;
}

/** Status first, then content type, then the parsed body. */
async function expectJson(res: Response, status: number) {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${await res.clone().text()}`);
  assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
  return await res.json();
}

/**
 * Ids of the cities starting with "san", in the database's own (name, id)
 * order: collations differ between PGlite and PostgreSQL, so JavaScript's
 * string order is no oracle.
 */
async function sanCityIdsInOrder(db: Kysely<Database>): Promise<number[]> {
  const rows = await db.selectFrom("cities")
    .select("city_id")
    .where(sql<boolean>`lower(name) like 'san%'`)
    .orderBy("name")
    .orderBy("city_id")
    .execute();
  return rows.map((r) => r.city_id);
}

Deno.test("geo API against a real database", async (t) => {
  const testApp = await openTestApp();
  const testDb = testApp.database;
  try {
    const api = createApi({ db: testDb.db, deps: testApp.services.deps });

    await t.step("GET /geo/cities?q=San lists Indian cities starting with San, by name then id", async () => {
      const body = await expectJson(await api.request("/geo/cities?q=San&limit=100"), 200);
      assert.equal(body.success, true);
      assert.ok(body.data.length > 1);
      for (const city of body.data as City[]) {
        assert.ok(city.name.toLowerCase().startsWith("san"), city.name);
        assert.equal(city.country, "IN");
        assert.deepEqual(Object.keys(city).sort(), [
          "country",
          "id",
          "lat",
          "lon",
          "name",
          "state",
          "stateCode",
        ]);
      }
      assert.deepEqual(body.data.map((c: City) => c.id), await sanCityIdsInOrder(testDb.db));
      assert.deepEqual(body.pagination, { nextCursor: null, hasNext: false, pageSize: 100 });
    });

    await t.step(
      "walking every page of 'San' by cursor returns each city exactly once, in order",
      async () => {
        const seen: City[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const query: string = cursor ? `&cursor=${cursor}` : "";
          const body = await expectJson(await api.request(`/geo/cities?q=san&limit=4${query}`), 200);
          assert.ok(body.data.length <= 4);
          assert.equal(body.pagination.hasNext, body.pagination.nextCursor !== null);
          seen.push(...body.data);
          cursor = body.pagination.nextCursor;
          pages++;
        } while (cursor && pages < 100);
        assert.ok(pages > 2);
        assert.deepEqual(seen.map((c) => c.id), await sanCityIdsInOrder(testDb.db));
      },
    );

    await t.step("state narrows the search to one state, whatever its case", async () => {
      const body = await expectJson(await api.request("/geo/cities?q=san&state=mh"), 200);
      assert.ok(body.data.length > 0);
      for (const city of body.data as City[]) assert.equal(city.stateCode, "MH");
    });

    await t.step("answers may be cached for a day; errors may not", async () => {
      const ok = await api.request("/geo/cities/suggest?q=Pun");
      assert.equal(ok.status, 200);
      assert.equal(ok.headers.get("cache-control"), "public, max-age=86400");
      await ok.body?.cancel();
      const bad = await api.request("/geo/cities?limit=0");
      assert.equal(bad.status, 422);
      assert.equal(bad.headers.get("cache-control"), null);
      await bad.body?.cancel();
    });

    await t.step("bad page sizes are 422 naming the field", async () => {
      const cases = [
        ["/geo/cities?limit=0", "limit"],
        ["/geo/cities?limit=101", "limit"],
        ["/geo/cities?limit=ten", "limit"],
        ["/geo/countries?pageSize=101", "pageSize"],
        ["/geo/countries?page=0", "page"],
        ["/geo/cities?country=India", "country"],
      ];
      for (const [path, field] of cases) {
        const body = await expectJson(await api.request(path), 422);
        assert.equal(body.success, false);
        assert.equal(body.error.code, "VALIDATION_ERROR");
        assert.deepEqual(body.error.details.map((d: { field: string }) => d.field), [field], path);
      }
    });

    await t.step("a tampered cursor is 422 on cursor", async () => {
      const first = await expectJson(await api.request("/geo/cities?q=san&limit=2"), 200);
      const forged = btoa(JSON.stringify({ id: 1 })).replaceAll("=", "");
      for (const cursor of [first.pagination.nextCursor.slice(0, -2), forged]) {
        const body = await expectJson(await api.request(`/geo/cities?q=san&cursor=${cursor}`), 422);
        assert.deepEqual(body.error.details.map((d: { field: string }) => d.field), ["cursor"]);
      }
    });

    await t.step("hostile or wildcard searches match literally: nothing found, no error", async () => {
      for (const q of ["%' OR 1=1 --", "%", "_an", "\\"]) {
        const body = await expectJson(await api.request(`/geo/cities?q=${encodeURIComponent(q)}`), 200);
        assert.deepEqual(body.data, [], q);
      }
    });

    await t.step("GET /geo/countries pages through every country with totals", async () => {
      const body = await expectJson(await api.request("/geo/countries?page=2&pageSize=10"), 200);
      assert.equal(body.data.length, 10);
      assert.ok(body.pagination.totalItems > 200);
      assert.equal(body.pagination.totalPages, Math.ceil(body.pagination.totalItems / 10));
      assert.equal(body.pagination.hasPrevious, true);

      const india = await expectJson(await api.request("/geo/countries?q=ind"), 200);
      assert.ok(india.data.some((c: { iso2: string }) => c.iso2 === "IN"));
      assert.equal(india.pagination.totalItems, india.data.length);
    });

    await t.step("an unknown API path is a 404 envelope, even when mounted with app.route()", async () => {
      const body = await expectJson(await api.request("/no/such/thing"), 404);
      assert.equal(body.error.code, "NOT_FOUND");

      const host = new Hono();
      host.notFound((c) => c.html("<h1>Page not found</h1>", 404));
      host.route("/api/v1", api);
      const mounted = await expectJson(await host.request("/api/v1/no/such/thing"), 404);
      assert.equal(mounted.error.code, "NOT_FOUND");
      const cities = await expectJson(await host.request("/api/v1/geo/cities?q=san&limit=1"), 200);
      assert.equal(cities.data.length, 1);
    });

    await t.step("/openapi.json is OpenAPI 3.1 and documents the geo paths", async () => {
      const doc = await expectJson(await api.request("/openapi.json"), 200);
      assert.match(doc.openapi, /^3\.1\./);
      assert.equal(doc.info.title, "Artist Space API");
      assert.deepEqual(doc.servers, [{ url: "/api/v1" }]);
      assert.ok(doc.paths["/geo/cities"].get);
      assert.ok(doc.paths["/geo/countries"].get);
      assert.equal(doc.components.securitySchemes.bearerAuth.scheme, "bearer");
      assert.ok(doc.paths["/geo/cities"].get.responses["422"]);
    });

    await t.step("the docs page renders every operation from the document", () => {
      const html = renderToString(h(ApiDocs, { doc: openApiDocument(api) }));
      for (const text of ["Artist Space API", "/geo/cities", "/geo/countries", "Search cities", "pageSize"]) {
        assert.ok(html.includes(text), text);
      }
      assert.ok(!html.includes("<script"));
    });

    await t.step(
      "real database errors are recognised by SQLSTATE and mapped without leaking SQL",
      async () => {
        const duplicate = await testDb.db.insertInto("countries")
          .values({ name: "Copy of India", iso2: "IN" })
          .execute()
          .then(() => undefined, (err: unknown) => err);
        const conflict = toErrorResponse(duplicate);
        assert.equal(conflict.status, 409);
        assert.deepEqual(conflict.body.error.details.map((d) => d.field), ["iso2"]);

        const invalid = await testDb.db.insertInto("countries")
          .values({ name: "Lowercase", iso2: "zz" })
          .execute()
          .then(() => undefined, (err: unknown) => err);
        const rejected = toErrorResponse(invalid);
        assert.equal(rejected.status, 422);
        assert.deepEqual(rejected.body.error.details.map((d) => d.field), ["iso2"]);
        assert.ok(!JSON.stringify(rejected.body).includes("check constraint"));
      },
    );
    await t.step("suggestions put the likeliest city first: exact name, then the most populous", async () => {
      const body = await expectJson(await api.request("/geo/cities/suggest?q=Pun"), 200);
      assert.equal(body.data[0].name, "Pune");
      assert.equal(body.data.length, 6);
      const exact = await expectJson(await api.request("/geo/cities/suggest?q=goa&limit=3"), 200);
      assert.ok(
        exact.data.every((c: City & { alias: string | null }) =>
          (c.alias ?? c.name).toLowerCase().startsWith("goa")
        ),
      );
      await expectJson(await api.request("/geo/cities/suggest?q="), 422);
      const ko = await expectJson(await api.request("/geo/cities/suggest?q=Ko"), 200);
      const names = ko.data.map((c: City) => c.name);
      assert.equal(names[0], "Kolkata");
      assert.ok(names.slice(1, 4).includes("Kochi"), names.join(", "));
    });

    await t.step(
      "every name people use for a city suggests it first, saying which name matched",
      async () => {
        for (const [typed, name, state] of CITY_NAMES) {
          const body = await expectJson(
            await api.request(`/geo/cities/suggest?q=${encodeURIComponent(typed)}&limit=1`),
            200,
          );
          const [city] = body.data;
          assert.deepEqual(
            [city?.name, city?.stateCode, city?.alias],
            [name, state, typed === name ? null : typed],
            typed,
          );
        }
      },
    );

    await t.step("the paged city search finds a city by another name too", async () => {
      const body = await expectJson(await api.request("/geo/cities?q=bomb&limit=100"), 200);
      assert.ok(body.data.some((c: City) => c.name === "Mumbai" && c.stateCode === "MH"));
      const vizag = await expectJson(await api.request("/geo/cities?q=Vizag&state=AP"), 200);
      assert.deepEqual(vizag.data.map((c: City) => c.name), ["Visakhapatnam"]);
    });

    await t.step("the OpenAPI document says a suggestion names the alias it matched", async () => {
      const doc = await expectJson(await api.request("/openapi.json"), 200);
      // A City and its alias: an allOf of the City schema and the alias.
      const parts: { properties?: { alias?: { description: string } } }[] =
        doc.components.schemas.CitySuggestion.allOf;
      const alias = parts.find((p) => p.properties?.alias)?.properties?.alias;
      assert.match(alias?.description ?? "", /other name of the city that `q` matched/);
    });
  } finally {
    await testApp.close();
  }
});
