/**
 * What every passkey ceremony shares: who the relying party is, how long a
 * challenge lives, the user handle, and the shape of what a browser sends
 * back, checked before @simplewebauthn/server reads it.
 *
 * The relying party is the configured public origin (`APP_ORIGIN`): its host
 * is the RP ID, and only assertions made on exactly that origin verify. A
 * passkey is bound to the RP ID for ever, so moving the app to another host
 * leaves its people's passkeys behind (their passwords still work).
 */
import { z } from "zod";
import { encodeBase64url } from "../../lib/base64url.ts";

export interface RelyingParty {
  /** The RP ID: the public origin's host name. */
  id: string;
  name: string;
  origin: string;
}

export function relyingParty(origin: string): RelyingParty {
  const url = new URL(origin);
  return { id: url.hostname, name: "Artist Space", origin: url.origin };
}

/** How long a ceremony may take, and so how long its challenge lives. */
export const CHALLENGE_SECONDS = 5 * 60;

/** ES256, Ed25519, RS256: what platform authenticators and security keys make. */
export const ALGORITHMS = [-7, -8, -257];

/**
 * The WebAuthn user handle of a person: their id's 16 bytes. Stable, so a
 * second passkey made on one device for one account replaces the first
 * there, and it says nothing an id in a URL does not already say.
 */
export function userHandle(userId: string): Uint8Array<ArrayBuffer> {
  const hex = userId.replaceAll("-", "");
  return Uint8Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
}

export function userHandleText(userId: string): string {
  return encodeBase64url(userHandle(userId));
}

const TRANSPORTS = ["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"] as const;
type Transport = (typeof TRANSPORTS)[number];

/** The transports a browser named that we know of; ones added to the standard later are dropped. */
export function knownTransports(named: readonly string[] | undefined): Transport[] {
  return (named ?? []).filter((t): t is Transport => (TRANSPORTS as readonly string[]).includes(t));
}

const base64url = (max: number) => z.string().min(1).max(max).regex(/^[A-Za-z0-9_-]+$/, "Must be base64url");

// Credential ids are at most 1023 bytes (WebAuthn Level 3), 1364 characters in base64url.
const credentialId = base64url(1366);

/**
 * Unknown members are dropped rather than refused: browsers add fields to
 * these objects over time, and what is verified is only what is named here.
 */
const common = {
  id: credentialId,
  rawId: credentialId,
  type: z.literal("public-key"),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
};

export const RegistrationResponse = z.object({
  ...common,
  response: z.object({
    clientDataJSON: base64url(4096),
    attestationObject: base64url(16384),
    transports: z.array(z.string().max(32)).max(16).optional(),
  }),
}).meta({ description: "What `navigator.credentials.create()` gave, as @simplewebauthn/browser's JSON" });

export const AuthenticationResponse = z.object({
  ...common,
  response: z.object({
    clientDataJSON: base64url(4096),
    authenticatorData: base64url(4096),
    signature: base64url(2048),
    userHandle: base64url(128).optional(),
  }),
}).meta({ description: "What `navigator.credentials.get()` gave, as @simplewebauthn/browser's JSON" });
