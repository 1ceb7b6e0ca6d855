/**
 * A new person's first steps as a browser without JavaScript takes them: the
 * dashboard's next step for each role, the forms that create an act, a band
 * and a venue (errors beside their fields, values kept, wrong roles refused),
 * band invitations sent, answered and withdrawn from the band's members page,
 * the gig page's way to an act, and the welcome e-mail's link.
 */
import assert from "node:assert/strict";
import { openTestApp, type TestApp } from "./support/app.ts";
import { latestMail, type SignedIn, signUp } from "./support/accounts.ts";
import { find, parsePage, textsOf } from "./support/dom.ts";
import { opportunity } from "./support/fixtures.ts";

type Fields = Record<string, string | string[]>;

function pages(app: TestApp) {
  const get = (path: string, who: SignedIn | null) => app.request(path, { headers: who?.headers ?? {} });
  const post = (path: string, who: SignedIn | null, fields: Fields) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
    return app.request(path, {
      method: "POST",
      headers: {
        ...(who?.headers ?? {}),
        "Content-Type": "application/x-www-form-urlencoded",
        Origin: "http://localhost",
      },
      body,
    });
  };
  /** The page as a DOM, after checking its status. */
  const dom = async (res: Response, status = 200) => {
    const html = await res.text();
    assert.equal(res.status, status, html.slice(0, 500));
    assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
    return parsePage(html);
  };
  /** The dashboard's next step as [key, button link], or null when there is none. */
  const nextStep = async (who: SignedIn) => {
    const card = (await dom(await get("/dashboard", who))).querySelector('[data-testid="next-step"]');
    return card && [card.getAttribute("data-step"), find(card, "a").getAttribute("href")];
  };
  return { get, post, dom, nextStep };
}

/** The field's input is marked invalid and the very next element is its error, saying `message`. */
function assertErrorBeside(page: Document, field: string, message: RegExp) {
  const input = find(page, `#${field}`);
  assert.equal(input.getAttribute("aria-invalid"), "true", `${field} is marked invalid`);
  const error = input.nextElementSibling;
  assert.equal(error?.id, `${field}-error`, `${field}'s error sits right after it`);
  assert.match(error?.textContent ?? "", message);
}

const valueOf = (page: Document, field: string) => find(page, `#${field}`).getAttribute("value");

