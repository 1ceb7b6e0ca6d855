/**
 * AWS Signature Version 4, as documented in "Create a signed AWS API request"
 * (header signing) and "Authenticating Requests: Using Query Parameters"
 * (presigned URLs). Written here rather than taken from npm so the only thing
 * between us and any S3-compatible store is `fetch` and Web Crypto.
 */

export interface SigningScope {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  service: string;
}

export const EMPTY_PAYLOAD_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
const ALGORITHM = "AWS4-HMAC-SHA256";
const encoder = new TextEncoder();

/** RFC 3986 unreserved characters stay; every other byte is %XX in upper case, as SigV4 requires. */
export function uriEncode(text: string, keepSlash = false): string {
  let out = "";
  for (const byte of encoder.encode(text)) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(ch) || (keepSlash && ch === "/")) out += ch;
    else out += "%" + byte.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

/** 20150830T123600Z */
function amzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

export async function sha256Hex(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === "string" ? encoder.encode(data) : new Uint8Array(data);
  return hex(await crypto.subtle.digest("SHA-256", bytes));
}

/**
 * Headers to add to a request (`authorization` and `x-amz-date`). `headers`
 * must hold every header to sign except host, which comes from the URL
 * because `fetch` derives it from there too. The URL's path must already be
 * encoded the way it is sent (S3 signs the path encoded once).
 */
export async function signHeaders(req: {
  method: string;
  url: URL;
  headers: Record<string, string>;
  payloadHash: string;
  scope: SigningScope;
  date: Date;
}): Promise<Record<string, string>> {
  const stamp = amzDate(req.date);
  const headers: Record<string, string> = { host: req.url.host, "x-amz-date": stamp };
  for (const [name, value] of Object.entries(req.headers)) headers[name.toLowerCase()] = value;
  const names = Object.keys(headers).sort();
  const canonicalHeaders = names.map((n) => `${n}:${headers[n].trim().replace(/\s+/g, " ")}\n`).join("");
  const signedHeaders = names.join(";");
  const credentialScope = `${stamp.slice(0, 8)}/${req.scope.region}/${req.scope.service}/aws4_request`;
  const canonicalRequest = [
    req.method,
    req.url.pathname,
    canonicalQuery(req.url.searchParams),
    canonicalHeaders,
    signedHeaders,
    req.payloadHash,
  ].join("\n");
  const signature = await sign(req.scope, stamp, credentialScope, canonicalRequest);
  return {
    "x-amz-date": stamp,
    authorization:
      `${ALGORITHM} Credential=${req.scope.accessKeyId}/${credentialScope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}

/** A GET URL anyone can use until it expires; only `host` is signed, so browsers can follow it as a link. */
export async function presignGet(req: {
  url: URL;
  scope: SigningScope;
  date: Date;
  expiresInSeconds: number;
}): Promise<URL> {
  const stamp = amzDate(req.date);
  const credentialScope = `${stamp.slice(0, 8)}/${req.scope.region}/${req.scope.service}/aws4_request`;
  const url = new URL(req.url);
  url.searchParams.set("X-Amz-Algorithm", ALGORITHM);
  url.searchParams.set("X-Amz-Credential", `${req.scope.accessKeyId}/${credentialScope}`);
  url.searchParams.set("X-Amz-Date", stamp);
  url.searchParams.set("X-Amz-Expires", String(req.expiresInSeconds));
  url.searchParams.set("X-Amz-SignedHeaders", "host");
  const canonicalRequest = [
    "GET",
    url.pathname,
    canonicalQuery(url.searchParams),
    `host:${url.host}\n`,
    "host",
    UNSIGNED_PAYLOAD,
  ].join("\n");
  const signature = await sign(req.scope, stamp, credentialScope, canonicalRequest);
  // Appended by hand: URLSearchParams would re-encode the others as form data ('+' for spaces).
  const query = canonicalQuery(url.searchParams) + `&X-Amz-Signature=${signature}`;
  return new URL(`${url.origin}${url.pathname}?${query}`);
}

function canonicalQuery(params: URLSearchParams): string {
  return [...params]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)])
    .sort(([ak, av], [bk, bv]) => ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0)
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
}

async function sign(
  scope: SigningScope,
  stamp: string,
  credentialScope: string,
  canonicalRequest: string,
): Promise<string> {
  const stringToSign = [ALGORITHM, stamp, credentialScope, await sha256Hex(canonicalRequest)].join("\n");
  let key = await hmac(encoder.encode(`AWS4${scope.secretAccessKey}`), stamp.slice(0, 8));
  for (const part of [scope.region, scope.service, "aws4_request"]) key = await hmac(key, part);
  return hex(await hmac(key, stringToSign));
}

async function hmac(key: Uint8Array, data: string): Promise<Uint8Array<ArrayBuffer>> {
  const k = await crypto.subtle.importKey(
    "raw",
    new Uint8Array(key),
    { name: "HMAC", hash: "SHA-256" },
    false,
    [
      "sign",
    ],
  );
  return new Uint8Array(await crypto.subtle.sign("HMAC", k, encoder.encode(data)));
}

function hex(buffer: ArrayBuffer | Uint8Array): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
}
