/**
 * Passkeys through the whole app, with a software authenticator whose
 * answers @simplewebauthn/server verifies for real: adding one (only after a
 * recent sign-in or with the password), signing in with it (the same session
 * a password gives, counting as the recent sign-in that signing a contract
 * asks for), and every refusal: a replayed assertion, a copied authenticator,
 * another origin or RP ID, an unknown passkey, a suspended or deleted
 * account, too many failures. On PGlite, and on PostgreSQL with
 * TEST_DATABASE_URL, where two app instances on one database also race.
 */
import assert from "node:assert/strict";
import { openDatabase } from "../db/client.ts";
import { encodeBase64url } from "../lib/base64url.ts";
import { confirmSigner } from "../services/contracts/signing.ts";
import { authenticateAccessToken } from "../services/auth/sessions.ts";
import { PASSKEY_REFUSED } from "../services/auth/passkeys_login.ts";
import { ipSubject, LOGIN_PER_ACCOUNT_IP, LOGIN_PER_IP, peek } from "../services/rate_limit.ts";
import { ValidationError } from "../domain/errors.ts";
import { openTestApp, type TestApp } from "./support/app.ts";
import { apiCaller, PASSWORD, postJson, type SignedIn, signIn, signUp } from "./support/accounts.ts";
import { type Ceremony, SoftwareAuthenticator } from "./support/authenticator.ts";
import { hasPostgres, scratchPostgres } from "./support/db.ts";
import { FormBrowser } from "./support/form_browser.ts";

/** Distinct addresses per purpose, so one step's sign-in counts never reach another's. */
let nextAddress = 0;
const address = () => `198.18.7.${++nextAddress}`;

function ceremonyOn(app: TestApp, changes: Partial<Ceremony> = {}): Ceremony {
  return { origin: app.services.deps.origin, ...changes };
}

/** Adds a passkey for `who` through the API, as the /account island does. */
async function addPasskey(app: TestApp, who: SignedIn, name = "My phone", counts = true) {
  const api = apiCaller(app);
  const authenticator = await SoftwareAuthenticator.create({ counts });
  const options = await api(who, "POST", "/auth/passkeys/registration/options", {});
  assert.equal(options.status, 200, JSON.stringify(options.body));
  const response = await authenticator.register(options.body.data, ceremonyOn(app));
  const added = await api(who, "POST", "/auth/passkeys/registration", { name, response });
  assert.equal(added.status, 201, JSON.stringify(added.body));
  return { authenticator, passkey: added.body.data.passkey as { id: string; name: string } };
}

/** A fresh sign-in challenge, answered by `authenticator`. */
async function assertion(
  app: TestApp,
  authenticator: SoftwareAuthenticator,
  changes: Partial<Ceremony> = {},
) {
  const options = await postJson(app, "/api/v1/auth/biometric/options", undefined);
  assert.equal(options.status, 200);
  return await authenticator.assert((await options.json()).data, ceremonyOn(app, changes));
}

async function signInWith(app: TestApp, response: unknown, ip = address()) {
  const res = await postJson(app, "/api/v1/auth/biometric", { response }, {}, ip);
  return { status: res.status, retryAfter: res.headers.get("Retry-After"), body: await res.json() };
}

async function auditActions(app: TestApp, action: string) {
  return await app.database.db.selectFrom("audit_logs").select(["actor_id", "entity_id", "diff"])
    .where("action", "=", action).orderBy("at").execute();
}

