/**
 * Each page inlines only the CSS it uses (lib/fresh/twind.ts), so a class the
 * extraction misses is simply unstyled, and nothing else notices: an act
 * whose portfolio held a YouTube link once lost most of its page's CSS. Here
 * a representative set of pages, public and signed in, is rendered through
 * the app, and every class token in each page's HTML for which twind makes a
 * rule must find that rule in the page's inline <style>. The expected rules
 * come from a separate twind instance asked about one token at a time.
 */
import assert from "node:assert/strict";
import { defineConfig, twind, virtual } from "@twind/core";
import presetTailwind from "@twind/preset-tailwind";
import { styleConfig } from "../twind.config.ts";
import { openTestApp } from "./support/app.ts";
import { type SignedIn, signUp } from "./support/accounts.ts";
import { parsePage } from "./support/dom.ts";
import { signBothSides, signedInAt } from "./support/contracts.ts";
import { payDue, withSandbox } from "./support/payments.ts";
import { band, offeredBooking, opportunity } from "./support/fixtures.ts";
import { acceptOffer } from "../services/bookings/negotiations.ts";
import { openConversation } from "../services/messages/conversations.ts";
import { contractOfBooking, sendContract, signContract } from "../services/contracts/contracts.ts";

const DAY = 86_400_000;

/** twind's own rules for a single class token, without the preflight every output starts with. */
function twindRules(): (token: string) => string[] {
  const tw = twind(
    defineConfig({
      theme: styleConfig.theme as never,
      preflight: styleConfig.preflight,
      presets: [presetTailwind()],
      hash: false,
    }),
    virtual(),
  );
  const rulesOf = (token: string) => {
    tw.clear();
    tw(token);
    return [...tw.target];
  };
  const preflight = new Set(rulesOf("flex").filter((r) => !r.startsWith(".flex{")));
  assert.ok(preflight.size > 10, "twind's preflight was recognised");
  const memo = new Map<string, string[]>();
  return (token) => {
    let rules = memo.get(token);
    if (!rules) memo.set(token, rules = rulesOf(token).filter((r) => !preflight.has(r)));
    return rules;
  };
}

/** The class tokens of a page that twind styles, and those among them whose rules its inline CSS lacks. */
function coverage(html: string, rulesOf: (token: string) => string[]) {
  const doc = parsePage(html);
  const styles = doc.querySelectorAll("style");
  assert.equal(styles.length, 1, "one inline stylesheet");
  const css = styles[0].textContent ?? "";
  const styled = new Set<string>();
  const missing = new Set<string>();
  for (const element of doc.querySelectorAll("[class]")) {
    for (const token of element.getAttribute("class")!.split(/\s+/)) {
      const rules = token ? rulesOf(token) : [];
      if (rules.length === 0) continue;
      styled.add(token);
      if (!rules.every((rule) => css.includes(rule))) missing.add(token);
    }
  }
  return { styled, missing: [...missing].sort() };
}

