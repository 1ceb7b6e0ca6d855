/**
 * Session lifetimes, with the clock passed in: browsers end after 30 idle
 * minutes or 7 days in all, API clients after 30 days, whatever their tokens
 * say.
 */
import assert from "node:assert/strict";
import type { Kysely } from "kysely";
import type { Database, SessionKind } from "../db/schema.ts";
import { Unauthorized } from "../domain/errors.ts";
import { decodeBase64url, encodeBase64url } from "../lib/base64url.ts";
import { accessTokenSigner } from "../services/auth/access_token.ts";
import { actorForSession, rotateRefreshToken, startSession } from "../services/auth/sessions.ts";
import { testOnEachDriver } from "./support/db.ts";
import { person } from "./support/fixtures.ts";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const T0 = new Date("2026-11-21T10:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

async function start(db: Kysely<Database>, kind: SessionKind) {
  const signer = await accessTokenSigner("x".repeat(32));
  const { userId } = await person(db);
  const tokens = await db.transaction().execute((trx) =>
    startSession(trx, signer, { userId, kind, client: { ip: null, userAgent: null }, now: T0 })
  );
  return { signer, userId, tokens };
}

testOnEachDriver("a browser session ends after 30 idle minutes", async ({ db }) => {
  const { signer, tokens } = await start(db, "browser");
  await assert.rejects(rotateRefreshToken(db, signer, tokens.refreshToken, at(31 * MINUTE)), Unauthorized);
});

testOnEachDriver("activity keeps a browser session alive, but never past 7 days", async ({ db }) => {
  const { signer, userId, tokens } = await start(db, "browser");
  let refresh = tokens.refreshToken;
  for (let t = 20 * MINUTE; t <= 2 * 60 * MINUTE; t += 20 * MINUTE) {
    const out = await rotateRefreshToken(db, signer, refresh, at(t));
    assert.equal(out.kind, "rotated", `renewed at ${t / MINUTE} minutes`);
    if (out.kind === "rotated") refresh = out.tokens.refreshToken;
  }
  // Someone active all week long: seen five minutes before the 7 days are up.
  await db.updateTable("sessions").set({ last_seen_at: at(7 * DAY - 5 * MINUTE) })
    .where("id", "=", tokens.sessionId).execute();
  assert.ok(await actorForSession(db, tokens.sessionId, userId, at(7 * DAY - MINUTE)));
  assert.equal(await actorForSession(db, tokens.sessionId, userId, at(7 * DAY + MINUTE)), null);
});

testOnEachDriver("an API session does not idle out but ends after 30 days", async ({ db }) => {
  const { signer, tokens } = await start(db, "api");
  const out = await rotateRefreshToken(db, signer, tokens.refreshToken, at(10 * DAY));
  assert.equal(out.kind, "rotated");
  if (out.kind !== "rotated") return;
  await assert.rejects(
    rotateRefreshToken(db, signer, out.tokens.refreshToken, at(30 * DAY + MINUTE)),
    Unauthorized,
  );
});

testOnEachDriver("an access token is refused once its 15 minutes are up", async ({ db }) => {
  const { signer, tokens } = await start(db, "api");
  assert.ok(await signer.verify(tokens.accessToken, at(14 * MINUTE)));
  assert.equal(await signer.verify(tokens.accessToken, at(15 * MINUTE)), null);
});

Deno.test("a verified token is remembered only as itself: a forgery of it is still refused", async () => {
  const signer = await accessTokenSigner("x".repeat(32));
  const other = await accessTokenSigner("y".repeat(32));
  const claims = { userId: crypto.randomUUID(), sessionId: crypto.randomUUID() };
  const token = await signer.issue(claims, T0);
  assert.deepEqual(await signer.verify(token, at(MINUTE)), claims);
  assert.deepEqual(await signer.verify(token, at(2 * MINUTE)), claims, "again, from memory");
  const [header, payload, signature] = token.split(".");
  const forged = JSON.parse(new TextDecoder().decode(decodeBase64url(payload)!));
  forged.sub = crypto.randomUUID();
  const forgedPayload = encodeBase64url(new TextEncoder().encode(JSON.stringify(forged)));
  assert.equal(await signer.verify(`${header}.${forgedPayload}.${signature}`, at(MINUTE)), null);
  assert.equal(await signer.verify(`${token}x`, at(MINUTE)), null);
  assert.equal(await other.verify(token, at(MINUTE)), null, "another key's signer never saw it");
  // What the caller does with the claims cannot change what is remembered.
  const first = await signer.verify(token, at(MINUTE));
  first!.userId = "someone else";
  assert.deepEqual(await signer.verify(token, at(MINUTE)), claims);
  assert.equal(await signer.verify(token, at(15 * MINUTE)), null);
});
