/** The public profile pages (artists, bands, venues) over the demo catalogue, as a browser without JavaScript sees them. */
import assert from "node:assert/strict";
import { seedCatalog } from "../db/seed_catalog.ts";
import { openTestApp } from "./support/app.ts";
import { parsePage, textsOf } from "./support/dom.ts";
import { act } from "./support/fixtures.ts";

const HOSTILE = "</script><script>alert(1)</script>";

/** The page's JSON-LD blocks, parsed. */
function jsonLd(html: string): Record<string, unknown>[] {
  return [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)].map((m) =>
    JSON.parse(m[1])
  );
}

function meta(html: string, property: string): string | undefined {
  return new RegExp(`<meta property="${property}" content="([^"]*)"`).exec(html)?.[1];
}

/** Every script element's opening tag. */
const scriptTags = (html: string) => html.match(/<script\b[^>]*>/g) ?? [];

async function okHtml(res: Response): Promise<string> {
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
  return await res.text();
}

Deno.test("public profiles of acts and venues", async (t) => {
  const app = await openTestApp({ APP_ORIGIN: "https://artistspace.example" });
  try {
    const db = app.database.db;
    await seedCatalog(db);
    const solo = await db.selectFrom("acts").select(["id", "slug", "name", "owner_id"]).where(
      "kind",
      "=",
      "solo",
    )
      .orderBy("slug").executeTakeFirstOrThrow();
    const band = await db.selectFrom("acts").select(["id", "slug", "name", "owner_id"]).where(
      "kind",
      "=",
      "band",
    )
      .orderBy("slug").executeTakeFirstOrThrow();
    const venue = await db.selectFrom("venues").select(["slug", "name"]).orderBy("slug")
      .executeTakeFirstOrThrow();

    await t.step("an artist's page shows who, where and the fees in en-IN rupees", async () => {
      const html = await okHtml(await app.request(`/artists/${solo.slug}`));
      assert.ok(html.includes(`<title>${solo.name} · Artist Space</title>`));
      assert.match(html, /<h1[^>]*>[^<]+/);
      assert.match(html, /<meta name="description" content="[^"]+ Book from ₹[\d,]+ on Artist Space\."/);
      // en-IN groups lakhs: ₹1,50,000, never ₹150,000.
      assert.match(html, /From ₹\d{1,2}(,\d\d)*,\d{3}</);
      assert.doesNotMatch(html, /₹\d{3},\d{3}/);
    });

    await t.step("an artist's page carries Open Graph tags and a canonical link", async () => {
      const html = await okHtml(await app.request(`/artists/${solo.slug}?utm_source=x`));
      const url = `https://artistspace.example/artists/${solo.slug}`;
      assert.ok(html.includes(`<link rel="canonical" href="${url}"`));
      assert.equal(meta(html, "og:url"), url);
      assert.equal(meta(html, "og:title"), solo.name);
      assert.equal(meta(html, "og:type"), "profile");
      assert.ok(meta(html, "og:description")?.startsWith(`${solo.name}:`));
      assert.equal(meta(html, "og:image"), undefined, "no photo, no og:image");
    });

    await t.step("an act's JSON-LD is a MusicGroup with its name, genres and price range", async () => {
      const [ld, ...rest] = jsonLd(await okHtml(await app.request(`/artists/${solo.slug}`)));
      assert.equal(rest.length, 0);
      assert.equal(ld["@context"], "https://schema.org");
      assert.equal(ld["@type"], "MusicGroup");
      assert.equal(ld.name, solo.name);
      assert.equal(ld.url, `https://artistspace.example/artists/${solo.slug}`);
      assert.ok(Array.isArray(ld.genre) && ld.genre.length > 0);
      const offer = ld.makesOffer as { priceSpecification: { priceCurrency: string; minPrice: number } };
      assert.equal(offer.priceSpecification.priceCurrency, "INR");
      assert.ok(offer.priceSpecification.minPrice > 0);
    });

    await t.step("profiles ship no JavaScript: the only script is the JSON-LD data block", async () => {
      for (
        const path of [`/artists/${solo.slug}`, `/bands/${band.slug}`, `/venues/${venue.slug}`, "/venues"]
      ) {
        const html = await okHtml(await app.request(path));
        const tags = scriptTags(html);
        assert.ok(tags.every((tag) => tag === `<script type="application/ld+json">`), `${path}: ${tags}`);
        assert.doesNotMatch(html, /<script[^>]*\ssrc=|type="module"/);
      }
    });

    await t.step("a band's page lists only members who accepted, with their roles", async () => {
      const [a, b] = await db.selectFrom("users").select(["id", "display_name"]).where(
        "id",
        "!=",
        band.owner_id,
      )
        .orderBy("email").limit(2).execute();
      await db.insertInto("band_members").values([
        { act_id: band.id, user_id: a.id, role: "Lead vocals", status: "accepted", responded_at: new Date() },
        { act_id: band.id, user_id: b.id, role: "Tabla", status: "invited" },
      ]).execute();
      const html = await okHtml(await app.request(`/bands/${band.slug}`));
      const members = /<ul[^>]*data-testid="members">(.*?)<\/ul>/s.exec(html)?.[1] ?? "";
      assert.ok(members.includes(a.display_name!), members);
      assert.ok(members.includes("Lead vocals"));
      assert.ok(!members.includes(b.display_name!), "an invited member is not shown");
      const [ld] = jsonLd(html);
      assert.equal(ld["@type"], "MusicGroup");
      assert.equal(ld.name, band.name);
      assert.deepEqual(
        (ld.member as { member: { name: string }; roleName: string }[]).map((
          m,
        ) => [m.member.name, m.roleName]),
        [[a.display_name, "Lead vocals"]],
      );
      assert.equal(meta(html, "og:url"), `https://artistspace.example/bands/${band.slug}`);
    });

    await t.step(
      "each act has one URL: a band under /artists and a solo act under /bands redirect 301",
      async () => {
        const toBand = await app.request(`/artists/${band.slug}`);
        assert.equal(toBand.status, 301);
        assert.equal(toBand.headers.get("location"), `/bands/${band.slug}`);
        const toArtist = await app.request(`/bands/${solo.slug}`);
        assert.equal(toArtist.status, 301);
        assert.equal(toArtist.headers.get("location"), `/artists/${solo.slug}`);
      },
    );

    await t.step("an unknown slug is the 404 page, for acts and venues alike", async () => {
      for (
        const path of [
          "/artists/nobody-here",
          "/bands/nobody-here",
          "/venues/nowhere",
          "/artists/NOT%20a%20slug",
        ]
      ) {
        const res = await app.request(path);
        assert.equal(res.status, 404, path);
        assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
        const html = await res.text();
        assert.match(html, /<title>Page not found · Artist Space<\/title>/);
        assert.match(html, /This stage is empty/);
        assert.doesNotMatch(html, /og:title|application\/ld\+json/);
      }
    });

    await t.step("a bio containing </script> stays inside the JSON-LD and is shown as text", async () => {
      const bio = `Plays everything. ${HOSTILE} & <b>more</b>`;
      await act(db, solo.owner_id, {
        name: "Hostile Bio",
        slug: "hostile-bio",
        bio,
        budget_min: 15_000_000,
        budget_standard: 20_000_000,
        budget_premium: 30_000_000,
        trust_score: 50,
      });
      const html = await okHtml(await app.request("/artists/hostile-bio"));
      assert.ok(!html.includes("<script>alert"), "the bio opened a script");
      assert.equal(scriptTags(html).length, 1);
      const [ld] = jsonLd(html);
      assert.equal(ld.description, bio, "the JSON still says exactly what the bio says");
      assert.ok(html.includes("&lt;/script>&lt;script>alert(1)&lt;/script>"), "shown as text on the page");
      // 1,50,000 rupees: lakhs grouped the Indian way.
      assert.match(html, /From ₹1,50,000</);
    });

    await t.step("a venue's page shows its place and size, with a MusicVenue JSON-LD", async () => {
      const html = await okHtml(await app.request(`/venues/${venue.slug}`));
      assert.ok(html.includes(`<title>${venue.name.replaceAll("&", "&amp;")} · Artist Space</title>`));
      assert.match(html, /Up to [\d,]+ people/);
      assert.equal(meta(html, "og:url"), `https://artistspace.example/venues/${venue.slug}`);
      assert.equal(meta(html, "og:type"), "website");
      const [ld] = jsonLd(html);
      assert.equal(ld["@type"], "MusicVenue");
      assert.equal(ld.name, venue.name);
      assert.ok(typeof ld.maximumAttendeeCapacity === "number");
      assert.equal((ld.address as { addressCountry: string }).addressCountry, "IN");
    });

    await t.step("/venues filters by city and kind with a plain GET form and pages by cursor", async () => {
      const html = await okHtml(await app.request("/venues?city=mumbai&type="));
      assert.match(html, /<title>Venues in Mumbai · Artist Space<\/title>/);
      assert.match(html, /<form method="get"/);
      const places = [...html.matchAll(/ · ([A-Za-z ]+), Maharashtra</g)].map((m) => m[1]);
      assert.ok(places.length > 0 && places.every((p) => p === "Mumbai"), places.join());
      assert.ok(html.includes(`<link rel="canonical" href="https://artistspace.example/venues?city=Mumbai"`));

      const clubs = await okHtml(await app.request("/venues?type=club"));
      assert.match(clubs, /<title>Club venues · Artist Space<\/title>/);
      // Each card's first line names the kind of venue.
      const kinds = textsOf(parsePage(clubs), '[data-testid="venues"] > li p:first-of-type');
      assert.ok(kinds.length > 0 && kinds.every((k) => k.startsWith("Club")), kinds.join());

      const seen: string[] = [];
      let path: string | undefined = "/venues?limit=7";
      while (path) {
        const page: string = await okHtml(await app.request(path));
        seen.push(...[...page.matchAll(/<a href="\/venues\/([a-z0-9-]+)"/g)].map((m) => m[1]));
        path = /<a href="([^"]+)"[^>]*rel="next"/.exec(page)?.[1]?.replaceAll("&amp;", "&");
      }
      const total = await db.selectFrom("venues").select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      assert.equal(seen.length, Number(total.n));
      assert.equal(new Set(seen).size, seen.length);
    });

    await t.step("a tampered venue cursor starts again from the first page", async () => {
      const html = await okHtml(await app.request("/venues?cursor=bm90LWEtY3Vyc29y"));
      assert.match(html, /That page of venues has moved/);
    });

    await t.step("search results link each act to its profile", async () => {
      const html = await okHtml(await app.request("/artists?sort=trust"));
      assert.match(html, /<a href="\/artists\/[a-z0-9-]+"/);
      assert.match(html, /<a href="\/bands\/[a-z0-9-]+"/);
    });
  } finally {
    await app.close();
  }
});
