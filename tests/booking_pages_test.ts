/**
 * The booking pages as a browser without JavaScript uses them: the request
 * form, the booking page's actions per viewer, offer and counter-offer
 * round trips with field errors, and the grouped list.
 */
import assert from "node:assert/strict";
import { openTestApp } from "./support/app.ts";
import { FormBrowser } from "./support/form_browser.ts";
import { signUp } from "./support/accounts.ts";
import { find, parsePage } from "./support/dom.ts";

const actionsOf = (html: string) => [...html.matchAll(/name="intent" value="(\w+)"/g)].map((m) => m[1]);
const inIst = (ms: number) => new Date(ms + 330 * 60_000).toISOString().slice(0, 16);

Deno.test("booking pages without JavaScript", async (t) => {
  const app = await openTestApp();
  try {
    const organizerAccount = await signUp(app, "organizer");
    const artistAccount = await signUp(app, "artist");
    const strangerAccount = await signUp(app, "promoter");
    const res = await app.request("/api/v1/artists", {
      method: "POST",
      headers: { ...artistAccount.headers, "Content-Type": "application/json" },
      body: JSON.stringify({
        kind: "solo",
        name: "Meera Sitar",
        budgetMin: 1_000_000,
        budgetStandard: 3_000_000,
        budgetPremium: 6_000_000,
      }),
    });
    assert.equal(res.status, 201);
    const { slug } = (await res.json()).data.act;
    const organizer = new FormBrowser(app, "203.0.113.61");
    await organizer.signIn(organizerAccount, "/bookings");
    const artist = new FormBrowser(app, "203.0.113.62");
    await artist.signIn(artistAccount, "/bookings");
    const stranger = new FormBrowser(app, "203.0.113.63");
    await stranger.signIn(strangerAccount, "/bookings");
    const startsAt = inIst(Date.now() + 50 * 24 * 60 * 60 * 1000);
    let path = "";

    await t.step("the request form keeps what was typed and names the wrong fields", async () => {
      const form = await organizer.go(`/bookings/new?act=${slug}`);
      assert.equal(form.status, 200);
      assert.match(form.headers.get("content-type") ?? "", /text\/html/);
      const html = await form.text();
      assert.match(html, /Meera Sitar/);
      assert.match(html, /name="fee"/, "the offer composer renders its fields on the server");

      const bad = await organizer.go(`/bookings/new?act=${slug}`, {
        title: "Sitar at sunrise",
        startsAt: "",
        durationMinutes: "90",
        city: "Atlantis",
      });
      assert.equal(bad.status, 422);
      const badHtml = await bad.text();
      assert.match(badHtml, /could not find a city called &quot;Atlantis&quot;/);
      assert.match(badHtml, /value="Sitar at sunrise"/);
    });

    await t.step(
      "a valid request redirects to the booking; each viewer sees only their actions",
      async () => {
        const sent = await organizer.go(`/bookings/new?act=${slug}`, {
          title: "Sitar at sunrise",
          startsAt,
          durationMinutes: "90",
          city: "Jaipur",
          address: "Amber Fort courtyard",
          message: "A morning raga set",
        });
        assert.equal(sent.status, 303, await sent.clone().text());
        path = sent.headers.get("location")!;
        assert.match(path, /^\/bookings\/[0-9a-f-]{36}$/);

        const asArtist = await (await artist.go(path)).text();
        assert.deepEqual(actionsOf(asArtist), ["offer", "decline", "cancel"]);
        assert.match(asArtist, /Amber Fort courtyard, Jaipur/);
        assert.match(asArtist, /sent the booking request/);
        const asOrganizer = await (await organizer.go(path)).text();
        assert.deepEqual(actionsOf(asOrganizer), ["offer", "cancel"]);
        assert.match(asOrganizer, /Waiting for the act to answer/);

        const hidden = await stranger.go(path);
        assert.equal(hidden.status, 404);
        assert.match(hidden.headers.get("content-type") ?? "", /text\/html/);
      },
    );

    await t.step("a bad fee comes back beside the field with the values kept", async () => {
      const bad = await artist.go(path, { intent: "offer", fee: "lots", deposit: "30", note: "Dawn raga" });
      assert.equal(bad.status, 422);
      const html = await bad.text();
      assert.match(html, /id="offer-fee-error"[^>]*>Only digits and commas, like 1,00,000/);
      assert.match(html, /value="lots"/);
      assert.match(html, />Dawn raga</);
      const commas = await artist.go(path, {
        intent: "offer",
        fee: "1,0,0",
        deposit: "30",
        note: "Dawn raga",
      });
      assert.equal(commas.status, 422);
      assert.match(await commas.text(), /id="offer-fee-error"[^>]*>The commas are in the wrong places/);
    });

    await t.step("offer and counter-offer round trips, then accept confirms", async () => {
      const quoted = await artist.go(path, {
        intent: "offer",
        fee: "₹1,00,000",
        deposit: "30",
        cancellationTier: "strict",
      });
      assert.equal(quoted.status, 303);
      assert.equal(quoted.headers.get("location"), `${path}?done=offer`);
      const orgView = await (await organizer.go(path)).text();
      // Accepting asks once more (a GET to the confirmation), so it posts no intent here.
      assert.deepEqual(actionsOf(orgView), ["offer", "decline", "cancel"]);
      assert.match(orgView, /name="confirm" value="accept"/);
      assert.match(orgView, /Accept ₹1,00,000…/);
      assert.match(orgView, /id="offer-fee"[^>]*value="1,00,000"/, "the counter-offer starts from it");
      assert.match(orgView, /Strict cancellation policy|strict cancellation policy/);

      const countered = await organizer.go(path, { intent: "offer", fee: "60000", deposit: "25", startsAt });
      assert.equal(countered.status, 303);
      const artistView = await (await artist.go(path)).text();
      assert.match(artistView, /Round 2: the organizer<\/span> offered ₹60,000/);
      assert.match(artistView, /Accept ₹60,000/);

      // The accept button leads to the terms once more, and one form that accepts exactly this offer.
      const confirm = await artist.go(`${path}?confirm=accept`);
      assert.equal(confirm.status, 200);
      const page = parsePage(await confirm.text());
      const card = find(page, '[data-testid="confirm-accept"]');
      assert.equal(find(card, "h2").textContent, "Accept these terms?");
      assert.equal(find(card, '[data-testid="confirm-fee"]').textContent, "₹60,000");
      const terms = find(card, '[data-testid="terms"]').textContent ?? "";
      assert.match(terms, /Fee₹60,000/);
      assert.match(terms, /Deposit₹15,000 \(25%\), balance ₹45,000/);
      assert.match(terms, /90 min/);
      assert.match(find(card, '[data-testid="policy"]').textContent ?? "", /strict cancellation policy/i);
      assert.equal(find(card, 'form[method="post"] input[name="intent"]').getAttribute("value"), "accept");
      assert.equal(find(card, 'form[method="post"] input[name="round"]').getAttribute("value"), "2");
      assert.equal(find(card, 'form[method="post"] button').textContent?.trim(), "Yes, accept these terms");
      assert.ok(page.querySelector('[data-testid="actions"]') === null, "only the confirmation to answer");

      // Whoever made the offer has nothing to accept.
      const notYours = await (await organizer.go(`${path}?confirm=accept`)).text();
      assert.match(notYours, /There is no offer for you to accept now\./);
      assert.doesNotMatch(notYours, /data-testid="confirm-accept"/);

      // A form naming an offer that is no longer the open one accepts nothing.
      const stale = await artist.go(path, { intent: "accept", round: "1" });
      assert.equal(stale.status, 409);
      assert.match(
        await stale.text(),
        /The terms changed: offer 1 was answered with a new offer \(round 2\)/,
      );
      // One that names none (a page from before) is shown the terms first.
      const unnamed = await artist.go(path, { intent: "accept" });
      assert.equal(unnamed.status, 303);
      assert.equal(unnamed.headers.get("location"), `${path}?confirm=accept`);
      assert.match(await (await organizer.go(path)).text(), /Negotiating/);

      const accepted = await artist.go(path, { intent: "accept", round: "2" });
      assert.equal(accepted.status, 303);
      const done = await (await artist.go(accepted.headers.get("location")!)).text();
      assert.match(done, /Accepted: the booking is confirmed/);
      assert.deepEqual(actionsOf(done), ["cancel"]);
      assert.match(done, /Cancelling now \(cancelled by the act/);
      const orgDone = await (await organizer.go(path)).text();
      assert.match(orgDone, /Cancelling now \(strict: 14 to 60 days' notice, 75% of the fee\)/);
    });

    await t.step("the list groups bookings: upcoming for both parties", async () => {
      const list = await artist.go("/bookings");
      assert.equal(list.status, 200);
      const html = await list.text();
      const upcoming = html.slice(html.indexOf('data-group="Upcoming"'), html.indexOf('data-group="Past'));
      assert.match(upcoming, /Sitar at sunrise/);
      const needs = html.slice(
        html.indexOf('data-group="Needs your answer"'),
        html.indexOf('data-group="In neg'),
      );
      assert.match(needs, /Nothing is waiting for you/);
      const anonymous = await app.request("/bookings", { redirect: "manual" });
      assert.equal(anonymous.status, 303);
    });
  } finally {
    await app.close();
  }
});
