/**
 * Access tokens: JWTs made and parsed with @oslojs/jwt, signed with
 * HMAC-SHA256 through Web Crypto. Everything a token claims is checked: the
 * algorithm is pinned (no "none", no key confusion), and iss, aud, typ and
 * exp must all be ours and current.
 *
 * A browser or app sends the same token with every request for its fifteen
 * minutes, and checking it (base64, JSON, HMAC) cost a signed-in page about
 * 60 µs; so each signer remembers the tokens it has verified and their
 * expiry. Only tokens that passed every check are kept, so forged ones cannot
 * fill the memory, and a kept token still lapses at its exp. Whether its
 * session is live is never kept: the caller asks the database every time.
 */
import {
  createJWTSignatureMessage,
  encodeJWT,
  JWSRegisteredHeaders,
  JWTRegisteredClaims,
  parseJWT,
} from "@oslojs/jwt";
import { LruMap } from "../../lib/lru.ts";

export const ACCESS_TOKEN_SECONDS = 15 * 60;
const ISSUER = "artistspace";
const AUDIENCE = "artistspace-api";
const TYPE = "at+jwt";
/** Verified tokens remembered per signer (about 0.5 KB each). */
const VERIFIED_KEPT = 10_000;

export interface AccessClaims {
  userId: string;
  sessionId: string;
}

export interface AccessTokenSigner {
  issue(claims: AccessClaims, now: Date): Promise<string>;
  /** The claims of a valid, current token of ours; null for anything else. */
  verify(token: string, now: Date): Promise<AccessClaims | null>;
}

export async function accessTokenSigner(secret: string): Promise<AccessTokenSigner> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign", "verify"],
  );
  const verified = new LruMap<string, { claims: AccessClaims; expiresAt: number }>(VERIFIED_KEPT);
  return {
    async issue({ userId, sessionId }, now) {
      const iat = Math.floor(now.getTime() / 1000);
      const header = JSON.stringify({ alg: "HS256", typ: TYPE });
      const payload = JSON.stringify({
        iss: ISSUER,
        aud: AUDIENCE,
        sub: userId,
        sid: sessionId,
        iat,
        exp: iat + ACCESS_TOKEN_SECONDS,
      });
      const message = createJWTSignatureMessage(header, payload) as Uint8Array<ArrayBuffer>;
      const signature = await crypto.subtle.sign("HMAC", key, message);
      return encodeJWT(header, payload, new Uint8Array(signature));
    },
    async verify(token, now) {
      const known = verified.get(token);
      if (known) {
        if (known.expiresAt > now.getTime()) return { ...known.claims };
        verified.delete(token);
        return null;
      }
      const checked = await check(token, now);
      if (!checked) return null;
      verified.set(token, checked);
      return { ...checked.claims };
    },
  };

  /** The token's claims and expiry if every check passes. */
  async function check(
    token: string,
    now: Date,
  ): Promise<{ claims: AccessClaims; expiresAt: number } | null> {
    let parsed: ReturnType<typeof parseJWT>;
    try {
      parsed = parseJWT(token);
    } catch {
      return null;
    }
    const [header, payload, signature, message] = parsed;
    const headers = new JWSRegisteredHeaders(header);
    if (!headers.hasAlgorithm() || headers.algorithm() !== "HS256") return null;
    if (!headers.hasType() || headers.type() !== TYPE) return null;
    const valid = await crypto.subtle.verify(
      "HMAC",
      key,
      signature as Uint8Array<ArrayBuffer>,
      message as Uint8Array<ArrayBuffer>,
    );
    if (!valid) return null;
    try {
      const claims = new JWTRegisteredClaims(payload);
      if (!claims.hasIssuer() || claims.issuer() !== ISSUER) return null;
      if (!claims.hasAudiences() || !claims.audiences().includes(AUDIENCE)) return null;
      if (!claims.hasExpiration() || claims.expiration().getTime() <= now.getTime()) return null;
      const sid = (payload as { sid?: unknown }).sid;
      if (!claims.hasSubject() || typeof sid !== "string") return null;
      return {
        claims: { userId: claims.subject(), sessionId: sid },
        expiresAt: claims.expiration().getTime(),
      };
    } catch {
      // A claim of the wrong type (e.g. exp as a string) makes the reader throw.
      return null;
    }
  }
}
