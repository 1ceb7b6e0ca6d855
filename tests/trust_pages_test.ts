/**
 * Trust through the pages: the owner's explanation at /account/trust (and
 * who else may open one subject's history), the organizer's public page,
 * and the counts and badges on act, venue and search pages, after a show
 * that was played, paid (the balance late) and reviewed by both sides.
 */
import assert from "node:assert/strict";
import { recomputeAllTrust } from "../services/trust/nightly.ts";
import { openTestApp } from "./support/app.ts";
import { bookingCast } from "./support/booking_cast.ts";
import { find, parsePage, textsOf } from "./support/dom.ts";
import { opportunity } from "./support/fixtures.ts";
import { FormBrowser } from "./support/form_browser.ts";
import { playedShow, quickAnswers, trustDeps } from "./support/trust_scenes.ts";

Deno.test("trust scores on the owner's page, the organizer's page and the catalogue", async (t) => {
  const app = await openTestApp();
  try {
    const db = app.database.db;
    const deps = trustDeps(db);
    const { people, actor, bookingId } = await bookingCast(app);
    const { act_id: actId, venue_id: venueId } = await db.selectFrom("bookings")
      .select(["act_id", "venue_id"]).where("id", "=", bookingId).executeTakeFirstOrThrow();
    const band = await db.selectFrom("acts").select(["name", "slug"]).where("id", "=", actId)
      .executeTakeFirstOrThrow();
    const hall = await db.selectFrom("venues").select("slug").where("id", "=", venueId!)
      .executeTakeFirstOrThrow();
    const show = await playedShow(deps, {
      actId,
      organizer: actor("organizer"),
      actOwner: actor("act"),
      venueId: venueId!,
    });
    await quickAnswers(db, actId, people.organizer.id);
    await recomputeAllTrust(deps);
    const slugOf = async (id: string) =>
      (await db.selectFrom("users").select("public_slug").where("id", "=", id).executeTakeFirstOrThrow())
        .public_slug;
    const organizerSlug = await slugOf(people.organizer.id);

    const browser = async (who: keyof typeof people, ip: string) => {
      const b = new FormBrowser(app, ip);
      await b.signIn(people[who]);
      return b;
    };
    const owner = await browser("act", "203.0.113.61");

    await t.step("signed out, the trust page sends the visitor to log in and back", async () => {
      const res = await new FormBrowser(app).go("/account/trust");
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), "/login?next=/account/trust");
    });

    await t.step(
      "the owner sees each part of the act's score, what would raise it and its history",
      async () => {
        const account = parsePage(await owner.html("/account"));
        assert.equal(find(account, "[data-testid=trust-link]").getAttribute("href"), "/account/trust");
        const dashboard = parsePage(await owner.html("/dashboard"));
        assert.ok(dashboard.querySelector("a[href='/account/trust']"), "the dashboard links the trust page");

        const doc = parsePage(await owner.html("/account/trust"));
        const section = find(doc, "[data-testid=trust-act]");
        assert.match(section.textContent ?? "", new RegExp(band.name));
        assert.equal(
          section.querySelector(`a[href='/bands/${band.slug}']`)?.textContent,
          "See the public page",
        );
        const parts = textsOf(section, "[data-testid=trust-components] li");
        assert.equal(parts.length, 9);
        assert.match(parts[1], /Completed bookings\s*\+2\.50\s*1 completed booking/);
        assert.match(parts[2], /Reviews\s*\+2\.50\s*1 review, weighted average 3\.75 of 5/);
        assert.match(parts[6], /Answers to requests and offers\s*\+7\.00\s*Answered 100% of 3 requests/);
        assert.match(
          find(section, "[data-testid=trust-to-raise]").textContent ?? "",
          /Get verified: 5 points/,
        );
        const history = find(section, "[data-testid=trust-history]");
        assert.match(history.textContent ?? "", /The booking “Monsoon ragas at the fort” was completed/);
        assert.ok(history.querySelector(`a[href='/bookings/${show.id}']`), "the change links its booking");
        assert.match(section.textContent ?? "", /Quick to respond/);
        // The band manager organizes nothing: no organizer score to explain.
        assert.equal(doc.querySelector("[data-testid=trust-organizer]"), null);
        // Signed-in pages load the service worker's registration after the page; nothing else.
        const scripts = [...doc.querySelectorAll("script")].map((s) =>
          (s.getAttribute("src") ?? s.getAttribute("type") ?? "inline").replace(/^.*\/(\w+)-\w+\.js$/, "$1")
        );
        assert.deepEqual(scripts, ["register"], "the trust page ships no island");
      },
    );

    await t.step("the organizer's explanation links their public page; its whole history pages", async () => {
      for (let i = 1; i <= 6; i++) {
        await db.insertInto("trust_score_history").values({
          subject_type: "organizer",
          subject_id: people.organizer.id,
          old_score: 60,
          new_score: 60 + i / 100,
          reason: `Recounted ${i}`,
          at: new Date(Date.now() + i * 1000),
        }).execute();
      }
      const organizer = await browser("organizer", "203.0.113.62");
      const doc = parsePage(await organizer.html("/account/trust"));
      const section = find(doc, "[data-testid=trust-organizer]");
      assert.ok(section.querySelector(`a[href='/organizers/${organizerSlug}']`));
      assert.equal(textsOf(section, "[data-testid=trust-history] > li").length, 5);
      const all = find(section, "[data-testid=trust-history-all]");
      assert.match(all.textContent ?? "", /All \d+ changes/);
      const whole = parsePage(await organizer.html(all.getAttribute("href")!));
      assert.match(find(whole, "[data-testid=trust-history]").textContent ?? "", /Recounted 1/);
      assert.match(find(whole, "h1").textContent ?? "", /Trust score history/);
    });

    await t.step("nobody else opens an owner's explanation; staff and admins may", async () => {
      const stranger = await browser("stranger", "203.0.113.63");
      const actPath = `/account/trust?type=act&id=${actId}`;
      assert.equal((await stranger.go(actPath)).status, 403);
      assert.equal(
        (await stranger.go(`/account/trust?type=organizer&id=${people.organizer.id}`)).status,
        403,
      );
      assert.equal((await stranger.go(`/account/trust?type=venue&id=${venueId}`)).status, 403);
      assert.equal((await stranger.go("/account/trust?type=band&id=x")).status, 404);
      assert.equal((await stranger.go(`/account/trust?type=act&id=${actId}&page=0`)).status, 422);
      const staff = await browser("staff", "203.0.113.64");
      const seen = parsePage(await staff.html(actPath));
      assert.match(find(seen, "[data-testid=trust-act]").textContent ?? "", new RegExp(band.name));
    });

    await t.step(
      "the organizer's public page: score, completions, payments on time and reviews",
      async () => {
        await opportunity(db, people.organizer.id, { title: "Diwali mela, main stage" });
        const visitor = new FormBrowser(app, "203.0.113.65");
        const html = await visitor.html(`/organizers/${organizerSlug}`);
        const doc = parsePage(html);
        const summary = find(doc, "[data-testid=trust-summary]").textContent ?? "";
        assert.match(summary, /★ \d+ trust score/);
        assert.match(summary, /1\scompleted\sbooking/);
        assert.match(summary, /1\sreview/);
        assert.equal(
          find(doc, "[data-testid=payment-timeliness]").textContent,
          "Paid on time: 1 of 2 payments (50%).",
        );
        assert.match(find(doc, "[data-testid=review]").textContent ?? "", /balance came late/);
        assert.match(
          find(doc, "article header").textContent ?? "",
          /Organizer · Pune, Maharashtra · member since/,
        );
        const scripts = [...doc.querySelectorAll("script")].map((s) => s.getAttribute("type"));
        assert.deepEqual(scripts, ["application/ld+json"], "the public page ships no JavaScript");
        const ld = JSON.parse(doc.querySelector("script[type='application/ld+json']")!.textContent!);
        assert.equal(ld["@type"], "ProfilePage");
        assert.equal(ld.mainEntity.address.addressLocality, "Pune");
        assert.ok(doc.querySelector(`link[rel=canonical][href$='/organizers/${organizerSlug}']`));
        // What the public must not learn: amounts, the booking, cancellations.
        assert.doesNotMatch(html, /Monsoon ragas|25,000|₹|cancel/i);
      },
    );

    await t.step("an opportunity links its poster's organizer page", async () => {
      const { id } = await opportunity(db, people.organizer.id, { title: "Holi at the lake" });
      const doc = parsePage(await new FormBrowser(app).html(`/opportunities/${id}`));
      assert.equal(
        find(doc, "[data-testid=organizer-link]").getAttribute("href"),
        `/organizers/${organizerSlug}`,
      );
    });

    await t.step("no organizer page for someone who organized nothing, or who is suspended", async () => {
      const visitor = new FormBrowser(app, "203.0.113.66");
      assert.equal((await visitor.go(`/organizers/${await slugOf(people.stranger.id)}`)).status, 404);
      assert.equal((await visitor.go("/organizers/Not-A-Slug")).status, 404);
      await db.updateTable("users").set({ status: "suspended" }).where("id", "=", people.organizer.id)
        .execute();
      assert.equal((await visitor.go(`/organizers/${organizerSlug}`)).status, 404);
      await db.updateTable("users").set({ status: "active" }).where("id", "=", people.organizer.id).execute();
    });

    await t.step("the band's page and its search card show the counts and the badge", async () => {
      const visitor = new FormBrowser(app, "203.0.113.67");
      const doc = parsePage(await visitor.html(`/bands/${band.slug}`));
      const summary = find(doc, "[data-testid=trust-summary]").textContent ?? "";
      assert.match(summary, /1\scompleted\sbooking/);
      assert.match(summary, /1\sreview/);
      assert.match(summary, /Quick to respond/);
      const results = parsePage(await visitor.html(`/artists?q=${encodeURIComponent(band.name)}`));
      const card = [...results.querySelectorAll("li")].find((li) => li.textContent?.includes(band.name))!;
      assert.match(
        find(card, "[data-testid=card-trust]").textContent ?? "",
        /1\scompleted\sbooking · 1\sreview/,
      );
      assert.match(card.textContent ?? "", /Quick to respond/);
    });

    await t.step("the venue's page lists what acts said of the shows there", async () => {
      const doc = parsePage(await new FormBrowser(app).html(`/venues/${hall.slug}`));
      assert.match(find(doc, "[data-testid=trust-summary]").textContent ?? "", /0\scompleted\sbookings/);
      assert.match(
        find(doc, "[data-testid=review-summary]").textContent ?? "",
        /4\.0 out of 5 from 1 review/,
      );
      assert.match(
        find(doc, "[data-testid=review]").textContent ?? "",
        /Hospitality and sound as agreed 5\/5/,
      );
      const results = parsePage(await new FormBrowser(app).html(`/venues`));
      assert.ok(results.querySelector("[data-testid=card-trust]"), "venue cards show their trust too");
    });
  } finally {
    await app.close();
  }
});
