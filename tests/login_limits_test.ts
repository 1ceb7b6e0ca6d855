/**
 * Sign-in limits through the whole app: only failures are counted, 5 per
 * 15 minutes for one identifier from one address and 100 from one address,
 * so many people behind one shared address (a carrier's NAT, a college's
 * Wi-Fi) sign in freely, a refusal says when to come back, and an attacker
 * elsewhere cannot lock the owner out.
 */
import assert from "node:assert/strict";
import { RateLimited } from "../domain/errors.ts";
import { login } from "../services/auth/login.ts";
import { ipSubject, LOGIN_PER_ACCOUNT_IP, LOGIN_PER_IP, peek } from "../services/rate_limit.ts";
import { openTestApp, type TestApp } from "./support/app.ts";
import { latestMail, loginCodeIn, PASSWORD, postJson, signUp } from "./support/accounts.ts";
import { find, parsePage } from "./support/dom.ts";
import { FormBrowser } from "./support/form_browser.ts";

/** Distinct addresses per purpose, so one step's counts never reach another's. */
const address = (block: number, n: number) => `198.18.${block}.${n}`;

async function signInAt(app: TestApp, ip: string, identifier: string, password = PASSWORD) {
  const res = await postJson(app, "/api/v1/auth/login", { identifier, password }, {}, ip);
  return { status: res.status, retryAfter: res.headers.get("Retry-After"), body: await res.json() };
}

/** How many more failures the address may have in its current window. */
async function failuresLeft(app: TestApp, ip: string): Promise<number> {
  return (await peek(app.database.db, LOGIN_PER_IP, ipSubject(ip))).remaining;
}

Deno.test("sign-in limits count failures, per account and address and per address", async (t) => {
  const app = await openTestApp();
  try {
    const [asha, kabir, meera] = [await signUp(app), await signUp(app), await signUp(app)];

    await t.step(
      "the 6th and the 20th successful sign-in from one address in 15 minutes succeed",
      async () => {
        const shared = address(1, 1);
        const people = [asha, kabir, meera];
        for (let i = 1; i <= 20; i++) {
          const res = await signInAt(app, shared, people[i % 3].email);
          assert.equal(res.status, 200, `sign-in ${i}: ${JSON.stringify(res.body)}`);
        }
        assert.equal(await failuresLeft(app, shared), LOGIN_PER_IP.max, "no success was counted");
      },
    );

    await t.step("one person signing in 6 times through the login page from one address", async () => {
      for (let i = 1; i <= 6; i++) {
        const res = await new FormBrowser(app, address(1, 2)).go("/login", {
          identifier: asha.email,
          password: PASSWORD,
          next: "/account",
        });
        assert.equal(res.status, 303, `page sign-in ${i}`);
        await res.body?.cancel();
      }
    });

    await t.step(
      "5 failures for one account from one address: the right password is refused there, with Retry-After",
      async () => {
        const ip = address(2, 1);
        for (let i = 0; i < LOGIN_PER_ACCOUNT_IP.max; i++) {
          assert.equal((await signInAt(app, ip, kabir.email, `Guess-${i}-Aa`)).status, 401);
        }
        const refused = await signInAt(app, ip, kabir.email);
        assert.equal(refused.status, 429);
        assert.equal(refused.body.error.code, "RATE_LIMIT_EXCEEDED");
        const wait = Number(refused.retryAfter);
        assert.ok(wait > 14 * 60 && wait <= 15 * 60, `Retry-After ${refused.retryAfter}`);
        assert.equal(
          refused.body.error.message,
          "Too many failed sign-ins to this account from your network. Try again in 15 minutes.",
        );
        assert.equal((await signInAt(app, address(2, 2), kabir.email)).status, 200, "from elsewhere");
        assert.equal((await signInAt(app, ip, meera.email)).status, 200, "another account from there");
        assert.equal(await failuresLeft(app, ip), LOGIN_PER_IP.max - 5, "refusals are not failures");
      },
    );

    await t.step("a right password forgives that account's failures from that address", async () => {
      const ip = address(2, 3);
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < LOGIN_PER_ACCOUNT_IP.max - 1; i++) {
          assert.equal((await signInAt(app, ip, meera.email, `Guess-${round}-${i}-Aa`)).status, 401);
        }
        assert.equal((await signInAt(app, ip, meera.email)).status, 200, `round ${round}`);
      }
      assert.equal(await failuresLeft(app, ip), LOGIN_PER_IP.max - 8, "the address keeps its failures");
    });

    await t.step(
      "100 failures from one address, however concurrent; then every account is refused there",
      async () => {
        const ip = address(3, 1);
        // 21 identifiers, 5 guesses each: no one reaches the per-account limit, the address does.
        const guesses = Array.from(
          { length: 105 },
          (_, i) => signInAt(app, ip, `nobody${i % 21}@example.in`),
        );
        const statuses = (await Promise.all(guesses)).map((r) => r.status);
        assert.equal(statuses.filter((s) => s === 401).length, LOGIN_PER_IP.max);
        assert.equal(statuses.filter((s) => s === 429).length, 5);
        const refused = await signInAt(app, ip, asha.email);
        assert.equal(refused.status, 429);
        assert.ok(Number(refused.retryAfter) > 0);
        assert.match(
          refused.body.error.message,
          /^Too many failed sign-ins from your network\. Try again in/,
        );
        assert.equal((await signInAt(app, address(3, 2), asha.email)).status, 200, "other addresses sign in");
      },
    );

    await t.step("an attacker failing from other addresses does not lock the owner out", async () => {
      const owner = await signUp(app);
      const attacker = address(4, 1);
      for (let i = 0; i < LOGIN_PER_ACCOUNT_IP.max; i++) {
        assert.equal((await signInAt(app, attacker, owner.email, `Guess-${i}-Aa`)).status, 401);
      }
      // Refused there even with the right password, which an attacker may hit upon next.
      assert.equal((await signInAt(app, attacker, owner.email)).status, 429);
      assert.equal((await signInAt(app, address(4, 9), owner.email)).status, 200, "the owner signs in");
    });

    await t.step(
      "attacked from many addresses, the account steps up; its owner is never refused for a wait",
      async () => {
        const owner = await signUp(app);
        for (let n = 1; n <= 4; n++) {
          for (let i = 0; i < LOGIN_PER_ACCOUNT_IP.max; i++) {
            await signInAt(app, address(5, n), owner.email, `Guess-${n}-${i}-Aa`);
          }
        }
        const home = address(5, 9);
        const asked = await signInAt(app, home, owner.email);
        assert.equal(asked.status, 401);
        assert.equal(asked.body.error.code, "LOGIN_CODE_REQUIRED");
        const code = loginCodeIn((await latestMail(app, owner.email)).text);
        const res = await postJson(
          app,
          "/api/v1/auth/login",
          { identifier: owner.email, password: PASSWORD, code },
          {},
          home,
        );
        assert.equal(res.status, 200, await res.clone().text());
      },
    );
  } finally {
    await app.close();
  }
});

