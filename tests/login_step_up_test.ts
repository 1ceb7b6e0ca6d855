/**
 * Step-up of sign-in through the whole app: after 10 failures for one
 * identifier from any number of addresses, the password is only checked with
 * a code e-mailed to the account. Guessing stops; the owner still gets in;
 * an identifier without an account is answered exactly the same.
 */
import assert from "node:assert/strict";
import { openTestApp, type TestApp } from "./support/app.ts";
import { latestMail, loginCodeIn, PASSWORD, postJson, signUp } from "./support/accounts.ts";
import { FormBrowser } from "./support/form_browser.ts";
import { LOGIN_CODE_MAIL, reset } from "../services/rate_limit.ts";

/** A sign-in's answer without its timestamp: what a client could compare. */
async function answer(app: TestApp, ip: string, body: Record<string, string>) {
  const res = await postJson(app, "/api/v1/auth/login", body, {}, ip);
  const { timestamp: _, ...rest } = await res.json();
  return { status: res.status, ...rest };
}

/** Distinct addresses per purpose, so the per-address limits (5 per 15 minutes) never interfere. */
const address = (block: number, n: number) => `198.18.${block}.${n}`;

function mailsTo(app: TestApp, to: string) {
  return app.services.mailbox!.list().filter((m) => m.to === to);
}

async function auditOf(app: TestApp, action: string, userId: string | null) {
  return await app.database.db.selectFrom("audit_logs").select(["diff"])
    .where("action", "=", action)
    .where("entity_id", userId === null ? "is" : "=", userId)
    .orderBy("at").execute();
}

Deno.test("login step-up after repeated failures, through the API", async (t) => {
  const app = await openTestApp();
  try {
    const owner = await signUp(app, "artist");
    const ghost = "nobody.here@example.in";
    await app.services.dispatcher.runOnce();
    const mailsBefore = mailsTo(app, owner.email).length;

    await t.step(
      "20 wrong passwords from 4 addresses: 10 are checked, then a code is required, alike for an unknown identifier",
      async () => {
        for (let i = 0; i < 20; i++) {
          const password = `Guess-${i}-Aa`;
          const real = await answer(app, address(1, i % 4), { identifier: owner.email, password });
          const unknown = await answer(app, address(2, i % 4), { identifier: ghost, password });
          assert.deepEqual(real, unknown, `attempt ${i + 1}`);
          if (i < 10) {
            assert.equal(real.status, 401);
            assert.equal(real.error.code, "UNAUTHORIZED", `attempt ${i + 1}`);
          } else {
            assert.equal(real.status, 401);
            assert.equal(real.error.code, "LOGIN_CODE_REQUIRED", `attempt ${i + 1}`);
            assert.deepEqual(real.error.details.map((d: { field: string }) => d.field), ["code"]);
          }
        }
        assert.equal((await auditOf(app, "auth.login_failed", owner.id)).length, 10, "10 passwords checked");
        const stepUps = await auditOf(app, "auth.login_step_up", owner.id);
        assert.equal(stepUps.length, 10);
        assert.deepEqual(stepUps[0].diff, { codeGiven: false, codeSent: true });
        assert.deepEqual(stepUps[1].diff, { codeGiven: false, codeSent: false }, "one e-mail a minute");
      },
    );

    await t.step(
      "one code e-mail reaches the owner; nothing is sent for the unknown identifier",
      async () => {
        const mail = await latestMail(app, owner.email);
        assert.equal(mail.subject, "Your Artist Space sign-in code");
        assert.match(mail.text, /It works once, for 10 minutes/);
        assert.match(mail.text, /choose a new password:\nhttp:\/\/localhost:\d+\/forgot-password\n/);
        assert.equal(mailsTo(app, owner.email).length, mailsBefore + 1);
        assert.equal(mailsTo(app, ghost).length, 0);
      },
    );

    await t.step("the right password without a code is refused: it is not even checked", async () => {
      for (const identifier of [owner.email, ghost]) {
        const res = await answer(app, address(3, 1), { identifier, password: PASSWORD });
        assert.equal(res.status, 401);
        assert.equal(res.error.code, "LOGIN_CODE_REQUIRED");
        assert.match(res.error.message, /enter the 6-digit code we e-mailed/);
      }
      assert.equal((await auditOf(app, "auth.login_failed", owner.id)).length, 10);
    });

    const code = loginCodeIn((await latestMail(app, owner.email)).text);

    await t.step("wrong codes, from anywhere, are refused without burning the owner's code", async () => {
      for (let i = 0; i < 10; i++) {
        const wrong = String((Number(code) + 1 + i) % 1_000_000).padStart(6, "0");
        const res = await answer(app, address(4, i % 2), {
          identifier: owner.email,
          password: PASSWORD,
          code: wrong,
        });
        assert.equal(res.error.code, "LOGIN_CODE_REQUIRED");
        assert.match(res.error.details[0].message, /wrong, used or expired/);
      }
      const unknown = await answer(app, address(4, 9), { identifier: ghost, password: PASSWORD, code });
      assert.equal(unknown.error.code, "LOGIN_CODE_REQUIRED", "no code works for an unknown identifier");
    });

    await t.step("a code buys one password check: spent even when the password is wrong", async () => {
      const ip = address(5, 1);
      const wrongPassword = await answer(app, ip, { identifier: owner.email, password: "Guess-x-Aa", code });
      assert.equal(wrongPassword.error.code, "UNAUTHORIZED");
      const again = await answer(app, ip, { identifier: owner.email, password: PASSWORD, code });
      assert.equal(again.error.code, "LOGIN_CODE_REQUIRED");
    });

    await t.step(
      "a minute later a refusal mails a new code, and the owner signs in from a new address",
      async () => {
        await reset(app.database.db, LOGIN_CODE_MAIL, owner.email);
        const refused = await answer(app, address(5, 2), { identifier: owner.email, password: PASSWORD });
        assert.equal(refused.error.code, "LOGIN_CODE_REQUIRED");
        const fresh = loginCodeIn((await latestMail(app, owner.email)).text);
        assert.notEqual(fresh, code);
        const res = await answer(app, address(6, 1), {
          identifier: owner.email,
          password: PASSWORD,
          code: fresh,
        });
        assert.equal(res.status, 200, JSON.stringify(res));
        assert.equal(res.data.user.id, owner.id);
        const logins = await app.database.db.selectFrom("audit_logs").select("diff")
          .where("action", "=", "auth.login").where("actor_id", "=", owner.id)
          .orderBy("at", "desc").executeTakeFirstOrThrow();
        assert.deepEqual(logins.diff, { kind: "api", stepUp: true });
      },
    );

    await t.step("signing in cleared step-up: the password alone works again", async () => {
      const res = await answer(app, address(6, 2), { identifier: owner.email, password: PASSWORD });
      assert.equal(res.status, 200);
    });

    await t.step("the unknown identifier is still stepped up and still gets no e-mail", async () => {
      await app.services.dispatcher.runOnce();
      assert.equal(mailsTo(app, ghost).length, 0);
      const stepUps = await auditOf(app, "auth.login_step_up", null);
      assert.ok(stepUps.length >= 12);
      assert.ok(stepUps.every((r) => (r.diff as { codeSent: boolean }).codeSent === false));
    });
  } finally {
    await app.close();
  }
});