Deno.test("creating an act, a band and a venue from the next step", async (t) => {
  const app = await openTestApp();
  const { get, post, dom, nextStep } = pages(app);
  const db = app.database.db;
  try {
    const artist = await signUp(app, "artist");
    const manager = await signUp(app, "band_manager");
    const owner = await signUp(app, "venue_manager");
    const organizer = await signUp(app, "organizer");
    const act = {
      name: "Meera Qawwali",
      homeCity: "Pune",
      genres: ["sufi", "ghazal"],
      budgetMin: "20,000",
      budgetStandard: "35000",
      budgetPremium: "₹ 60000",
      bio: "Sufi qawwali with harmonium and tabla.",
    };
    const countActs = async (ownerId: string) =>
      (await db.selectFrom("acts").select("id").where("owner_id", "=", ownerId).execute()).length;

    await t.step("each role's dashboard starts with its own next step", async () => {
      assert.deepEqual(await nextStep(artist), ["solo-act", "/artists/new"]);
      assert.deepEqual(await nextStep(manager), ["band", "/bands/new"]);
      assert.deepEqual(await nextStep(owner), ["venue", "/venues/new"]);
      assert.deepEqual(await nextStep(organizer), ["gig", "/opportunities/new"]);
      const card = find(await dom(await get("/dashboard", organizer)), '[data-testid="next-step"]');
      assert.ok(textsOf(card, "a").includes("Browse acts"));
      // The account page, where signing in lands by default, leads there too.
      const account = await dom(await get("/account", artist));
      assert.equal(find(account, '[data-testid="next-step"] a').getAttribute("href"), "/artists/new");
    });

    await t.step("the forms ask signed-out visitors to sign in first", async () => {
      for (const path of ["/artists/new", "/bands/new", "/venues/new"]) {
        const res = await get(path, null);
        assert.equal(res.status, 303);
        assert.equal(res.headers.get("location"), `/login?next=${path}`);
        const posted = await post(path, null, act);
        assert.equal(posted.status, 303);
      }
    });

    await t.step("a role that cannot create the thing gets 403, or the form it can use", async () => {
      const refused = await dom(await get("/artists/new", organizer), 403);
      assert.match(find(refused, "main").textContent ?? "", /Only artists can create a solo act/);
      assert.equal(refused.querySelector('[data-testid="new-act-form"]'), null);
      await dom(await get("/bands/new", owner), 403);
      await dom(await get("/venues/new", artist), 403);
      const toBand = await get("/artists/new", manager);
      assert.equal(toBand.status, 303);
      assert.equal(toBand.headers.get("location"), "/bands/new");
      const toSolo = await get("/bands/new", artist);
      assert.equal(toSolo.headers.get("location"), "/artists/new");
      // The service refuses a post the page would not offer.
      await dom(await post("/artists/new", organizer, act), 403);
      await dom(await post("/venues/new", artist, { name: "Sneaky Club", capacity: "50" }), 403);
      assert.equal(await countActs(organizer.id), 0);
    });

    await t.step("an unreadable fee or an unknown city is shown beside its field, values kept", async () => {
      const page = await dom(
        await post("/artists/new", artist, {
          ...act,
          budgetMin: "a lot",
          budgetStandard: "1,0,0",
          homeCity: "Atlantis",
        }),
        422,
      );
      assertErrorBeside(page, "budgetMin", /Only digits and commas/);
      assertErrorBeside(page, "budgetStandard", /commas are in the wrong places/);
      assertErrorBeside(page, "homeCity", /could not find a city called "Atlantis"/);
      assert.equal(valueOf(page, "name"), "Meera Qawwali");
      assert.equal(valueOf(page, "budgetMin"), "a lot");
      assert.equal(valueOf(page, "budgetPremium"), "₹ 60000");
      assert.match(find(page, "#bio").textContent ?? "", /harmonium and tabla/);
      const checked = [...page.querySelectorAll('input[name="genres"]')]
        .filter((box) => box.hasAttribute("checked")).map((box) => box.getAttribute("value"));
      assert.deepEqual(checked.sort(), ["ghazal", "sufi"]);
      assert.equal(await countActs(artist.id), 0, "nothing was created");
    });

    await t.step("the service's own rules land beside the fields too", async () => {
      const page = await dom(
        await post("/artists/new", artist, { ...act, name: "M", budgetStandard: "100" }),
        422,
      );
      assertErrorBeside(page, "name", /2/);
      assertErrorBeside(page, "budgetStandard", /Must not be below/);
      assert.equal(valueOf(page, "budgetStandard"), "100");
      assert.equal(await countActs(artist.id), 0);
    });

    let actSlug = "";
    await t.step("the artist creates the act and lands on its edit page; the next step is gone", async () => {
      const res = await post("/artists/new", artist, act);
      assert.equal(res.status, 303);
      const location = res.headers.get("location") ?? "";
      actSlug = /^\/artists\/([a-z0-9-]+)\/edit\?done=created$/.exec(location)?.[1] ?? "";
      assert.equal(actSlug, "meera-qawwali");
      const edit = await dom(await get(location, artist));
      assert.match(find(edit, "[role=status]").textContent ?? "", /Your act is created/);
      const profile = await dom(await get(`/artists/${actSlug}`, null));
      assert.equal(find(profile, "h1").textContent?.trim().startsWith("Meera Qawwali"), true);
      assert.match(find(profile, '[data-testid="fee"]').textContent ?? "", /₹20,000/);
      assert.match(find(profile, "main").textContent ?? "", /Pune/);
      const stored = await db.selectFrom("acts").select(["kind", "budget_premium"])
        .where("slug", "=", actSlug).executeTakeFirstOrThrow();
      assert.equal(stored.kind, "solo");
      assert.equal(Number(stored.budget_premium), 6_000_000);
      assert.equal(await nextStep(artist), null);
      const account = await dom(await get("/account", artist));
      assert.equal(account.querySelector('[data-testid="next-step"]'), null);
      assert.ok(textsOf(account, '[data-testid="your-profiles"] a').includes("Meera Qawwali"));
    });

    await t.step("the band manager creates a band, then is asked to invite its members", async () => {
      const res = await post("/bands/new", manager, { ...act, name: "Raga Rock Collective" });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), "/artists/raga-rock-collective/edit?done=created");
      const edit = await dom(await get("/artists/raga-rock-collective/edit", manager));
      assert.ok(textsOf(edit, "a").includes("Band members"));
      assert.equal((await get("/bands/raga-rock-collective", null)).status, 200);
      assert.deepEqual(await nextStep(manager), ["band-members", "/bands/raga-rock-collective/members"]);
    });

    await t.step("the venue manager adds a venue: errors beside the fields, then its edit page", async () => {
      const venue = {
        name: "Blue Frog Pune",
        venueType: "club",
        capacity: "lots",
        city: "Pune",
        address: "Koregaon Park",
        description: "A live-music club.",
      };
      const bad = await dom(await post("/venues/new", owner, venue), 422);
      assertErrorBeside(bad, "capacity", /Only digits and commas, like 1,200/);
      assert.equal(valueOf(bad, "capacity"), "lots");
      assert.equal(valueOf(bad, "address"), "Koregaon Park");
      const badType = await dom(
        await post("/venues/new", owner, { ...venue, capacity: "300", venueType: "moon" }),
        422,
      );
      assert.equal(find(badType, "#venueType").getAttribute("aria-invalid"), "true");
      assert.equal(find(badType, "#venueType").nextElementSibling?.id, "venueType-error");
      const res = await post("/venues/new", owner, { ...venue, capacity: "1,200" });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), "/venues/blue-frog-pune/edit?done=created");
      const edit = await dom(await get("/venues/blue-frog-pune/edit?done=created", owner));
      assert.match(find(edit, "[role=status]").textContent ?? "", /Your venue is listed/);
      const profile = await dom(await get("/venues/blue-frog-pune", null));
      assert.match(find(profile, "main").textContent ?? "", /Blue Frog Pune/);
      const stored = await db.selectFrom("venues").select("capacity").where("slug", "=", "blue-frog-pune")
        .executeTakeFirstOrThrow();
      assert.equal(stored.capacity, 1200, "1,200 is read as twelve hundred");
      assert.equal(await nextStep(owner), null);
    });

    await t.step("the organizer's next step goes once they have posted a gig", async () => {
      await opportunity(db, organizer.id);
      assert.equal(await nextStep(organizer), null);
    });
  } finally {
    await app.close();
  }
});

