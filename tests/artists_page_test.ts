/** The /artists search page over the demo catalogue, as a browser without JavaScript sees it. */
import assert from "node:assert/strict";
import { seedCatalog } from "../db/seed_catalog.ts";
import { instantInIndia } from "../domain/india_time.ts";
import { searchActs } from "../services/catalog/search.ts";
import { openTestApp } from "./support/app.ts";
import { find, ownText, parsePage } from "./support/dom.ts";
import { act, booking, cityId, person } from "./support/fixtures.ts";

/** The act names on the result cards: their headings, without a "Verified" badge. */
const cards = (html: string) =>
  [...parsePage(html).querySelectorAll('[data-testid="results"] li h2')].map(ownText);

Deno.test("the artists page searches the catalogue with a plain GET form", async (t) => {
  const app = await openTestApp();
  try {
    await seedCatalog(app.database.db);

    await t.step("a city from the home page's search lists the acts there, with fees in rupees", async () => {
      const res = await app.request("/artists?city=pune&genre=");
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
      const html = await res.text();
      assert.match(html, /<title>Artists and bands in Pune · Artist Space<\/title>/);
      const names = cards(html);
      assert.ok(names.length > 0);
      assert.equal((html.match(/ · Pune, Maharashtra/g) ?? []).length, names.length);
      assert.match(html, /From ₹[\d,]+</);
      assert.doesNotMatch(html, /<script/);
    });

    await t.step("'More acts' pages through every result exactly once", async () => {
      const seen: string[] = [];
      let path: string | undefined = "/artists?sort=trust";
      while (path) {
        const html: string = await (await app.request(path)).text();
        seen.push(...cards(html));
        path = /<a href="([^"]+)"[^>]*rel="next"/.exec(html)?.[1]?.replaceAll("&amp;", "&");
      }
      const total = await app.database.db.selectFrom("acts").select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      assert.equal(seen.length, Number(total.n));
    });

    await t.step("an unknown city and a tampered cursor explain themselves instead of failing", async () => {
      const city = await (await app.request("/artists?city=Atlantis")).text();
      assert.match(city, /We could not find a city called &quot;Atlantis&quot;/);
      const cursor = await app.request("/artists?cursor=not-a-cursor");
      assert.equal(cursor.status, 200);
      assert.match(await cursor.text(), /That page of results has moved/);
    });

    await t.step(
      "a date keeps the acts free that day; a budget the acts whose fee is within it",
      async () => {
        const { db } = app.database;
        // Kohima has no acts in the demo catalogue: these three are all there is.
        const city = await cityId(db, "Kohima");
        const owner = await person(db, "artist");
        const organizer = await person(db, "organizer");
        const rupees = (n: number) => n * 100;
        const free = await act(db, owner.userId, {
          name: "Hornbill Strings",
          home_city_id: city,
          budget_min: rupees(40_000),
          budget_standard: rupees(60_000),
          budget_premium: rupees(90_000),
        });
        const dear = await act(db, owner.userId, {
          name: "Dzukou Orchestra",
          home_city_id: city,
          budget_min: rupees(1_50_000),
          budget_standard: rupees(2_00_000),
          budget_premium: rupees(3_00_000),
        });
        const booked = await act(db, owner.userId, {
          name: "Japfu Quartet",
          home_city_id: city,
          budget_min: rupees(50_000),
          budget_standard: rupees(70_000),
          budget_premium: rupees(90_000),
        });
        const day = "2027-03-20";
        await booking(db, booked.id, organizer.userId, {
          status: "confirmed",
          starts_at: instantInIndia(day, "20:00"),
        });
        const search = async (filters: Record<string, string>) => {
          const res = await app.request(
            `/artists?${new URLSearchParams({ city: "Kohima", sort: "price", ...filters })}`,
          );
          assert.equal(res.status, 200);
          return cards(await res.text());
        };

        assert.deepEqual(await search({}), [free.name, booked.name, dear.name]);
        // The truth the page shows: the booked act is not free that day, the dear act costs more than the budget.
        const sameDay = await searchActs(db, { city, availableOn: day, sort: "price" });
        assert.deepEqual(sameDay.items.map((a) => a.name), [free.name, dear.name]);
        assert.deepEqual(await search({ date: day }), [free.name, dear.name]);
        assert.deepEqual(await search({ date: "2027-03-21" }), [free.name, booked.name, dear.name]);
        assert.deepEqual(await search({ budget: "1,00,000" }), [free.name, booked.name]);
        assert.deepEqual(await search({ budget: "100,000" }), [free.name, booked.name]);
        assert.deepEqual(await search({ budget: "₹ 1,50,000" }), [free.name, booked.name, dear.name]);
        assert.deepEqual(await search({ date: day, budget: "1,00,000" }), [free.name]);

        const html =
          await (await app.request(`/artists?${new URLSearchParams({ city: "Kohima", date: day })}`))
            .text();
        const doc = parsePage(html);
        assert.equal(find(doc, 'input[name="date"]').getAttribute("type"), "date");
        assert.equal(find(doc, 'input[name="date"]').getAttribute("value"), day, "the form keeps the date");
        assert.ok(find(doc, 'input[name="budget"]'), "a budget field");
      },
    );

    await t.step("a filter the page cannot read is shown beside it, with the others kept", async () => {
      const res = await app.request(
        `/artists?${new URLSearchParams({
          q: "strings",
          city: "Kohima",
          date: "2027-03-20",
          budget: "1,0,0",
        })}`,
      );
      assert.equal(res.status, 422);
      const doc = parsePage(await res.text());
      const budget = find(doc, 'input[name="budget"]');
      assert.equal(budget.getAttribute("value"), "1,0,0");
      assert.equal(budget.getAttribute("aria-invalid"), "true");
      assert.match(find(doc, "#budget-error").textContent ?? "", /The commas are in the wrong places/);
      assert.equal(find(doc, 'input[name="q"]').getAttribute("value"), "strings");
      assert.equal(find(doc, 'input[name="date"]').getAttribute("value"), "2027-03-20");
      assert.equal(doc.querySelector('[data-testid="results"]'), null, "no results for a refused filter");

      const date = parsePage(await (await app.request("/artists?date=20-03-2027")).text());
      assert.ok(find(date, "#date-error").textContent, "a date the search refuses is named beside it");
    });

    await t.step("hostile text is shown as text and finds nothing harmful", async () => {
      const res = await app.request(
        `/artists?q=${encodeURIComponent("<script>alert(1)</script>' OR 1=1 --")}`,
      );
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.doesNotMatch(html, /<script>alert/);
      // Inside a quoted attribute, escaping < and " is what keeps it text.
      assert.ok(html.includes(`value="&lt;script>alert(1)&lt;/script>' OR 1=1 --"`));
    });
  } finally {
    await app.close();
  }
});
