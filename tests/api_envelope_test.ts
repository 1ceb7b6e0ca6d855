/**
 * Envelopes, error mapping and cursors: everything of the API edge that needs
 * no database. Database errors are faked by shape (a SQLSTATE `code` plus the
 * fields pg, Neon and PGlite all carry), which is exactly how api/errors.ts
 * recognises them.
 */
import assert from "node:assert/strict";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  Conflict,
  ExternalServiceError,
  Forbidden,
  NotFound,
  RateLimited,
  ServiceUnavailable,
  Unauthorized,
  ValidationError,
} from "../domain/errors.ts";
import {
  cursorEnvelopeSchema,
  cursorPaginated,
  ErrorEnvelopeSchema,
  failure,
  ok,
  paginated,
  paginatedEnvelopeSchema,
  successEnvelopeSchema,
} from "../api/envelope.ts";
import { onApiError, toErrorResponse, validationHook } from "../api/errors.ts";
import {
  CursorQuerySchema,
  decodeCursor,
  encodeCursor,
  OffsetQuerySchema,
  pageMeta,
} from "../api/pagination.ts";
import { escapeLike } from "../db/queries/geo.ts";

function isIsoTimestamp(value: string): boolean {
  return new Date(value).toISOString() === value;
}

/** Runs `fn` with console.error captured, so expected 500s do not clutter the test output. */
function withStderr<T>(fn: () => T): { result: T; lines: string[] } {
  const original = console.error;
  const lines: string[] = [];
  console.error = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
  try {
    return { result: fn(), lines };
  } finally {
    console.error = original;
  }
}

class FakePgError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly fields: { detail?: string; constraint?: string; table?: string; column?: string } = {},
  ) {
    super(message);
    Object.assign(this, fields);
  }
}

Deno.test("ok() builds the success envelope, with the message only when given", () => {
  const plain = ok({ id: 1 });
  assert.deepEqual(Object.keys(plain).sort(), ["data", "success", "timestamp"]);
  assert.equal(plain.success, true);
  assert.deepEqual(plain.data, { id: 1 });
  assert.ok(isIsoTimestamp(plain.timestamp));

  const withMessage = ok(null, "Saved");
  assert.equal(withMessage.message, "Saved");
  successEnvelopeSchema(z.null()).parse(withMessage);
});

Deno.test("paginated() and cursorPaginated() carry the spec's pagination blocks", () => {
  const page = paginated([{ n: 1 }], pageMeta(1, 20, 150));
  assert.deepEqual(page.pagination, {
    page: 1,
    pageSize: 20,
    totalItems: 150,
    totalPages: 8,
    hasNext: true,
    hasPrevious: false,
  });
  paginatedEnvelopeSchema(z.object({ n: z.number() })).parse(page);

  const cursorPage = cursorPaginated(["a"], { nextCursor: null, hasNext: false, pageSize: 20 });
  assert.deepEqual(cursorPage.pagination, { nextCursor: null, hasNext: false, pageSize: 20 });
  assert.ok(isIsoTimestamp(cursorPage.timestamp));
  cursorEnvelopeSchema(z.string()).parse(cursorPage);
});

Deno.test("pageMeta() handles empty lists, exact multiples and the last page", () => {
  assert.deepEqual(pageMeta(1, 20, 0), {
    page: 1,
    pageSize: 20,
    totalItems: 0,
    totalPages: 0,
    hasNext: false,
    hasPrevious: false,
  });
  assert.equal(pageMeta(2, 20, 40).hasNext, false);
  assert.equal(pageMeta(2, 20, 40).totalPages, 2);
  assert.equal(pageMeta(2, 20, 41).hasNext, true);
  assert.equal(pageMeta(3, 20, 41).hasPrevious, true);
});

Deno.test("failure() builds the error envelope and matches its schema", () => {
  const body = failure("VALIDATION_ERROR", "Invalid input data", [{
    field: "email",
    message: "Invalid email",
  }]);
  assert.deepEqual(body.error, {
    code: "VALIDATION_ERROR",
    message: "Invalid input data",
    details: [{ field: "email", message: "Invalid email" }],
  });
  assert.equal(body.success, false);
  ErrorEnvelopeSchema.parse(body);
});

