/** Genre slugs from input as the ids of the fixed taxonomy (the genres table), for acts and opportunities alike. */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { ValidationError } from "../domain/errors.ts";

/** The ids of `slugs`, each once; an unknown slug is a ValidationError on `genres`. */
export async function genreIdsOf(db: Kysely<Database>, slugs: string[]): Promise<number[]> {
  const wanted = [...new Set(slugs)];
  if (wanted.length === 0) return [];
  const rows = await db.selectFrom("genres").select(["id", "slug"]).where("slug", "in", wanted).execute();
  const unknown = wanted.filter((s) => !rows.some((r) => r.slug === s));
  if (unknown.length) {
    throw new ValidationError("Invalid input data", [{
      field: "genres",
      message: `Unknown genre: ${unknown.join(", ")}`,
    }]);
  }
  return rows.map((r) => r.id);
}
