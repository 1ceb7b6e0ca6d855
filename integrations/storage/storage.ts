/**
 * The storage adapter contract: local disk in development, any S3-compatible
 * store in production, same behaviour.
 *
 * A key's first segment is its visibility ("public/acts/42/photo.webp",
 * "private/riders/42.pdf"), and `put` refuses a key whose prefix contradicts
 * the visibility asked for. Keeping it in the key means `url()` needs no
 * lookup, and a production bucket policy or CDN can expose `public/*` alone
 * without per-object ACLs (which S3 disables by default and R2 lacks).
 */
import { ValidationError } from "../../domain/errors.ts";

export type Visibility = "public" | "private";

export interface PutOptions {
  contentType: string;
  /** Defaults: public files are cached for a year (keys are never reused for new content), private never. */
  cacheControl?: string;
  visibility: Visibility;
}

export interface StoredObject {
  bytes: Uint8Array;
  contentType: string;
  cacheControl?: string;
}

export interface Storage {
  put(key: string, bytes: Uint8Array, opts: PutOptions): Promise<void>;
  /** Null when there is no such object. */
  get(key: string): Promise<StoredObject | null>;
  /** Deleting a missing object is not an error (S3 semantics). */
  delete(key: string): Promise<void>;
  /** Public keys get a stable URL; private keys a signed one that expires (default 15 minutes). */
  url(key: string, opts?: { expiresInSeconds?: number }): Promise<string>;
}

export const DEFAULT_URL_LIFETIME_SECONDS = 15 * 60;
/** S3's own ceiling for presigned URLs; the local adapter keeps the same rule. */
export const MAX_URL_LIFETIME_SECONDS = 7 * 24 * 60 * 60;

export const CACHE_CONTROL: Record<Visibility, string> = {
  public: "public, max-age=31536000, immutable",
  private: "private, no-store",
};

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,254}$/;

/**
 * Validates a key and returns its visibility. Only plain segments are
 * allowed (no "..", no leading "/" or ".", no backslashes or URL-special
 * characters), so a key is at once a safe relative path and a URL path that
 * needs no encoding.
 */
export function visibilityOf(key: string): Visibility {
  const segments = key.split("/");
  if (key.length > 1024 || segments.length < 2 || !segments.every((s) => SEGMENT.test(s))) {
    throw new ValidationError(`Invalid storage key: ${JSON.stringify(key.slice(0, 100))}`, [
      { field: "key", message: "must be public/... or private/... with plain path segments" },
    ]);
  }
  const [first] = segments;
  if (first !== "public" && first !== "private") {
    throw new ValidationError(`Storage key must start with public/ or private/: ${JSON.stringify(key)}`, [
      { field: "key", message: "must start with public/ or private/" },
    ]);
  }
  return first;
}

/** Checks a put: the key is valid and its prefix agrees with the visibility asked for. */
export function checkPut(key: string, visibility: Visibility): void {
  if (visibilityOf(key) !== visibility) {
    throw new ValidationError(`Storage key ${JSON.stringify(key)} is not ${visibility}`, [
      { field: "key", message: `must start with ${visibility}/` },
    ]);
  }
}

export function urlLifetime(opts?: { expiresInSeconds?: number }): number {
  const seconds = opts?.expiresInSeconds ?? DEFAULT_URL_LIFETIME_SECONDS;
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_URL_LIFETIME_SECONDS) {
    throw new RangeError(`expiresInSeconds must be an integer from 1 to ${MAX_URL_LIFETIME_SECONDS}`);
  }
  return seconds;
}