Deno.test("every AppError maps to its status and code, keeping its message and details", () => {
  const cases = [
    [new ValidationError("Bad", [{ field: "a", message: "m" }]), 422, "VALIDATION_ERROR"],
    [new Unauthorized(), 401, "UNAUTHORIZED"],
    [new Forbidden(), 403, "FORBIDDEN"],
    [new NotFound("No such artist"), 404, "NOT_FOUND"],
    [new Conflict("Taken"), 409, "CONFLICT"],
    [new RateLimited(3), 429, "RATE_LIMIT_EXCEEDED"],
    [new ExternalServiceError(), 502, "EXTERNAL_SERVICE_ERROR"],
    [new ServiceUnavailable(), 503, "SERVICE_UNAVAILABLE"],
  ] as const;
  for (const [err, status, code] of cases) {
    const { result } = withStderr(() => toErrorResponse(err));
    assert.equal(result.status, status, err.name);
    assert.equal(result.body.error.code, code);
    assert.equal(result.body.error.message, err.message);
    assert.deepEqual(result.body.error.details, err.details);
  }
});

Deno.test("RateLimited sets Retry-After in whole seconds, rounded up", () => {
  const res = toErrorResponse(new RateLimited(1.2));
  assert.equal(res.status, 429);
  assert.equal(res.headers["Retry-After"], "2");
});

Deno.test("zod failures become 422 with dotted field paths and one entry per unknown key", () => {
  const schema = z.strictObject({ a: z.object({ b: z.number() }) });
  const parsed = schema.safeParse({ a: { b: "x" }, extra: 1 });
  assert.equal(parsed.success, false);
  const res = toErrorResponse(parsed.error);
  assert.equal(res.status, 422);
  assert.equal(res.body.error.code, "VALIDATION_ERROR");
  assert.deepEqual(res.body.error.details.map((d) => d.field).sort(), ["a.b", "extra"]);
});

Deno.test("malformed JSON bodies answer 400 VALIDATION_ERROR through onError", async () => {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.onError(onApiError);
  app.openapi(
    createRoute({
      method: "post",
      path: "/echo",
      request: {
        body: { required: true, content: { "application/json": { schema: z.object({ n: z.number() }) } } },
      },
      responses: { 200: { description: "ok" } },
    }),
    (c) => c.json(ok(c.req.valid("json")), 200),
  );
  const res = await app.request("/echo", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{not json",
  });
  assert.equal(res.status, 400);
  assert.match(res.headers.get("content-type") ?? "", /application\/json/);
  const body = await res.json();
  assert.equal(body.error.code, "VALIDATION_ERROR");

  const invalid = await app.request("/echo", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ n: "one" }),
  });
  assert.equal(invalid.status, 422);
  assert.equal((await invalid.json()).error.details[0].field, "n");
});

Deno.test("HTTPException keeps its status: 413 from bodyLimit, 401 with its WWW-Authenticate", async () => {
  const app = new Hono();
  app.onError(onApiError);
  app.post("/upload", bodyLimit({ maxSize: 8 }), (c) => c.text("ok"));
  const res = await app.request("/upload", { method: "POST", body: "x".repeat(100) });
  assert.equal(res.status, 413);
  assert.match(res.headers.get("content-type") ?? "", /application\/json/);
  const body = await res.json();
  assert.equal(body.success, false);
  assert.equal(body.error.message, "Request body too large");

  const unauthorized = toErrorResponse(
    new HTTPException(401, {
      res: new Response("no", { headers: { "WWW-Authenticate": 'Bearer realm="api"' } }),
    }),
  );
  assert.equal(unauthorized.status, 401);
  assert.equal(unauthorized.body.error.code, "UNAUTHORIZED");
  assert.equal(unauthorized.headers["www-authenticate"], 'Bearer realm="api"');
});

