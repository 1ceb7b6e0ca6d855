/**
 * Input parsing for use cases: zod schemas at the edge of every service, and
 * their failures as the domain's ValidationError, so pages and the API show
 * the same field messages.
 */
import { z } from "zod";
import { type FieldIssue, NotFound, ValidationError } from "../domain/errors.ts";
import { normalisePhone } from "../domain/phone.ts";
import { canonicalUuid } from "../lib/uuid.ts";

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
 * `schema`, refusing text that holds NUL, which PostgreSQL cannot store in
 * text or jsonb (the statement would fail as a 500). URLs need it too: a URL
 * parser accepts NUL in a path.
 */
export function nulFree<S extends z.ZodString | z.ZodStringFormat>(schema: S): S {
  return schema.regex(/^[^\0]*$/, "Must not contain NUL characters") as S;
}

/** A string people typed: trimmed, and without NUL. Chain length rules onto it like any zod string. */
export function plainString(): z.ZodString {
  return nulFree(z.string()).trim();
}

/**
 * An id in a request (path, query or body): a UUID, passed on in its
 * canonical lower-case form so the ids a service compares in JavaScript
 * agree with the ones SQL matched.
 */
export function idField(message: string) {
  return z.uuid({ error: message }).toLowerCase();
}

/**
 * Ids from URLs and forms, canonical (lower case) as `idField`: anything
 * that is not a UUID names nothing (404, not a database error).
 */
export function requireId(id: string, what: string): string {
  const canonical = canonicalUuid(id);
  if (canonical === null) throw new NotFound(`${what} not found`);
  return canonical;
}

/**
 * A phone number as people type it ("98765 43210", "+44 20 7946 0958"),
 * passed on in E.164 ("+919876543210"): India's +91 unless another country
 * code is given. A number that cannot exist is refused with the reason.
 */
export function phoneNumber() {
  return z.string().max(40).transform((typed, ctx) => {
    const parsed = normalisePhone(typed);
    if (parsed.ok) return parsed.value;
    ctx.addIssue({ code: "custom", message: parsed.message });
    return z.NEVER;
  }).meta({ description: "With or without a country code (India's +91 by default); stored in E.164" });
}
