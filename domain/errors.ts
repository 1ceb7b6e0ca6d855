/**
 * The one error hierarchy of the application. Anything below the HTTP edge
 * throws these; `api/errors.ts` (JSON envelope) and the page renderer map
 * them to status codes in exactly one place each.
 */

export type ErrorCode =
  | "VALIDATION_ERROR"
  | "INVALID_SIGNATURE"
  | "UNAUTHORIZED"
  | "LOGIN_CODE_REQUIRED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "RATE_LIMIT_EXCEEDED"
  | "INTERNAL_ERROR"
  | "DATABASE_ERROR"
  | "EXTERNAL_SERVICE_ERROR"
  | "SERVICE_UNAVAILABLE";

/** One problem with one input field, as the envelope's `error.details` lists them. */
export interface FieldIssue {
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: FieldIssue[];
  constructor(code: ErrorCode, message: string, details: FieldIssue[] = []) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}

export class ValidationError extends AppError {
  constructor(message = "Invalid input data", details: FieldIssue[] = []) {
    super("VALIDATION_ERROR", message, details);
  }
}

export class Unauthorized extends AppError {
  constructor(message = "Authentication required") {
    super("UNAUTHORIZED", message);
  }
}

/**
 * Sign-in also needs the one-time code e-mailed to the account (step-up after
 * repeated failures, services/auth/step_up.ts); `details` names the `code` field.
 */
export class LoginCodeRequired extends AppError {
  constructor(message: string, details: FieldIssue[]) {
    super("LOGIN_CODE_REQUIRED", message, details);
  }
}

export class Forbidden extends AppError {
  constructor(message = "You are not allowed to do this") {
    super("FORBIDDEN", message);
  }
}

export class NotFound extends AppError {
  constructor(message = "Not found") {
    super("NOT_FOUND", message);
  }
}

export class Conflict extends AppError {
  constructor(message = "Conflict", details: FieldIssue[] = []) {
    super("CONFLICT", message, details);
  }
}

export const DOUBLE_BOOKED = "The act is already booked at that time";

/**
 * The act is already booked at that time: the services' own check says so
 * first, and the database's exclusion constraint (bookings_no_double_booking)
 * is translated into this too, so pages and the API give one message.
 */
export class DoubleBooked extends Conflict {
  constructor() {
    super(DOUBLE_BOOKED);
  }
}

export class RateLimited extends AppError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number, message = "Too many requests") {
    super("RATE_LIMIT_EXCEEDED", message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A webhook or a checkout return whose signature does not verify, or is too old: nothing was written. */
export class InvalidSignature extends AppError {
  constructor(message = "The signature does not verify") {
    super("INVALID_SIGNATURE", message);
  }
}

export class ExternalServiceError extends AppError {
  constructor(message = "An outside service failed") {
    super("EXTERNAL_SERVICE_ERROR", message);
  }
}

export class ServiceUnavailable extends AppError {
  constructor(message = "Service temporarily unavailable") {
    super("SERVICE_UNAVAILABLE", message);
  }
}

const STATUS: Record<ErrorCode, number> = {
  VALIDATION_ERROR: 422,
  INVALID_SIGNATURE: 400,
  UNAUTHORIZED: 401,
  LOGIN_CODE_REQUIRED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMIT_EXCEEDED: 429,
  INTERNAL_ERROR: 500,
  DATABASE_ERROR: 500,
  EXTERNAL_SERVICE_ERROR: 502,
  SERVICE_UNAVAILABLE: 503,
};

/** HTTP status of an error code (spec section 3.4). */
export function statusOf(code: ErrorCode): number {
  return STATUS[code];
}
