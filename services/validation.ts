/**
 * Input parsing for use cases: zod schemas at the edge of every service, and
 * their failures as the domain's ValidationError, so pages and the API show
 * the same field messages.
 */
import { z } from "zod";
import { type FieldIssue, NotFound, ValidationError } from "../domain/errors.ts";
import { isUuid } from "../lib/uuid.ts";

/** Zod issues as field issues: dotted paths, one entry per unknown key. */
export function fieldIssues(error: z.core.$ZodError): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ field: [...path, key].join("."), message: "Unknown field" }));
    }
    return [{ field: path.join("."), message: issue.message }];
  });
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError("Invalid input data", fieldIssues(result.error));
  return result.data;
}

/**
 * A string people typed: trimmed, and refused if it holds NUL, which a
 * PostgreSQL text column cannot store (the statement would fail as a 500).
 * Chain length rules onto it like any zod string.
 */
export function plainString(): z.ZodString {
  return z.string().trim().regex(/^[^\0]*$/, "Must not contain NUL characters");
}

/** Ids from URLs and forms: anything that is not a UUID names nothing (404, not a database error). */
export function requireId(id: string, what: string): string {
  if (!isUuid(id)) throw new NotFound(`${what} not found`);
  return id;
}
