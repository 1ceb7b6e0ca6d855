/**
 * Passkeys on the pages, as forms without JavaScript: /login is the
 * password form with its identifier ready for passkey autofill and the
 * passkey form hidden until a script shows it; /account lists passkeys with
 * when they were added and used, says that adding one needs JavaScript, and
 * renames and removes them with plain forms, the password asked for when
 * this session did not just sign in, every refusal beside its field.
 */
import assert from "node:assert/strict";
import { openTestApp } from "./support/app.ts";
import { apiCaller, PASSWORD, signUp } from "./support/accounts.ts";
import { SoftwareAuthenticator } from "./support/authenticator.ts";
import { find, parsePage, textsOf } from "./support/dom.ts";
import { FormBrowser } from "./support/form_browser.ts";

Deno.test("passkeys through the pages without JavaScript", async (t) => {
  const app = await openTestApp();
  try {
    const api = apiCaller(app);
    const asha = await signUp(app);
    const browser = new FormBrowser(app, "203.0.113.61");
    const db = app.database.db;

    await t.step(
      "/login: the identifier offers passkeys to autofill; the passkey form waits for a script",
      async () => {
        const doc = parsePage(await new FormBrowser(app).html("/login"));
        assert.equal(find(doc, "#identifier").getAttribute("autocomplete"), "username webauthn");
        const passkeyForm = find(doc, "form:has(input[name=intent][value=passkey])");
        assert.ok(passkeyForm.hasAttribute("hidden"));
        assert.equal(find(passkeyForm, "input[name=next]").getAttribute("value"), "/account");
      },
    );

    await browser.signIn(asha, "/account");
    await t.step("/account: none yet, and adding one needs JavaScript", async () => {
      const doc = parsePage(await browser.html("/account"));
      find(doc, "[data-testid=no-passkeys]");
      find(doc, "[data-testid=passkey-add-needs-js]");
    });

    const key = await SoftwareAuthenticator.create();
    const options = await api(asha, "POST", "/auth/passkeys/registration/options", {});
    const response = await key.register(options.body.data, { origin: app.services.deps.origin });
    const added = await api(asha, "POST", "/auth/passkeys/registration", { name: "Asha's phone", response });
    const id: string = added.body.data.passkey.id;

    await t.step("listed with when it was added; after the island adds one, the page says so", async () => {
      const doc = parsePage(await browser.html("/account?passkey=added"));
      assert.deepEqual(textsOf(doc, "[data-testid=passkey-name]"), ["Asha's phone"]);
      assert.match(find(doc, "[data-testid=passkey]").textContent ?? "", /Added .* not used yet/);
      assert.match(find(doc, "[role=status]").textContent ?? "", /Passkey added/);
    });

    await t.step("renaming: an empty name is refused beside the field, a new one kept", async () => {
      const refused = await browser.go("/account", { intent: "rename-passkey", passkey: id, name: "  " });
      assert.equal(refused.status, 422);
      const doc = parsePage(await refused.text());
      assert.equal(find(doc, `#passkey-name-${id}-error`).textContent, "Give the passkey a name");
      assert.ok(find(doc, "details:has(#passkey-name-" + id + ")").hasAttribute("open"));
      const renamed = await browser.go("/account", {
        intent: "rename-passkey",
        passkey: id,
        name: "Old phone",
      });
      assert.equal(renamed.status, 200);
      const after = parsePage(await renamed.text());
      assert.deepEqual(textsOf(after, "[data-testid=passkey-name]"), ["Old phone"]);
    });

    await t.step(
      "removing, ten minutes after signing in, asks for the password beside the button",
      async () => {
        await db.updateTable("sessions").set({ created_at: new Date(Date.now() - 10 * 60 * 1000) })
          .where("user_id", "=", asha.id).execute();
        let doc = parsePage(await browser.html("/account"));
        find(doc, `#passkey-password-${id}`);
        const refused = await browser.go("/account", { intent: "remove-passkey", passkey: id, password: "" });
        assert.equal(refused.status, 422);
        doc = parsePage(await refused.text());
        assert.match(find(doc, `#passkey-password-${id}-error`).textContent ?? "", /Enter your password/);
        const wrong = await browser.go("/account", {
          intent: "remove-passkey",
          passkey: id,
          password: "Nope-2026a",
        });
        assert.equal(wrong.status, 422);
        await wrong.body?.cancel();
        const removed = await browser.go("/account", {
          intent: "remove-passkey",
          passkey: id,
          password: PASSWORD,
        });
        assert.equal(removed.status, 200);
        doc = parsePage(await removed.text());
        assert.match(find(doc, "[role=status]").textContent ?? "", /Passkey removed/);
        find(doc, "[data-testid=no-passkeys]");
      },
    );

    await t.step("someone else's passkey, or no passkey at all, is not found", async () => {
      const dev = await signUp(app);
      const devOptions = await api(dev, "POST", "/auth/passkeys/registration/options", {});
      const devKey = await (await SoftwareAuthenticator.create()).register(devOptions.body.data, {
        origin: app.services.deps.origin,
      });
      const devAdded = await api(dev, "POST", "/auth/passkeys/registration", {
        name: "Dev's",
        response: devKey,
      });
      for (const passkey of [devAdded.body.data.passkey.id, "not-an-id"]) {
        const res = await browser.go("/account", { intent: "remove-passkey", passkey, password: PASSWORD });
        assert.equal(res.status, 404);
        assert.match(
          find(parsePage(await res.text()), "[data-testid=passkeys] [role=alert]").textContent ?? "",
          /not found/,
        );
      }
      assert.equal((await api(dev, "GET", "/auth/passkeys")).body.data.length, 1);
    });
  } finally {
    await app.close();
  }
});
