/**
 * The recovery key and the identity backup. The browser makes a 160-bit
 * random key, shows it once in groups of four (Crockford's base32: no I, L, O
 * or U to misread), and seals the identity's two secret keys under a key
 * scrypt derives from it. The server keeps the sealed backup and never sees
 * the recovery key. The key is random, not a password, so scrypt's cost is
 * a margin, not the defence; it is set so a phone derives it in about a second.
 */
import { scrypt } from "@noble/hashes/scrypt.js";
import nacl from "tweetnacl";
import { b64, fromUtf8, unb64, utf8 } from "./bytes.ts";
import { type KeySet, keySetFromSecrets } from "./keys.ts";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const KEY_BYTES = 20;

export interface IdentityBackup {
  v: 1;
  kdf: "scrypt";
  n: number;
  r: number;
  p: number;
  salt: string;
  nonce: string;
  sealed: string;
}

/** The parameters new backups use; a backup names its own, so they can change. */
export const SCRYPT = { n: 2 ** 15, r: 8, p: 1 } as const;

export function newRecoveryKey(): Uint8Array {
  return nacl.randomBytes(KEY_BYTES);
}

/** "7KQ2-M9X4-…": 32 characters in eight groups of four. */
export function formatRecoveryKey(key: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of key) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out.match(/.{4}/g)!.join("-");
}

/** The key from what a person typed (any case, spaces or dashes, I/L for 1 and O for 0), or null. */
export function parseRecoveryKey(typed: string): Uint8Array | null {
  const text = typed.toUpperCase().replace(/[\s-]/g, "").replace(/[IL]/g, "1").replace(/O/g, "0");
  if (text.length !== (KEY_BYTES * 8) / 5) return null;
  const out = new Uint8Array(KEY_BYTES);
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const ch of text) {
    const digit = ALPHABET.indexOf(ch);
    if (digit < 0) return null;
    value = ((value << 5) | digit) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out[at++] = (value >>> (bits - 8)) & 255;
      bits -= 8;
    }
  }
  return out;
}

function derive(recoveryKey: Uint8Array, salt: Uint8Array, params: { n: number; r: number; p: number }) {
  return scrypt(recoveryKey, salt, {
    N: params.n,
    r: params.r,
    p: params.p,
    dkLen: nacl.secretbox.keyLength,
  });
}

export function sealIdentity(
  identity: KeySet,
  recoveryKey: Uint8Array,
  params: { n: number; r: number; p: number } = SCRYPT,
): IdentityBackup {
  const salt = nacl.randomBytes(16);
  const nonce = nacl.randomBytes(nacl.secretbox.nonceLength);
  const secrets = utf8(
    JSON.stringify({ id: identity.id, box: b64(identity.boxSecret), sign: b64(identity.signSecret) }),
  );
  return {
    v: 1,
    kdf: "scrypt",
    ...params,
    salt: b64(salt),
    nonce: b64(nonce),
    sealed: b64(nacl.secretbox(secrets, nonce, derive(recoveryKey, salt, params))),
  };
}

/** The identity back, or null when the recovery key is not the one it was sealed with. */
export function openIdentity(backup: IdentityBackup, recoveryKey: Uint8Array): KeySet | null {
  const salt = unb64(backup.salt);
  const nonce = unb64(backup.nonce, nacl.secretbox.nonceLength);
  const sealed = unb64(backup.sealed);
  if (!salt || !nonce || !sealed) return null;
  const opened = nacl.secretbox.open(sealed, nonce, derive(recoveryKey, salt, backup));
  if (!opened) return null;
  const secrets = JSON.parse(fromUtf8(opened)) as { id: string; box: string; sign: string };
  const box = unb64(secrets.box, nacl.box.secretKeyLength);
  const sign = unb64(secrets.sign, nacl.sign.secretKeyLength);
  return box && sign ? keySetFromSecrets(secrets.id, box, sign) : null;
}
