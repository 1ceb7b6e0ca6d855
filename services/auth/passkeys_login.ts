/**
 * Signing in with a passkey (the web's biometric login): a WebAuthn
 * authentication ceremony that ends in the same session a password sign-in
 * starts, a browser's cookies or an API client's tokens, and so also counts
 * as the recent sign-in that signing a contract or adding a passkey asks for.
 *
 * It is held to what password sign-ins are held to: failures count against
 * the same limits (login_limits.ts, per passkey and address, and per
 * address together with failed passwords), successes never; every outcome
 * is audited; and an account that may not sign in is refused with the
 * password sign-in's own words, told only to someone whose passkey verified.
 * A deleted account's passkey is refused like one we never saw, as a
 * password sign-in answers a deleted account like an unknown one.
 *
 * What is refused, and how:
 * - a replayed assertion: its challenge was spent by the statement that
 *   deleted it, whichever instance ran it (db/queries/passkeys.ts);
 * - another origin or RP ID: @simplewebauthn/server compares them with the
 *   configured public origin (passkeys_webauthn.ts);
 * - a copied authenticator: its signature counter fails to move forward.
 *   The library compares counters before it checks the signature, so its
 *   refusal could not tell a copied authenticator from a forgery; we give it
 *   no counter to compare and compare after the signature verified, in the
 *   statement that stores the new counter, so that two instances cannot both
 *   accept one counter. Only then is it audited as a suspected clone.
 */
import {
  generateAuthenticationOptions,
  type PublicKeyCredentialRequestOptionsJSON,
  verifyAuthenticationResponse,
} from "@simplewebauthn/server";
import { z } from "zod";
import { recordAudit, withAuditContext } from "../../db/audit.ts";
import {
  insertChallenge,
  passkeyForSignIn,
  passkeyOwner,
  recordPasskeyUse,
  takeChallenge,
} from "../../db/queries/passkeys.ts";
import type { SessionKind } from "../../db/schema.ts";
import { RateLimited, Unauthorized } from "../../domain/errors.ts";
import { publicUser } from "../users/public_user.ts";
import type { RequestMeta, ServiceDeps } from "../deps.ts";
import { parseInput } from "../validation.ts";
import { type LoginResult, refuseInactive } from "./login.ts";
import { holdAttempt, passwordRight } from "./login_limits.ts";
import {
  AuthenticationResponse,
  CHALLENGE_SECONDS,
  relyingParty,
  userHandleText,
} from "./passkeys_webauthn.ts";
import { rolesOf, startSession } from "./sessions.ts";

export const PasskeyLoginInput = z.object({ response: AuthenticationResponse }).strict();

export const PASSKEY_REFUSED = "This passkey did not sign you in. Try again, or sign in with your password.";

/**
 * The options for `navigator.credentials.get()`: no credentials listed, so
 * the browser offers every passkey it holds for this site (and the
 * identifier field's autofill can too).
 */
export async function passkeySignInOptions(
  deps: ServiceDeps,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const now = deps.now();
  const options = await generateAuthenticationOptions({
    rpID: relyingParty(deps.origin).id,
    userVerification: "preferred",
    timeout: CHALLENGE_SECONDS * 1000,
  });
  await insertChallenge(deps.db, {
    challenge: options.challenge,
    purpose: "authentication",
    userId: null,
    sessionId: null,
    now,
    expiresAt: new Date(now.getTime() + CHALLENGE_SECONDS * 1000),
  });
  return options;
}

export async function passkeyLogin(
  deps: ServiceDeps,
  input: unknown,
  meta: RequestMeta,
  kind: SessionKind,
): Promise<LoginResult> {
  const { response } = parseInput(PasskeyLoginInput, input);
  const now = deps.now();
  // Counted as a failure from here until the assertion verifies.
  const attempt = await holdAttempt(deps.db, `passkey:${response.id}`, meta.ip, now).catch(async (err) => {
    if (err instanceof RateLimited) {
      await recordAudit(deps.db, {
        ...meta,
        action: "auth.login_throttled",
        entityType: "passkey",
        diff: { method: "passkey" },
      });
    }
    throw err;
  });
  const found = await passkeyForSignIn(deps.db, response.id);
  const passkey = found?.status === "deleted" ? undefined : found;
  const refuse = async (reason: string, extra: Record<string, unknown> = {}): Promise<never> => {
    await recordAudit(deps.db, {
      ...meta,
      actorId: passkey?.user_id ?? null,
      action: "auth.login_failed",
      entityType: passkey ? "passkey" : "user",
      entityId: passkey?.id ?? null,
      diff: { method: "passkey", reason, ...extra },
    });
    throw new Unauthorized(PASSKEY_REFUSED);
  };
  if (!passkey) return await refuse("unknown passkey");
  const handle = response.response.userHandle;
  if (handle !== undefined && handle !== userHandleText(passkey.user_id)) {
    return await refuse("user handle of another account");
  }

  const rp = relyingParty(deps.origin);
  let challengeSpent = false;
  let verified;
  try {
    verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: async (challenge) =>
        challengeSpent = await takeChallenge(deps.db, challenge, "authentication", now),
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: false,
      // No counter here: ours is compared after the signature verified (see above).
      credential: { id: passkey.credential_id, publicKey: new Uint8Array(passkey.public_key), counter: 0 },
    });
  } catch (err) {
    return await refuse(
      challengeSpent ? (err as Error).message.slice(0, 200) : "challenge unknown, spent or expired",
    );
  }
  if (!verified.verified) return await refuse("signature");
  const counter = verified.authenticationInfo.newCounter;
  if (!await recordPasskeyUse(deps.db, passkey.id, counter, now)) {
    await recordAudit(deps.db, {
      ...meta,
      actorId: passkey.user_id,
      action: "auth.passkey_clone_suspected",
      entityType: "passkey",
      entityId: passkey.id,
      diff: { storedCounter: passkey.sign_count, presentedCounter: counter },
    });
    return await refuse("counter did not move forward", { presentedCounter: counter });
  }
  // Before the account's state is looked at: a verified passkey is no failure, whatever follows.
  await passwordRight(deps.db, attempt);
  const user = await passkeyOwner(deps.db, passkey.user_id);
  if (!user) return await refuse("unknown passkey");
  refuseInactive(user.status);

  return await deps.db.transaction().execute(async (trx) => {
    await withAuditContext(trx, { ...meta, actorId: user.id });
    const tokens = await startSession(trx, deps.signer, { userId: user.id, kind, client: meta, now });
    await recordAudit(trx, {
      ...meta,
      actorId: user.id,
      action: "auth.login",
      entityType: "session",
      entityId: tokens.sessionId,
      diff: {
        kind,
        method: "passkey",
        passkeyId: passkey.id,
        userVerified: verified.authenticationInfo.userVerified,
      },
    });
    return { ...tokens, user: publicUser(user, await rolesOf(trx, user.id)) };
  });
}
