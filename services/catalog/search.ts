/**
 * The act search use case: parses what a GET form or API client sent (query
 * strings arrive as text, blank fields as ""), runs db/queries/search.ts and
 * turns its sort keys into an opaque cursor.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import { type ActSearchRow, type ActSort, searchActs as queryActs } from "../../db/queries/search.ts";
import type { Database } from "../../db/schema.ts";
import { parseInput } from "../validation.ts";
import { decodeTaggedCursor, resultPage } from "./paging.ts";

// Field builders shared with venue search (services/catalog/venue_search.ts).

/** A blank form field means "not given". */
const blank = (value: unknown) => (value === "" || value === null ? undefined : value);
export const optionalNumber = (min: number, max: number, int = true) =>
  z.preprocess(blank, (int ? z.coerce.number().int() : z.coerce.number()).min(min).max(max).optional());
// PostgreSQL text cannot hold NUL: drop it rather than fail the query.
export const optionalText = (max: number) =>
  z.preprocess(blank, z.string().trim().max(max).transform((s) => s.replaceAll("\0", "")).optional());
export const optionalEnum = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(blank, z.enum(values).optional());
export const sortOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(blank, z.enum(values).default(values[0]));
export const pageLimit = z.preprocess(blank, z.coerce.number().int().min(1).max(100).default(20))
  .meta({ description: "Results per page (at most 100)", example: 20 });
export const cursorField = optionalText(300)
  .meta({ description: "`pagination.nextCursor` of the previous page; omit for the first page" });
export const flag = z.preprocess(
  (value) => typeof value === "string" ? ["true", "1", "on", "yes"].includes(value.toLowerCase()) : value,
  z.boolean().default(false),
);

export const cityField = optionalNumber(1, 2_147_483_647)
  .meta({ description: "A city id (GET /geo/cities)", example: 133024 });
export const withinKmField = optionalNumber(1, 5000)
  .meta({ description: "With `city`: within this many km of it, instead of in it", example: 50 });

/** Descriptions and examples (zod `meta`) are what the OpenAPI document shows. */
export const ActSearchInput = z.object({
  q: optionalText(200).meta({
    description: "Words to find in the name, genres, city or bio; a misspelt name still matches",
    example: "sufi",
  }),
  city: cityField,
  withinKm: withinKmField,
  genre: optionalText(60).meta({ description: "A genre slug", example: "sufi" }),
  language: z.preprocess((v) => typeof v === "string" ? v.toLowerCase() : v, optionalText(8))
    .meta({
      description: "An ISO 639 code the act performs in (hi; brx where ISO 639-1 has none)",
      example: "hi",
    }),
  budgetMin: optionalNumber(0, Number.MAX_SAFE_INTEGER).meta({
    description: "Minor units: acts whose [min, premium] budget overlaps [budgetMin, budgetMax]",
    example: 5_000_000,
  }),
  budgetMax: optionalNumber(0, Number.MAX_SAFE_INTEGER)
    .meta({ description: "Minor units; see budgetMin", example: 20_000_000 }),
  availableOn: z.preprocess(blank, z.iso.date().optional())
    .meta({ description: "A day (Asia/Kolkata) the act has no calendar block on", example: "2026-12-31" }),
  verified: flag.meta({ description: "Only verified acts when true", example: true }),
  minTrust: optionalNumber(0, 100, false).meta({ description: "Minimum trust score, 0-100", example: 60 }),
  sort: sortOf(["relevance", "trust", "price"]).meta({
    description: "relevance (needs q; otherwise trust), trust (highest first) or price (lowest fee first)",
    example: "relevance",
  }),
  limit: pageLimit,
  cursor: cursorField,
}).strict()
  .refine((v) => v.withinKm === undefined || v.city !== undefined, {
    path: ["withinKm"],
    message: "Needs a city to measure from",
  })
  .refine((v) => v.budgetMin === undefined || v.budgetMax === undefined || v.budgetMin <= v.budgetMax, {
    path: ["budgetMax"],
    message: "Must not be below budgetMin",
  });

/** A search result: the row without its sort key. */
export type ActSearchItem = Omit<ActSearchRow, "sortKey">;

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
    after: cursor ? decodeTaggedCursor(cursor, sort, sort === "price" ? "bigint" : "numeric") : undefined,
    limit: limit + 1,
  });
  return resultPage(rows, limit, sort);
}
