/**
 * Identity through the real API: registration, verification, sign-in,
 * tokens, refresh rotation, password reset, throttling and the audit trail.
 */
import assert from "node:assert/strict";
import { openTestApp, type TestApp } from "./support/app.ts";
import { codeIn, latestMail, PASSWORD, postJson, signUp, tokenIn } from "./support/accounts.ts";
import { hasPostgres } from "./support/db.ts";

async function expectError(res: Response, status: number, code: string, field?: string) {
  assert.equal(res.status, status, await res.clone().text());
  assert.equal(res.headers.get("content-type"), "application/json");
  const body = await res.json();
  assert.equal(body.success, false);
  assert.equal(body.error.code, code);
  if (field) {
    assert.ok(body.error.details.some((d: { field: string }) => d.field === field), JSON.stringify(body));
  }
  return body;
}

Deno.test("identity API", async (t) => {
  const app = await openTestApp();
  try {
    await t.step(
      "register -> pending, e-mail with link and code, no sign-in before verification",
      async () => {
        const res = await postJson(app, "/api/v1/auth/register", {
          email: "  Meera@Example.in ",
          password: PASSWORD,
          displayName: "Meera",
          role: "organizer",
        });
        assert.equal(res.status, 202);
        const { data } = await res.json();
        assert.deepEqual(data, { email: "meera@example.in", status: "pending_verification" });
        const user = await app.database.db.selectFrom("users")
          .innerJoin("user_roles", "user_roles.user_id", "users.id")
          .innerJoin("roles", "roles.id", "user_roles.role_id")
          .select(["users.status", "roles.name as role"])
          .where("users.email", "=", "meera@example.in").execute();
        assert.deepEqual(user, [{ status: "pending_verification", role: "organizer" }]);
        const login = await postJson(app, "/api/v1/auth/login", {
          identifier: "meera@example.in",
          password: PASSWORD,
        });
        await expectError(login, 403, "FORBIDDEN");
      },
    );

    await t.step(
      "the verification link works once; the account becomes active and gets a welcome",
      async () => {
        const mail = await latestMail(app, "meera@example.in");
        assert.match(mail.subject, /verify/i);
        const token = tokenIn(mail.text, "/verify");
        const ok = await postJson(app, "/api/v1/auth/verify-email", { token });
        assert.equal(ok.status, 200);
        assert.equal((await ok.json()).data.user.status, "active");
        await expectError(
          await postJson(app, "/api/v1/auth/verify-email", { token }),
          422,
          "VALIDATION_ERROR",
          "token",
        );
        assert.match((await latestMail(app, "meera@example.in")).subject, /welcome/i);
      },
    );

    await t.step(
      "a taken address, in any case, is answered exactly like a new one; its owner is e-mailed instead",
      async () => {
        const attempt = (email: string) =>
          postJson(app, "/api/v1/auth/register", {
            email,
            password: "Other-Pass-2027",
            displayName: "Meera again",
            role: "artist",
          });
        const [taken, fresh] = [await attempt("MEERA@example.in"), await attempt("meera.new@example.in")];
        assert.equal(taken.status, fresh.status);
        const shape = async (res: Response) => {
          const { timestamp: _, ...body } = await res.json();
          return { ...body, data: { ...body.data, email: "<address>" } };
        };
        assert.deepEqual(await shape(taken), await shape(fresh));

        const mail = await latestMail(app, "meera@example.in");
        assert.equal(mail.subject, "Someone tried to create an Artist Space account with your address");
        assert.match(mail.text, /^Hi Meera,/);
        assert.match(mail.text, /Log in:\nhttp:\/\/localhost:\d+\/login\n/);
        assert.match(mail.text, /Choose a new one:\nhttp:\/\/localhost:\d+\/forgot-password\n/);
        const owners = await app.database.db.selectFrom("users").select(["display_name", "status"])
          .where("email", "=", "meera@example.in").execute();
        assert.deepEqual(owners, [{ display_name: "Meera", status: "active" }], "the account is untouched");
        await expectError(
          await postJson(
            app,
            "/api/v1/auth/login",
            { identifier: "meera@example.in", password: "Other-Pass-2027" },
            {},
            "192.0.2.30",
          ),
          401,
          "UNAUTHORIZED",
        );
        const audit = await app.database.db.selectFrom("audit_logs").select("action")
          .where("action", "=", "auth.register_taken_address").execute();
        assert.equal(audit.length, 1);
      },
    );

    await t.step("weak, common and oddly-shaped input is refused field by field", async () => {
      const weak = await postJson(app, "/api/v1/auth/register", {
        email: "not-an-email",
        password: "short",
        displayName: "X",
        role: "admin",
      });
      const body = await expectError(weak, 422, "VALIDATION_ERROR");
      const fields = body.error.details.map((d: { field: string }) => d.field).sort();
      assert.deepEqual([...new Set(fields)], ["displayName", "email", "role"]);
      const common = await postJson(app, "/api/v1/auth/register", {
        email: "c@example.in",
        password: "Password1",
        displayName: "Common",
        role: "artist",
      });
      const commonBody = await expectError(common, 422, "VALIDATION_ERROR", "password");
      assert.match(JSON.stringify(commonBody), /most common/);
      const rules = await postJson(app, "/api/v1/auth/register", {
        email: "r@example.in",
        password: "alllowercase",
        displayName: "Rules",
        role: "artist",
      });
      assert.match(JSON.stringify(await rules.json()), /uppercase letter.*number/);
    });

    await t.step("a code is checked 5 times at most; then even the right code fails", async () => {
      const email = "ravi@example.in";
      await postJson(app, "/api/v1/auth/register", {
        email,
        password: PASSWORD,
        displayName: "Ravi",
        role: "artist",
      });
      const code = codeIn((await latestMail(app, email)).text);
      const wrong = code === "000000" ? "111111" : "000000";
      for (let i = 0; i < 5; i++) {
        await expectError(
          await postJson(app, "/api/v1/auth/verify-email", { email, code: wrong }),
          422,
          "VALIDATION_ERROR",
          "code",
        );
      }
      await expectError(
        await postJson(app, "/api/v1/auth/verify-email", { email, code }),
        422,
        "VALIDATION_ERROR",
        "code",
      );
      const resent = await postJson(app, "/api/v1/auth/resend-verification", { email });
      assert.equal(resent.status, 202);
      const fresh = codeIn((await latestMail(app, email)).text);
      assert.equal((await postJson(app, "/api/v1/auth/verify-email", { email, code: fresh })).status, 200);
    });

    let session: { accessToken: string; refreshToken: string };
    await t.step("login by e-mail answers tokens; /me and the sessions list know the caller", async () => {
      const res = await postJson(app, "/api/v1/auth/login", {
        identifier: "Meera@example.in",
        password: PASSWORD,
      });
      assert.equal(res.status, 200);
      const { data } = await res.json();
      assert.equal(data.expiresIn, 900);
      assert.equal(data.user.email, "meera@example.in");
      session = data;
      const me = await app.request("/api/v1/auth/me", {
        headers: { Authorization: `Bearer ${data.accessToken}` },
      });
      assert.equal(me.status, 200);
      assert.equal((await me.json()).data.user.email, "meera@example.in");
      const list = await app.request("/api/v1/auth/sessions", {
        headers: { Authorization: `Bearer ${data.accessToken}` },
      });
      const sessions = (await list.json()).data;
      assert.equal(sessions.filter((s: { current: boolean }) => s.current).length, 1);
    });

    await t.step("login by username works once the account has one", async () => {
      const me = await app.request("/api/v1/auth/me", {
        headers: { Authorization: `Bearer ${session.accessToken}` },
      });
      const id = (await me.json()).data.user.id;
      const patch = await app.request(`/api/v1/users/${id}`, {
        method: "PATCH",
        headers: { Authorization: `Bearer ${session.accessToken}`, "Content-Type": "application/json" },
        body: JSON.stringify({ username: "Meera.Live" }),
      });
      assert.equal(patch.status, 200, await patch.clone().text());
      const res = await postJson(
        app,
        "/api/v1/auth/login",
        { identifier: "meera.live", password: PASSWORD },
        {},
        "192.0.2.40",
      );
      assert.equal(res.status, 200);
    });

    await t.step("failures look the same for an unknown account and a wrong password", async () => {
      const unknown = await postJson(
        app,
        "/api/v1/auth/login",
        { identifier: "nobody@example.in", password: PASSWORD },
        {},
        "192.0.2.1",
      );
      const wrong = await postJson(
        app,
        "/api/v1/auth/login",
        { identifier: "meera@example.in", password: "Wrong-Pass-1" },
        {},
        "192.0.2.2",
      );
      const a = await expectError(unknown, 401, "UNAUTHORIZED");
      const b = await expectError(wrong, 401, "UNAUTHORIZED");
      assert.equal(a.error.message, b.error.message);
    });

    await t.step("a control character in the identifier is a 422 naming the field, not a 500", async () => {
      for (const identifier of ["meera\u0000@example.in", "meera@example.in\u0000", "mee\u0007ra"]) {
        const res = await postJson(
          app,
          "/api/v1/auth/login",
          { identifier, password: PASSWORD },
          {},
          "192.0.2.31",
        );
        const body = await expectError(res, 422, "VALIDATION_ERROR", "identifier");
        assert.match(JSON.stringify(body), /control characters/);
      }
    });

    await t.step("bcrypt's 72-byte limit does not make long passwords share a hash", async () => {
      const email = "long@example.in";
      const long = "Aa1" + "x".repeat(100);
      await postJson(app, "/api/v1/auth/register", {
        email,
        password: long,
        displayName: "Long",
        role: "artist",
      });
      await postJson(app, "/api/v1/auth/verify-email", {
        email,
        code: codeIn((await latestMail(app, email)).text),
      });
      const sameStart = long.slice(0, 72) + "DIFFERENT";
      await expectError(
        await postJson(
          app,
          "/api/v1/auth/login",
          { identifier: email, password: sameStart },
          {},
          "192.0.2.3",
        ),
        401,
        "UNAUTHORIZED",
      );
      assert.equal(
        (await postJson(app, "/api/v1/auth/login", { identifier: email, password: long }, {}, "192.0.2.3"))
          .status,
        200,
      );
    });

    await t.step("forged, tampered and foreign tokens are refused", async () => {
      const [h, p, s] = session.accessToken.split(".");
      const claims = JSON.parse(atob(p.replaceAll("-", "+").replaceAll("_", "/")));
      const b64 = (o: unknown) =>
        btoa(JSON.stringify(o)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
      const forged = [
        `${b64({ alg: "none", typ: "at+jwt" })}.${p}.`,
        `${h}.${b64({ ...claims, sub: crypto.randomUUID() })}.${s}`,
        `${h}.${b64({ ...claims, aud: "someone-else" })}.${s}`,
        `${h}.${p}.${s.slice(0, -4)}AAAA`,
        "not.a.jwt",
      ];
      for (const token of forged) {
        const res = await app.request("/api/v1/auth/me", { headers: { Authorization: `Bearer ${token}` } });
        await expectError(res, 401, "UNAUTHORIZED");
      }
    });

    await t.step("a refresh token works once; reusing it ends the whole session", async () => {
      const first = await postJson(app, "/api/v1/auth/refresh-token", { refreshToken: session.refreshToken });
      assert.equal(first.status, 200);
      const next = (await first.json()).data;
      assert.notEqual(next.refreshToken, session.refreshToken);
      const me = await app.request("/api/v1/auth/me", {
        headers: { Authorization: `Bearer ${next.accessToken}` },
      });
      assert.equal(me.status, 200);
      await me.body?.cancel();
      await expectError(
        await postJson(app, "/api/v1/auth/refresh-token", { refreshToken: session.refreshToken }),
        401,
        "UNAUTHORIZED",
      );
      // The thief's replay killed the family: the legitimate new pair is dead too.
      await expectError(
        await postJson(app, "/api/v1/auth/refresh-token", { refreshToken: next.refreshToken }),
        401,
        "UNAUTHORIZED",
      );
      await expectError(
        await app.request("/api/v1/auth/me", { headers: { Authorization: `Bearer ${next.accessToken}` } }),
        401,
        "UNAUTHORIZED",
      );
    });

    await t.step("logout ends the session at once, access token included", async () => {
      const user = await signUp(app, "promoter");
      const out = await app.request("/api/v1/auth/logout", { method: "POST", headers: user.headers });
      assert.equal(out.status, 200);
      await out.body?.cancel();
      await expectError(await app.request("/api/v1/auth/me", { headers: user.headers }), 401, "UNAUTHORIZED");
    });

    await t.step(
      "forgot-password answers alike for unknown addresses; reset ends every session",
      async () => {
        const user = await signUp(app, "artist");
        const unknown = await postJson(app, "/api/v1/auth/forgot-password", { email: "ghost@example.in" });
        const known = await postJson(app, "/api/v1/auth/forgot-password", { email: user.email });
        assert.equal(unknown.status, 202);
        assert.equal(known.status, 202);
        assert.equal((await unknown.json()).message, (await known.json()).message);
        const token = tokenIn((await latestMail(app, user.email)).text, "/reset-password");

        await expectError(
          await postJson(app, "/api/v1/auth/reset-password", { token, password: "weak" }),
          422,
          "VALIDATION_ERROR",
          "password",
        );
        await expectError(
          await postJson(app, "/api/v1/auth/reset-password", { token, password: PASSWORD }),
          422,
          "VALIDATION_ERROR",
          "password",
        );
        const reset = await postJson(app, "/api/v1/auth/reset-password", {
          token,
          password: "Sitar-Dawn-2027",
        });
        assert.equal(reset.status, 200, await reset.clone().text());
        await expectError(
          await app.request("/api/v1/auth/me", { headers: user.headers }),
          401,
          "UNAUTHORIZED",
        );
        await expectError(
          await postJson(app, "/api/v1/auth/reset-password", { token, password: "Other-Pass-2028" }),
          422,
          "VALIDATION_ERROR",
          "token",
        );
        assert.match((await latestMail(app, user.email)).subject, /password/i);
        const login = await postJson(
          app,
          "/api/v1/auth/login",
          { identifier: user.email, password: "Sitar-Dawn-2027" },
          {},
          "192.0.2.9",
        );
        assert.equal(login.status, 200);
      },
    );

    await t.step("login is throttled per address before bcrypt, without locking the owner out", async () => {
      const victim = await signUp(app, "artist");
      const attacker = "192.0.2.66";
      for (let i = 0; i < 5; i++) {
        await postJson(
          app,
          "/api/v1/auth/login",
          { identifier: victim.email, password: `Guess-${i}-Aa` },
          {},
          attacker,
        );
      }
      const blocked = await postJson(
        app,
        "/api/v1/auth/login",
        { identifier: victim.email, password: PASSWORD },
        {},
        attacker,
      );
      await expectError(blocked, 429, "RATE_LIMIT_EXCEEDED");
      assert.ok(Number(blocked.headers.get("retry-after")) > 0);
      const owner = await postJson(
        app,
        "/api/v1/auth/login",
        { identifier: victim.email, password: PASSWORD },
        {},
        "192.0.2.77",
      );
      assert.equal(owner.status, 200);
      const throttled = await app.database.db.selectFrom("audit_logs").select("action")
        .where("action", "=", "auth.login_throttled").execute();
      assert.ok(throttled.length >= 1);
    });

    await t.step("the audit log records the events and never a password, token or code", async () => {
      const rows = await app.database.db.selectFrom("audit_logs").selectAll().execute();
      const actions = new Set(rows.map((r) => r.action));
      for (
        const a of [
          "insert",
          "update",
          "auth.email_verified",
          "auth.login",
          "auth.login_failed",
          "auth.login_throttled",
          "auth.logout",
          "auth.password_reset",
          "auth.session_revoked",
        ]
      ) {
        assert.ok(actions.has(a), `audit has ${a}: ${[...actions].join(", ")}`);
      }
      const text = JSON.stringify(rows);
      assert.doesNotMatch(text, /Tabla-Night-2026|Sitar-Dawn-2027|password_hash|\$2[aby]\$/);
      assert.ok(!text.includes(session.refreshToken));
      const logins = rows.filter((r) => r.action === "auth.login");
      assert.ok(logins.every((r) => r.ip !== null && r.user_agent !== undefined));
      const outbox = await app.database.db.selectFrom("outbox").select("payload").execute();
      assert.ok(outbox.every((m) => m.payload === null), "sent messages keep no payload");
    });
  } finally {
    await app.close();
  }
});

Deno.test({
  name: "two concurrent uses of one refresh token: exactly one wins and the family is revoked",
  ignore: !hasPostgres,
  async fn() {
    const app: TestApp = await openTestApp();
    try {
      for (let round = 0; round < 10; round++) {
        const user = await signUp(app, "artist");
        const results = await Promise.all(
          [0, 1].map(() => postJson(app, "/api/v1/auth/refresh-token", { refreshToken: user.refreshToken })),
        );
        const statuses = results.map((r) => r.status).sort();
        assert.deepEqual(statuses, [200, 401], `round ${round}`);
        const winner = await results.find((r) => r.status === 200)!.json();
        await results.find((r) => r.status === 401)!.body?.cancel();
        const after = await postJson(app, "/api/v1/auth/refresh-token", {
          refreshToken: winner.data.refreshToken,
        });
        assert.equal(after.status, 401, "the family is revoked");
        await after.body?.cancel();
        const session = await app.database.db.selectFrom("sessions").select(["revoked_reason"])
          .where("user_id", "=", user.id).where("kind", "=", "api").executeTakeFirstOrThrow();
        assert.equal(session.revoked_reason, "refresh_token_reuse");
      }
    } finally {
      await app.close();
    }
  },
});
