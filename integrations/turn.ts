/**
 * TURN credentials in coturn's shared-secret scheme (its `use-auth-secret`,
 * the "REST API" of draft-uberti-behave-turn-rest): the username is the
 * expiry time and whom it is for, the password the base64 HMAC-SHA1 of the
 * username under the secret the TURN server shares with us. Nothing is
 * stored; coturn recomputes it, and refuses it once the time has passed.
 */
import type { IceConfig } from "../config/env.ts";

/** What `new RTCPeerConnection({ iceServers })` takes. */
export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

/** Long enough for a long call: the credential is checked on each allocation and refresh. */
export const TURN_CREDENTIAL_SECONDS = 12 * 60 * 60;

export async function turnCredential(
  secret: string,
  whom: string,
  now: Date,
): Promise<{ username: string; credential: string }> {
  const expiry = Math.floor(now.getTime() / 1000) + TURN_CREDENTIAL_SECONDS;
  const username = `${expiry}:${whom}`;
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-1" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(username)));
  return { username, credential: btoa(String.fromCharCode(...mac)) };
}

/** The ICE servers for one person: STUN as configured, TURN with credentials of their own. */
export async function iceServersFor(config: IceConfig, userId: string, now: Date): Promise<IceServer[]> {
  const stun = config.urls.filter((u) => u.startsWith("stun"));
  const turn = config.urls.filter((u) => u.startsWith("turn"));
  const servers: IceServer[] = [];
  if (stun.length > 0) servers.push({ urls: stun });
  if (turn.length > 0 && config.turnSecret) {
    servers.push({ urls: turn, ...await turnCredential(config.turnSecret, userId, now) });
  }
  return servers;
}
