/** A person's passkeys and the single-use challenges of WebAuthn ceremonies. */
import type { Kysely, Selectable } from "kysely";
import type { Database, PasskeysTable, WebauthnChallengePurpose } from "../schema.ts";

export type PasskeyRow = Selectable<PasskeysTable>;

/** The person's passkeys, oldest first. */
export async function passkeysOf(db: Kysely<Database>, userId: string): Promise<PasskeyRow[]> {
  return await db.selectFrom("passkeys").selectAll()
    .where("user_id", "=", userId)
    .orderBy("created_at").orderBy("id")
    .execute();
}

/** One of the person's passkeys; someone else's is as good as absent. */
export async function ownPasskey(
  db: Kysely<Database>,
  userId: string,
  id: string,
): Promise<PasskeyRow | undefined> {
  return await db.selectFrom("passkeys").selectAll()
    .where("id", "=", id).where("user_id", "=", userId)
    .executeTakeFirst();
}

/** The passkey an authenticator names, with its owner's account as sign-in needs it. */
export async function passkeyForSignIn(db: Kysely<Database>, credentialId: string) {
  return await db.selectFrom("passkeys")
    .innerJoin("users", "users.id", "passkeys.user_id")
    .selectAll("passkeys")
    .select("users.status")
    .where("passkeys.credential_id", "=", credentialId)
    .executeTakeFirst();
}

/** The new passkey, or undefined when its credential id is already registered (to anyone). */
export async function insertPasskey(
  db: Kysely<Database>,
  passkey: {
    userId: string;
    credentialId: string;
    publicKey: Uint8Array;
    signCount: number;
    transports: string[];
    deviceType: PasskeyRow["device_type"];
    backedUp: boolean;
    name: string;
    now: Date;
  },
): Promise<PasskeyRow | undefined> {
  return await db.insertInto("passkeys")
    .values({
      user_id: passkey.userId,
      credential_id: passkey.credentialId,
      public_key: passkey.publicKey,
      sign_count: passkey.signCount,
      transports: passkey.transports,
      device_type: passkey.deviceType,
      backed_up: passkey.backedUp,
      name: passkey.name,
      created_at: passkey.now,
    })
    .onConflict((oc) => oc.column("credential_id").doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function renamePasskey(
  db: Kysely<Database>,
  userId: string,
  id: string,
  name: string,
): Promise<PasskeyRow | undefined> {
  return await db.updateTable("passkeys").set({ name })
    .where("id", "=", id).where("user_id", "=", userId)
    .returningAll()
    .executeTakeFirst();
}

export async function deletePasskey(
  db: Kysely<Database>,
  userId: string,
  id: string,
): Promise<PasskeyRow | undefined> {
  return await db.deleteFrom("passkeys")
    .where("id", "=", id).where("user_id", "=", userId)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Records a use of the passkey with the counter its authenticator reported,
 * if that counter moved forward (or both are zero: authenticators that keep
 * no counter always say 0). One conditional statement, so of two instances
 * accepting assertions with the same counter at once, only one writes it;
 * false means the counter did not move, i.e. a copied authenticator or a
 * replay.
 */
export async function recordPasskeyUse(
  db: Kysely<Database>,
  id: string,
  signCount: number,
  now: Date,
): Promise<boolean> {
  const result = await db.updateTable("passkeys")
    .set({ sign_count: signCount, last_used_at: now })
    .where("id", "=", id)
    .where((eb) => signCount === 0 ? eb("sign_count", "=", 0) : eb("sign_count", "<", signCount))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Stores a new challenge; expired ones are dropped on the way, so the table holds minutes of them. */
export async function insertChallenge(
  db: Kysely<Database>,
  challenge: {
    challenge: string;
    purpose: WebauthnChallengePurpose;
    userId: string | null;
    sessionId: string | null;
    now: Date;
    expiresAt: Date;
  },
): Promise<void> {
  await db.deleteFrom("webauthn_challenges").where("expires_at", "<=", challenge.now).execute();
  await db.insertInto("webauthn_challenges")
    .values({
      challenge: challenge.challenge,
      purpose: challenge.purpose,
      user_id: challenge.userId,
      session_id: challenge.sessionId,
      created_at: challenge.now,
      expires_at: challenge.expiresAt,
    })
    .execute();
}

/**
 * Spends a live challenge of `purpose` (bound to `session`, for a
 * registration): true for exactly one caller, false for every other and for
 * an unknown, expired or foreign one.
 */
export async function takeChallenge(
  db: Kysely<Database>,
  challenge: string,
  purpose: WebauthnChallengePurpose,
  now: Date,
  session?: { userId: string; sessionId: string },
): Promise<boolean> {
  // Every challenge we issue is 32 random bytes in base64url; anything else (a NUL would even fail the
  // statement) is none of ours.
  if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) return false;
  let query = db.deleteFrom("webauthn_challenges")
    .where("challenge", "=", challenge)
    .where("purpose", "=", purpose)
    .where("expires_at", ">", now);
  if (session) {
    query = query.where("user_id", "=", session.userId).where("session_id", "=", session.sessionId);
  }
  const taken = await query.returning("challenge").executeTakeFirst();
  return taken !== undefined;
}

/** The account a passkey belongs to, as registering one names it and signing in returns it. */
export async function passkeyOwner(db: Kysely<Database>, userId: string) {
  return await db.selectFrom("users").selectAll().where("id", "=", userId).executeTakeFirst();
}
