/** The /artists search page over the demo catalogue, as a browser without JavaScript sees it. */
import assert from "node:assert/strict";
import { seedCatalog } from "../db/seed_catalog.ts";
import { openTestApp } from "./support/app.ts";
import { ownText, parsePage } from "./support/dom.ts";

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
