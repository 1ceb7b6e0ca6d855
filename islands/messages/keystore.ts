/**
 * This browser's keys for a signed-in person: their identity and this
 * device's key sets, kept in IndexedDB with the secret halves encrypted
 * (AES-GCM) under a key Web Crypto made non-extractable. That key is stored in
 * IndexedDB too (structured clone keeps a CryptoKey as it is), so script on
 * this origin can use it but nothing can read its bytes, and a copy of the
 * database's files holds no key material in the clear.
 */
import { b64, fields } from "../../lib/e2ee/bytes.ts";
import type { KeySet } from "../../lib/e2ee/keys.ts";
import { allBy, get, inTransaction, put, remove, STORES } from "./idb.ts";

type Role = "identity" | "device";

/** A key set at rest: public halves as they are, both secrets in one AES-GCM box. */
export interface StoredKeySet {
  id: string;
  boxPublic: Uint8Array;
  signPublic: Uint8Array;
  iv: Uint8Array;
  /** AES-GCM(boxSecret ‖ signSecret), bound to the person, the role and the public halves. */
  sealed: Uint8Array;
}

interface StoredKeys {
  v: 1;
  userId: string;
  identity: StoredKeySet;
  device: StoredKeySet;
}

export interface Keys {
  userId: string;
  identity: KeySet;
  device: KeySet;
}

const BOX_SECRET = 32;

// lib/e2ee types its bytes over any buffer; Web Crypto's types want an ArrayBuffer, which all of them are.
const buffer = (bytes: Uint8Array) => bytes as Uint8Array<ArrayBuffer>;
const SIGN_SECRET = 64;

export function newWrappingKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
}

const bound = (userId: string, role: Role, k: Pick<StoredKeySet, "id" | "boxPublic" | "signPublic">) =>
  buffer(fields("artistspace/keystore/v1", userId, role, k.id, b64(k.boxPublic), b64(k.signPublic)));

export async function wrapKeySet(
  wrapping: CryptoKey,
  userId: string,
  role: Role,
  keys: KeySet,
): Promise<StoredKeySet> {
  const secrets = new Uint8Array(BOX_SECRET + SIGN_SECRET);
  secrets.set(keys.boxSecret);
  secrets.set(keys.signSecret, BOX_SECRET);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: "AES-GCM", iv, additionalData: bound(userId, role, keys) },
      wrapping,
      secrets,
    ),
  );
  secrets.fill(0);
  return { id: keys.id, boxPublic: keys.boxPublic, signPublic: keys.signPublic, iv, sealed };
}

/** The key set back; throws when the wrapping key, the person or the role is not the one it was sealed for. */
export async function unwrapKeySet(
  wrapping: CryptoKey,
  userId: string,
  role: Role,
  stored: StoredKeySet,
): Promise<KeySet> {
  const secrets = new Uint8Array(
    await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: buffer(stored.iv), additionalData: bound(userId, role, stored) },
      wrapping,
      buffer(stored.sealed),
    ),
  );
  return {
    id: stored.id,
    boxPublic: stored.boxPublic,
    boxSecret: secrets.slice(0, BOX_SECRET),
    signPublic: stored.signPublic,
    signSecret: secrets.slice(BOX_SECRET),
  };
}

/** This person's wrapping key, made on first use; two tabs racing keep the first one stored. */
export async function wrappingKeyOf(userId: string): Promise<CryptoKey> {
  const existing = await inTransaction(
    [STORES.wrapping],
    "readonly",
    (tx) => get<CryptoKey>(tx, STORES.wrapping, userId),
  );
  if (existing) return existing;
  const made = await newWrappingKey();
  return await inTransaction([STORES.wrapping], "readwrite", async (tx) => {
    const raced = await get<CryptoKey>(tx, STORES.wrapping, userId);
    if (raced) return raced;
    await put(tx, STORES.wrapping, made, userId);
    return made;
  });
}

export async function loadKeys(userId: string): Promise<Keys | null> {
  const stored = await inTransaction(
    [STORES.keys, STORES.wrapping],
    "readonly",
    async (tx) => ({
      keys: await get<StoredKeys>(tx, STORES.keys, userId),
      wrapping: await get<CryptoKey>(tx, STORES.wrapping, userId),
    }),
  );
  if (!stored.keys || !stored.wrapping) return null;
  return {
    userId,
    identity: await unwrapKeySet(stored.wrapping, userId, "identity", stored.keys.identity),
    device: await unwrapKeySet(stored.wrapping, userId, "device", stored.keys.device),
  };
}

export async function saveKeys(keys: Keys): Promise<void> {
  const wrapping = await wrappingKeyOf(keys.userId);
  const record: StoredKeys = {
    v: 1,
    userId: keys.userId,
    identity: await wrapKeySet(wrapping, keys.userId, "identity", keys.identity),
    device: await wrapKeySet(wrapping, keys.userId, "device", keys.device),
  };
  await inTransaction([STORES.keys], "readwrite", (tx) => put(tx, STORES.keys, record, keys.userId));
}

/** Forgets this person's keys, the key wrapping them and their unsent messages, which no one could open again. */
export async function clearKeys(userId: string): Promise<void> {
  await inTransaction([STORES.keys, STORES.wrapping, STORES.outbox], "readwrite", async (tx) => {
    for (const entry of await allBy<{ clientId: string }>(tx, STORES.outbox, "userId", userId)) {
      await remove(tx, STORES.outbox, entry.clientId);
    }
    await remove(tx, STORES.keys, userId);
    await remove(tx, STORES.wrapping, userId);
  });
}

/** Encrypts something else of this person's for IndexedDB (an unsent message), under the same wrapping key. */
export async function sealAtRest(
  userId: string,
  label: string,
  bytes: Uint8Array,
): Promise<{ iv: Uint8Array; sealed: Uint8Array }> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const additionalData = buffer(fields("artistspace/at-rest/v1", userId, label));
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData },
    await wrappingKeyOf(userId),
    buffer(bytes),
  );
  return { iv, sealed: new Uint8Array(sealed) };
}

export async function openAtRest(
  userId: string,
  label: string,
  box: { iv: Uint8Array; sealed: Uint8Array },
): Promise<Uint8Array> {
  const additionalData = buffer(fields("artistspace/at-rest/v1", userId, label));
  return new Uint8Array(
    await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: buffer(box.iv), additionalData },
      await wrappingKeyOf(userId),
      buffer(box.sealed),
    ),
  );
}
