/**
 * A person's own passkeys: adding one (a WebAuthn registration ceremony),
 * listing, renaming and removing them. Only ever one's own: another
 * person's passkey is as good as absent (404), admins included.
 *
 * Adding and removing need a recent sign-in or the password
 * (passkeys_recent_login.ts). For adding it is checked when the ceremony
 * starts, and the challenge it issues is bound to this session and lives
 * five minutes, so finishing the ceremony is covered by that check.
 *
 * Registration asks for a discoverable credential (a passkey the browser
 * can offer without a username) and prefers, but does not require, user
 * verification; attestation is "none": we trust the person who just proved
 * who they are, not a device maker's certificate.
 */
import {
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  verifyRegistrationResponse,
} from "@simplewebauthn/server";
import { z } from "zod";
import { recordAudit } from "../../db/audit.ts";
import {
  deletePasskey,
  insertChallenge,
  insertPasskey,
  ownPasskey,
  passkeyOwner,
  type PasskeyRow,
  passkeysOf,
  renamePasskey,
  takeChallenge,
} from "../../db/queries/passkeys.ts";
import { type Actor, requireActor } from "../../domain/access.ts";
import { Conflict, NotFound, ValidationError } from "../../domain/errors.ts";
import { PASSWORD_MAX_LENGTH } from "../../domain/password_policy.ts";
import type { RequestMeta, ServiceDeps } from "../deps.ts";
import { parseInput, plainString, requireId } from "../validation.ts";
import { confirmRecentLogin, signedInRecently } from "./passkeys_recent_login.ts";
import {
  ALGORITHMS,
  CHALLENGE_SECONDS,
  knownTransports,
  RegistrationResponse,
  relyingParty,
  userHandle,
} from "./passkeys_webauthn.ts";

const PasskeyName = plainString().min(1, "Give the passkey a name").max(60, "At most 60 characters");
const Password = z.string().max(PASSWORD_MAX_LENGTH * 4).optional()
  .meta({ description: "Needed unless this session signed in under five minutes ago" });

export const PasskeyRegistrationOptionsInput = z.object({ password: Password }).strict();
export const PasskeyRegistrationInput = z.object({ name: PasskeyName, response: RegistrationResponse })
  .strict();
export const PasskeyRenameInput = z.object({ name: PasskeyName }).strict();
export const PasskeyRemoveInput = z.object({ password: Password }).strict();

export interface PasskeySummary {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  /** "multiDevice": synced by a passkey provider; "singleDevice": bound to one authenticator. */
  deviceType: PasskeyRow["device_type"];
  backedUp: boolean;
}

function summary(row: PasskeyRow): PasskeySummary {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    deviceType: row.device_type,
    backedUp: row.backed_up,
  };
}

export async function listPasskeys(deps: ServiceDeps, actor: Actor | null): Promise<PasskeySummary[]> {
  const a = requireActor(actor);
  return (await passkeysOf(deps.db, a.userId)).map(summary);
}

/** What /account shows of passkeys: the list, and whether removing one needs the password. */
export async function myPasskeys(
  deps: ServiceDeps,
  actor: Actor | null,
): Promise<{ passkeys: PasskeySummary[]; recentLogin: boolean }> {
  const a = requireActor(actor);
  return {
    passkeys: (await passkeysOf(deps.db, a.userId)).map(summary),
    recentLogin: await signedInRecently(deps.db, a, deps.now()),
  };
}

/** Starts adding a passkey: the options for `navigator.credentials.create()`. */
export async function passkeyRegistrationOptions(
  deps: ServiceDeps,
  actor: Actor | null,
  input: unknown,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const a = requireActor(actor);
  const { password } = parseInput(PasskeyRegistrationOptionsInput, input ?? {});
  const now = deps.now();
  await confirmRecentLogin(deps.db, a, password, now);
  const user = await passkeyOwner(deps.db, a.userId);
  if (!user) throw new NotFound("Account not found");
  const rp = relyingParty(deps.origin);
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userID: userHandle(a.userId),
    userName: user.email,
    userDisplayName: user.display_name ?? user.email,
    timeout: CHALLENGE_SECONDS * 1000,
    attestationType: "none",
    // The browser refuses to make a second passkey on an authenticator that already holds one of these.
    excludeCredentials: (await passkeysOf(deps.db, a.userId)).map((p) => ({
      id: p.credential_id,
      transports: p.transports,
    })),
    authenticatorSelection: { residentKey: "required", userVerification: "preferred" },
    supportedAlgorithmIDs: ALGORITHMS,
  });
  await insertChallenge(deps.db, {
    challenge: options.challenge,
    purpose: "registration",
    userId: a.userId,
    sessionId: a.sessionId,
    now,
    expiresAt: new Date(now.getTime() + CHALLENGE_SECONDS * 1000),
  });
  return options;
}