Deno.test("a passkey is added, listed and signs in with the same session a password gives", async (t) => {
  const app = await openTestApp();
  try {
    const api = apiCaller(app);
    const asha = await signUp(app);
    const { authenticator, passkey } = await addPasskey(app, asha, "Asha's phone");

    await t.step("listed, not used yet; the registration is audited", async () => {
      const list = await api(asha, "GET", "/auth/passkeys");
      assert.equal(list.status, 200);
      assert.deepEqual(
        list.body.data.map((p: { name: string; lastUsedAt: null }) => [p.name, p.lastUsedAt]),
        [
          ["Asha's phone", null],
        ],
      );
      const [added] = await auditActions(app, "auth.passkey_added");
      assert.equal(added.actor_id, asha.id);
      assert.equal(added.entity_id, passkey.id);
    });

    await t.step("the next registration excludes it, and the same credential twice is a 409", async () => {
      const options = await api(asha, "POST", "/auth/passkeys/registration/options", {});
      assert.deepEqual(options.body.data.excludeCredentials.map((c: { id: string }) => c.id), [
        authenticator.credentialId,
      ]);
      assert.equal(options.body.data.rp.id, "localhost");
      assert.equal(options.body.data.authenticatorSelection.residentKey, "required");
      const again = await authenticator.register(options.body.data, ceremonyOn(app));
      const res = await api(asha, "POST", "/auth/passkeys/registration", { name: "Again", response: again });
      assert.equal(res.status, 409);
    });

    let tokens: { accessToken: string; refreshToken: string };
    await t.step("signing in gives an API client tokens and the account", async () => {
      const res = await signInWith(app, await assertion(app, authenticator));
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.data.user.id, asha.id);
      assert.equal(res.body.data.expiresIn, 900);
      tokens = res.body.data;
      const me = await app.request("/api/v1/auth/me", {
        headers: { Authorization: `Bearer ${tokens.accessToken}` },
      });
      assert.equal((await me.json()).data.user.id, asha.id);
      const refreshed = await postJson(app, "/api/v1/auth/refresh-token", {
        refreshToken: tokens.refreshToken,
      });
      assert.equal(refreshed.status, 200, "its refresh token rotates like a password sign-in's");
      await refreshed.body?.cancel();
      const [login] = (await auditActions(app, "auth.login")).filter((l) => l.diff?.method === "passkey");
      assert.equal(login.actor_id, asha.id);
      assert.equal(login.diff!.kind, "api");
      assert.equal(login.diff!.passkeyId, passkey.id);
      const list = await api(asha, "GET", "/auth/passkeys");
      assert.ok(list.body.data[0].lastUsedAt, "the list says when it was last used");
    });

    await t.step("it is the recent sign-in that signing a contract asks for, for five minutes", async () => {
      const db = app.database.db;
      const now = new Date();
      const actor = await authenticateAccessToken(db, app.services.deps.signer, tokens.accessToken, now);
      assert.ok(actor);
      assert.equal(await confirmSigner(db, actor, undefined, now), "recent_login");
      const later = new Date(now.getTime() + 6 * 60 * 1000);
      await assert.rejects(() => confirmSigner(db, actor, undefined, later), ValidationError);
    });

    await t.step("through /login a browser gets its cookie session and goes where it was going", async () => {
      const browser = new FormBrowser(app, address());
      const res = await browser.go("/login", {
        intent: "passkey",
        next: "/account",
        passkey: JSON.stringify(await assertion(app, authenticator)),
      });
      assert.equal(res.status, 303, await res.clone().text());
      assert.equal(res.headers.get("location"), "/account");
      await res.body?.cancel();
      const page = await browser.html("/account");
      assert.match(page, /Asha&#39;s phone|Asha's phone/);
      const session = await app.database.db.selectFrom("sessions").select("kind")
        .where("user_id", "=", asha.id).orderBy("created_at", "desc").executeTakeFirstOrThrow();
      assert.equal(session.kind, "browser");
    });

    await t.step("an authenticator that keeps no counter (always 0) signs in again and again", async () => {
      const { authenticator: synced } = await addPasskey(app, asha, "Synced", false);
      for (let i = 0; i < 2; i++) {
        assert.equal((await signInWith(app, await assertion(app, synced))).status, 200);
      }
    });
  } finally {
    await app.close();
  }
});

