/**
 * Account helpers for tests that need signed-in people: register through the
 * real API, read the e-mail from the dev mailbox, verify, sign in.
 */
import assert from "node:assert/strict";
import type { RoleName } from "../../domain/roles.ts";
import type { TestApp } from "./app.ts";
import { grantRoles } from "./fixtures.ts";

export const PASSWORD = "Tabla-Night-2026";

export interface SignedIn {
  id: string;
  email: string;
  accessToken: string;
  refreshToken: string;
  /** Headers for an authenticated JSON request. */
  headers: Record<string, string>;
}

export async function postJson(
  t: TestApp,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
  ip?: string,
) {
  return await t.request(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  }, ip);
}

/** A JSON client for /api/v1 as `who` (or anonymously): status, content type and the parsed envelope. */
export function apiCaller(t: TestApp) {
  return async (who: SignedIn | null, method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = who ? { ...who.headers } : {};
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const res = await t.request(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, type: res.headers.get("content-type"), body: await res.json() };
  };
}

/** Delivers the outbox and returns the newest e-mail sent to `to`. */
export async function latestMail(t: TestApp, to: string) {
  await t.services.dispatcher.runOnce();
  const mail = t.services.mailbox!.list().find((m) => m.to === to);
  assert.ok(mail, `an e-mail to ${to}`);
  return mail;
}

export function codeIn(text: string): string {
  const code = /verification page: (\d{6})\b/.exec(text)?.[1];
  assert.ok(code, "a 6-digit code in the e-mail");
  return code;
}

/** The code of a step-up sign-in e-mail. */
export function loginCodeIn(text: string): string {
  const code = /sign-in code: (\d{6})\b/.exec(text)?.[1];
  assert.ok(code, "a 6-digit sign-in code in the e-mail");
  return code;
}

export function tokenIn(text: string, path: string): string {
  const token = new RegExp(`${path}\\?token=([A-Za-z0-9_-]+)`).exec(text)?.[1];
  assert.ok(token, `a ${path} link in the e-mail`);
  return token;
}

let counter = 0;

/** Registers, verifies by code and signs in; `roles` beyond the first are granted directly. */
export async function signUp(
  t: TestApp,
  role: RoleName = "artist",
  extra: RoleName[] = [],
): Promise<SignedIn> {
  const email = `user${++counter}.${crypto.randomUUID().slice(0, 6)}@example.in`;
  const selfService = role === "admin" || role === "staff" ? "organizer" : role;
  const reg = await postJson(t, "/api/v1/auth/register", {
    email,
    password: PASSWORD,
    displayName: `Test ${counter}`,
    role: selfService,
  });
  assert.equal(reg.status, 202, await reg.clone().text());
  await reg.body?.cancel();
  const code = codeIn((await latestMail(t, email)).text);
  const verified = await postJson(t, "/api/v1/auth/verify-email", { email, code });
  assert.equal(verified.status, 200, await verified.clone().text());
  // Registration never shows the new account's id (a taken address would have none); verification does.
  const { data: { user } } = await verified.json();
  await grantRoles(t.database.db, user.id, [role, ...extra].filter((r) => r !== selfService));
  return await signIn(t, email);
}

/** Signs in through the API with the test password: a new session. */
export async function signIn(t: TestApp, email: string): Promise<SignedIn> {
  // A distinct address per sign-in, so login throttling of one never touches another.
  const login = await postJson(
    t,
    "/api/v1/auth/login",
    { identifier: email, password: PASSWORD },
    {},
    `198.51.100.${++counter % 250}`,
  );
  assert.equal(login.status, 200, await login.clone().text());
  const { data } = await login.json();
  return {
    id: data.user.id,
    email,
    accessToken: data.accessToken,
    refreshToken: data.refreshToken,
    headers: { Authorization: `Bearer ${data.accessToken}` },
  };
}