async function createThroughApi<T>(
  request: (path: string, init?: RequestInit) => Promise<Response>,
  who: SignedIn,
  path: string,
  body: unknown,
): Promise<T> {
  const res = await request(`/api/v1${path}`, {
    method: "POST",
    headers: { ...who.headers, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  assert.equal(res.status, 201, text);
  return JSON.parse(text).data;
}

Deno.test("every page's inline CSS has a rule for each class its HTML uses", async (t) => {
  const app = await openTestApp();
  const request = app.request;
  try {
    const db = app.database.db;
    const artist = await signUp(app, "artist");
    const organizer = await signUp(app, "organizer");
    const manager = await signUp(app, "venue_manager");

    const { act } = await createThroughApi<{ act: { id: string; slug: string } }>(
      request,
      artist,
      "/artists",
      {
        kind: "solo",
        name: "Asha Artist",
        budgetMin: 1_000_000,
        budgetStandard: 2_000_000,
        budgetPremium: 3_000_000,
      },
    );
    await db.updateTable("acts").set({ is_verified: true }).where("id", "=", act.id).execute();
    for (
      const link of [
        { title: "Live at NCPA", url: "https://youtu.be/dQw4w9WgXcQ" },
        { title: "Monsoon Ragas", url: "https://open.spotify.com/album/4aawyAB9vmqN3uQ7FjRGTy" },
      ]
    ) {
      await createThroughApi(request, artist, `/artists/${act.id}/portfolio`, link);
    }
    const aBand = await band(db, artist.id, { name: "The Coverage Collective" });
    const { venue: club } = await createThroughApi<{ venue: { slug: string } }>(
      request,
      manager,
      "/venues",
      { name: "Coverage Club", capacity: 200, venueType: "club" },
    );
    const gig = await opportunity(db, organizer.id, { title: "Sangeet night" });
    const offered = await offeredBooking(db, act.id, organizer.id, {
      title: "Diwali at Nahargarh",
      expiresAt: new Date(Date.now() + 5 * DAY),
    });

    // Two confirmed bookings: one whose contract waits for the organizer's signature (the sign form,
    // a signature block signed), one signed by both (the verification, the booking's deposit step).
    const deps = app.services.deps;
    const meta = { ip: null, userAgent: null };
    const asOrganizer = { userId: organizer.id, roles: ["organizer" as const], sessionId: "" };
    const asArtist = await signedInAt(
      db,
      { userId: artist.id, roles: ["artist" as const], sessionId: "" },
      new Date(),
    );
    const [toSign, signed] = await Promise.all(
      [40, 50].map((days, i) =>
        offeredBooking(db, act.id, organizer.id, {
          title: `Contract ${i}`,
          starts_at: new Date(Date.now() + days * DAY),
          expiresAt: new Date(Date.now() + 5 * DAY),
        })
      ),
    );
    for (const b of [toSign, signed]) await acceptOffer(deps, asArtist, b.id, { round: 1 }, meta);
    const contract = (await contractOfBooking(deps, asOrganizer, toSign.id, meta))!;
    await sendContract(deps, asOrganizer, contract.id, meta);
    await signContract(deps, asArtist, contract.id, {
      documentHash: contract.documentHash,
      fullName: "Asha Artist",
      consent: true,
    }, meta);
    await signBothSides(deps, asOrganizer, asArtist, signed.id);
    // Its deposit paid: the organizer's payments and the act's earnings have something to list.
    await payDue(withSandbox(deps), asOrganizer, signed.id);

    const { conversation } = await openConversation(db, asOrganizer, { bookingId: offered.id });

    const people: Record<string, SignedIn> = { artist, organizer, "venue manager": manager };
    const pages: [path: string, who?: keyof typeof people][] = [
      ["/"],
      ["/artists"],
      ["/venues"],
      ["/opportunities"],
      [`/opportunities/${gig.id}`],
      [`/artists/${act.slug}`],
      [`/bands/${aBand.slug}`],
      [`/venues/${club.slug}`],
      ["/login"],
      ["/register"],
      ["/forgot-password"],
      ["/dashboard", "artist"],
      ["/calendar", "artist"],
      ["/bookings", "artist"],
      [`/bookings/${offered.id}`, "artist"],
      [`/bookings/${offered.id}`, "organizer"],
      [`/bookings/${toSign.id}`, "organizer"],
      [`/bookings/${toSign.id}/contract`, "organizer"],
      [`/bookings/${toSign.id}/contract`, "artist"],
      [`/bookings/${signed.id}`, "artist"],
      [`/bookings/${signed.id}/contract`, "artist"],
      [`/bookings/${offered.id}/contract`, "artist"],
      ["/account", "artist"],
      [`/artists/${act.slug}`, "artist"],
      [`/artists/${act.slug}/edit`, "artist"],
      [`/venues/${club.slug}/edit`, "venue manager"],
      ["/opportunities/new", "organizer"],
      [`/bookings/new?act=${act.slug}`, "organizer"],
      ["/artists/new", "artist"],
      [`/bands/${aBand.slug}/members`, "artist"],
      [`/artists/${act.slug}/earnings`, "artist"],
      [`/bands/${aBand.slug}/earnings`, "artist"],
      ["/payments", "organizer"],
      ["/payments", "artist"],
      ["/venues/new", "venue manager"],
      ["/messages", "organizer"],
      [`/messages/${conversation.id}`, "artist"],
    ];
    const rulesOf = twindRules();
    for (const [path, who] of pages) {
      await t.step(who ? `${path} (${who})` : path, async () => {
        const res = await request(path, { headers: who ? people[who].headers : {} });
        assert.equal(res.status, 200, path);
        const html = await res.text();
        if (path === `/artists/${act.slug}` && !who) {
          const embeds = [...parsePage(html).querySelectorAll("[data-embed]")].map((e) =>
            e.getAttribute("data-embed")
          );
          assert.deepEqual(embeds.sort(), ["spotify", "youtube"], "the profile shows both players");
        }
        const { styled, missing } = coverage(html, rulesOf);
        assert.ok(styled.size >= 15, `${path} uses ${styled.size} twind classes; the check saw the page`);
        assert.deepEqual(missing, [], `${path}: classes without a rule in the page's CSS`);
      });
    }
  } finally {
    await app.close();
  }
});
