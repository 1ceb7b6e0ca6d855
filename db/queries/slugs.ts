/**
 * The URL names (slugs) already taken in the catalogue, so a new act or
 * venue can be given the next free one.
 *
 *   select slug from acts where slug = $base or slug like $base || '-%'
 */
import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";

/** `base` itself and every `base-...` slug in `table`. */
export async function findSlugsLike(
  db: Kysely<Database>,
  table: "acts" | "venues",
  base: string,
): Promise<string[]> {
  const rows = await db.selectFrom(table).select("slug")
    .where((eb) => eb.or([eb("slug", "=", base), eb("slug", "like", `${base}-%`)])).execute();
  return rows.map((r) => r.slug);
}