Deno.test("band members are invited, answer and are removed from the band's members page", async (t) => {
  const app = await openTestApp();
  const { get, post, dom, nextStep } = pages(app);
  const db = app.database.db;
  try {
    const manager = await signUp(app, "band_manager");
    const tabla = await signUp(app, "artist");
    const singer = await signUp(app, "artist");
    const stranger = await signUp(app, "artist");
    const created = await post("/bands/new", manager, {
      name: "Indus Express",
      budgetMin: "50000",
      budgetStandard: "80000",
      budgetPremium: "120000",
    });
    assert.equal(created.status, 303);
    const members = "/bands/indus-express/members";
    const statusOf = async (userId: string) =>
      (await db.selectFrom("band_members").select("status").where("user_id", "=", userId)
        .executeTakeFirst())?.status;

    await t.step("signed-out visitors sign in first; a stranger sees the line-up, no forms", async () => {
      const res = await get(members, null);
      assert.equal(res.headers.get("location"), `/login?next=${members}`);
      const page = await dom(await get(members, stranger));
      assert.equal(page.querySelector('[data-testid="invite-form"]'), null);
      assert.equal(page.querySelector('button[value="remove"]'), null);
    });

    await t.step(
      "an address without an account is an error beside the e-mail field, values kept",
      async () => {
        const page = await dom(
          await post(members, manager, {
            intent: "invite",
            email: "nobody@example.in",
            role: "Sitar",
            feeShare: "20",
          }),
          404,
        );
        assertErrorBeside(page, "email", /No registered user/);
        assert.equal(valueOf(page, "email"), "nobody@example.in");
        assert.equal(valueOf(page, "role"), "Sitar");
        assert.equal(valueOf(page, "feeShare"), "20");
        const share = await dom(
          await post(members, manager, {
            intent: "invite",
            email: tabla.email,
            role: "Tabla",
            feeShare: "150",
          }),
          422,
        );
        assertErrorBeside(share, "feeShare", /A percentage from 0 to 100/);
        assert.equal(valueOf(share, "email"), tabla.email);
        assert.equal(await statusOf(tabla.id), undefined);
      },
    );

    await t.step("only the manager invites", async () => {
      const refused = await dom(await post(members, stranger, { intent: "invite", email: tabla.email }), 403);
      assert.match(find(refused, "[role=alert]").textContent ?? "", /Only the owner or an admin/);
      assert.equal(await statusOf(tabla.id), undefined);
    });

    await t.step("the manager invites two accounts; the next step is done", async () => {
      const res = await post(members, manager, {
        intent: "invite",
        email: tabla.email.toUpperCase(),
        role: "Tabla",
        feeShare: "25",
      });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), `${members}?done=invited`);
      assert.equal((await post(members, manager, { intent: "invite", email: singer.email })).status, 303);
      const page = await dom(await get(`${members}?done=invited`, manager));
      assert.match(find(page, "[role=status]").textContent ?? "", /Invitation sent/);
      const list = textsOf(page, '[data-testid="member-list"] li');
      assert.ok(list.some((line) => /Tabla · Invited · 25% of the fee/.test(line)), list.join("\n"));
      const again = await dom(await post(members, manager, { intent: "invite", email: tabla.email }), 409);
      assertErrorBeside(again, "email", /already invited/);
      assert.equal(await nextStep(manager), null);
    });

    await t.step("the invitee sees the invitation on the dashboard and accepts it with a form", async () => {
      const dashboard = await dom(await get("/dashboard", tabla));
      const card = find(dashboard, '[data-testid="band-invitations"]');
      assert.match(card.textContent ?? "", /Indus Express invited you to join as Tabla/);
      assert.equal(find(card, "form").getAttribute("action"), members);
      assert.equal(find(card, "form").getAttribute("method"), "post");
      // The page answers only the signed-in person's own invitation: the manager has none.
      await dom(await post(members, manager, { intent: "accept" }), 404);
      const res = await post(members, tabla, { intent: "accept" });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), `${members}?done=joined`);
      assert.equal(await statusOf(tabla.id), "accepted");
      const after = await dom(await get("/dashboard", tabla));
      assert.equal(after.querySelector('[data-testid="band-invitations"]'), null);
      const profile = await dom(await get("/bands/indus-express", null));
      assert.ok(textsOf(profile, '[data-testid="members"] li').some((m) => m.includes("Tabla")));
    });

    await t.step("the other invitee declines; answering twice is a conflict", async () => {
      const res = await post(members, singer, { intent: "decline" });
      assert.equal(res.headers.get("location"), `${members}?done=declined`);
      assert.equal(await statusOf(singer.id), "declined");
      const twice = await dom(await post(members, singer, { intent: "accept" }), 409);
      assert.match(find(twice, "[role=alert]").textContent ?? "", /already declined/);
      const dashboard = await dom(await get("/dashboard", singer));
      assert.equal(dashboard.querySelector('[data-testid="band-invitations"]'), null);
    });

    await t.step("a member cannot remove another; the manager removes with a form", async () => {
      await dom(await post(members, tabla, { intent: "remove", userId: manager.id }), 403);
      await dom(await post(members, manager, { intent: "remove", userId: "not-an-id" }), 404);
      const memberPage = await dom(await get(members, tabla));
      assert.ok(textsOf(memberPage, 'button[value="remove"]').includes("Leave the band"));
      const res = await post(members, manager, { intent: "remove", userId: tabla.id });
      assert.equal(res.headers.get("location"), `${members}?done=removed`);
      assert.equal(await statusOf(tabla.id), undefined);
      const profile = await dom(await get("/bands/indus-express", null));
      assert.equal(profile.querySelector('[data-testid="members"]'), null);
    });
  } finally {
    await app.close();
  }
});