Deno.test("replays, copied authenticators, other origins and RP IDs are refused and audited", async (t) => {
  const app = await openTestApp();
  try {
    const bharat = await signUp(app);
    const { authenticator, passkey } = await addPasskey(app, bharat);
    const refused = (res: { status: number; body: { error: { message: string } } }) => {
      assert.equal(res.status, 401, JSON.stringify(res.body));
      assert.equal(res.body.error.message, PASSKEY_REFUSED);
    };
    const reasons = async () => (await auditActions(app, "auth.login_failed")).map((a) => a.diff!.reason);

    await t.step("the same assertion twice: the second finds its challenge spent", async () => {
      const response = await assertion(app, authenticator);
      assert.equal((await signInWith(app, response)).status, 200);
      refused(await signInWith(app, response));
      assert.equal((await reasons()).at(-1), "challenge unknown, spent or expired");
    });

    await t.step(
      "a copy of the authenticator, behind the original's counter, is refused as a clone",
      async () => {
        const copy = authenticator.clone();
        assert.equal((await signInWith(app, await assertion(app, authenticator))).status, 200);
        // The copy signs with the real key a counter the original has already used.
        refused(await signInWith(app, await assertion(app, copy)));
        const [suspected] = await auditActions(app, "auth.passkey_clone_suspected");
        assert.equal(suspected.entity_id, passkey.id);
        assert.equal(suspected.diff!.presentedCounter, copy.counter);
        assert.equal(suspected.diff!.storedCounter, authenticator.counter);
        assert.equal(
          (await signInWith(app, await assertion(app, authenticator))).status,
          200,
          "the original",
        );
      },
    );

    await t.step("an answer made for another origin is refused", async () => {
      refused(
        await signInWith(app, await assertion(app, authenticator, { origin: "https://artistspace.evil" })),
      );
      assert.match(String((await reasons()).at(-1)), /origin/i);
    });

    await t.step("an answer for another RP ID is refused", async () => {
      refused(await signInWith(app, await assertion(app, authenticator, { rpId: "artistspace.evil" })));
      assert.match(String((await reasons()).at(-1)), /RP ID/i);
    });

    await t.step("a passkey never registered here is refused", async () => {
      const stranger = await SoftwareAuthenticator.create();
      refused(await signInWith(app, await assertion(app, stranger)));
      assert.equal((await reasons()).at(-1), "unknown passkey");
    });

    await t.step("a challenge older than five minutes is refused", async () => {
      const response = await assertion(app, authenticator);
      await app.database.db.updateTable("webauthn_challenges").set({
        expires_at: new Date(Date.now() - 1000),
      })
        .execute();
      refused(await signInWith(app, response));
    });

    await t.step("an answer naming a challenge that is none of ours (a NUL even) is refused", async () => {
      const response = await assertion(app, authenticator);
      const clientData = JSON.parse(
        atob(response.response.clientDataJSON.replaceAll("-", "+").replaceAll("_", "/")),
      );
      const forged = { ...clientData, challenge: "\u0000" };
      response.response.clientDataJSON = encodeBase64url(new TextEncoder().encode(JSON.stringify(forged)));
      refused(await signInWith(app, response));
    });

    await t.step("a body that is no WebAuthn answer is a 422, on the API and the page", async () => {
      const res = await postJson(app, "/api/v1/auth/biometric", { response: { id: "x" } });
      assert.equal(res.status, 422);
      await res.body?.cancel();
      const page = await new FormBrowser(app, address()).go("/login", {
        intent: "passkey",
        passkey: "{",
        next: "/",
      });
      assert.equal(page.status, 422);
      await page.body?.cancel();
    });
  } finally {
    await app.close();
  }
});

Deno.test("a suspended or deleted account's passkey signs nobody in, with the password sign-in's answers", async () => {
  const app = await openTestApp();
  try {
    const chitra = await signUp(app);
    const { authenticator } = await addPasskey(app, chitra);
    const db = app.database.db;
    const passwordSignIn = async () => {
      const res = await postJson(
        app,
        "/api/v1/auth/login",
        { identifier: chitra.email, password: PASSWORD },
        {},
        address(),
      );
      return { status: res.status, body: await res.json() };
    };

    await db.updateTable("users").set({ status: "suspended" }).where("id", "=", chitra.id).execute();
    const byPasskey = await signInWith(app, await assertion(app, authenticator));
    const byPassword = await passwordSignIn();
    assert.equal(byPasskey.status, 403);
    assert.equal(byPassword.status, 403);
    assert.equal(byPasskey.body.error.message, byPassword.body.error.message);

    await db.updateTable("users").set({ status: "deleted" }).where("id", "=", chitra.id).execute();
    const gone = await signInWith(app, await assertion(app, authenticator));
    assert.equal(gone.status, 401);
    assert.equal(gone.body.error.message, PASSKEY_REFUSED);
    assert.equal((await passwordSignIn()).status, 401, "as a password sign-in answers a deleted account");
  } finally {
    await app.close();
  }
});