Deno.test("unique violations are 409 naming the field, without values, SQL or constraint names", () => {
  const err = new FakePgError(
    "23505",
    'duplicate key value violates unique constraint "users_email_lower_key"',
    {
      detail: "Key (lower(email::text))=(ana@example.com) already exists.",
      constraint: "users_email_lower_key",
      table: "users",
    },
  );
  const res = toErrorResponse(err);
  assert.equal(res.status, 409);
  assert.equal(res.body.error.code, "CONFLICT");
  assert.deepEqual(res.body.error.details, [{ field: "email", message: "Already exists" }]);
  const text = JSON.stringify(res.body);
  for (const leak of ["ana@example.com", "lower(", "users_email_lower_key", "duplicate key"]) {
    assert.ok(!text.includes(leak), `leaked ${leak}`);
  }
});

Deno.test("unique violations without detail fall back to the constraint name, minus table and suffix", () => {
  const res = toErrorResponse(
    new FakePgError("23505", "duplicate", { constraint: "artists_stage_name_key", table: "artists" }),
  );
  assert.deepEqual(res.body.error.details, [{ field: "stageName", message: "Already exists" }]);
});

Deno.test("database errors map by SQLSTATE", () => {
  const cases: [FakePgError, number, string, string[]][] = [
    [
      new FakePgError("23503", 'insert or update on table "bookings" violates foreign key constraint "x"', {
        detail: 'Key (venue_id)=(42) is not present in table "venues".',
      }),
      422,
      "VALIDATION_ERROR",
      ["venueId"],
    ],
    [
      new FakePgError(
        "23503",
        'update or delete on table "venues" violates foreign key constraint "x" on table "bookings"',
        {
          detail: 'Key (id)=(42) is still referenced from table "bookings".',
        },
      ),
      409,
      "CONFLICT",
      [],
    ],
    [
      new FakePgError("23P01", 'conflicting key value violates exclusion constraint "bookings_no_overlap"', {
        detail:
          "Key (artist_id, period)=(1, [..)) conflicts with existing key (artist_id, period)=(1, [..)).",
      }),
      409,
      "CONFLICT",
      ["artistId", "period"],
    ],
    [new FakePgError("40001", "could not serialize access"), 409, "CONFLICT", []],
    [new FakePgError("40P01", "deadlock detected"), 409, "CONFLICT", []],
    [new FakePgError("22P02", 'invalid input syntax for type uuid: "x"'), 422, "VALIDATION_ERROR", []],
    [new FakePgError("22003", "numeric field overflow"), 422, "VALIDATION_ERROR", []],
    [
      new FakePgError("23514", 'new row violates check constraint "users_status_check"', {
        constraint: "users_status_check",
        table: "users",
      }),
      422,
      "VALIDATION_ERROR",
      ["status"],
    ],
    [
      new FakePgError("23502", 'null value in column "display_name" violates not-null constraint', {
        column: "display_name",
      }),
      422,
      "VALIDATION_ERROR",
      ["displayName"],
    ],
    [new FakePgError("08006", "connection failure"), 503, "SERVICE_UNAVAILABLE", []],
  ];
  for (const [err, status, code, fields] of cases) {
    const { result } = withStderr(() => toErrorResponse(err));
    assert.equal(result.status, status, err.code);
    assert.equal(result.body.error.code, code, err.code);
    assert.deepEqual(result.body.error.details.map((d) => d.field), fields, err.code);
    assert.ok(!JSON.stringify(result.body).includes(err.message), `${err.code} leaked the SQL message`);
  }
});

Deno.test("plain objects with a SQLSTATE code are recognised too (Neon and PGlite throw their own types)", () => {
  const res = toErrorResponse({ code: "40P01", message: "deadlock detected", severity: "ERROR" });
  assert.equal(res.status, 409);
});

