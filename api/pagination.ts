/**
 * Query schemas and helpers for the two pagination styles of the API:
 * offset (`page`/`pageSize`, with totals) for small, stable lists, and keyset
 * cursors (`cursor`/`limit`) for large or growing ones, where OFFSET would be
 * slow and would skip or repeat rows while data changes.
 */
import { z } from "@hono/zod-openapi";
import { ValidationError } from "../domain/errors.ts";
import type { PageMeta } from "./envelope.ts";
import { decodeBase64url, encodeBase64url } from "../lib/base64url.ts";

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

type CursorValue = string | number;
type CursorKind = "string" | "number";
type Decoded<K extends readonly CursorKind[]> = {
  -readonly [I in keyof K]: K[I] extends "string" ? string : number;
};

/** The sort key of the last row of a page, as an opaque URL-safe token. */
export function encodeCursor(values: CursorValue[]): string {
  return encodeBase64url(new TextEncoder().encode(JSON.stringify(values)));
}

/**
 * Reverses `encodeCursor`, checking the values against the expected sort key
 * kinds, e.g. `decodeCursor(c, ["string", "number"])` for (name, id). Any
 * tampering is the client's mistake: a 422 on `cursor`, never a 500.
 */
export function decodeCursor<const K extends readonly CursorKind[]>(
  cursor: string,
  kinds: K,
): Decoded<K> {
  const values = parse(cursor);
  const valid = Array.isArray(values) && values.length === kinds.length &&
    values.every((v, i) =>
      kinds[i] === "number" ? typeof v === "number" && Number.isFinite(v) : typeof v === "string"
    );
  if (!valid) throw invalidCursor();
  return values as Decoded<K>;
}

function parse(cursor: string): unknown {
  const bytes = decodeBase64url(cursor);
  if (!bytes) throw invalidCursor();
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw invalidCursor();
  }
}

function invalidCursor(): ValidationError {
  return new ValidationError("Invalid cursor", [{
    field: "cursor",
    message: "Not a cursor this API issued; start again from the first page",
  }]);
}
