/**
 * Push notifications on /account, as a browser without JavaScript sees them:
 * the toggle's island (which says it needs JavaScript until it runs), the
 * devices notifications are on with a form to turn each off, and the types
 * as a plain form that saves; another person's device is not found; and a
 * server without VAPID keys says push is not set up.
 */
import assert from "node:assert/strict";
import { openTestApp } from "./support/app.ts";
import { signUp } from "./support/accounts.ts";
import { find, parsePage } from "./support/dom.ts";
import { FormBrowser } from "./support/form_browser.ts";
import { startPushService } from "./support/push_service.ts";

Deno.test("push notifications on the account page, without JavaScript", async () => {
  const pushService = startPushService();
  const app = await openTestApp();
  try {
    const db = app.database.db;
    const asha = await signUp(app, "artist");
    const dev = await signUp(app, "organizer");
    const browser = new FormBrowser(
      app,
      "203.0.113.61",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0) Safari/604.1",
    );
    await browser.signIn(asha);

    let doc = parsePage(await browser.html("/account"));
    const section = find(doc, "[data-testid=push-settings]");
    assert.match(find(section, "[data-testid=push-toggle]").textContent ?? "", /needs JavaScript/);
    assert.equal(section.querySelector("[data-testid=push-devices]"), null);
    const boxes = [...section.querySelectorAll("input[type=checkbox]")] as Element[];
    assert.equal(boxes.length, 6);
    assert.ok(boxes.every((b) => b.hasAttribute("checked")), "every type is on until turned off");

    // Asha turns notifications on for two browsers (as the toggle would), and Dev for one.
    const publicKey = app.services.deps.push!.publicKey;
    const subscribe = async (who: typeof asha, userAgent: string) => {
      const res = await app.request("/api/v1/push/subscriptions", {
        method: "POST",
        headers: { ...who.headers, "Content-Type": "application/json", "User-Agent": userAgent },
        body: JSON.stringify(await pushService.subscribe(publicKey)),
      });
      assert.equal(res.status, 201);
      return (await res.json()).data.device.id as string;
    };
    await subscribe(asha, "Mozilla/5.0 (Linux; Android 14) Chrome/140.0 Mobile Safari/537.36");
    const laptop = await subscribe(asha, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/140.0");
    const devsPhone = await subscribe(
      dev,
      "Mozilla/5.0 (Linux; Android 14) Chrome/140.0 Mobile Safari/537.36",
    );

    doc = parsePage(await browser.html("/account"));
    const listed = find(doc, "[data-testid=push-devices]").textContent ?? "";
    assert.match(listed, /Chrome on Android/);
    assert.match(listed, /Firefox on Windows/);

    const prefs = { intent: "push-preferences", push_offers: "on", push_requests: "on", push_calls: "on" };
    let res = await browser.go("/account", prefs);
    assert.equal(res.status, 200);
    doc = parsePage(await res.text());
    assert.match(doc.body.textContent ?? "", /notification choices are saved/);
    const checked = [...doc.querySelectorAll("[data-testid=push-preferences] input[checked]")]
      .map((b) => (b as Element).getAttribute("name"));
    assert.deepEqual(checked, ["push_offers", "push_requests", "push_calls"]);
    const { muted } = await db.selectFrom("push_preferences").select("muted").where("user_id", "=", asha.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(muted, ["accepted", "waiting", "messages"]);

    res = await browser.go("/account", { intent: "push-remove", device: laptop });
    assert.equal(res.status, 200);
    doc = parsePage(await res.text());
    assert.doesNotMatch(find(doc, "[data-testid=push-devices]").textContent ?? "", /Firefox on Windows/);

    // Dev's phone is not Asha's to turn off: not found, said in the section, and it stays.
    for (const device of [devsPhone, "not-an-id"]) {
      res = await browser.go("/account", { intent: "push-remove", device });
      assert.equal(res.status, 404);
      doc = parsePage(await res.text());
      assert.match(find(doc, "[data-testid=push-settings] [role=alert]").textContent ?? "", /not found/);
    }
    const left = await db.selectFrom("push_subscriptions").select("id").where("id", "=", devsPhone).execute();
    assert.equal(left.length, 1);

    // A server without VAPID keys (production without them) has push off, and the page says so.
    app.services.deps.push = null;
    doc = parsePage(await browser.html("/account"));
    assert.match(find(doc, "[data-testid=push-off]").textContent ?? "", /not set up on this server/);
    assert.equal(doc.querySelector("[data-testid=push-toggle]"), null);
    const refused = await app.request("/api/v1/push/subscriptions", {
      method: "POST",
      headers: { ...asha.headers, "Content-Type": "application/json" },
      body: JSON.stringify(await pushService.subscribe(publicKey)),
    });
    assert.equal(refused.status, 503);
    assert.match((await refused.json()).error.message, /not set up on this server/);
  } finally {
    await app.close();
    await pushService.close();
  }
});
