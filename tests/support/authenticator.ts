/**
 * A software WebAuthn authenticator, so that passkey tests run
 * @simplewebauthn/server's verification for real: an ES256 key made with
 * WebCrypto, authenticator data with the RP ID's hash, flags and a signature
 * counter, attestation "none" in CBOR (the few structures needed, encoded by
 * hand), and clientDataJSON with the challenge, origin and type. What it
 * answers is the JSON a browser's @simplewebauthn/browser would send.
 *
 * A test can make it misbehave as an attacker's would: answer for another
 * origin or RP ID, or be copied (`clone`) so two of them share a key and
 * report counters of their own.
 */
import { encodeBase64url } from "../../lib/base64url.ts";

const FLAG_USER_PRESENT = 0x01;
const FLAG_USER_VERIFIED = 0x04;
const FLAG_ATTESTED_CREDENTIAL = 0x40;

type Cbor = number | string | Uint8Array | Map<Cbor, Cbor>;

/** Definite-length CBOR (RFC 8949) of integers, byte and text strings, and maps in insertion order. */
export function cbor(value: Cbor): Uint8Array<ArrayBuffer> {
  const head = (major: number, n: number): number[] => {
    if (n < 24) return [(major << 5) | n];
    if (n < 0x100) return [(major << 5) | 24, n];
    if (n < 0x10000) return [(major << 5) | 25, n >> 8, n & 0xff];
    return [(major << 5) | 26, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
  };
  if (typeof value === "number") return Uint8Array.from(value >= 0 ? head(0, value) : head(1, -1 - value));
  if (typeof value === "string") {
    const bytes = new TextEncoder().encode(value);
    return concat(Uint8Array.from(head(3, bytes.length)), bytes);
  }
  if (value instanceof Uint8Array) return concat(Uint8Array.from(head(2, value.length)), value);
  const parts: Uint8Array[] = [Uint8Array.from(head(5, value.size))];
  for (const [k, v] of value) parts.push(cbor(k), cbor(v));
  return concat(...parts);
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
}

const utf8 = (text: string) => new TextEncoder().encode(text);

/** WebCrypto's ECDSA signature (r || s) as the DER SEQUENCE WebAuthn carries. */
function derSignature(raw: Uint8Array): Uint8Array {
  const integer = (bytes: Uint8Array) => {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    const trimmed = bytes.slice(i);
    const body = trimmed[0] & 0x80 ? concat(Uint8Array.of(0), trimmed) : trimmed;
    return concat(Uint8Array.of(0x02, body.length), body);
  };
  const seq = concat(integer(raw.slice(0, 32)), integer(raw.slice(32)));
  return concat(Uint8Array.of(0x30, seq.length), seq);
}

export interface Ceremony {
  /** The origin the browser would put in clientDataJSON. */
  origin: string;
  /** The RP ID whose hash goes into the authenticator data; the options' own by default. */
  rpId?: string;
  /** Whether the user was verified (a fingerprint, a PIN); true by default. */
  userVerified?: boolean;
}

interface CreationOptions {
  challenge: string;
  rp: { id?: string };
  user: { id: string };
}

interface RequestOptions {
  challenge: string;
  rpId?: string;
}

export class SoftwareAuthenticator {
  /** What the next assertion reports; a fresh authenticator starts at 0, then counts up. */
  counter = 0;
  userHandle: string | null = null;

  private constructor(
    private readonly keys: CryptoKeyPair,
    readonly credentialId: string,
    /** Counters kept by this authenticator; false for those that always say 0 (as many synced passkeys do). */
    private readonly counts: boolean,
  ) {}

  static async create(options: { counts?: boolean } = {}): Promise<SoftwareAuthenticator> {
    const keys = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
      "sign",
      "verify",
    ]) as CryptoKeyPair;
    const id = encodeBase64url(crypto.getRandomValues(new Uint8Array(16)));
    return new SoftwareAuthenticator(keys, id, options.counts ?? true);
  }

  /** A copy with the same key and credential, and a counter of its own from where this one is now. */
  clone(): SoftwareAuthenticator {
    const copy = new SoftwareAuthenticator(this.keys, this.credentialId, this.counts);
    copy.counter = this.counter;
    copy.userHandle = this.userHandle;
    return copy;
  }

  /** The answer to `navigator.credentials.create(options)`, as @simplewebauthn/browser sends it. */
  async register(options: CreationOptions, ceremony: Ceremony) {
    this.userHandle = options.user.id;
    const jwk = await crypto.subtle.exportKey("jwk", this.keys.publicKey);
    const cose = cbor(
      new Map<Cbor, Cbor>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, decode(jwk.x!)],
        [-3, decode(jwk.y!)],
      ]),
    );
    const id = decode(this.credentialId);
    const attested = concat(new Uint8Array(16), Uint8Array.of(id.length >> 8, id.length & 0xff), id, cose);
    const authData = await this.authenticatorData(
      ceremony.rpId ?? options.rp.id!,
      FLAG_ATTESTED_CREDENTIAL | this.verificationFlags(ceremony),
      attested,
    );
    const attestationObject = cbor(
      new Map<Cbor, Cbor>([["fmt", "none"], ["attStmt", new Map()], ["authData", authData]]),
    );
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: "public-key" as const,
      response: {
        clientDataJSON: encodeBase64url(clientData("webauthn.create", options.challenge, ceremony.origin)),
        attestationObject: encodeBase64url(attestationObject),
        transports: ["internal"],
      },
      clientExtensionResults: {},
      authenticatorAttachment: "platform" as const,
    };
  }

  /** The answer to `navigator.credentials.get(options)`: signs, counting the use first. */
  async assert(options: RequestOptions, ceremony: Ceremony) {
    if (this.counts) this.counter++;
    const authData = await this.authenticatorData(
      ceremony.rpId ?? options.rpId!,
      this.verificationFlags(ceremony),
      new Uint8Array(),
    );
    const clientDataJSON = clientData("webauthn.get", options.challenge, ceremony.origin);
    const signed = concat(authData, await sha256(clientDataJSON));
    const raw = new Uint8Array(
      await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, this.keys.privateKey, signed),
    );
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: "public-key" as const,
      response: {
        clientDataJSON: encodeBase64url(clientDataJSON),
        authenticatorData: encodeBase64url(authData),
        signature: encodeBase64url(derSignature(raw)),
        ...(this.userHandle ? { userHandle: this.userHandle } : {}),
      },
      clientExtensionResults: {},
      authenticatorAttachment: "platform" as const,
    };
  }

  private verificationFlags(ceremony: Ceremony): number {
    return FLAG_USER_PRESENT | (ceremony.userVerified === false ? 0 : FLAG_USER_VERIFIED);
  }

  private async authenticatorData(rpId: string, flags: number, attested: Uint8Array) {
    const c = this.counts ? this.counter : 0;
    const counter = Uint8Array.of((c >>> 24) & 0xff, (c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff);
    return concat(await sha256(utf8(rpId)), Uint8Array.of(flags), counter, attested);
  }
}

function clientData(type: string, challenge: string, origin: string): Uint8Array<ArrayBuffer> {
  return utf8(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
}

function decode(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
