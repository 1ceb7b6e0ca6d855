/**
 * Act and venue photos. The type is taken from the bytes (never the name or
 * the Content-Type), the pixel size is kept so pages can reserve the image's
 * space, and every upload gets a new content-addressed key, so a public URL
 * never changes meaning and can be cached as immutable.
 *
 * The object is written before the row changes (storage cannot join the
 * transaction); if the transaction fails the new object is removed, and once
 * it commits the previous photo is removed. Both are best effort: a leftover
 * object is harmless, a row pointing at nothing is not.
 */
import type { Kysely } from "kysely";
import { withAuditContext } from "../../db/audit.ts";
import { type ActView, actView } from "../../db/queries/acts.ts";
import { findPhotoHolder, type PhotoTable, setPhotoColumns } from "../../db/queries/photos.ts";
import { type VenueView, venueView } from "../../db/queries/venues.ts";
import type { Act, Database, Venue } from "../../db/schema.ts";
import type { Actor } from "../../domain/access.ts";
import { requireEditor } from "../../domain/catalog_access.ts";
import { NotFound } from "../../domain/errors.ts";
import { acceptUpload, type SniffedType } from "../../integrations/storage/sniff.ts";
import type { Storage } from "../../integrations/storage/storage.ts";
import type { RequestMeta } from "../deps.ts";
import { removeStoredFiles } from "../stored_files.ts";

export const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp", "image/avif"] as const;
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;

const EXTENSIONS: Partial<Record<SniffedType, string>> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "image/avif": "avif",
};

export async function setActPhoto(
  db: Kysely<Database>,
  storage: Storage,
  actor: Actor | null,
  actId: string,
  bytes: Uint8Array,
  meta: RequestMeta,
): Promise<ActView> {
  const act = await setPhoto(db, storage, actor, "acts", actId, bytes, meta);
  return await actView(db, act as Act);
}

export async function setVenuePhoto(
  db: Kysely<Database>,
  storage: Storage,
  actor: Actor | null,
  venueId: string,
  bytes: Uint8Array,
  meta: RequestMeta,
): Promise<VenueView> {
  const venue = await setPhoto(db, storage, actor, "venues", venueId, bytes, meta);
  return venueView(venue as Venue);
}

async function setPhoto(
  db: Kysely<Database>,
  storage: Storage,
  actor: Actor | null,
  table: PhotoTable,
  id: string,
  bytes: Uint8Array,
  meta: RequestMeta,
) {
  const noun = table === "acts" ? "Act" : "Venue";
  // Checked before the bytes are looked at or stored: strangers learn nothing and write nothing.
  const before = await findPhotoHolder(db, table, id);
  if (!before) throw new NotFound(`${noun} not found`);
  requireEditor(actor, before);

  const image = acceptUpload(bytes, { allowed: PHOTO_TYPES, maxBytes: PHOTO_MAX_BYTES });
  const key = `${prefixOf(table, id)}${await sha256Hex(bytes, 32)}.${EXTENSIONS[image.type]}`;
  await storage.put(key, bytes, { contentType: image.type, visibility: "public" });
  const url = await storage.url(key);

  let previousUrl: string | null = null;
  let row;
  try {
    row = await db.transaction().execute(async (trx) => {
      const current = await findPhotoHolder(trx, table, id, true);
      if (!current) throw new NotFound(`${noun} not found`);
      const a = requireEditor(actor, current);
      await withAuditContext(trx, { ...meta, actorId: a.userId });
      previousUrl = current.photo_url;
      return await setPhotoColumns(trx, table, id, {
        url,
        width: image.width ?? null,
        height: image.height ?? null,
      });
    });
  } catch (err) {
    await removeStoredFiles(storage, [key]);
    throw err;
  }

  const oldKey = keyOfPhotoUrl(previousUrl, table, id);
  if (oldKey && oldKey !== key) await removeStoredFiles(storage, [oldKey]);
  return row;
}

function prefixOf(table: PhotoTable, id: string): string {
  return `public/${table}/${id}/`;
}

/**
 * The storage key inside a photo URL this module wrote (a local `/media/...`
 * path or a bucket/CDN URL), or null for anything else, which is left alone.
 */
export function keyOfPhotoUrl(url: string | null, table: PhotoTable, id: string): string | null {
  if (!url) return null;
  let path: string;
  try {
    path = new URL(url, "http://localhost").pathname;
  } catch {
    return null;
  }
  const prefix = prefixOf(table, id);
  const at = path.lastIndexOf(prefix);
  if (at < 0) return null;
  const key = path.slice(at);
  return /^public\/(acts|venues)\/[0-9a-f-]+\/[0-9a-f]{32}\.(jpg|png|webp|avif)$/.test(key) ? key : null;
}

async function sha256Hex(bytes: Uint8Array, chars: number): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("").slice(0, chars);
}
