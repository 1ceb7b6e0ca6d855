import assert from "node:assert/strict";
import { newKeySet } from "../../lib/e2ee/keys.ts";
import { newWrappingKey, unwrapKeySet, wrapKeySet } from "./keystore.ts";

const USER = "a0000000-0000-4000-8000-00000000000a";

/** Whether `needle` occurs anywhere in `hay`. */
function contains(hay: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

Deno.test("the wrapping key can encrypt and decrypt but never be read out", async () => {
  const key = await newWrappingKey();
  assert.equal(key.extractable, false);
  assert.deepEqual([...key.usages].sort(), ["decrypt", "encrypt"]);
  await assert.rejects(crypto.subtle.exportKey("raw", key));
  await assert.rejects(crypto.subtle.exportKey("jwk", key));
});

Deno.test("a wrapped key set holds its secrets only encrypted and comes back whole", async () => {
  const wrapping = await newWrappingKey();
  const keys = newKeySet(crypto.randomUUID());
  const stored = await wrapKeySet(wrapping, USER, "device", keys);
  assert.ok(!contains(stored.sealed, keys.boxSecret.subarray(0, 16)));
  assert.ok(!contains(stored.sealed, keys.signSecret.subarray(0, 16)));
  assert.deepEqual(Object.keys(stored).sort(), ["boxPublic", "id", "iv", "sealed", "signPublic"]);
  assert.deepEqual(await unwrapKeySet(wrapping, USER, "device", stored), keys);
});

Deno.test("a wrapped key set opens only for its person, its role, its public keys and its wrapping key", async () => {
  const wrapping = await newWrappingKey();
  const keys = newKeySet(crypto.randomUUID());
  const stored = await wrapKeySet(wrapping, USER, "identity", keys);
  const other = newKeySet(crypto.randomUUID());
  await assert.rejects(unwrapKeySet(await newWrappingKey(), USER, "identity", stored));
  await assert.rejects(unwrapKeySet(wrapping, "b0000000-0000-4000-8000-00000000000b", "identity", stored));
  await assert.rejects(unwrapKeySet(wrapping, USER, "device", stored));
  await assert.rejects(unwrapKeySet(wrapping, USER, "identity", { ...stored, boxPublic: other.boxPublic }));
});
