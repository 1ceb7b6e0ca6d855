/** Byte helpers the message protocol shares between the browser and the server. */
import { decodeBase64url, encodeBase64url } from "../base64url.ts";

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
export const fromUtf8 = (bytes: Uint8Array): string =>
  new TextDecoder("utf-8", { fatal: true }).decode(bytes);

export const b64 = encodeBase64url;

/** Decodes base64url that must be `length` bytes long (when given); null otherwise. */
export function unb64(text: string, length?: number): Uint8Array | null {
  const bytes = decodeBase64url(text);
  if (!bytes || (length !== undefined && bytes.length !== length)) return null;
  return bytes;
}

/** Like `unb64`, for values already validated or signed: a bad one is a programming error. */
export function mustUnb64(text: string, length?: number): Uint8Array {
  const bytes = unb64(text, length);
  if (!bytes) throw new Error("Malformed base64url key material");
  return bytes;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Length-prefixed fields, so no two different field lists encode to the same bytes. */
export function fields(...values: string[]): Uint8Array {
  return concat(...values.flatMap((v) => {
    const bytes = utf8(v);
    const len = new Uint8Array(4);
    new DataView(len.buffer).setUint32(0, bytes.length);
    return [len, bytes];
  }));
}

/** Compares in time independent of where the first difference is. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}
