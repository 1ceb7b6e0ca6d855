/**
 * A local stand-in for a browser's push service (RFC 8030), on 127.0.0.1,
 * strict the way real ones are: every message must carry a VAPID token
 * (RFC 8292) for this service's origin, signed (ES256, checked here with
 * WebCrypto) by the application server key the subscription was made with,
 * expiring within 24 hours and naming a contact; a TTL; and a body encrypted
 * with aes128gcm to the subscription's keys (RFC 8291), which it decrypts
 * with the private key only the "browser" holds. It answers 201 for what
 * passes, and what a test tells it to (410 for a subscription gone, 500 or
 * 429 for a bad moment) otherwise.
 *
 * `subscribe` plays the browser's part of `pushManager.subscribe`: a fresh
 * P-256 key pair and 16-byte auth secret, and an endpoint on this service.
 */
import { decodeBase64url, encodeBase64url } from "../../lib/base64url.ts";

/** What `PushSubscription.toJSON()` gives a page. */
export interface BrowserSubscription {
  endpoint: string;
  expirationTime: null;
  keys: { p256dh: string; auth: string };
}

/** A message that passed every check, as the device would get it. */
export interface DeliveredPush {
  endpoint: string;
  ttl: number;
  urgency: string | null;
  topic: string | null;
  /** The VAPID token's claims. */
  claims: { aud: string; exp: number; sub: string };
  /** The decrypted body. */
  text: string;
}

export interface PushAttempt {
  endpoint: string;
  status: number;
  topic: string | null;
  /** Why it was refused, when the stand-in refused it (not for scripted answers). */
  reason?: string;
}

export interface PushServiceStandIn {
  origin: string;
  subscribe(applicationServerKey: string): Promise<BrowserSubscription>;
  /** Every message delivered, in order. */
  delivered: DeliveredPush[];
  /** Every request, delivered or not. */
  attempts: PushAttempt[];
  /** The next `times` requests to `endpoint` are answered `status` (410: the subscription is gone). */
  answer(endpoint: string, status: number, times?: number, headers?: Record<string, string>): void;
  close(): Promise<void>;
}

interface Subscriber {
  applicationServerKey: string;
  privateKey: CryptoKey;
  publicKey: Bytes;
  auth: Bytes;
}

const DAY_SECONDS = 24 * 60 * 60;

export function startPushService(): PushServiceStandIn {
  const subscribers = new Map<string, Subscriber>();
  const scripted = new Map<string, { status: number; times: number; headers: Record<string, string> }>();
  const delivered: DeliveredPush[] = [];
  const attempts: PushAttempt[] = [];

  const server: Deno.HttpServer<Deno.NetAddr> = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    async (req) => {
      const url = new URL(req.url);
      const endpoint = `${origin}${url.pathname}`;
      const topic = req.headers.get("Topic");
      const body = new Uint8Array(await req.arrayBuffer());
      const refuse = (status: number, reason: string) => {
        attempts.push({ endpoint, status, topic, reason });
        return new Response(reason, { status });
      };
      const script = scripted.get(endpoint);
      if (script && script.times > 0) {
        script.times--;
        attempts.push({ endpoint, status: script.status, topic });
        return new Response("scripted", { status: script.status, headers: script.headers });
      }
      const subscriber = subscribers.get(endpoint);
      if (req.method !== "POST") return refuse(405, "push messages are POSTed");
      if (!subscriber) return refuse(404, "no such subscription");
      const ttl = req.headers.get("TTL");
      if (ttl === null || !/^\d+$/.test(ttl)) return refuse(400, "TTL is required");
      if (req.headers.get("Content-Encoding") !== "aes128gcm") {
        return refuse(415, "Content-Encoding must be aes128gcm");
      }
      const urgency = req.headers.get("Urgency");
      if (urgency !== null && !["very-low", "low", "normal", "high"].includes(urgency)) {
        return refuse(400, "unknown Urgency");
      }
      if (topic !== null && !/^[A-Za-z0-9_-]{1,32}$/.test(topic)) {
        return refuse(400, "Topic is not 32 URL-safe chars");
      }
      const vapid = await checkVapid(
        req.headers.get("Authorization"),
        origin,
        subscriber.applicationServerKey,
      );
      if (typeof vapid === "string") return refuse(403, vapid);
      let text: string;
      try {
        text = await decrypt(body, subscriber);
      } catch (err) {
        return refuse(400, `cannot decrypt: ${err instanceof Error ? err.message : err}`);
      }
      attempts.push({ endpoint, status: 201, topic });
      delivered.push({ endpoint, ttl: Number(ttl), urgency, topic, claims: vapid, text });
      return new Response(null, { status: 201, headers: { Location: `${endpoint}/m/${delivered.length}` } });
    },
  );
  const origin: string = `http://127.0.0.1:${server.addr.port}`;

  return {
    origin,
    delivered,
    attempts,
    async subscribe(applicationServerKey) {
      const pair = await crypto.subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, false, [
        "deriveBits",
      ]) as CryptoKeyPair;
      const publicKey = new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey));
      const auth = crypto.getRandomValues(new Uint8Array(16));
      const endpoint = `${origin}/push/${encodeBase64url(crypto.getRandomValues(new Uint8Array(24)))}`;
      subscribers.set(endpoint, { applicationServerKey, privateKey: pair.privateKey, publicKey, auth });
      return {
        endpoint,
        expirationTime: null,
        keys: { p256dh: encodeBase64url(publicKey), auth: encodeBase64url(auth) },
      };
    },
    answer(endpoint, status, times = Infinity, headers = {}) {
      scripted.set(endpoint, { status, times, headers });
    },
    close: () => server.shutdown(),
  };
}

