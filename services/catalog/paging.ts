/**
 * Keyset paging shared by the catalog's searches: cursors tagged with the
 * search and sort that made them (so one search's cursor is refused by
 * another rather than misread), and the slicing of one extra row into a page
 * and the cursor after it.
 */
import { decodeCursor, encodeCursor, invalidCursor } from "../../lib/cursor.ts";
import { isUuid } from "../../lib/uuid.ts";

/**
 * What a sort key must look like for the SQL type the query casts it back
 * to, so a crafted cursor is refused here rather than failing the statement:
 * no fraction for integer columns, and nothing that overflows them.
 */
const KEY_SHAPES = {
  numeric: /^-?\d{1,20}(\.\d{1,10})?$/,
  bigint: /^-?\d{1,18}$/,
  integer: /^-?\d{1,9}$/,
} as const;
export type SortKeyType = keyof typeof KEY_SHAPES;

/** The last row of a page (its numeric sort key, as text, and id) under `tag`. */
export function encodeTaggedCursor(tag: string, key: string, id: string): string {
  return encodeCursor([tag, key, id]);
}

/** A cursor is only valid for the search and sort (`tag`) that made it, with a key of `keyType`. */
export function decodeTaggedCursor(
  cursor: string,
  tag: string,
  keyType: SortKeyType = "numeric",
): { key: string; id: string } {
  const [t, key, id] = decodeCursor(cursor, ["string", "string", "string"]);
  if (t !== tag || !KEY_SHAPES[keyType].test(key) || !isUuid(id)) throw invalidCursor();
  return { key, id };
}

interface RankedRow {
  id: string;
  sortKey: string;
}

/**
 * Rows fetched with `limit + 1` as a page of results: without the sort key,
 * and the cursor after them when the extra row says there is more.
 */
export function resultPage<R extends RankedRow>(rows: R[], limit: number, tag: string) {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(({ sortKey: _key, ...row }) => row),
    nextCursor: rows.length > limit && last ? encodeTaggedCursor(tag, last.sortKey, last.id) : null,
  };
}
