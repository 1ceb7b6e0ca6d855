/**
 * Web Push's VAPID identity (RFC 8292): the P-256 key pair the server signs
 * its push requests with, whose public half browsers subscribe with, and a
 * contact for the push services' operators.
 *
 * Production takes the keys from VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY and,
 * without them, has push off (and says so at start-up): a key pair made on
 * the fly would differ between instances, and every subscription is bound to
 * the key it was made with. Development and test make a pair once and keep it
 * under the data folder, as env.ts does with its secrets.
 */
import type { AppEnv } from "./env.ts";

export interface PushConfig {
  /** Uncompressed P-256 point, base64url (87 characters): what browsers subscribe with. */
  publicKey: string;
  /** The private scalar, base64url (43 characters). */
  privateKey: string;
  /** `mailto:` or `https:`, sent in every VAPID token. */
  subject: string;
  /** Where the keys came from, for the start-up log. */
  source: "environment" | "development";
}

export interface PushSettings {
  VAPID_PUBLIC_KEY?: string;
  VAPID_PRIVATE_KEY?: string;
  VAPID_SUBJECT?: string;
  MAIL_FROM: string;
}

/** Why a configured key pair was refused; thrown as the caller's configuration error. */
export class PushConfigError extends Error {}

const DEV_FILE = "vapid.json";

/** The VAPID keys and subject, or null when push is off (production without keys). */
export async function pushConfig(
  appEnv: AppEnv,
  dataDir: string,
  e: PushSettings,
): Promise<PushConfig | null> {
  const subject = e.VAPID_SUBJECT ?? subjectFromMailFrom(e.MAIL_FROM);
  if (!/^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/.test(subject)) {
    throw new PushConfigError("VAPID_SUBJECT must be a mailto: address or an https:// URL");
  }
  if (e.VAPID_PUBLIC_KEY || e.VAPID_PRIVATE_KEY) {
    if (!e.VAPID_PUBLIC_KEY || !e.VAPID_PRIVATE_KEY) {
      throw new PushConfigError("Web Push needs VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY (or neither)");
    }
    await checkKeyPair(e.VAPID_PUBLIC_KEY, e.VAPID_PRIVATE_KEY);
    return { publicKey: e.VAPID_PUBLIC_KEY, privateKey: e.VAPID_PRIVATE_KEY, subject, source: "environment" };
  }
  if (appEnv === "production") return null;
  const keys = await developmentKeys(dataDir);
  return { ...keys, subject, source: "development" };
}

/** `Artist Space <no-reply@artistspace.in>` gives `mailto:no-reply@artistspace.in`. */
function subjectFromMailFrom(from: string): string {
  const address = /<([^<>\s]+@[^<>\s]+)>/.exec(from)?.[1] ?? from.trim();
  return `mailto:${address}`;
}

/** Refuses keys of the wrong shape, and a private key that is not the public key's. */
async function checkKeyPair(publicKey: string, privateKey: string): Promise<void> {
  const point = decode(publicKey);
  const scalar = decode(privateKey);
  if (point?.length !== 65 || point[0] !== 4) {
    throw new PushConfigError(
      "VAPID_PUBLIC_KEY must be an uncompressed P-256 public key, base64url (87 characters)",
    );
  }
  if (scalar?.length !== 32) {
    throw new PushConfigError("VAPID_PRIVATE_KEY must be a P-256 private key, base64url (43 characters)");
  }
  const algorithm = { name: "ECDSA", namedCurve: "P-256" };
  const signing = { name: "ECDSA", hash: "SHA-256" };
  try {
    const jwk = {
      kty: "EC",
      crv: "P-256",
      x: encode(point.slice(1, 33)),
      y: encode(point.slice(33)),
      d: privateKey,
    };
    const key = await crypto.subtle.importKey("jwk", jwk, algorithm, false, ["sign"]);
    const pub = await crypto.subtle.importKey("raw", point, algorithm, false, ["verify"]);
    const probe = new TextEncoder().encode("vapid key pair");
    const signature = await crypto.subtle.sign(signing, key, probe);
    if (await crypto.subtle.verify(signing, pub, signature, probe)) return;
  } catch {
    // Not a point on the curve, or a scalar out of range: refused below like a mismatch.
  }
  throw new PushConfigError("VAPID_PRIVATE_KEY is not the private key of VAPID_PUBLIC_KEY");
}

async function developmentKeys(dataDir: string): Promise<{ publicKey: string; privateKey: string }> {
  const file = `${dataDir}/${DEV_FILE}`;
  const stored = await readKeys(file);
  if (stored) return stored;
  const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign"]);
  const publicKey = encode(new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey)));
  const { d } = await crypto.subtle.exportKey("jwk", pair.privateKey);
  await Deno.mkdir(dataDir, { recursive: true });
  try {
    await Deno.writeTextFile(file, JSON.stringify({ publicKey, privateKey: d }, null, 2), {
      mode: 0o600,
      createNew: true,
    });
  } catch (err) {
    // Another process starting at the same moment wrote its own first: use that one.
    if (!(err instanceof Deno.errors.AlreadyExists)) throw err;
  }
  return (await readKeys(file))!;
}

async function readKeys(file: string): Promise<{ publicKey: string; privateKey: string } | null> {
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return null;
    throw err;
  }
  const { publicKey, privateKey } = JSON.parse(text);
  await checkKeyPair(publicKey, privateKey);
  return { publicKey, privateKey };
}

// config/ imports nothing outside itself, so base64url is spelled out here.
function encode(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function decode(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  try {
    return Uint8Array.from(atob(text.replaceAll("-", "+").replaceAll("_", "/")), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}