/** The claims of a valid `vapid t=<JWT>, k=<key>` for `origin` signed by `serverKey`, or why it is not. */
async function checkVapid(
  authorization: string | null,
  origin: string,
  serverKey: string,
): Promise<{ aud: string; exp: number; sub: string } | string> {
  const match = /^vapid t=([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+),\s*k=([A-Za-z0-9_-]+)$/.exec(
    authorization ?? "",
  );
  if (!match) return "Authorization must be `vapid t=<JWT>, k=<key>`";
  const [, token, k] = match;
  if (k !== serverKey) return "k is not the key this subscription was made with";
  const [head, body, signature] = token.split(".");
  const header = JSON.parse(new TextDecoder().decode(decodeBase64url(head)!));
  if (header.alg !== "ES256") return "the token must be ES256";
  const key = await crypto.subtle.importKey(
    "raw",
    decodeBase64url(k)!,
    { name: "ECDSA", namedCurve: "P-256" },
    false,
    [
      "verify",
    ],
  );
  const signed = await crypto.subtle.verify(
    { name: "ECDSA", hash: "SHA-256" },
    key,
    decodeBase64url(signature) ?? new Uint8Array(),
    new TextEncoder().encode(`${head}.${body}`),
  );
  if (!signed) return "the token's signature does not verify";
  const claims = JSON.parse(new TextDecoder().decode(decodeBase64url(body)!));
  if (claims.aud !== origin) return `aud must be ${origin}`;
  const now = Math.floor(Date.now() / 1000);
  if (typeof claims.exp !== "number" || claims.exp <= now) return "the token has expired";
  if (claims.exp > now + DAY_SECONDS) return "exp is more than 24 hours ahead";
  if (typeof claims.sub !== "string" || !/^(mailto:|https:)/.test(claims.sub)) {
    return "sub must be mailto: or https:";
  }
  return claims;
}

/** RFC 8291 with RFC 8188's aes128gcm: one record, the sender's key in the header's keyid. */
async function decrypt(body: Bytes, subscriber: Subscriber): Promise<string> {
  if (body.length < 21 + 65 + 16) throw new Error("too short");
  const salt = body.slice(0, 16);
  const recordSize = new DataView(body.buffer, body.byteOffset + 16, 4).getUint32(0);
  const idLength = body[20];
  if (idLength !== 65) throw new Error("keyid must be the sender's 65-byte public key");
  const senderKey = body.slice(21, 21 + idLength);
  const ciphertext = body.slice(21 + idLength);
  if (ciphertext.length > recordSize) throw new Error("more than one record");

  const sender = await crypto.subtle.importKey(
    "raw",
    senderKey,
    { name: "ECDH", namedCurve: "P-256" },
    false,
    [],
  );
  const shared = new Uint8Array(
    await crypto.subtle.deriveBits({ name: "ECDH", public: sender }, subscriber.privateKey, 256),
  );
  const keyInfo = concat(new TextEncoder().encode("WebPush: info\0"), subscriber.publicKey, senderKey);
  const ikm = await hkdf(subscriber.auth, shared, keyInfo, 32);
  const cek = await hkdf(salt, ikm, new TextEncoder().encode("Content-Encoding: aes128gcm\0"), 16);
  const nonce = await hkdf(salt, ikm, new TextEncoder().encode("Content-Encoding: nonce\0"), 12);
  const aesKey = await crypto.subtle.importKey("raw", cek, "AES-GCM", false, ["decrypt"]);
  const padded = new Uint8Array(
    await crypto.subtle.decrypt({ name: "AES-GCM", iv: nonce }, aesKey, ciphertext),
  );
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error("the last record's delimiter must be 0x02");
  return new TextDecoder("utf-8", { fatal: true }).decode(padded.slice(0, end));
}

type Bytes = Uint8Array<ArrayBuffer>;

async function hkdf(salt: Bytes, ikm: Bytes, info: Bytes, bytes: number): Promise<Bytes> {
  const key = await crypto.subtle.importKey("raw", ikm, "HKDF", false, ["deriveBits"]);
  return new Uint8Array(
    await crypto.subtle.deriveBits(
      { name: "HKDF", hash: "SHA-256", salt, info },
      key,
      bytes * 8,
    ),
  );
}

function concat(...parts: Uint8Array[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