Deno.test("the gig page and the welcome e-mail lead to the right first step", async (t) => {
  const app = await openTestApp();
  const { get, dom } = pages(app);
  try {
    const artist = await signUp(app, "artist");
    const manager = await signUp(app, "band_manager");
    const organizer = await signUp(app, "organizer");
    const poster = await signUp(app, "organizer");
    const gig = await opportunity(app.database.db, poster.id);

    await t.step("without an act, the gig page links to creating one, for those who can", async () => {
      const link = async (who: SignedIn) =>
        find(await dom(await get(`/opportunities/${gig.id}`, who)), '[data-testid="no-act"]')
          .querySelector("a")?.getAttribute("href") ?? null;
      assert.equal(await link(artist), "/artists/new");
      assert.equal(await link(manager), "/bands/new");
      assert.equal(await link(organizer), null);
    });

    await t.step("the welcome e-mail's button is the first step", async () => {
      const mail = await latestMail(app, artist.email);
      assert.match(mail.subject, /Welcome/);
      assert.match(mail.text, /Your next step: create your solo act\./);
      assert.match(mail.text, /Create your act:\nhttp:\/\/localhost(:\d+)?\/artists\/new\n/);
      const organizerMail = await latestMail(app, organizer.email);
      assert.match(organizerMail.text, /Post a gig:\n\S+\/opportunities\/new\n/);
      assert.match(organizerMail.text, /Browse acts:\n\S+\/artists\n/);
    });
  } finally {
    await app.close();
  }
});
