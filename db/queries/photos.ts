/**
 * The photo of an act or a venue: who owns the row and its current photo
 * (locked while the photo changes), and the new photo's URL and pixel size.
 *
 *   select owner_id, photo_url from acts where id = $1 [for update]
 *   update acts set photo_url = $2, photo_width = $3, photo_height = $4 where id = $1 returning *
 */
import type { Kysely, Transaction } from "kysely";
import type { Act, Database, Venue } from "../schema.ts";

/** The tables whose rows have a photo. */
export type PhotoTable = "acts" | "venues";

export interface NewPhoto {
  url: string;
  width: number | null;
  height: number | null;
}

/** The row's owner and current photo URL, `lock`ed (for update) when the photo is about to change. */
export async function findPhotoHolder(
  db: Kysely<Database>,
  table: PhotoTable,
  id: string,
  lock = false,
): Promise<{ owner_id: string; photo_url: string | null } | undefined> {
  let query = db.selectFrom(table).select(["owner_id", "photo_url"]).where("id", "=", id);
  if (lock) query = query.forUpdate();
  return await query.executeTakeFirst();
}

/** Sets the photo and returns the whole row (an act for "acts", a venue for "venues"). */
export async function setPhotoColumns(
  trx: Transaction<Database>,
  table: PhotoTable,
  id: string,
  photo: NewPhoto,
): Promise<Act | Venue> {
  return await trx.updateTable(table).set({
    photo_url: photo.url,
    photo_width: photo.width,
    photo_height: photo.height,
  }).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
}
