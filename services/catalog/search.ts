/**
 * The act search use case: parses what a GET form or API client sent (query
 * strings arrive as text, blank fields as ""), runs db/queries/search.ts and
 * turns its sort keys into an opaque cursor.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import { type ActSearchRow, type ActSort, searchActs as queryActs } from "../../db/queries/search.ts";
import type { Database } from "../../db/schema.ts";
import { ValidationError } from "../../domain/errors.ts";
import { parseInput } from "../validation.ts";
import { decodeBase64url, encodeBase64url } from "../../lib/base64url.ts";

/** A blank form field means "not given". */
const blank = (value: unknown) => (value === "" || value === null ? undefined : value);
const optionalNumber = (min: number, max: number, int = true) =>
  z.preprocess(blank, (int ? z.coerce.number().int() : z.coerce.number()).min(min).max(max).optional());
// PostgreSQL text cannot hold NUL: drop it rather than fail the query.
const optionalText = (max: number) =>
  z.preprocess(blank, z.string().trim().max(max).transform((s) => s.replaceAll("\0", "")).optional());
const flag = z.preprocess(
  (value) => typeof value === "string" ? ["true", "1", "on", "yes"].includes(value.toLowerCase()) : value,
  z.boolean().default(false),
);

export const ActSearchInput = z.object({
  q: optionalText(200),
  /** A city id (geography tables). */
  city: optionalNumber(1, 2_147_483_647),
  /** With `city`: acts based within this many km of it, instead of in it. */
  withinKm: optionalNumber(1, 5000),
  /** A genre slug. */
  genre: optionalText(60),
  /** An ISO 639-1 code. */
  language: z.preprocess((v) => typeof v === "string" ? v.toLowerCase() : v, optionalText(8)),
  /** Minor units: acts whose [min, premium] budget overlaps [budgetMin, budgetMax]. */
  budgetMin: optionalNumber(0, Number.MAX_SAFE_INTEGER),
  budgetMax: optionalNumber(0, Number.MAX_SAFE_INTEGER),
  /** A day (Asia/Kolkata) the act has no calendar block on. */
  availableOn: z.preprocess(blank, z.iso.date().optional()),
  /** Only verified acts when true. */
  verified: flag,
  minTrust: optionalNumber(0, 100, false),
  sort: z.preprocess(blank, z.enum(["relevance", "trust", "price"]).default("relevance")),
  limit: z.preprocess(blank, z.coerce.number().int().min(1).max(100).default(20)),
  cursor: optionalText(300),
}).strict()
  .refine((v) => v.withinKm === undefined || v.city !== undefined, {
    path: ["withinKm"],
    message: "Needs a city to measure from",
  })
  .refine((v) => v.budgetMin === undefined || v.budgetMax === undefined || v.budgetMin <= v.budgetMax, {
    path: ["budgetMax"],
    message: "Must not be below budgetMin",
  });

/** A search result: the row without its sort key, with the trust score as a number. */
export type ActSearchItem = Omit<ActSearchRow, "sortKey" | "trustScore"> & { trustScore: number };

export interface ActSearchResult {
  items: ActSearchItem[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export async function searchActs(db: Kysely<Database>, input: unknown): Promise<ActSearchResult> {
  const { cursor, limit, sort: requested, ...filters } = parseInput(ActSearchInput, input);
  // Relevance needs words to be relevant to; without them the best-trusted come first.
  const sort: ActSort = requested === "relevance" && !filters.q ? "trust" : requested;
  const rows = await queryActs(db, {
    ...filters,
    sort,
    after: cursor ? decodeCursor(cursor, sort) : undefined,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(({ sortKey: _key, trustScore, ...row }) => ({ ...row, trustScore: Number(trustScore) })),
    nextCursor: rows.length > limit && last ? encodeCursor(sort, last.sortKey, last.id) : null,
  };
}

function encodeCursor(sort: ActSort, key: string, id: string): string {
  return encodeBase64url(new TextEncoder().encode(JSON.stringify([sort, key, id])));
}

const CURSOR = z.tuple([
  z.enum(["relevance", "trust", "price"]),
  z.string().regex(/^-?\d{1,20}(\.\d{1,10})?$/),
  z.uuid(),
]);

/** A cursor is only valid for the sort that made it; anything else is the client's mistake. */
function decodeCursor(cursor: string, sort: ActSort): { key: string; id: string } {
  let parsed: unknown;
  try {
    const bytes = decodeBase64url(cursor);
    parsed = bytes ? JSON.parse(new TextDecoder().decode(bytes)) : undefined;
  } catch {
    parsed = undefined;
  }
  const result = CURSOR.safeParse(parsed);
  if (!result.success || result.data[0] !== sort) {
    throw new ValidationError("Invalid input data", [{
      field: "cursor",
      message: "Not a cursor of this search",
    }]);
  }
  return { key: result.data[1], id: result.data[2] };
}
