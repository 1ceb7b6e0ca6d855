/**
 * Query schemas and helpers for the two pagination styles of the API:
 * offset (`page`/`pageSize`, with totals) for small, stable lists, and keyset
 * cursors (`cursor`/`limit`) for large or growing ones, where OFFSET would be
 * slow and would skip or repeat rows while data changes.
 */
import { z } from "@hono/zod-openapi";
import type { PageMeta } from "./envelope.ts";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
const MAX_CURSOR_LENGTH = 512;

/** Query strings are text; coerce, then say plainly what was wrong. */
function wholeNumber(name: string, min: number, max?: number) {
  const n = z.coerce.number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`);
  return max === undefined ? n : n.max(max, `${name} must be at most ${max}`);
}

export const OffsetQuerySchema = z.object({
  page: wholeNumber("page", 1).default(1).openapi({
    description: "1-based page number",
    example: 1,
  }),
  pageSize: wholeNumber("pageSize", 1, MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE).openapi({
    description: `Items per page (at most ${MAX_PAGE_SIZE})`,
    example: DEFAULT_PAGE_SIZE,
  }),
});

export const CursorQuerySchema = z.object({
  cursor: z.string()
    .max(MAX_CURSOR_LENGTH, "cursor is not valid")
    .regex(/^[A-Za-z0-9_-]+$/, "cursor is not valid")
    .optional()
    .openapi({
      description: "Opaque `pagination.nextCursor` of the previous page; omit for the first page",
      example: "WyJTYW5nbGkiLDEzMzAyNF0",
    }),
  limit: wholeNumber("limit", 1, MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE).openapi({
    description: `Items per page (at most ${MAX_PAGE_SIZE})`,
    example: DEFAULT_PAGE_SIZE,
  }),
});

export function pageMeta(page: number, pageSize: number, totalItems: number): PageMeta {
  const totalPages = Math.ceil(totalItems / pageSize);
  return {
    page,
    pageSize,
    totalItems,
    totalPages,
    hasNext: page < totalPages,
    hasPrevious: page > 1,
  };
}

export { decodeCursor, encodeCursor } from "../lib/cursor.ts";
