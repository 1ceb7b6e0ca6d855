/**
 * Input parsing for use cases: zod schemas at the edge of every service, and
 * their failures as the domain's ValidationError, so pages and the API show
 * the same field messages.
 */
import type { z } from "zod";
import { type FieldIssue, ValidationError } from "../domain/errors.ts";

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
