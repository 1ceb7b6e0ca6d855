/**
 * The gig pages as a browser without JavaScript uses them: the browse form,
 * posting with field errors, applying and editing through plain form posts,
 * the poster's applications list and its buttons, and what each side sees.
 */
import assert from "node:assert/strict";
import { openTestApp, type TestApp } from "./support/app.ts";
import { FormBrowser } from "./support/form_browser.ts";
import { PASSWORD, postJson, signUp } from "./support/accounts.ts";
import type { RoleName } from "../domain/roles.ts";

async function signedInBrowser(app: TestApp, role: RoleName) {
  const who = await signUp(app, role);
  const browser = new FormBrowser(app);
  const res = await browser.go("/login", {
    identifier: who.email,
    password: PASSWORD,
    next: "/opportunities",
  });
  assert.equal(res.status, 303);
  return { who, browser };
}

const day = (days: number) =>
  new Date(Date.now() + days * 86_400_000 + 19_800_000).toISOString().slice(0, 10);

Deno.test("gig pages without JavaScript", async (t) => {
  const app = await openTestApp();
  try {
    const organizer = await signedInBrowser(app, "organizer");
    const artist = await signedInBrowser(app, "artist");
    const rival = await signedInBrowser(app, "artist");
    const solo = { kind: "solo", budgetMin: 100_000, budgetStandard: 200_000, budgetPremium: 300_000 };
    for (const [who, name] of [[artist.who, "Kavya Sings"], [rival.who, "Rival Rhythms"]] as const) {
      const res = await postJson(app, "/api/v1/artists", { ...solo, name }, who.headers);
      assert.equal(res.status, 201);
    }
    const form = {
      title: "Diwali terrace party",
      description: "150 guests, fairy lights, a Bollywood singalong.",
      date: day(30),
      time: "20:00",
      durationMinutes: "120",
      venueId: "",
      city: "Mumbai",
      address: "Worli Sea Face",
      budgetMin: "40000",
      budgetMax: "30000",
      requirements: "Acoustic set; we have a small PA.",
      deadline: day(31),
    };
    let path = "";

    await t.step("posting shows field errors beside the fields and keeps the values", async () => {
      const body = new URLSearchParams({ ...form });
      body.append("genres", "bollywood");
      body.append("genres", "pop");
      const res = await organizer.browser.go("/opportunities/new", body);
      assert.equal(res.status, 422);
      assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
      const html = await res.text();
      assert.match(html, /id="deadline-error"[^>]*>Must not be after the event starts/);
      assert.match(html, /id="budgetMax-error"[^>]*>Must not be below budgetMin/);
      assert.match(html, /value="Diwali terrace party"/);
      assert.match(html, /value="Worli Sea Face"/);
      assert.match(html, /value="bollywood" checked/);
    });

    await t.step("a budget the form cannot read is shown beside it, with the other values kept", async () => {
      const body = new URLSearchParams({ ...form, budgetMin: "30,0000", budgetMax: "1,00,000" });
      body.append("genres", "bollywood");
      const res = await organizer.browser.go("/opportunities/new", body);
      assert.equal(res.status, 422);
      const html = await res.text();
      assert.match(html, /id="budgetMin-error"[^>]*>The commas are in the wrong places/);
      assert.match(html, /id="budgetMin"[^>]*value="30,0000"/);
      assert.match(html, /id="budgetMax"[^>]*value="1,00,000"/);
      assert.match(html, /value="Diwali terrace party"/);
      assert.doesNotMatch(html, /id="budgetMax-error"/, "1,00,000 is read");
    });

    await t.step("a valid post redirects to the gig's page", async () => {
      // Rupees in Indian grouping, as people write them.
      const body = new URLSearchParams({
        ...form,
        budgetMin: "30,000",
        budgetMax: "1,00,000",
        deadline: day(20),
      });
      body.append("genres", "bollywood");
      const res = await organizer.browser.go("/opportunities/new", body);
      assert.equal(res.status, 303);
      const location = res.headers.get("location") ?? "";
      assert.match(location, /^\/opportunities\/[0-9a-f-]{36}\?posted=1$/);
      path = location.split("?")[0];
      assert.match(await organizer.browser.html(location), /Your gig is live/);
    });

    await t.step("an artist cannot open the post form", async () => {
      const res = await artist.browser.go("/opportunities/new");
      assert.equal(res.status, 403);
      assert.match(await res.text(), /Only promoters, organizers and venue managers/);
    });

    await t.step("anyone browses and filters with a GET form; the details page has a title", async () => {
      const anon = new FormBrowser(app);
      const list = await anon.html("/opportunities?city=Mumbai&genre=bollywood&budgetMin=40000");
      assert.match(list, /Bollywood gigs in Mumbai/);
      assert.match(list, /Diwali terrace party/);
      assert.match(list, /₹30,000 – ₹1,00,000/);
      assert.doesNotMatch(await anon.html("/opportunities?genre=jazz"), /Diwali terrace party/);
      const details = await anon.html(path);
      assert.match(details, /<title>Diwali terrace party/);
      assert.match(details, /<meta name="description" content="₹30,000 – ₹1,00,000/);
      assert.match(details, /Log in<\/a> with your artist/);
      assert.doesNotMatch(details, /<script/, "no JavaScript on a public page");
      assert.equal((await anon.go("/opportunities/not-an-id")).status, 404);
    });

    await t.step(
      "applying: a bad fee is shown beside the field with the pitch kept, then it goes",
      async () => {
        const html = await artist.browser.html(path);
        const actId = /name="actId"[^]*?<option\s+value="([0-9a-f-]{36})"/.exec(html)?.[1];
        assert.ok(actId, "the act to apply as");
        const pitch = "Two hours of Diwali favourites, unplugged.";
        const bad = await artist.browser.go(path, { intent: "apply", actId, pitch, proposedFee: "forty" });
        assert.equal(bad.status, 422);
        const badHtml = await bad.text();
        assert.match(badHtml, /id="proposedFee-error"[^>]*>Only digits and commas, like 1,00,000/);
        assert.match(badHtml, new RegExp(pitch));
        const good = await artist.browser.go(path, {
          intent: "apply",
          actId,
          pitch,
          proposedFee: "1,00,000",
        });
        assert.equal(good.status, 303);
        assert.equal(good.headers.get("location"), `${path}?applied=1`);
        const mine = await artist.browser.html(`${path}?applied=1`);
        assert.match(mine, /Application sent/);
        assert.match(mine, /Fee asked: ₹1,00,000/);
        assert.match(mine, />submitted</);
        assert.doesNotMatch(mine, /data-testid="apply-form"/, "the only act has applied");
      },
    );

    await t.step("another act sees the apply form, never the first act's application", async () => {
      const html = await rival.browser.html(path);
      assert.match(html, /data-testid="apply-form"/);
      assert.doesNotMatch(html, /Diwali favourites/);
      assert.doesNotMatch(html, /Kavya Sings/);
    });

    let applicationId = "";
    await t.step("the poster sees the applications and shortlists one", async () => {
      const html = await organizer.browser.html(path);
      assert.match(html, /Applications \(1\)/);
      assert.match(html, /Kavya Sings/);
      assert.match(html, /Diwali favourites/);
      assert.match(html, /Start negotiation/);
      applicationId = /name="applicationId" value="([0-9a-f-]{36})"/.exec(html)?.[1] ?? "";
      const res = await organizer.browser.go(path, { intent: "shortlist", applicationId });
      assert.equal(res.status, 303);
      assert.match(await artist.browser.html(path), />shortlisted</);
      const sneaky = await rival.browser.go(path, { intent: "reject", applicationId });
      assert.equal(sneaky.status, 404, "a stranger is not told the application exists");
    });

    await t.step("the poster edits the gig through its form", async () => {
      const edit = await organizer.browser.html(`${path}/edit`);
      assert.match(edit, /value="Diwali terrace party"/);
      assert.match(edit, /value="1,00,000"/);
      const body = new URLSearchParams({
        ...form,
        title: "Diwali terrace singalong",
        budgetMin: "30000",
        budgetMax: "50000",
        deadline: day(20),
      });
      body.append("genres", "bollywood");
      const res = await organizer.browser.go(`${path}/edit`, body);
      assert.equal(res.status, 303);
      assert.match(await organizer.browser.html(path), /Diwali terrace singalong/);
      assert.equal((await artist.browser.go(`${path}/edit`)).status, 403);
    });

    await t.step("Start negotiation hands over to the booking", async () => {
      const res = await organizer.browser.go(path, { intent: "negotiate", applicationId });
      assert.equal(res.status, 303);
      assert.match(res.headers.get("location") ?? "", /^\/bookings\/[0-9a-f-]{36}$/);
      assert.match(await artist.browser.html(path), />accepted</);
    });
  } finally {
    await app.close();
  }
});
