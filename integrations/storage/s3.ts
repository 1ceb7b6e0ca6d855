/**
 * Any S3-compatible store (AWS S3, Cloudflare R2, MinIO, Backblaze B2...)
 * over plain `fetch`, signed with SigV4. Public keys are served from
 * S3_PUBLIC_BASE_URL (a CDN) or straight from the bucket, which then needs a
 * policy allowing anonymous GET on `public/*`; private keys get presigned GETs.
 */
import { ExternalServiceError } from "../../domain/errors.ts";
import { presignGet, sha256Hex, signHeaders, type SigningScope, uriEncode } from "./sigv4.ts";
import {
  CACHE_CONTROL,
  checkPut,
  type PutOptions,
  type Storage,
  type StoredObject,
  urlLifetime,
  visibilityOf,
} from "./storage.ts";

export interface S3Config {
  /** https://s3.eu-west-1.amazonaws.com, https://<account>.r2.cloudflarestorage.com, http://127.0.0.1:9000 */
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  publicBaseUrl?: string;
  /** "path": endpoint/bucket/key; "virtual": bucket.endpoint/key. */
  urlStyle: "path" | "virtual";
}

export class S3Storage implements Storage {
  readonly #config: S3Config;
  readonly #scope: SigningScope;
  readonly #now: () => Date;

  constructor(config: S3Config, opts: { now?: () => Date } = {}) {
    this.#config = { ...config, endpoint: config.endpoint.replace(/\/+$/, "") };
    this.#scope = {
      accessKeyId: config.accessKeyId,
      secretAccessKey: config.secretAccessKey,
      region: config.region,
      service: "s3",
    };
    this.#now = opts.now ?? (() => new Date());
  }

  async put(key: string, bytes: Uint8Array, opts: PutOptions): Promise<void> {
    checkPut(key, opts.visibility);
    const res = await this.#send("PUT", key, new Uint8Array(bytes), {
      "content-type": opts.contentType,
      "cache-control": opts.cacheControl ?? CACHE_CONTROL[opts.visibility],
    });
    await res.body?.cancel();
  }

  async get(key: string): Promise<StoredObject | null> {
    visibilityOf(key);
    const res = await this.#send("GET", key, undefined, {}, [404]);
    if (res.status === 404) {
      await res.body?.cancel();
      return null;
    }
    return {
      bytes: new Uint8Array(await res.arrayBuffer()),
      contentType: res.headers.get("content-type") ?? "application/octet-stream",
      cacheControl: res.headers.get("cache-control") ?? undefined,
    };
  }

  async delete(key: string): Promise<void> {
    visibilityOf(key);
    const res = await this.#send("DELETE", key);
    await res.body?.cancel();
  }

  async url(key: string, opts?: { expiresInSeconds?: number }): Promise<string> {
    if (visibilityOf(key) === "public") {
      const base = this.#config.publicBaseUrl?.replace(/\/+$/, "");
      return base ? `${base}/${key}` : this.objectUrl(key).href;
    }
    const url = await presignGet({
      url: this.objectUrl(key),
      scope: this.#scope,
      date: this.#now(),
      expiresInSeconds: urlLifetime(opts),
    });
    return url.href;
  }

  /** The object's address at the store, unsigned. */
  objectUrl(key: string): URL {
    const { endpoint, bucket, urlStyle } = this.#config;
    const path = uriEncode(key, true);
    if (urlStyle === "path") return new URL(`${endpoint}/${uriEncode(bucket)}/${path}`);
    const base = new URL(endpoint);
    return new URL(`${base.protocol}//${bucket}.${base.host}/${path}`);
  }

  async #send(
    method: string,
    key: string,
    body?: Uint8Array<ArrayBuffer>,
    headers: Record<string, string> = {},
    expected: number[] = [],
  ): Promise<Response> {
    const url = this.objectUrl(key);
    const signed = { ...headers, "x-amz-content-sha256": await sha256Hex(body ?? new Uint8Array()) };
    const auth = await signHeaders({
      method,
      url,
      headers: signed,
      payloadHash: signed["x-amz-content-sha256"],
      scope: this.#scope,
      date: this.#now(),
    });
    let res: Response;
    try {
      res = await fetch(url, { method, body, headers: { ...signed, ...auth } });
    } catch (err) {
      throw new ExternalServiceError(
        `Object storage unreachable (${method} ${key}): ${(err as Error).message}`,
      );
    }
    if (res.ok || expected.includes(res.status)) return res;
    const text = await res.text();
    const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? "UnknownError";
    const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? "";
    throw new ExternalServiceError(
      `Object storage refused ${method} ${key}: ${res.status} ${code} ${message}`.trim(),
    );
  }
}
