/**
 * Sending one Web Push message (RFC 8030) to a browser's push service.
 *
 * The `web-push` package does the cryptography: the payload encrypted to the
 * subscription's keys (RFC 8291, aes128gcm) and the VAPID token signed with
 * our key (RFC 8292), both over node:crypto, which Deno provides. It only
 * builds the request here (`generateRequestDetails`); fetch sends it, so the
 * timeout, the refusal to follow redirects and the reading of the answer are
 * ours, and a loopback push service (the tests' stand-in) needs no TLS.
 */
// @ts-types="@types/web-push"
import webPush from "web-push";

export interface PushTarget {
  endpoint: string;
  /** The browser's P-256 public key, base64url. */
  p256dh: string;
  /** Its 16-byte auth secret, base64url. */
  auth: string;
}

export interface PushMessageOptions {
  ttlSeconds: number;
  urgency: "normal" | "high";
  /** RFC 8030 Topic: up to 32 URL-safe base64 characters; a newer message with it replaces an undelivered one. */
  topic: string;
}

export interface PushAnswer {
  status: number;
  /** Retry-After in seconds, when the push service gave one (429, 503). */
  retryAfterSeconds: number | null;
  /** The start of the push service's answer, for the outbox's error column. */
  detail: string;
}

export interface PushSender {
  /** Sends `payload` (UTF-8 text, at most about 3 KB); throws only when no answer came (network, timeout). */
  send(target: PushTarget, payload: string, options: PushMessageOptions): Promise<PushAnswer>;
}

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

const TIMEOUT_MS = 10_000;
const DETAIL_CHARS = 300;

export function createPushSender(vapid: VapidKeys, options: { timeoutMs?: number } = {}): PushSender {
  const vapidDetails = { subject: vapid.subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey };
  return {
    async send(target, payload, message) {
      const request = webPush.generateRequestDetails(
        { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
        payload,
        {
          vapidDetails,
          TTL: message.ttlSeconds,
          urgency: message.urgency,
          topic: message.topic,
          contentEncoding: "aes128gcm",
        },
      );
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) headers.set(name, String(value));
      const res = await fetch(request.endpoint, {
        method: request.method,
        headers,
        body: request.body ? new Uint8Array(request.body) : undefined,
        // A push service answers; it does not send us elsewhere, and following would let an
        // endpoint reach an address it was refused for.
        redirect: "manual",
        signal: AbortSignal.timeout(options.timeoutMs ?? TIMEOUT_MS),
      });
      const text = await res.text().catch(() => "");
      return {
        status: res.status,
        retryAfterSeconds: retryAfter(res.headers.get("Retry-After")),
        detail: text.slice(0, DETAIL_CHARS),
      };
    },
  };
}

/** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
function retryAfter(value: string | null): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}