Deno.test("the login page says when to try again, and sends Retry-After", async (t) => {
  const app = await openTestApp();
  try {
    const owner = await signUp(app, "organizer");
    const browser = new FormBrowser(app, address(6, 1));
    for (let i = 0; i < LOGIN_PER_ACCOUNT_IP.max; i++) {
      const res = await browser.go("/login", { identifier: owner.email, password: `Guess-${i}-Aa` });
      assert.equal(res.status, 401);
      await res.body?.cancel();
    }

    await t.step("the right password past the limit: 429, Retry-After and the wait in minutes", async () => {
      const res = await browser.go("/login", {
        identifier: owner.email,
        password: PASSWORD,
        next: "/account",
      });
      assert.equal(res.status, 429);
      const wait = Number(res.headers.get("Retry-After"));
      assert.ok(wait > 14 * 60 && wait <= 15 * 60, `Retry-After ${wait}`);
      const doc = parsePage(await res.text());
      assert.equal(
        find(doc, "[role=alert]").textContent,
        "Too many failed sign-ins to this account from your network. Try again in 15 minutes.",
      );
      assert.equal(find(doc, "input[name=identifier]").getAttribute("value"), owner.email);
      assert.equal(browser.cookies.size, 0);
    });

    await t.step("the same person on another network signs in", async () => {
      await new FormBrowser(app, address(6, 2)).signIn(owner, "/account");
    });
  } finally {
    await app.close();
  }
});

Deno.test("a refusal's wait shrinks as time passes, and the window's end forgives", async () => {
  const app = await openTestApp();
  try {
    const owner = await signUp(app);
    const start = new Date();
    let clock = start;
    const deps = { ...app.services.deps, now: () => clock };
    const meta = { ip: address(7, 1), userAgent: null };
    const attempt = (password: string) => login(deps, { identifier: owner.email, password }, meta, "api");
    for (let i = 0; i < LOGIN_PER_ACCOUNT_IP.max; i++) {
      await assert.rejects(attempt(`Guess-${i}-Aa`), { code: "UNAUTHORIZED" });
    }

    clock = new Date(start.getTime() + (3 * 60 + 10) * 1000);
    const err = await attempt(PASSWORD).catch((e: unknown) => e);
    assert.ok(err instanceof RateLimited);
    assert.equal(err.retryAfterSeconds, 15 * 60 - (3 * 60 + 10));
    assert.match(err.message, /Try again in 12 minutes\.$/);

    clock = new Date(start.getTime() + 15 * 60 * 1000);
    assert.equal((await attempt(PASSWORD)).user.id, owner.id);
  } finally {
    await app.close();
  }
});