const NOT_ADDED = "The passkey could not be added";

/** Finishes adding a passkey: verifies the authenticator's answer to this session's challenge and keeps it. */
export async function registerPasskey(
  deps: ServiceDeps,
  actor: Actor | null,
  input: unknown,
  meta: RequestMeta,
): Promise<PasskeySummary> {
  const a = requireActor(actor);
  const { name, response } = parseInput(PasskeyRegistrationInput, input);
  const now = deps.now();
  const rp = relyingParty(deps.origin);
  let challengeSpent = false;
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: async (challenge) =>
        challengeSpent = await takeChallenge(deps.db, challenge, "registration", now, a),
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: false,
      supportedAlgorithmIDs: ALGORITHMS,
    });
  } catch (err) {
    await refused(deps, a, meta, challengeSpent ? (err as Error).message : "challenge");
    throw new ValidationError(NOT_ADDED, [{
      field: "response",
      message: challengeSpent
        ? "Your browser's answer did not verify. Try again."
        : "This request to add a passkey has expired or was already used. Start again.",
    }]);
  }
  if (!verified.verified) {
    await refused(deps, a, meta, "not verified");
    throw new ValidationError(NOT_ADDED, [{
      field: "response",
      message: "Your browser's answer did not verify",
    }]);
  }
  const info = verified.registrationInfo;
  return await deps.db.transaction().execute(async (trx) => {
    const row = await insertPasskey(trx, {
      userId: a.userId,
      credentialId: info.credential.id,
      publicKey: info.credential.publicKey,
      signCount: info.credential.counter,
      transports: knownTransports(info.credential.transports ?? response.response.transports),
      deviceType: info.credentialDeviceType,
      backedUp: info.credentialBackedUp,
      name,
      now,
    });
    if (!row) throw new Conflict("This passkey is already registered");
    await recordAudit(trx, {
      ...meta,
      actorId: a.userId,
      action: "auth.passkey_added",
      entityType: "passkey",
      entityId: row.id,
      diff: { name, deviceType: row.device_type, backedUp: row.backed_up, userVerified: info.userVerified },
    });
    return summary(row);
  });
}

async function refused(deps: ServiceDeps, actor: Actor, meta: RequestMeta, reason: string): Promise<void> {
  await recordAudit(deps.db, {
    ...meta,
    actorId: actor.userId,
    action: "auth.passkey_refused",
    entityType: "user",
    entityId: actor.userId,
    diff: { reason: reason.slice(0, 200) },
  });
}

export async function renameOwnPasskey(
  deps: ServiceDeps,
  actor: Actor | null,
  passkeyId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<PasskeySummary> {
  const a = requireActor(actor);
  const id = requireId(passkeyId, "Passkey");
  const { name } = parseInput(PasskeyRenameInput, input);
  return await deps.db.transaction().execute(async (trx) => {
    const row = await renamePasskey(trx, a.userId, id, name);
    if (!row) throw new NotFound("Passkey not found");
    await recordAudit(trx, {
      ...meta,
      actorId: a.userId,
      action: "auth.passkey_renamed",
      entityType: "passkey",
      entityId: id,
      diff: { name },
    });
    return summary(row);
  });
}

/** Removes one of the person's passkeys; it signs nobody in from then on. */
export async function removeOwnPasskey(
  deps: ServiceDeps,
  actor: Actor | null,
  passkeyId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<void> {
  const a = requireActor(actor);
  const id = requireId(passkeyId, "Passkey");
  const { password } = parseInput(PasskeyRemoveInput, input ?? {});
  // Absent first: whether a passkey exists is no secret from its owner, and nobody else finds one.
  if (!await ownPasskey(deps.db, a.userId, id)) throw new NotFound("Passkey not found");
  const confirmedBy = await confirmRecentLogin(deps.db, a, password, deps.now());
  await deps.db.transaction().execute(async (trx) => {
    const row = await deletePasskey(trx, a.userId, id);
    if (!row) throw new NotFound("Passkey not found");
    await recordAudit(trx, {
      ...meta,
      actorId: a.userId,
      action: "auth.passkey_removed",
      entityType: "passkey",
      entityId: id,
      diff: { name: row.name, confirmedBy },
    });
  });
}
