/**
 * Every passkey endpoint, called by everyone: anonymous -> 401 for the
 * signed-in ones; a passkey is only ever its owner's (another person, staff
 * and admins alike are told it does not exist); a registration challenge
 * only ever finishes in the session it was given to; signing in with a
 * passkey needs no sign-in and answers the same whoever sends it.
 */
import assert from "node:assert/strict";
import { openTestApp } from "./support/app.ts";
import { type SignedIn, signUp } from "./support/accounts.ts";
import { SoftwareAuthenticator } from "./support/authenticator.ts";

type Caller = "anonymous" | "owner" | "other" | "staff" | "admin";
const ORDER: Caller[] = ["anonymous", "other", "staff", "admin", "owner"];

Deno.test("authorization matrix of the passkey endpoints", async (t) => {
  const app = await openTestApp();
  try {
    const people: Record<Exclude<Caller, "anonymous">, SignedIn> = {
      owner: await signUp(app, "artist"),
      other: await signUp(app, "organizer"),
      staff: await signUp(app, "staff"),
      admin: await signUp(app, "admin"),
    };
    const origin = app.services.deps.origin;
    const call = async (who: Caller, method: string, path: string, body?: unknown) => {
      const headers: Record<string, string> = who === "anonymous" ? {} : { ...people[who].headers };
      if (body !== undefined) headers["Content-Type"] = "application/json";
      const res = await app.request(`/api/v1${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    };

    // The owner's passkey, and a second authenticator whose registration the owner has started.
    const key = await SoftwareAuthenticator.create();
    const first = await call("owner", "POST", "/auth/passkeys/registration/options", {});
    const registered = await call("owner", "POST", "/auth/passkeys/registration", {
      name: "Owner's phone",
      response: await key.register(first.body.data, { origin }),
    });
    assert.equal(registered.status, 201);
    const passkeyId: string = registered.body.data.passkey.id;
    const second = await call("owner", "POST", "/auth/passkeys/registration/options", {});
    const pending = await (await SoftwareAuthenticator.create()).register(second.body.data, { origin });
    const missing = crypto.randomUUID();
    const signInAnswer = async () => {
      const options = await call("anonymous", "POST", "/auth/biometric/options");
      return { response: await key.assert(options.body.data, { origin }) };
    };

    const everyone = (status: number): Record<Caller, number> => ({
      anonymous: status,
      owner: status,
      other: status,
      staff: status,
      admin: status,
    });
    const signedIn = (status: number) => ({ ...everyone(status), anonymous: 401 });
    // [name, method, path, body per caller, expected per caller]
    type Row = [string, string, string, (() => Promise<unknown>) | null, Record<Caller, number>];
    const table: Row[] = [
      ["list one's own passkeys", "GET", "/auth/passkeys", null, signedIn(200)],
      ["start adding a passkey", "POST", "/auth/passkeys/registration/options", () => Promise.resolve({}), {
        ...signedIn(200),
      }],
      [
        "finish the owner's registration",
        "POST",
        "/auth/passkeys/registration",
        () => Promise.resolve({ name: "Second", response: pending }),
        { ...signedIn(422), owner: 201 },
      ],
      [
        "rename the owner's passkey",
        "PATCH",
        `/auth/passkeys/${passkeyId}`,
        () => Promise.resolve({ name: "X" }),
        {
          ...signedIn(404),
          owner: 200,
        },
      ],
      [
        "rename a missing passkey",
        "PATCH",
        `/auth/passkeys/${missing}`,
        () => Promise.resolve({ name: "X" }),
        {
          ...signedIn(404),
        },
      ],
      ["remove a missing passkey", "DELETE", `/auth/passkeys/${missing}`, null, signedIn(404)],
      ["start a passkey sign-in", "POST", "/auth/biometric/options", null, everyone(200)],
      ["sign in with the owner's passkey", "POST", "/auth/biometric", signInAnswer, everyone(200)],
      ["remove the owner's passkey", "DELETE", `/auth/passkeys/${passkeyId}`, null, {
        ...signedIn(404),
        owner: 200,
      }],
    ];

    for (const [name, method, path, body, expected] of table) {
      await t.step(`${method} ${name}`, async () => {
        for (const who of ORDER) {
          const res = await call(who, method, path, await body?.());
          assert.equal(res.status, expected[who], `${who}: ${JSON.stringify(res.body).slice(0, 300)}`);
          assert.equal(res.body.success, res.status < 400);
          if (name === "list one's own passkeys" && res.status === 200) {
            assert.equal(res.body.data.length, who === "owner" ? 1 : 0, `${who} sees only their own`);
          }
        }
      });
    }
  } finally {
    await app.close();
  }
});
