/** Picks the storage adapter the configuration asks for: S3 when S3_BUCKET is set, local disk otherwise. */
import type { Config } from "../../config/env.ts";
import { LocalDiskStorage } from "./local_disk.ts";
import { S3Storage } from "./s3.ts";
import type { Storage } from "./storage.ts";

export type { PutOptions, Storage, StoredObject, Visibility } from "./storage.ts";
export { LocalDiskStorage, MEDIA_PATH } from "./local_disk.ts";
export { S3Storage } from "./s3.ts";

/** Returns a `LocalDiskStorage` (check with `instanceof`) when the `/media/*` route must be mounted. */
export function createStorage(config: Pick<Config, "storage" | "secrets">): Storage {
  const { storage } = config;
  if (storage.kind === "s3") {
    const { kind: _, ...s3 } = storage;
    return new S3Storage(s3);
  }
  return new LocalDiskStorage({ dir: storage.dir, secret: config.secrets.APP_SECRET });
}
