/**
 * Browsing open opportunities: parses what a GET form or API client sent
 * (query strings arrive as text, blank fields as ""), runs
 * db/queries/opportunity_search.ts and turns its sort keys into an opaque
 * cursor. GET /opportunities, GET /search/events and the /opportunities page
 * all come through here.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import {
  type OpportunitySort,
  searchOpportunities as queryOpportunities,
} from "../../db/queries/opportunity_search.ts";
import type { Database } from "../../db/schema.ts";
import { instantInIndia } from "../../domain/india_time.ts";
import { decodeTaggedCursor, encodeTaggedCursor } from "../catalog/paging.ts";
import { cursorField, optionalNumber, optionalText, pageLimit, sortOf } from "../catalog/search.ts";
import { parseInput } from "../validation.ts";
import { type OpportunityView, opportunityView } from "./views.ts";

const blank = (value: unknown) => (value === "" || value === null ? undefined : value);
const day = (description: string, example: string) =>
  z.preprocess(blank, z.iso.date({ error: "A date like 2026-12-31" }).optional()).meta({
    description,
    example,
  });

/** Descriptions and examples (zod `meta`) are what the OpenAPI document shows. */
export const OpportunitySearchInput = z.object({
  q: optionalText(200).meta({
    description: "Words to find in the title, city, venue, description or requirements",
    example: "wedding sangeet",
  }),
  cityId: optionalNumber(1, 2_147_483_647).meta({
    description: "A city id (GET /geo/cities)",
    example: 133024,
  }),
  genre: optionalText(60).meta({ description: "A genre slug", example: "sufi" }),
  from: day("Events on or after this day (Asia/Kolkata)", "2026-12-01"),
  to: day("Events on or before this day (Asia/Kolkata)", "2026-12-31"),
  budgetMin: optionalNumber(0, Number.MAX_SAFE_INTEGER).meta({
    description: "Minor units: opportunities whose [budgetMin, budgetMax] overlaps [budgetMin, budgetMax]",
    example: 5_000_000,
  }),
  budgetMax: optionalNumber(0, Number.MAX_SAFE_INTEGER)
    .meta({ description: "Minor units; see budgetMin", example: 20_000_000 }),
  sort: sortOf(["date", "budget"]).meta({
    description: "date (soonest first) or budget (best paid first)",
    example: "date",
  }),
  limit: pageLimit,
  cursor: cursorField,
}).strict()
  .refine((v) => v.from === undefined || v.to === undefined || v.from <= v.to, {
    path: ["to"],
    message: "Must not be before from",
  })
  .refine((v) => v.budgetMin === undefined || v.budgetMax === undefined || v.budgetMin <= v.budgetMax, {
    path: ["budgetMax"],
    message: "Must not be below budgetMin",
  });

export interface OpportunitySearchResult {
  items: OpportunityView[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** Open opportunities still taking applications at `now`, filtered and sorted. */
export async function searchOpportunities(
  db: Kysely<Database>,
  input: unknown,
  now: Date,
): Promise<OpportunitySearchResult> {
  const { cursor, limit, sort, from, to, ...filters } = parseInput(OpportunitySearchInput, input);
  const tag = `opportunity.${sort}`;
  const rows = await queryOpportunities(db, {
    ...filters,
    now,
    from: from ? indiaMidnight(from, 0) : undefined,
    to: to ? indiaMidnight(to, 1) : undefined,
    sort: sort as OpportunitySort,
    // Tagged, so a cursor of another search or sort is refused here rather than misread.
    after: cursor ? decodeTaggedCursor(cursor, tag, "bigint") : undefined,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => opportunityView(row)),
    nextCursor: rows.length > limit && last ? encodeTaggedCursor(tag, last.sortKey, last.id) : null,
  };
}

/** Midnight in India at the start of `date` plus `days`. */
function indiaMidnight(date: string, days: number): Date {
  return new Date(instantInIndia(date).getTime() + days * 24 * 60 * 60 * 1000);
}