Deno.test("the login page asks for the e-mailed code in step-up, without JavaScript", async (t) => {
  const app = await openTestApp();
  try {
    const owner = await signUp(app, "organizer");
    for (let i = 0; i < 10; i++) {
      await postJson(
        app,
        "/api/v1/auth/login",
        { identifier: owner.email, password: `Guess-${i}-Aa` },
        {},
        address(7, i % 2),
      );
    }
    const browser = new FormBrowser(app, address(8, 1));

    await t.step("the password alone is refused with a code field and what it is for", async () => {
      const res = await browser.go("/login", {
        identifier: owner.email,
        password: PASSWORD,
        next: "/account",
      });
      assert.equal(res.status, 401);
      const html = await res.text();
      assert.match(html, /Too many failed sign-ins for this account/);
      assert.match(html, /this account also needs a one-time code/);
      assert.match(html, /<input id="code" name="code" type="text"[^>]*autocomplete="one-time-code"/);
      assert.match(html, /Enter the 6-digit code from the e-mail/);
      assert.match(html, /value="[^"]*@example.in"/, "the identifier is kept");
      assert.equal(browser.cookies.size, 0);
    });

    await t.step("the code field stays after a mistake; code and password sign in", async () => {
      const code = loginCodeIn((await latestMail(app, owner.email)).text);
      const typo = await browser.go("/login", {
        identifier: owner.email,
        password: PASSWORD,
        code: "12a",
        next: "/",
      });
      assert.equal(typo.status, 422);
      assert.match(
        await typo.text(),
        /The code has 6 digits[\s\S]*name="code"|name="code"[\s\S]*The code has 6 digits/,
      );
      const res = await browser.go("/login", {
        identifier: owner.email,
        password: PASSWORD,
        code,
        next: "/account",
      });
      assert.equal(res.status, 303, await res.clone().text());
      assert.equal(res.headers.get("location"), "/account");
      assert.equal(browser.cookies.size, 2);
    });

    await t.step("a control character in the identifier is a field error, not a server error", async () => {
      const res = await new FormBrowser(app, address(8, 2)).go("/login", {
        identifier: "someone\u0000@example.in",
        password: PASSWORD,
      });
      assert.equal(res.status, 422);
      assert.match(await res.text(), /Must not contain control characters/);
    });
  } finally {
    await app.close();
  }
});