Deno.test("deleting an account removes its passkeys", async () => {
  const app = await openTestApp();
  try {
    const asha = await signUp(app);
    await addPasskey(app, asha);
    const db = app.database.db;
    const count = async () =>
      (await db.selectFrom("passkeys").select("id").where("user_id", "=", asha.id).execute()).length;
    assert.equal(await count(), 1);
    const res = await app.request(`/api/v1/users/${asha.id}`, { method: "DELETE", headers: asha.headers });
    assert.equal(res.status, 200);
    await res.body?.cancel();
    assert.equal(await count(), 0);
  } finally {
    await app.close();
  }
});

Deno.test("passkey sign-in failures count against the sign-in limits; successes do not", async () => {
  const app = await openTestApp();
  try {
    const dev = await signUp(app);
    const { authenticator } = await addPasskey(app, dev);
    const ip = address();
    const failuresLeft = async () => (await peek(app.database.db, LOGIN_PER_IP, ipSubject(ip))).remaining;

    assert.equal((await signInWith(app, await assertion(app, authenticator), ip)).status, 200);
    assert.equal(await failuresLeft(), LOGIN_PER_IP.max, "a success is not counted");
    for (let i = 0; i < LOGIN_PER_ACCOUNT_IP.max; i++) {
      const wrong = await assertion(app, authenticator, { origin: "https://artistspace.evil" });
      assert.equal((await signInWith(app, wrong, ip)).status, 401);
    }
    assert.equal(await failuresLeft(), LOGIN_PER_IP.max - LOGIN_PER_ACCOUNT_IP.max, "with failed passwords");
    const limited = await signInWith(app, await assertion(app, authenticator), ip);
    assert.equal(limited.status, 429, "even a good assertion, from there");
    assert.ok(Number(limited.retryAfter) > 14 * 60);
    assert.equal((await auditActions(app, "auth.login_throttled")).length, 1);
    assert.equal(
      (await signInWith(app, await assertion(app, authenticator), address())).status,
      200,
      "elsewhere",
    );
  } finally {
    await app.close();
  }
});

