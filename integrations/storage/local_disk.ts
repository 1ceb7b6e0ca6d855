/**
 * Files on local disk, for development and single-machine deployments.
 *
 * Layout under the root: `<key>` holds the bytes, `.meta/<key>.json` the
 * content type and cache policy, `.tmp/` half-written files (written there,
 * then renamed into place, so a reader never sees a partial file). Keys
 * cannot start a segment with ".", so neither folder can be reached as a key.
 *
 * Private files are served only with `?exp=<unix seconds>&sig=<base64url>`, an
 * HMAC-SHA256 of the key and expiry under a key derived from the app secret.
 */
import { decodeBase64url, encodeBase64url } from "../../lib/base64url.ts";
import {
  CACHE_CONTROL,
  checkPut,
  type PutOptions,
  type Storage,
  type StoredObject,
  urlLifetime,
  visibilityOf,
} from "./storage.ts";

export const MEDIA_PATH = "/media/";
const encoder = new TextEncoder();

interface Meta {
  contentType: string;
  cacheControl: string;
}

export class LocalDiskStorage implements Storage {
  readonly #root: string;
  readonly #key: Promise<CryptoKey>;
  readonly #now: () => Date;

  constructor(opts: { dir: string; secret: string; now?: () => Date }) {
    if (!opts.secret) throw new TypeError("LocalDiskStorage needs a secret to sign private URLs");
    this.#root = opts.dir.replace(/\/+$/, "");
    this.#key = deriveUrlKey(opts.secret);
    this.#now = opts.now ?? (() => new Date());
  }

  async put(key: string, bytes: Uint8Array, opts: PutOptions): Promise<void> {
    checkPut(key, opts.visibility);
    const meta: Meta = {
      contentType: opts.contentType,
      cacheControl: opts.cacheControl ?? CACHE_CONTROL[opts.visibility],
    };
    await this.#writeAtomically(this.#path(key), bytes);
    await this.#writeAtomically(this.#metaPath(key), encoder.encode(JSON.stringify(meta)));
  }

  async get(key: string): Promise<StoredObject | null> {
    visibilityOf(key);
    try {
      const meta: Meta = JSON.parse(await Deno.readTextFile(this.#metaPath(key)));
      return { bytes: await Deno.readFile(this.#path(key)), ...meta };
    } catch (err) {
      if (err instanceof Deno.errors.NotFound) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    visibilityOf(key);
    for (const path of [this.#metaPath(key), this.#path(key)]) {
      try {
        await Deno.remove(path);
      } catch (err) {
        if (!(err instanceof Deno.errors.NotFound)) throw err;
      }
    }
  }

  async url(key: string, opts?: { expiresInSeconds?: number }): Promise<string> {
    if (visibilityOf(key) === "public") return MEDIA_PATH + key;
    const exp = Math.floor(this.#now().getTime() / 1000) + urlLifetime(opts);
    const sig = await crypto.subtle.sign("HMAC", await this.#key, signedText(key, exp));
    return `${MEDIA_PATH}${key}?exp=${exp}&sig=${encodeBase64url(new Uint8Array(sig))}`;
  }

  /**
   * The key a private URL made by `url()` grants, or null if it is not one,
   * was altered, or has expired. Accepts a path with query or a full URL.
   */
  async verifySignedUrl(url: string | URL, now: Date): Promise<string | null> {
    const parsed = new URL(url, "http://localhost");
    const key = keyOfPath(parsed.pathname);
    const exp = parsed.searchParams.get("exp");
    const sig = decodeBase64url(parsed.searchParams.get("sig") ?? "");
    if (key === null || !exp || !/^\d{1,12}$/.test(exp) || !sig) return null;
    if (Number(exp) * 1000 <= now.getTime()) return null;
    const valid = await crypto.subtle.verify("HMAC", await this.#key, sig, signedText(key, Number(exp)));
    return valid ? key : null;
  }

  /**
   * What the `/media/*` route should serve for a request URL: a public key
   * as is, a private key only through a valid signed URL; otherwise null
   * (answer 404, so private keys are not confirmed to exist).
   */
  async keyForRequest(url: string | URL, now: Date): Promise<string | null> {
    const key = keyOfPath(new URL(url, "http://localhost").pathname);
    if (key === null) return null;
    return visibilityOf(key) === "public" ? key : await this.verifySignedUrl(url, now);
  }

  #path(key: string): string {
    return `${this.#root}/${key}`;
  }

  #metaPath(key: string): string {
    return `${this.#root}/.meta/${key}.json`;
  }

  async #writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
    const tmpDir = `${this.#root}/.tmp`;
    await Deno.mkdir(tmpDir, { recursive: true });
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    const tmp = `${tmpDir}/${crypto.randomUUID()}`;
    await Deno.writeFile(tmp, bytes);
    await Deno.rename(tmp, path);
  }
}

/** The key in a `/media/<key>` path, or null when the path is not a valid media path. */
function keyOfPath(pathname: string): string | null {
  if (!pathname.startsWith(MEDIA_PATH)) return null;
  const key = pathname.slice(MEDIA_PATH.length);
  try {
    visibilityOf(key);
    return key;
  } catch {
    return null;
  }
}

function signedText(key: string, exp: number): Uint8Array<ArrayBuffer> {
  return encoder.encode(`${key}\n${exp}`);
}

async function deriveUrlKey(secret: string): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey"]);
  // No salt: the app secret is already uniformly random (RFC 5869 section 3.1); `info` separates purposes.
  return crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(), info: encoder.encode("storage signed urls") },
    base,
    { name: "HMAC", hash: "SHA-256", length: 256 },
    false,
    ["sign", "verify"],
  );
}
