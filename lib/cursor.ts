/**
 * Keyset cursors: the sort key of the last row of a page, as an opaque
 * URL-safe token. Every list that pages by cursor (API, pages, services)
 * encodes and checks them here, so a tampered cursor is always the client's
 * mistake: a ValidationError on `cursor`, never a 500.
 */
import { ValidationError } from "../domain/errors.ts";
import { decodeBase64url, encodeBase64url } from "./base64url.ts";

type CursorValue = string | number;
type CursorKind = "string" | "number";
type Decoded<K extends readonly CursorKind[]> = {
  -readonly [I in keyof K]: K[I] extends "string" ? string : number;
};

export function encodeCursor(values: CursorValue[]): string {
  return encodeBase64url(new TextEncoder().encode(JSON.stringify(values)));
}

/**
 * Reverses `encodeCursor`, checking the values against the expected kinds,
 * e.g. `decodeCursor(c, ["string", "number"])` for (name, id). Strings go
 * back to SQL as keys, so one holding NUL (which PostgreSQL text cannot, so
 * no cursor we issued does) is refused here.
 */
export function decodeCursor<const K extends readonly CursorKind[]>(
  cursor: string,
  kinds: K,
): Decoded<K> {
  const values = parse(cursor);
  const valid = Array.isArray(values) && values.length === kinds.length &&
    values.every((v, i) =>
      kinds[i] === "number"
        ? typeof v === "number" && Number.isFinite(v)
        : typeof v === "string" && !v.includes("\0")
    );
  if (!valid) throw invalidCursor();
  return values as Decoded<K>;
}

/** For callers that check more than kinds (a tag, a format) and find the cursor wanting. */
export function invalidCursor(): ValidationError {
  return new ValidationError("Invalid cursor", [{
    field: "cursor",
    message: "Not a cursor this API issued; start again from the first page",
  }]);
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
