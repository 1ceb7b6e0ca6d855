/**
 * Random tokens and codes, and the digests they are stored as. A token is
 * 256 random bits; only its SHA-256 reaches the database, so a leaked table
 * grants nothing.
 */
import { decodeBase64url, encodeBase64url } from "../../lib/base64url.ts";

export function randomToken(): string {
  return encodeBase64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** A 6-digit code, uniform over 000000-999999 (rejection sampling: no modulo bias). */
export function randomCode(): string {
  const buf = new Uint32Array(1);
  const limit = Math.floor(0x1_0000_0000 / 1_000_000) * 1_000_000;
  do crypto.getRandomValues(buf); while (buf[0] >= limit);
  return String(buf[0] % 1_000_000).padStart(6, "0");
}

export async function sha256(input: string | Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
}

/** Digest of a token as presented; null when it cannot be one of ours. */
export async function tokenDigest(token: string): Promise<Uint8Array<ArrayBuffer> | null> {
  const raw = decodeBase64url(token);
  return raw && raw.length === 32 ? await sha256(raw) : null;
}

/** Codes are bound to their token row, so the same code in two rows hashes differently. */
export function codeDigest(tokenRowId: string, code: string): Promise<Uint8Array<ArrayBuffer>> {
  return sha256(`${tokenRowId}:${code}`);
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}
