/**
 * The venue search use case: parses what a GET form or API client sent,
 * runs db/queries/venue_search.ts and turns its sort keys into an opaque
 * cursor, as act search (./search.ts) does.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../../db/schema.ts";
import { VENUE_TYPES } from "../../domain/catalog.ts";
import {
  searchVenues as queryVenues,
  type VenueSearchRow,
  type VenueSort,
} from "../../db/queries/venue_search.ts";
import { parseInput } from "../validation.ts";
import { decodeTaggedCursor, resultPage } from "./paging.ts";
import {
  cityField,
  cursorField,
  flag,
  optionalEnum,
  optionalNumber,
  optionalText,
  pageLimit,
  sortOf,
  withinKmField,
} from "./search.ts";

/** Descriptions and examples (zod `meta`) are what the OpenAPI document shows. */
export const VenueSearchInput = z.object({
  q: optionalText(200).meta({
    description: "Words to find in the name, city or description; a misspelt name still matches",
    example: "mehfil",
  }),
  city: cityField,
  withinKm: withinKmField,
  minCapacity: optionalNumber(1, 1_000_000).meta({ description: "At least this many people", example: 200 }),
  maxCapacity: optionalNumber(1, 1_000_000).meta({ description: "At most this many people", example: 800 }),
  venueType: optionalEnum(VENUE_TYPES).meta({ description: "The kind of venue", example: "club" }),
  verified: flag.meta({ description: "Only verified venues when true", example: true }),
  sort: sortOf(["relevance", "trust", "capacity"]).meta({
    description: "relevance (needs q; otherwise trust), trust (highest first) or capacity (smallest first)",
    example: "relevance",
  }),
  limit: pageLimit,
  cursor: cursorField,
}).strict()
  .refine((v) => v.withinKm === undefined || v.city !== undefined, {
    path: ["withinKm"],
    message: "Needs a city to measure from",
  })
  .refine(
    (v) => v.minCapacity === undefined || v.maxCapacity === undefined || v.minCapacity <= v.maxCapacity,
    {
      path: ["maxCapacity"],
      message: "Must not be below minCapacity",
    },
  );

/** A search result: the row without its sort key. */
export type VenueSearchItem = Omit<VenueSearchRow, "sortKey">;

export interface VenueSearchResult {
  items: VenueSearchItem[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export async function searchVenues(db: Kysely<Database>, input: unknown): Promise<VenueSearchResult> {
  const { cursor, limit, sort: requested, ...filters } = parseInput(VenueSearchInput, input);
  // Relevance needs words to be relevant to; without them the best-trusted come first.
  const sort: VenueSort = requested === "relevance" && !filters.q ? "trust" : requested;
  const rows = await queryVenues(db, {
    ...filters,
    sort,
    // Tagged, so an act search's cursor is refused here rather than misread.
    after: cursor
      ? decodeTaggedCursor(cursor, `venue.${sort}`, sort === "capacity" ? "integer" : "numeric")
      : undefined,
    limit: limit + 1,
  });
  return resultPage(rows, limit, `venue.${sort}`);
}
