/**
 * The account pages as a browser without JavaScript uses them: plain form
 * posts, redirects and cookies, through the whole composed app.
 */
import assert from "node:assert/strict";
import { openTestApp } from "./support/app.ts";
import { FormBrowser } from "./support/form_browser.ts";
import { codeIn, latestMail, PASSWORD, tokenIn } from "./support/accounts.ts";
import { find, parsePage, textsOf } from "./support/dom.ts";

Deno.test("account pages without JavaScript", async (t) => {
  const app = await openTestApp();
  const browser = new FormBrowser(app, "203.0.113.50");
  const email = "kabir@example.in";
  try {
    await t.step("a visitor finds Sign up beside Log in", async () => {
      const doc = parsePage(await (await browser.go("/")).text());
      const nav = textsOf(doc, 'nav[aria-label="Main"] li a');
      assert.deepEqual(nav.slice(-2), ["Log in", "Sign up"]);
      assert.equal(find(doc, 'nav[aria-label="Main"] li:last-child a').getAttribute("href"), "/register");
    });

    await t.step("the register page names the wrong fields and keeps what was typed", async () => {
      const res = await browser.go("/register", {
        displayName: "Kabir",
        email: "kabir@",
        password: "weak",
        role: "venue_manager",
        phone: "98765 4321",
      });
      assert.equal(res.status, 422);
      assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
      const html = await res.text();
      const doc = parsePage(html);
      assert.equal(
        find(doc, '[role="alert"]').textContent,
        "Please check the e-mail address, the password and the phone number.",
      );
      assert.equal(find(doc, "#email-error").textContent, "Enter a valid e-mail address");
      assert.ok(find(doc, "#password-error").textContent, "the weak password is named at the same time");
      assert.equal(
        find(doc, "#phone-error").textContent,
        "An Indian number has 10 digits after +91; this has 9",
      );
      assert.equal(find(doc, "#displayName").getAttribute("value"), "Kabir");
      assert.equal(find(doc, "#email").getAttribute("value"), "kabir@");
      assert.equal(find(doc, "#phone").getAttribute("value"), "98765 4321");
      assert.equal(find(doc, "#role option[selected]").getAttribute("value"), "venue_manager");
      assert.doesNotMatch(html, /value="weak"/, "a password is never echoed back");
      assert.match(html, /<!--frsh:island:PasswordField:0-->/);
      // Without JavaScript the Show button would do nothing, so the server does not render it.
      assert.deepEqual(textsOf(doc, "form button"), ["Create account"]);
    });

    await t.step("registering leads to the verify page; the e-mailed code verifies", async () => {
      const res = await browser.go("/register", {
        displayName: "Kabir",
        email,
        password: PASSWORD,
        role: "band_manager",
        phone: "",
      });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), `/verify?email=${encodeURIComponent(email)}&sent=1`);
      const page = await (await browser.go(res.headers.get("location")!)).text();
      assert.match(page, /6-digit code/);
      const code = codeIn((await latestMail(app, email)).text);
      const verified = await browser.go("/verify", { email, code });
      assert.equal(verified.status, 303);
      assert.equal(verified.headers.get("location"), "/login?notice=verified");
    });

    await t.step("a phone number is stored in E.164, India's +91 unless another is given", async () => {
      for (
        const [phone, e164] of [["098765 43210", "+919876543210"], ["+44 20 7946 0958", "+442079460958"]]
      ) {
        const address = `phone${e164.slice(1)}@example.in`;
        const res = await browser.go("/register", {
          displayName: "Phone Person",
          email: address,
          password: PASSWORD,
          role: "artist",
          phone,
        });
        assert.equal(res.status, 303, phone);
        const user = await app.database.db.selectFrom("users").select("phone").where("email", "=", address)
          .executeTakeFirstOrThrow();
        assert.equal(user.phone, e164);
      }
    });

    await t.step("registering a taken address leads to the same page; its owner is e-mailed", async () => {
      const res = await browser.go("/register", {
        displayName: "Not Kabir",
        email: "KABIR@example.in",
        password: "Other-Pass-2027",
        role: "artist",
        phone: "",
      });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), `/verify?email=${encodeURIComponent(email)}&sent=1`);
      const mail = await latestMail(app, email);
      assert.match(mail.subject, /Someone tried to create an Artist Space account with your address/);
      assert.match(mail.text, /^Hi Kabir,/);
    });

    await t.step(
      "the link from the e-mail asks for a click before it verifies (mail scanners follow links)",
      async () => {
        const other = "link@example.in";
        await browser.go("/register", {
          displayName: "Linky",
          email: other,
          password: PASSWORD,
          role: "artist",
        });
        const token = tokenIn((await latestMail(app, other)).text, "/verify");
        const landing = await browser.go(`/verify?token=${token}`);
        assert.match(await landing.text(), /Confirm my address/);
        const user = await app.database.db.selectFrom("users").select("status").where("email", "=", other)
          .executeTakeFirstOrThrow();
        assert.equal(user.status, "pending_verification");
        const confirmed = await browser.go("/verify", { token });
        assert.equal(confirmed.status, 303);
      },
    );

    await t.step("a wrong password re-renders the login form with one message", async () => {
      const res = await browser.go("/login", {
        identifier: email,
        password: "Nope-Nope-1",
        next: "/account",
      });
      assert.equal(res.status, 401);
      assert.match(await res.text(), /Wrong e-mail, username or password/);
      assert.equal(browser.cookies.size, 0);
    });

    await t.step(
      "logging in sets HttpOnly SameSite=Lax cookies and goes to a same-site next page only",
      async () => {
        const evil = await browser.go("/login", {
          identifier: email,
          password: PASSWORD,
          next: "//evil.example/x",
        });
        assert.equal(evil.status, 303);
        assert.equal(evil.headers.get("location"), "/account");
        const cookies = evil.headers.getSetCookie();
        assert.equal(cookies.length, 2);
        for (const c of cookies) {
          assert.match(c, /^__Host-as_\w+=[^;]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax; Secure$/);
        }
        const account = await browser.go("/account");
        assert.equal(account.status, 200);
        const html = await account.text();
        assert.match(html, /kabir@example.in · band manager/);
        assert.match(html, /Chrome on Linux/);
        assert.match(html, /This device/);
      },
    );

    await t.step("an expired access cookie is renewed from the refresh cookie, invisibly", async () => {
      const before = browser.cookies.get("__Host-as_refresh");
      browser.cookies.delete("__Host-as_access");
      const res = await browser.go("/account");
      assert.equal(res.status, 200);
      await res.body?.cancel();
      assert.ok(browser.cookies.get("__Host-as_access"), "a new access cookie");
      assert.notEqual(browser.cookies.get("__Host-as_refresh"), before, "the refresh cookie rotated");
    });

    await t.step("two tabs renewing with the same refresh cookie at once both stay signed in", async () => {
      browser.cookies.delete("__Host-as_access");
      const twin = new FormBrowser(app, "203.0.113.50");
      twin.cookies = new Map(browser.cookies);
      const [a, b] = await Promise.all([browser.go("/account"), twin.go("/account")]);
      assert.deepEqual([a.status, b.status], [200, 200]);
      await a.body?.cancel();
      await b.body?.cancel();
      const again = await browser.go("/account");
      assert.equal(again.status, 200, "the session survived the race");
      await again.body?.cancel();
    });

    await t.step("signing out of other sessions from the account page ends them", async () => {
      const phone = new FormBrowser(app, "203.0.113.51");
      await phone.go("/login", { identifier: email, password: PASSWORD, next: "/account" });
      assert.equal((await phone.go("/account")).status, 200);
      const res = await browser.go("/account", { intent: "end-others" });
      assert.match(await res.text(), /Signed out of 1 other session/);
      phone.cookies.delete("__Host-as_access");
      const kicked = await phone.go("/account");
      assert.equal(kicked.status, 303);
      assert.equal(kicked.headers.get("location"), "/login?next=/account");
      assert.equal(phone.cookies.size, 0, "dead cookies are cleared");
    });

    await t.step("logging out clears the cookies; the account page then asks to log in", async () => {
      const res = await browser.go("/logout", {});
      assert.equal(res.status, 303);
      assert.equal(browser.cookies.size, 0);
      const account = await browser.go("/account");
      assert.equal(account.status, 303);
    });

    await t.step("logout is POST only, so a link cannot sign anyone out", async () => {
      const res = await browser.go("/logout");
      assert.equal(res.status, 405);
    });

    await t.step("the reset-password page sets a new password from the e-mailed link", async () => {
      await browser.go("/forgot-password", { email });
      const token = tokenIn((await latestMail(app, email)).text, "/reset-password");
      const form = await (await browser.go(`/reset-password?token=${token}`)).text();
      assert.match(form, /name="token" value="[A-Za-z0-9_-]+"/);
      const done = await browser.go("/reset-password", { token, password: "Ghazal-Evening-2026" });
      assert.equal(done.status, 303);
      assert.equal(done.headers.get("location"), "/login?notice=reset");
      const login = await browser.go("/login", {
        identifier: email,
        password: "Ghazal-Evening-2026",
        next: "/",
      });
      assert.equal(login.status, 303);
    });
  } finally {
    await app.close();
  }
});
