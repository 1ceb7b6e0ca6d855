/**
 * Key sets. A person has one identity (an Ed25519 key that signs their device
 * list, and an X25519 key that history is also sealed to, so a restored
 * identity reads it); each browser they use has its own device keys (X25519 to
 * receive, Ed25519 to sign what it sends). Only public halves leave the browser.
 */
import nacl from "tweetnacl";
import { b64 } from "./bytes.ts";

export const KEY_BYTES = 32;

export interface KeySet {
  id: string;
  boxPublic: Uint8Array;
  boxSecret: Uint8Array;
  signPublic: Uint8Array;
  /** 64 bytes: tweetnacl's seed followed by the public key. */
  signSecret: Uint8Array;
}

/** What the server and contacts know of a key set. */
export interface PublicKeySet {
  id: string;
  boxKey: string;
  signKey: string;
}

export function newKeySet(id: string): KeySet {
  return keySetFromSecrets(id, nacl.box.keyPair().secretKey, nacl.sign.keyPair().secretKey);
}

export function publicOf(keys: KeySet): PublicKeySet {
  return { id: keys.id, boxKey: b64(keys.boxPublic), signKey: b64(keys.signPublic) };
}

/** The key set again from its two secrets (a backup keeps only those). */
export function keySetFromSecrets(id: string, boxSecret: Uint8Array, signSecret: Uint8Array): KeySet {
  const box = nacl.box.keyPair.fromSecretKey(boxSecret);
  const sign = nacl.sign.keyPair.fromSecretKey(signSecret);
  return {
    id,
    boxPublic: box.publicKey,
    boxSecret: box.secretKey,
    signPublic: sign.publicKey,
    signSecret: sign.secretKey,
  };
}
