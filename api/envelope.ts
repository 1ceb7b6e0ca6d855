/**
 * The response envelopes of spec section 3.3, as plain builders (used by
 * handlers and the error mapper) and as zod schemas (used by route
 * definitions, so the OpenAPI document shows the real wire shape).
 */
import { z } from "@hono/zod-openapi";
import type { ErrorCode, FieldIssue } from "../domain/errors.ts";

export interface SuccessEnvelope<T> {
  success: true;
  data: T;
  message?: string;
  timestamp: string;
}

export interface PageMeta {
  page: number;
  pageSize: number;
  totalItems: number;
  totalPages: number;
  hasNext: boolean;
  hasPrevious: boolean;
}

export interface PaginatedEnvelope<T> {
  success: true;
  data: T[];
  pagination: PageMeta;
  timestamp: string;
}

/** Keyset pagination cannot know totals cheaply, so it only says where to go next. */
export interface CursorMeta {
  nextCursor: string | null;
  hasNext: boolean;
  pageSize: number;
}

export interface CursorEnvelope<T> {
  success: true;
  data: T[];
  pagination: CursorMeta;
  timestamp: string;
}

export interface ErrorEnvelope {
  success: false;
  error: { code: ErrorCode; message: string; details: FieldIssue[] };
  timestamp: string;
}

function now(): string {
  return new Date().toISOString();
}

export function ok<T>(data: T, message?: string): SuccessEnvelope<T> {
  return message === undefined
    ? { success: true, data, timestamp: now() }
    : { success: true, data, message, timestamp: now() };
}

export function paginated<T>(data: T[], pagination: PageMeta): PaginatedEnvelope<T> {
  return { success: true, data, pagination, timestamp: now() };
}

export function cursorPaginated<T>(data: T[], pagination: CursorMeta): CursorEnvelope<T> {
  return { success: true, data, pagination, timestamp: now() };
}

export function failure(
  code: ErrorCode,
  message: string,
  details: FieldIssue[] = [],
): ErrorEnvelope {
  return { success: false, error: { code, message, details }, timestamp: now() };
}

// ---- schemas for route definitions (OpenAPI) ----

// A Record, not a list, so adding a code to domain/errors.ts without listing it here fails to compile.
const ERROR_CODES: Record<ErrorCode, true> = {
  VALIDATION_ERROR: true,
  INVALID_SIGNATURE: true,
  UNAUTHORIZED: true,
  LOGIN_CODE_REQUIRED: true,
  FORBIDDEN: true,
  NOT_FOUND: true,
  CONFLICT: true,
  RATE_LIMIT_EXCEEDED: true,
  INTERNAL_ERROR: true,
  DATABASE_ERROR: true,
  EXTERNAL_SERVICE_ERROR: true,
  SERVICE_UNAVAILABLE: true,
};

const Timestamp = z.iso.datetime({ offset: true }).openapi({
  example: "2026-02-03T08:26:47.000Z",
});

export const PageMetaSchema = z.object({
  page: z.number().int().min(1).openapi({ example: 1 }),
  pageSize: z.number().int().min(1).openapi({ example: 20 }),
  totalItems: z.number().int().min(0).openapi({ example: 150 }),
  totalPages: z.number().int().min(0).openapi({ example: 8 }),
  hasNext: z.boolean().openapi({ example: true }),
  hasPrevious: z.boolean().openapi({ example: false }),
}).openapi("PageMeta");

export const CursorMetaSchema = z.object({
  nextCursor: z.string().nullable().openapi({
    description: "Pass as `cursor` to get the next page; null on the last page.",
    example: "WyJTYW5nbGkiLDEzMzAyNF0",
  }),
  hasNext: z.boolean().openapi({ example: true }),
  pageSize: z.number().int().min(1).openapi({ example: 20 }),
}).openapi("CursorMeta");

export function successEnvelopeSchema<T extends z.ZodType>(data: T) {
  return z.object({
    success: z.literal(true),
    data,
    message: z.string().optional(),
    timestamp: Timestamp,
  });
}

export function paginatedEnvelopeSchema<T extends z.ZodType>(item: T) {
  return z.object({
    success: z.literal(true),
    data: z.array(item),
    pagination: PageMetaSchema,
    timestamp: Timestamp,
  });
}

export function cursorEnvelopeSchema<T extends z.ZodType>(item: T) {
  return z.object({
    success: z.literal(true),
    data: z.array(item),
    pagination: CursorMetaSchema,
    timestamp: Timestamp,
  });
}

export const ErrorEnvelopeSchema = z.object({
  success: z.literal(false),
  error: z.object({
    code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]])
      .openapi({ example: "VALIDATION_ERROR" }),
    message: z.string().openapi({ example: "Invalid input data" }),
    details: z.array(z.object({
      field: z.string().openapi({ example: "pageSize" }),
      message: z.string().openapi({ example: "Must be at most 100" }),
    })),
  }),
  timestamp: Timestamp,
}).openapi("ErrorEnvelope");

const ERROR_DESCRIPTIONS = {
  400: "Malformed request (e.g. a body that is not JSON)",
  401: "Not authenticated",
  403: "Not allowed",
  404: "Not found",
  409: "Conflicts with existing data or a concurrent change",
  422: "Invalid input; `error.details` names each field",
  429: "Too many requests; see the Retry-After header",
  500: "Unexpected server error",
  502: "An outside service (a payment gateway) failed; try again",
  503: "Not configured or not available on this server",
} as const;

type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

interface ErrorResponseSpec {
  description: string;
  content: { "application/json": { schema: typeof ErrorEnvelopeSchema } };
}

/** The error responses a route can produce, ready to spread into `createRoute({ responses })`. */
export function errorResponses<S extends ErrorStatus>(...statuses: S[]): Record<S, ErrorResponseSpec> {
  const responses = {} as Record<S, ErrorResponseSpec>;
  for (const status of statuses) {
    responses[status] = {
      description: ERROR_DESCRIPTIONS[status],
      content: { "application/json": { schema: ErrorEnvelopeSchema } },
    };
  }
  return responses;
}
