/**
 * Starting a conversation from the pages, without JavaScript: the organizer
 * messages an applicant from the gig's list of applications and the applicant
 * from their own application; both land in the same conversation. A stranger
 * posting the application's id gets 404, and a post naming nothing is a 422.
 */
import assert from "node:assert/strict";
import { openTestApp } from "./support/app.ts";
import { signUp } from "./support/accounts.ts";
import { act, opportunity } from "./support/fixtures.ts";
import { FormBrowser } from "./support/form_browser.ts";

Deno.test("an application's people open its conversation from the pages", async () => {
  const app = await openTestApp();
  try {
    const db = app.database.db;
    const [organizerAccount, artistAccount, strangerAccount] = [
      await signUp(app, "organizer"),
      await signUp(app, "artist"),
      await signUp(app, "promoter"),
    ];
    const theAct = await act(db, artistAccount.id);
    const gig = await opportunity(db, organizerAccount.id, { title: "Friday qawwali night" });
    const { id: applicationId } = await db.insertInto("applications").values({
      opportunity_id: gig.id,
      act_id: theAct.id,
      applicant_id: artistAccount.id,
      pitch: "Qawwali for your Friday night",
      proposed_fee: 4_000_000,
      currency: "INR",
    }).returning("id").executeTakeFirstOrThrow();

    const browsers = await Promise.all(
      [organizerAccount, artistAccount, strangerAccount].map(async (who, i) => {
        const b = new FormBrowser(app, `203.0.113.${91 + i}`);
        await b.signIn(who);
        return b;
      }),
    );
    const [organizer, artist, stranger] = browsers;
    assert.match(await organizer.html(`/opportunities/${gig.id}`), /data-testid="message-button"/);

    const opened = await Promise.all([organizer, artist].map(async (b) => {
      const res = await b.go("/messages", { applicationId });
      assert.equal(res.status, 303, await res.clone().text());
      await res.body?.cancel();
      return res.headers.get("location")!;
    }));
    assert.match(opened[0], /^\/messages\/[0-9a-f-]{36}$/);
    assert.equal(opened[1], opened[0]);
    // The conversation is named for the gig, on its own page.
    assert.match(await artist.html(opened[0]), /<h1[^>]*>[^<]*Friday qawwali night/);

    const refused = await stranger.go("/messages", { applicationId });
    assert.equal(refused.status, 404);
    await refused.body?.cancel();
    const empty = await organizer.go("/messages", {});
    assert.equal(empty.status, 422);
    await empty.body?.cancel();
  } finally {
    await app.close();
  }
});