Deno.test("unknown errors are a generic 500, logged once as JSON with the request id", () => {
  const err = new Error('relation "secret_table" does not exist at SELECT * FROM secret_table');
  const first = withStderr(() => toErrorResponse(err, "req-123"));
  assert.equal(first.result.status, 500);
  assert.equal(first.result.body.error.code, "INTERNAL_ERROR");
  assert.ok(!JSON.stringify(first.result.body).includes("secret_table"));
  assert.equal(first.lines.length, 1);
  const logged = JSON.parse(first.lines[0]);
  assert.equal(logged.level, "error");
  assert.equal(logged.requestId, "req-123");
  assert.match(logged.error.message, /secret_table/);
  assert.ok(logged.error.stack);

  const again = withStderr(() => toErrorResponse(err, "req-123"));
  assert.equal(again.lines.length, 0);
});

Deno.test("unknown SQLSTATEs, Node system codes and thrown strings are all 500", () => {
  const cases: unknown[] = [
    new FakePgError("42P01", 'relation "x" does not exist'),
    Object.assign(new Error("write EPIPE"), { code: "EPIPE" }),
    "just a string",
  ];
  for (const err of cases) {
    const { result, lines } = withStderr(() => toErrorResponse(err));
    assert.equal(result.status, 500);
    assert.equal(result.body.error.code, "INTERNAL_ERROR");
    assert.equal(lines.length, 1);
  }
});

Deno.test("cursors round-trip strings (any script) and numbers", () => {
  const cursor = encodeCursor(["São Paulo \u{1F3B8}", 42]);
  assert.match(cursor, /^[A-Za-z0-9_-]+$/);
  assert.deepEqual(decodeCursor(cursor, ["string", "number"]), ["São Paulo \u{1F3B8}", 42]);
});

Deno.test("tampered cursors are a 422 on field cursor, never a 500", () => {
  const tampered = [
    "not*base64",
    "A",
    encodeCursor(["Pune", 1]).slice(0, -3),
    btoa("{not json").replaceAll("=", ""),
    encodeCursor(["Pune", "1"]),
    encodeCursor(["Pune"]),
    encodeCursor(["Pune", 1, 2]),
    btoa(JSON.stringify({ name: "Pune", id: 1 })).replaceAll("=", ""),
    btoa("\xff\xfe").replaceAll("=", ""),
  ];
  for (const cursor of tampered) {
    assert.throws(() => decodeCursor(cursor, ["string", "number"]), (err) => {
      const res = toErrorResponse(err);
      assert.equal(res.status, 422, cursor);
      assert.deepEqual(res.body.error.details.map((d) => d.field), ["cursor"]);
      return true;
    });
  }
});

Deno.test("offset query: defaults, coercion from strings and clear messages", () => {
  assert.deepEqual(OffsetQuerySchema.parse({}), { page: 1, pageSize: 20 });
  assert.deepEqual(OffsetQuerySchema.parse({ page: "3", pageSize: "100" }), { page: 3, pageSize: 100 });
  const cases = [
    [{ pageSize: "101" }, "pageSize", "pageSize must be at most 100"],
    [{ pageSize: "0" }, "pageSize", "pageSize must be at least 1"],
    [{ page: "1.5" }, "page", "page must be a whole number"],
    [{ page: "abc" }, "page", "page must be a number"],
  ] as const;
  for (const [input, field, message] of cases) {
    const res = toErrorResponse(OffsetQuerySchema.safeParse(input).error);
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.error.details, [{ field, message }]);
  }
});

Deno.test("cursor query: limit defaults to 20 and caps at 100; cursor must look like base64url", () => {
  assert.deepEqual(CursorQuerySchema.parse({}), { limit: 20 });
  assert.equal(CursorQuerySchema.safeParse({ limit: "101" }).success, false);
  assert.equal(CursorQuerySchema.safeParse({ cursor: "a+b/c=" }).success, false);
});

Deno.test("escapeLike makes LIKE wildcards and backslashes literal", () => {
  assert.equal(escapeLike("100%_sure\\"), "100\\%\\_sure\\\\");
  assert.equal(escapeLike("San"), "San");
});
