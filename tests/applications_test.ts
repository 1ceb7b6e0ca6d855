/**
 * Opportunities and applications over HTTP: the envelope and status codes,
 * who sees what, GET /search/events as the same search as GET
 * /opportunities, the OpenAPI document, and on PostgreSQL ten concurrent
 * applications by one act, of which exactly one wins.
 */
import assert from "node:assert/strict";
import { hasPostgres } from "./support/db.ts";
import { openTestApp } from "./support/app.ts";
import { apiCaller, signUp } from "./support/accounts.ts";

const inDays = (days: number) => new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString();
const gig = {
  title: "Rooftop jazz evening",
  description: "Sundowner for 120 guests.",
  startsAt: inDays(30),
  durationMinutes: 120,
  cityId: 0,
  address: "Bandra West, Mumbai",
  genres: ["jazz"],
  budgetMin: 3_000_000,
  budgetMax: 6_000_000,
  applicationDeadline: inDays(10),
};
const solo = {
  kind: "solo",
  name: "Meera Quartet Solo",
  budgetMin: 1_000_000,
  budgetStandard: 2_000_000,
  budgetPremium: 3_000_000,
};

Deno.test("opportunities and applications API", async (t) => {
  const app = await openTestApp();
  const call = apiCaller(app);
  try {
    const city = await app.database.db.selectFrom("cities").innerJoin(
      "states",
      "states.state_id",
      "cities.state_id",
    )
      .select("cities.city_id").where("cities.name", "=", "Mumbai").where("states.name", "=", "Maharashtra")
      .executeTakeFirstOrThrow();
    gig.cityId = city.city_id;
    const organizer = await signUp(app, "organizer");
    const artist = await signUp(app, "artist");
    const rival = await signUp(app, "artist");
    const act = (await call(artist, "POST", "/artists", solo)).body.data.act;
    const rivalAct = (await call(rival, "POST", "/artists", { ...solo, name: "Rival Act" })).body.data.act;
    let opportunityId = "";
    let applicationId = "";

    await t.step(
      "POST /opportunities answers 201 with the envelope; anonymous is 401, an artist 403",
      async () => {
        const created = await call(organizer, "POST", "/opportunities", gig);
        assert.equal(created.status, 201, JSON.stringify(created.body));
        assert.match(created.type ?? "", /application\/json/);
        assert.equal(created.body.success, true);
        assert.ok(created.body.timestamp);
        opportunityId = created.body.data.opportunity.id;
        assert.equal(created.body.data.opportunity.city, "Mumbai");
        assert.equal((await call(null, "POST", "/opportunities", gig)).status, 401);
        const refused = await call(artist, "POST", "/opportunities", gig);
        assert.equal(refused.status, 403);
        assert.equal(refused.body.error.code, "FORBIDDEN");
      },
    );

    await t.step("validation errors are 422 with the field named", async () => {
      const res = await call(organizer, "POST", "/opportunities", {
        ...gig,
        applicationDeadline: inDays(31),
      });
      assert.equal(res.status, 422);
      assert.equal(res.body.error.code, "VALIDATION_ERROR");
      assert.deepEqual(res.body.error.details.map((d: { field: string }) => d.field), [
        "applicationDeadline",
      ]);
    });

    await t.step("GET /opportunities and GET /search/events return the same page", async () => {
      const list = await call(null, "GET", "/opportunities?q=jazz&genre=jazz&limit=5");
      assert.equal(list.status, 200);
      assert.match(list.type ?? "", /application\/json/);
      assert.deepEqual(list.body.data.map((o: { id: string }) => o.id), [opportunityId]);
      assert.deepEqual(list.body.pagination, { nextCursor: null, hasNext: false, pageSize: 5 });
      assert.equal(list.body.data[0].applicationCounts, null);
      const events = await call(null, "GET", "/search/events?q=jazz&genre=jazz&limit=5");
      assert.equal(events.status, 200);
      assert.deepEqual(events.body.data, list.body.data);
      const bad = await call(null, "GET", "/search/events?cursor=nope&budgetMin=9&budgetMax=1");
      assert.equal(bad.status, 422);
    });

    await t.step(
      "an act applies (201); a second time is 409; another artist cannot even see it exists",
      async () => {
        const body = {
          actId: act.id,
          opportunityId,
          pitch: "Standards and originals, 2 sets.",
          proposedFee: 4_000_000,
        };
        const applied = await call(artist, "POST", "/applications", body);
        assert.equal(applied.status, 201, JSON.stringify(applied.body));
        assert.match(applied.type ?? "", /application\/json/);
        applicationId = applied.body.data.application.id;
        const again = await call(artist, "POST", "/applications", body);
        assert.equal(again.status, 409);
        assert.equal(again.body.error.code, "CONFLICT");
        assert.match(again.body.error.message, /already applied/);
        assert.equal((await call(rival, "GET", `/applications/${applicationId}`)).status, 404);
        assert.equal((await call(rival, "GET", `/applications?opportunityId=${opportunityId}`)).status, 403);
        const rivalApplied = await call(rival, "POST", "/applications", { ...body, actId: rivalAct.id });
        assert.equal(rivalApplied.status, 201);
        const mine = await call(rival, "GET", "/applications?mine");
        assert.equal(mine.status, 200);
        assert.deepEqual(mine.body.data.map((a: { act: { id: string } }) => a.act.id), [rivalAct.id]);
      },
    );

    await t.step("the organizer lists (paginated), shortlists; the act withdraws with DELETE", async () => {
      const list = await call(organizer, "GET", `/applications?opportunityId=${opportunityId}&pageSize=1`);
      assert.equal(list.status, 200);
      assert.equal(list.body.data.length, 1);
      assert.deepEqual(list.body.pagination, {
        page: 1,
        pageSize: 1,
        totalItems: 2,
        totalPages: 2,
        hasNext: true,
        hasPrevious: false,
      });
      const shortlisted = await call(organizer, "PATCH", `/applications/${applicationId}`, {
        status: "shortlisted",
      });
      assert.equal(shortlisted.status, 200);
      assert.equal(shortlisted.body.data.application.status, "shortlisted");
      const counts = (await call(organizer, "GET", `/opportunities/${opportunityId}`)).body.data.opportunity
        .applicationCounts;
      assert.equal(counts.shortlisted, 1);
      assert.equal(counts.total, 2);
      const withdrawn = await call(artist, "DELETE", `/applications/${applicationId}`);
      assert.equal(withdrawn.status, 200);
      assert.equal(withdrawn.body.data.application.status, "withdrawn");
      assert.equal((await call(artist, "DELETE", `/applications/${applicationId}`)).status, 409);
    });

    await t.step("PATCH and DELETE /opportunities: the poster closes and cancels; others 403", async () => {
      assert.equal(
        (await call(rival, "PATCH", `/opportunities/${opportunityId}`, { status: "closed" })).status,
        403,
      );
      const closed = await call(organizer, "PATCH", `/opportunities/${opportunityId}`, { status: "closed" });
      assert.equal(closed.status, 200);
      assert.equal(closed.body.data.opportunity.status, "closed");
      const late = await call(artist, "POST", "/applications", {
        actId: act.id,
        opportunityId,
        pitch: "Back again after withdrawing.",
        proposedFee: 4_000_000,
      });
      assert.equal(late.status, 409);
      const cancelled = await call(organizer, "DELETE", `/opportunities/${opportunityId}`);
      assert.equal(cancelled.status, 200);
      assert.equal(cancelled.body.data.opportunity.status, "cancelled");
      assert.equal((await call(null, "GET", `/opportunities/${crypto.randomUUID()}`)).status, 404);
      assert.equal((await call(null, "GET", "/opportunities/not-an-id")).status, 422);
      const mine = await call(organizer, "GET", "/me/opportunities");
      assert.equal(mine.status, 200);
      assert.equal(mine.body.data.opportunities[0].applicationCounts.total, 2);
    });

    await t.step("the OpenAPI document has every path", async () => {
      const res = await app.request("/api/v1/openapi.json");
      assert.equal(res.status, 200);
      const doc = await res.json();
      for (
        const [path, methods] of Object.entries({
          "/opportunities": ["get", "post"],
          "/opportunities/{id}": ["get", "patch", "delete"],
          "/me/opportunities": ["get"],
          "/applications": ["get", "post"],
          "/applications/{id}": ["get", "patch", "delete"],
          "/search/events": ["get"],
        })
      ) {
        for (const method of methods) assert.ok(doc.paths[path]?.[method], `${method} ${path}`);
      }
      assert.ok(doc.components.schemas.Opportunity);
      assert.ok(doc.components.schemas.Application);
    });

    await t.step({
      name: "ten concurrent applications by one act: exactly one 201, nine 409 (PostgreSQL)",
      ignore: !hasPostgres,
      async fn() {
        const fresh =
          (await call(organizer, "POST", "/opportunities", { ...gig, title: "Race night" })).body.data
            .opportunity.id;
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            call(artist, "POST", "/applications", {
              actId: act.id,
              opportunityId: fresh,
              pitch: `Attempt number ${i} at the same time.`,
              proposedFee: 4_000_000,
            })),
        );
        const statuses = results.map((r) => r.status).sort();
        assert.deepEqual(statuses, [201, ...Array(9).fill(409)], JSON.stringify(results.map((r) => r.body)));
        for (const r of results.filter((r) => r.status === 409)) {
          assert.match(r.body.error.message, /already applied/);
        }
        const rows = await app.database.db.selectFrom("applications").select("id")
          .where("opportunity_id", "=", fresh).execute();
        assert.equal(rows.length, 1);
      },
    });
  } finally {
    await app.close();
  }
});
