/**
 * Sealed boxes for secrets at rest: a JSON value encrypted with AES-256-GCM
 * under a key derived from the app secret, one key per purpose, so a box
 * sealed for one purpose (the outbox) cannot be opened as another.
 *
 * Layout: 12-byte random IV || ciphertext || 16-byte GCM tag. Pure Web Crypto.
 */

export interface Sealer {
  seal(value: unknown): Promise<Uint8Array<ArrayBuffer>>;
  /** Throws if the box was sealed under another secret or purpose, or was altered. */
  open(bytes: Uint8Array): Promise<unknown>;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function sealer(secret: string, purpose: string): Sealer {
  if (!secret) throw new TypeError("sealer needs a secret");
  if (!purpose) throw new TypeError("sealer needs a purpose");
  let key: Promise<CryptoKey> | undefined;
  const getKey = () => key ??= deriveKey(secret, purpose);

  return {
    async seal(value) {
      const json = JSON.stringify(value);
      if (json === undefined) throw new TypeError("sealer can only seal JSON values");
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const ciphertext = await crypto.subtle.encrypt(
        { name: "AES-GCM", iv },
        await getKey(),
        encoder.encode(json),
      );
      const box = new Uint8Array(IV_BYTES + ciphertext.byteLength);
      box.set(iv);
      box.set(new Uint8Array(ciphertext), IV_BYTES);
      return box;
    },

    async open(bytes) {
      if (bytes.byteLength < IV_BYTES + TAG_BYTES) throw new SealedBoxError("too short to be a sealed box");
      // A copy: drivers hand back Buffers that may share a larger pool, which
      // Web Crypto's BufferSource type does not accept.
      const box = new Uint8Array(bytes);
      let plain: ArrayBuffer;
      try {
        plain = await crypto.subtle.decrypt(
          { name: "AES-GCM", iv: box.subarray(0, IV_BYTES) },
          await getKey(),
          box.subarray(IV_BYTES),
        );
      } catch {
        throw new SealedBoxError("wrong key or purpose, or the box was altered");
      }
      return JSON.parse(decoder.decode(plain));
    },
  };
}

export class SealedBoxError extends Error {
  constructor(reason: string) {
    super(`Cannot open sealed box: ${reason}`);
    this.name = "SealedBoxError";
  }
}

async function deriveKey(secret: string, purpose: string): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey"]);
  // No salt: the input is already a uniformly random secret (RFC 5869 section 3.1);
  // `info` is what separates the keys of different purposes.
  return crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(), info: encoder.encode(purpose) },
    base,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}
