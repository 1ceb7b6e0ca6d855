/**
 * The security code two people compare to know no one sits between them:
 * 60 digits, 30 from each person's identity signing key (with their user id),
 * the lower user id's half first so both see the same code. Each half is
 * SHA-512 iterated, as Signal's safety numbers are, so finding a different key
 * with the same digits costs an attacker that much more per try.
 */
import { sha512 } from "@noble/hashes/sha2.js";
import { concat, mustUnb64, utf8 } from "./bytes.ts";

const ITERATIONS = 5200;

function half(userId: string, signKey: string): string {
  const key = mustUnb64(signKey, 32);
  let digest = sha512(concat(utf8("artistspace/security-code/v1"), key, utf8(userId)));
  for (let i = 1; i < ITERATIONS; i++) digest = sha512(concat(digest, key));
  let digits = "";
  for (let chunk = 0; chunk < 6; chunk++) {
    const b = digest.subarray(chunk * 5, chunk * 5 + 5);
    const n = (((b[0] * 256 + b[1]) * 256 + b[2]) * 256 + b[3]) * 256 + b[4];
    digits += String(n % 100000).padStart(5, "0");
  }
  return digits;
}

/** Twelve groups of five digits. */
export function securityCode(
  a: { userId: string; signKey: string },
  b: { userId: string; signKey: string },
): string[] {
  const [first, second] = a.userId < b.userId ? [a, b] : [b, a];
  const digits = half(first.userId, first.signKey) + half(second.userId, second.signKey);
  return digits.match(/\d{5}/g)!;
}