Deno.test("adding and removing a passkey need a recent sign-in or the password", async (t) => {
  const app = await openTestApp();
  try {
    const api = apiCaller(app);
    const esha = await signUp(app);
    const { authenticator, passkey } = await addPasskey(app, esha);
    const db = app.database.db;
    // Her session signed in ten minutes ago.
    await db.updateTable("sessions").set({ created_at: new Date(Date.now() - 10 * 60 * 1000) })
      .where("user_id", "=", esha.id).execute();

    await t.step("without the password, adding is refused naming the password field", async () => {
      const res = await api(esha, "POST", "/auth/passkeys/registration/options", {});
      assert.equal(res.status, 422);
      assert.equal(res.body.error.details[0].field, "password");
      const wrong = await api(esha, "POST", "/auth/passkeys/registration/options", {
        password: "Not-It-2026",
      });
      assert.equal(wrong.status, 422);
      assert.equal(wrong.body.error.details[0].message, "That is not your password");
    });

    await t.step("with it, the ceremony starts and ends", async () => {
      const options = await api(esha, "POST", "/auth/passkeys/registration/options", { password: PASSWORD });
      assert.equal(options.status, 200);
      const second = await SoftwareAuthenticator.create();
      const response = await second.register(options.body.data, ceremonyOn(app));
      const added = await api(esha, "POST", "/auth/passkeys/registration", { name: "Laptop", response });
      assert.equal(added.status, 201);
    });

    await t.step("a registration challenge works only for the session it was given to, once", async () => {
      const options = await api(esha, "POST", "/auth/passkeys/registration/options", { password: PASSWORD });
      const other = await signIn(app, esha.email);
      const key = await SoftwareAuthenticator.create();
      const response = await key.register(options.body.data, ceremonyOn(app));
      const elsewhere = await api(other, "POST", "/auth/passkeys/registration", { name: "Tablet", response });
      assert.equal(elsewhere.status, 422);
      assert.equal(elsewhere.body.error.details[0].field, "response");
      // Refused there, the challenge is still this session's, and works once.
      const here = await api(esha, "POST", "/auth/passkeys/registration", { name: "Tablet", response });
      assert.equal(here.status, 201, JSON.stringify(here.body));
      const again = await api(esha, "POST", "/auth/passkeys/registration", { name: "Tablet", response });
      assert.equal(again.status, 422);
    });

    await t.step("an answer made for another origin does not add a passkey", async () => {
      const options = await api(esha, "POST", "/auth/passkeys/registration/options", { password: PASSWORD });
      const key = await SoftwareAuthenticator.create();
      const response = await key.register(
        options.body.data,
        ceremonyOn(app, { origin: "https://artistspace.evil" }),
      );
      const res = await api(esha, "POST", "/auth/passkeys/registration", { name: "Evil", response });
      assert.equal(res.status, 422);
      assert.equal((await auditActions(app, "auth.passkey_refused")).length >= 1, true);
    });

    await t.step(
      "renaming needs no password; removing does, and then the passkey signs nobody in",
      async () => {
        const renamed = await api(esha, "PATCH", `/auth/passkeys/${passkey.id}`, { name: "Old phone" });
        assert.equal(renamed.status, 200);
        assert.equal(renamed.body.data.passkey.name, "Old phone");
        const refused = await api(esha, "DELETE", `/auth/passkeys/${passkey.id}`);
        assert.equal(refused.status, 422);
        const removed = await api(esha, "DELETE", `/auth/passkeys/${passkey.id}`, { password: PASSWORD });
        assert.equal(removed.status, 200);
        const [audit] = await auditActions(app, "auth.passkey_removed");
        assert.equal(audit.entity_id, passkey.id);
        assert.equal(audit.diff!.confirmedBy, "password");
        assert.equal((await signInWith(app, await assertion(app, authenticator))).status, 401);
      },
    );

    await t.step(
      "a passkey sign-in is itself the recent sign-in that lets the next one be added",
      async () => {
        const { authenticator: phone } = await addPasskey(app, await signIn(app, esha.email), "Phone");
        await db.updateTable("sessions").set({ created_at: new Date(Date.now() - 10 * 60 * 1000) })
          .where("user_id", "=", esha.id).execute();
        const signedIn = await signInWith(app, await assertion(app, phone));
        assert.equal(signedIn.status, 200);
        const fresh = { ...esha, headers: { Authorization: `Bearer ${signedIn.body.data.accessToken}` } };
        assert.equal((await api(fresh, "POST", "/auth/passkeys/registration/options", {})).status, 200);
        assert.equal((await api(esha, "POST", "/auth/passkeys/registration/options", {})).status, 422);
      },
    );
  } finally {
    await app.close();
  }
});

Deno.test({
  name: "two app instances on one database: a sign-in challenge is spent once, whichever answers",
  ignore: !hasPostgres,
  async fn() {
    const scratch = await scratchPostgres();
    // Instances of one deployment share their secrets.
    const secrets = { APP_SECRET: crypto.randomUUID().repeat(2), JWT_SECRET: crypto.randomUUID().repeat(2) };
    const open = async () =>
      await openTestApp(secrets, {
        database: await openDatabase({ driver: "pg", url: scratch.url, pgliteDir: "" }),
      });
    const a = await open();
    const b = await open();
    try {
      const farhan = await signUp(a);
      const { authenticator } = await addPasskey(a, farhan);
      for (let round = 0; round < 5; round++) {
        const response = await assertion(a, authenticator);
        const answers = await Promise.all([signInWith(a, response), signInWith(b, response)]);
        assert.deepEqual(answers.map((r) => r.status).sort(), [200, 401], `round ${round}`);
      }
    } finally {
      await a.close();
      await b.close();
      await scratch.drop();
    }
  },
});
