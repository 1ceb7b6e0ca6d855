/**
 * The search pages (/artists, /venues, /opportunities) and the names people
 * type for a city, as a browser without JavaScript sees them: a former name
 * finds the city; a name no city has is said beside the City filter, every
 * other filter is kept, and the search is not widened to all of India.
 */
import assert from "node:assert/strict";
import { seedCatalog } from "../db/seed_catalog.ts";
import { openTestApp } from "./support/app.ts";
import { find, parsePage, textsOf } from "./support/dom.ts";

Deno.test("search pages and the names people use for cities", async (t) => {
  const app = await openTestApp();
  const get = async (path: string) => {
    const res = await app.request(path);
    return { status: res.status, doc: parsePage(await res.text()) };
  };
  try {
    await seedCatalog(app.database.db);

    await t.step("a former name finds the city's acts and venues, under its current name", async () => {
      const acts = await get("/artists?city=Bombay");
      assert.equal(acts.status, 200);
      assert.equal(acts.doc.title, "Artists and bands in Mumbai · Artist Space");
      const places = textsOf(acts.doc, '[data-testid="results"] li');
      assert.ok(places.length > 0);
      assert.ok(places.every((text) => text.includes("Mumbai, Maharashtra")), places.join(" | "));

      const venues = await get("/venues?city=calcutta");
      assert.equal(venues.status, 200);
      assert.equal(venues.doc.title, "Venues in Kolkata · Artist Space");
      const halls = textsOf(venues.doc, '[data-testid="venues"] li');
      assert.ok(halls.length > 0);
      assert.ok(halls.every((text) => text.includes("Kolkata, West Bengal")), halls.join(" | "));

      const gigs = await get("/opportunities?city=Madras");
      assert.equal(gigs.status, 200);
      assert.equal(gigs.doc.title, "Gigs and opportunities in Chennai · Artist Space");
    });

    await t.step(
      "an unknown city is said beside the field, every other filter kept, nothing widened",
      async () => {
        const cases: [string, Record<string, string>][] = [
          ["/artists", { q: "ghazal", genre: "sufi", sort: "trust" }],
          ["/venues", { type: "club" }],
          ["/opportunities", { q: "wedding", genre: "jazz", budgetMin: "20000", sort: "budget" }],
        ];
        for (const [path, filters] of cases) {
          const { status, doc } = await get(
            `${path}?${new URLSearchParams({ city: "Atlantis", ...filters })}`,
          );
          assert.equal(status, 422, path);
          const city = find(doc, 'input[name="city"]');
          assert.equal(city.getAttribute("value"), "Atlantis");
          assert.equal(city.getAttribute("aria-invalid"), "true");
          const describedBy = city.getAttribute("aria-describedby");
          assert.equal(
            find(doc, `#${describedBy}`).textContent,
            'We could not find a city called "Atlantis"',
            path,
          );
          for (const [name, value] of Object.entries(filters)) {
            const field = find(doc, `[name="${name}"]`);
            const kept = field.tagName === "SELECT"
              ? field.querySelector("option[selected]")?.getAttribute("value")
              : field.getAttribute("value");
            assert.equal(kept, value, `${path}: ${name}`);
          }
          assert.equal(
            find(doc, '[role="alert"]').textContent,
            "Check the city's spelling, or leave City empty to search all of India.",
          );
          // No cards and no "nothing matches" box: no search ran without the city.
          assert.equal(doc.querySelector("main ul li article, [data-testid] li"), null, path);
          assert.equal(doc.querySelector('[aria-label="Cities you may have meant"]'), null);
        }
      },
    );

    await t.step(
      "a misspelt city links to the cities it may have meant, keeping the other filters",
      async () => {
        const { status, doc } = await get("/venues?city=Banglaore&type=club&cursor=stale");
        assert.equal(status, 422);
        assert.equal(find(doc, '[role="alert"]').textContent, "Did you mean one of these cities?");
        const links = [...doc.querySelectorAll('[aria-label="Cities you may have meant"] a')];
        // Closest to the everyday misspelling "Banglore", which the link shows beside the name.
        assert.equal(links[0].textContent, "Bengaluru (Banglore), Karnataka");
        const href = links[0].getAttribute("href")!;
        assert.equal(href, "/venues?city=Bengaluru&type=club");
        const followed = await get(href);
        assert.equal(followed.status, 200);
        assert.equal(followed.doc.title, "Club venues in Bengaluru · Artist Space");

        // The start of a former name: the link names the city and the name it matched.
        const bomba = await get("/artists?city=Bomba&genre=sufi");
        const [mumbai] = bomba.doc.querySelectorAll('[aria-label="Cities you may have meant"] a');
        assert.equal(mumbai.textContent, "Mumbai (Bombay), Maharashtra");
        assert.equal(mumbai.getAttribute("href"), "/artists?city=Mumbai&genre=sufi");
      },
    );
  } finally {
    await app.close();
  }
});
