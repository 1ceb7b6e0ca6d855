/**
 * The one place where anything thrown below the API becomes an HTTP status
 * and an error envelope. Handlers and services just throw; they never build
 * error responses themselves.
 *
 * Database errors are recognised by shape (a SQLSTATE `code`), not by class,
 * because pg, Neon and PGlite each throw their own error type with the same
 * fields (`code`, `detail`, `constraint`, `table`, `column`).
 */
import type { ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "@hono/zod-openapi";
import { AppError, type ErrorCode, type FieldIssue, RateLimited, statusOf } from "../domain/errors.ts";
import { type ErrorEnvelope, failure } from "./envelope.ts";
import { logError } from "../lib/log.ts";
import { fieldIssues } from "../services/validation.ts";

export interface ErrorResponse {
  status: ContentfulStatusCode;
  headers: Record<string, string>;
  body: ErrorEnvelope;
}

interface Mapped {
  status: ContentfulStatusCode;
  code: ErrorCode;
  message: string;
  details?: FieldIssue[];
  headers?: Record<string, string>;
}

const GENERIC_MESSAGE = "Something went wrong on our side. Please try again later.";

/** Maps any thrown value to a response; logs it (once) when it is our fault. */
export function toErrorResponse(err: unknown, requestId?: string): ErrorResponse {
  const mapped = classify(err);
  if (mapped.status >= 500) logError(err, { status: mapped.status, requestId });
  return {
    status: mapped.status,
    headers: mapped.headers ?? {},
    body: failure(mapped.code, mapped.message, mapped.details),
  };
}

/**
 * The status anything thrown maps to, for pages: the same as the API's, so
 * a value the database refuses is a 4xx on a page too, never a 500.
 */
export function statusOfError(err: unknown): number {
  return classify(err).status;
}

/**
 * The OpenAPIHono defaultHook: rethrowing lets validation failures take the
 * same path as every other error instead of a second response builder.
 */
export function validationHook(result: { success: boolean; error?: z.core.$ZodError }): void {
  if (!result.success && result.error) throw result.error;
}

export const onApiError: ErrorHandler = (err, c) => {
  // Set by hono/request-id when the host app uses it.
  const requestId: unknown = c.get("requestId");
  const { status, headers, body } = toErrorResponse(
    err,
    typeof requestId === "string" ? requestId : undefined,
  );
  return c.json(body, status, headers);
};

export const onApiNotFound: NotFoundHandler = (c) =>
  c.json(failure("NOT_FOUND", `No API endpoint ${c.req.method} ${c.req.path}`), 404);

function classify(err: unknown): Mapped {
  if (err instanceof AppError) return fromAppError(err);
  if (err instanceof z.core.$ZodError) {
    return {
      status: 422,
      code: "VALIDATION_ERROR",
      message: "Invalid input data",
      details: fieldIssues(err),
    };
  }
  if (err instanceof HTTPException) return fromHttpException(err);
  if (isPgError(err)) {
    return fromPgError(err) ?? { status: 500, code: "INTERNAL_ERROR", message: GENERIC_MESSAGE };
  }
  return { status: 500, code: "INTERNAL_ERROR", message: GENERIC_MESSAGE };
}

function fromAppError(err: AppError): Mapped {
  const headers = err instanceof RateLimited
    ? { "Retry-After": String(Math.max(0, Math.ceil(err.retryAfterSeconds))) }
    : undefined;
  return {
    status: statusOf(err.code) as ContentfulStatusCode,
    code: err.code,
    message: err.message,
    details: err.details,
    headers,
  };
}

const HTTP_DEFAULTS: Record<number, [ErrorCode, string]> = {
  400: ["VALIDATION_ERROR", "Malformed request"],
  401: ["UNAUTHORIZED", "Authentication required"],
  403: ["FORBIDDEN", "You are not allowed to do this"],
  404: ["NOT_FOUND", "Not found"],
  409: ["CONFLICT", "Conflict"],
  413: ["VALIDATION_ERROR", "Request body too large"],
  415: ["VALIDATION_ERROR", "Unsupported media type"],
  429: ["RATE_LIMIT_EXCEEDED", "Too many requests"],
  503: ["SERVICE_UNAVAILABLE", "Service temporarily unavailable"],
};

/**
 * Hono and its middleware (body limit, validators, auth) throw these. The
 * status is kept; 4xx messages are written by middleware authors for clients,
 * 5xx messages are not shown. Headers of an attached response (e.g.
 * WWW-Authenticate from bearer auth) are kept too.
 */
function fromHttpException(err: HTTPException): Mapped {
  const status = err.status as ContentfulStatusCode;
  const [code, fallback] = HTTP_DEFAULTS[status] ??
    (status >= 500 ? ["INTERNAL_ERROR", GENERIC_MESSAGE] : ["VALIDATION_ERROR", "Bad request"]);
  const message = status < 500 && err.message ? err.message : fallback;
  const headers: Record<string, string> = {};
  err.res?.headers.forEach((value, name) => {
    if (name !== "content-type" && name !== "content-length") headers[name] = value;
  });
  return { status, code, message, headers };
}

interface PgLikeError {
  code: string;
  message?: string;
  detail?: string;
  constraint?: string;
  table?: string;
  column?: string;
}

// SQLSTATE classes are two digits or F0/HV/P0/XX; this keeps out Node's
// five-letter system codes such as EPIPE.
const SQLSTATE = /^(?:\d\d|F0|HV|P0|XX)[0-9A-Z]{3}$/;

function isPgError(err: unknown): err is PgLikeError {
  return typeof err === "object" && err !== null &&
    typeof (err as { code?: unknown }).code === "string" &&
    SQLSTATE.test((err as { code: string }).code);
}

function fromPgError(err: PgLikeError): Mapped | undefined {
  const fields = constraintFields(err);
  const issues = (message: string) => fields.map((field) => ({ field, message }));
  switch (err.code) {
    case "23505":
      return {
        status: 409,
        code: "CONFLICT",
        message: fields.length
          ? `An entry with this ${fields.join(" and ")} already exists`
          : "This entry already exists",
        details: issues("Already exists"),
      };
    case "23001":
    case "23503":
      // Deleting a parent that rows still point at is a state conflict (23001 where the key is
      // ON DELETE RESTRICT, from PostgreSQL 18, so on PGlite);
      // pointing at a parent that does not exist is bad input.
      return err.message?.startsWith("update or delete")
        ? { status: 409, code: "CONFLICT", message: "This is still in use by other records" }
        : {
          status: 422,
          code: "VALIDATION_ERROR",
          message: "Refers to something that does not exist",
          details: issues("Does not exist"),
        };
    case "23P01":
      // Any exclusion constraint, generically. A double booking refused inside the booking services
      // arrives as DoubleBooked instead (translated once, in services/bookings/step_runner.ts).
      return {
        status: 409,
        code: "CONFLICT",
        message: "This overlaps an existing entry",
        details: issues("Overlaps an existing entry"),
      };
    case "40001":
    case "40P01":
      return {
        status: 409,
        code: "CONFLICT",
        message: "This collided with a concurrent change; please retry",
      };
    case "23502":
      return {
        status: 422,
        code: "VALIDATION_ERROR",
        message: "Invalid input data",
        details: issues("Is required"),
      };
    case "23514":
      return {
        status: 422,
        code: "VALIDATION_ERROR",
        message: "Invalid input data",
        details: issues("Is not allowed"),
      };
    case "22P02":
    case "22003":
    case "22001":
    case "22007":
    case "22008":
    case "22021":
    case "22P05":
      return {
        status: 422,
        code: "VALIDATION_ERROR",
        message: "A value has the wrong format or is out of range",
      };
  }
  if (err.code === "57014" || err.code === "25P03") {
    // The statement or idle-in-transaction timeout (config/env.ts DatabasePool): nothing was written.
    return { status: 503, code: "SERVICE_UNAVAILABLE", message: "The database took too long; please retry" };
  }
  // Connection loss, too many connections, server shutting down.
  if (/^(?:08|53|57P0)/.test(err.code)) {
    return { status: 503, code: "SERVICE_UNAVAILABLE", message: "Service temporarily unavailable" };
  }
  return undefined;
}

/**
 * API field names touched by a constraint violation. `detail` reads like
 * `Key (lower(email::text))=(a@b.c) already exists.`: only the key part is
 * used, never the values. Falls back to the column, then to the constraint
 * name minus its table prefix and kind suffix (`users_email_check` -> email).
 */
function constraintFields(err: PgLikeError): string[] {
  const keys = /^Key \((.+?)\)=/.exec(err.detail ?? "")?.[1];
  if (keys) return keys.split(/,\s*/).map((k) => camelCase(innermostIdentifier(k)));
  if (err.column) return [camelCase(err.column)];
  if (err.constraint) {
    const prefix = `${err.table}_`;
    const bare = err.table && err.constraint.startsWith(prefix)
      ? err.constraint.slice(prefix.length)
      : err.constraint;
    return [camelCase(bare.replace(/_(?:key|pkey|fkey|check|excl|unique|uniq|idx)$/, ""))];
  }
  return [];
}

function innermostIdentifier(expression: string): string {
  const withoutCasts = expression.replace(/::[\w ]+/g, "");
  return /([A-Za-z_][A-Za-z0-9_]*)\)*$/.exec(withoutCasts)?.[1] ?? withoutCasts;
}

function camelCase(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
