/**
 * The admins' page of a booking's disclosed messages: a genuine disclosure
 * reads as verified and an edited one as not, with why; a party or staff
 * member who may not see it is refused, and nobody signed out gets in.
 */
import assert from "node:assert/strict";
import type { Actor } from "../domain/access.ts";
import type { RoleName } from "../domain/roles.ts";
import { openConversation } from "../services/messages/conversations.ts";
import { discloseMessages } from "../services/messages/disclosures.ts";
import { openTestApp } from "./support/app.ts";
import { type SignedIn, signUp } from "./support/accounts.ts";
import { find, parsePage } from "./support/dom.ts";
import { act, booking } from "./support/fixtures.ts";
import { FormBrowser } from "./support/form_browser.ts";
import { meta, readWith, send, withKeys } from "./support/messages.ts";

const asActor = (who: SignedIn, role: RoleName): Actor => ({
  userId: who.id,
  roles: [role],
  sessionId: crypto.randomUUID(),
});

Deno.test("admins see each disclosed message with whether it verifies", async () => {
  const app = await openTestApp();
  try {
    const deps = app.services.messages;
    const [organizerAccount, artistAccount, adminAccount] = [
      await signUp(app, "organizer"),
      await signUp(app, "artist"),
      await signUp(app, "admin"),
    ];
    const organizer = asActor(organizerAccount, "organizer");
    const artist = asActor(artistAccount, "artist");
    const theAct = await act(app.database.db, artist.userId);
    const row = await booking(app.database.db, theAct.id, organizer.userId, {
      status: "disputed",
      title: "Monsoon gig",
    });
    const { conversation } = await openConversation(app.database.db, organizer, { bookingId: row.id });
    const o = await withKeys(deps, organizer);
    const a = await withKeys(deps, artist);
    const promised = await send(deps, a, conversation.id, "We will play until 11 pm <b>sharp</b>");
    const opened = readWith(o.devices[0], promised);
    await discloseMessages(deps, organizer, conversation.id, {
      messages: [{ messageId: promised.id, content: opened.contentText, frankingKey: opened.frankingKey }],
    }, meta);
    await discloseMessages(deps, artist, conversation.id, {
      messages: [{
        messageId: promised.id,
        content: opened.contentText.replace("11 pm", "10 pm"),
        frankingKey: opened.frankingKey,
      }],
    }, meta);

    const path = `/bookings/${row.id}/disclosures`;
    const admin = new FormBrowser(app, "203.0.113.81");
    await admin.signIn(adminAccount);
    const doc = parsePage(await admin.html(path));
    const items = [...find(doc, "[data-testid=disclosures]").querySelectorAll("li")].map((li) =>
      (li.textContent ?? "").replace(/\s+/g, " ")
    );
    assert.equal(items.length, 2);
    assert.match(items[0], /We will play until 11 pm <b>sharp<\/b>.*Verified/);
    assert.match(
      items[1],
      /until 10 pm.*Not verified: The content does not match what the sender committed to/,
    );

    const party = new FormBrowser(app, "203.0.113.82");
    await party.signIn(organizerAccount);
    const refused = await party.go(path);
    assert.equal(refused.status, 403);
    await refused.body?.cancel();
    const anonymous = await app.request(path, { redirect: "manual" });
    assert.equal(anonymous.status, 303);
    await anonymous.body?.cancel();
  } finally {
    await app.close();
  }
});
