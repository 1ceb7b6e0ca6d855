/**
 * Envelopes, error mapping and cursors at the API edge. Database errors come
 * from the engine itself, through each driver (PGlite, and pg and Neon with
 * TEST_DATABASE_URL), so the mapping meets what each one really throws. Only
 * errors that need a second session or a failing server are built by shape.
 */
import assert from "node:assert/strict";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { sql } from "kysely";
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
import { testOnEachDriver } from "./support/db.ts";
import { act, booking, type BookingValues, person } from "./support/fixtures.ts";

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

/** What the engine threw for `attempt`, in the driver's own error type. */
async function engineError(attempt: Promise<unknown>): Promise<PgError> {
  return await attempt.then(
    () => assert.fail("the database accepted it"),
    (err: PgError) => err,
  );
}

/** The fields api/errors.ts reads from a driver's error. */
interface PgError {
  code: string;
  message: string;
  detail?: string;
  constraint?: string;
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

testOnEachDriver(
  "unique violations are 409 naming the field, without values, SQL or constraint names",
  async ({ db }) => {
    const ana = await person(db);
    const err = await engineError(db.insertInto("users").values({ email: ana.email }).execute());
    assert.equal(err.code, "23505");
    assert.ok(err.detail?.includes(ana.email), "the engine's detail holds the value");
    const res = toErrorResponse(err);
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, "CONFLICT");
    assert.deepEqual(res.body.error.details, [{ field: "email", message: "Already exists" }]);
    const text = JSON.stringify(res.body);
    for (const leak of [ana.email, "lower(", "users_email_key", "duplicate key"]) {
      assert.ok(!text.includes(leak), `leaked ${leak}`);
    }
  },
);

testOnEachDriver(
  "unique violations without detail fall back to the constraint name, minus table and suffix",
  async ({ db }) => {
    const { id: actId } = await act(db, (await person(db, "artist")).userId);
    const rider = (position: number) => ({
      act_id: actId,
      kind: "document" as const,
      title: "Technical rider",
      storage_key: "private/rider.pdf",
      content_type: "application/pdf",
      byte_size: 1024,
      visibility: "private" as const,
      position,
    });
    await db.insertInto("portfolio_items").values(rider(0)).execute();
    // The engine leaves the key out of the detail for a role that may not read
    // it. The role exists only inside this transaction, which the error rolls back.
    const err = await engineError(
      db.transaction().execute(async (trx) => {
        const role = sql.id(`envelope_${crypto.randomUUID().slice(0, 8)}`);
        await sql`create role ${role}`.execute(trx);
        await sql`grant insert on portfolio_items to ${role}`.execute(trx);
        await sql`set local role ${role}`.execute(trx);
        await trx.insertInto("portfolio_items").values(rider(1)).execute();
      }),
    );
    assert.equal(err.code, "23505");
    assert.equal(err.detail, undefined);
    assert.equal(err.constraint, "portfolio_items_storage_key_key");
    const res = toErrorResponse(err);
    assert.equal(res.status, 409);
    assert.deepEqual(res.body.error.details, [{ field: "storageKey", message: "Already exists" }]);
  },
);

testOnEachDriver("database errors map by SQLSTATE", async ({ db }) => {
  const organizer = await person(db, "organizer");
  const { id: actId } = await act(db, (await person(db, "artist")).userId);
  const startsAt = "2026-12-20T14:00:00Z";
  await booking(db, actId, organizer.userId, { starts_at: startsAt, status: "confirmed" });
  const request = (values: BookingValues) => booking(db, actId, organizer.userId, values);
  const cases: [string, () => Promise<unknown>, number, string, string[]][] = [
    ["23503", () => request({ venue_id: crypto.randomUUID() }), 422, "VALIDATION_ERROR", ["venueId"]],
    // A parent still in use: the act's key, which its bookings point at (ON UPDATE NO ACTION,
    // so 23503 on every PostgreSQL version; ON DELETE RESTRICT says 23001 from version 18 on).
    [
      "23503",
      () => db.updateTable("acts").set({ id: crypto.randomUUID() }).where("id", "=", actId).execute(),
      409,
      "CONFLICT",
      [],
    ],
    [
      "23P01",
      () => request({ starts_at: startsAt, status: "confirmed" }),
      409,
      "CONFLICT",
      ["actId", "occupancy"],
    ],
    [
      "22P02",
      () => db.selectFrom("bookings").select("id").where("id", "=", "not-a-uuid").execute(),
      422,
      "VALIDATION_ERROR",
      [],
    ],
    ["22003", () => request({ duration_minutes: 2 ** 31 }), 422, "VALIDATION_ERROR", []],
    ["23514", () => request({ fee: -1 }), 422, "VALIDATION_ERROR", ["fee"]],
    ["23502", () => sql`update bookings set title = null`.execute(db), 422, "VALIDATION_ERROR", ["title"]],
  ];
  for (const [code, attempt, status, errorCode, fields] of cases) {
    const err = await engineError(attempt());
    assert.equal(err.code, code, err.message);
    const { result } = withStderr(() => toErrorResponse(err));
    assert.equal(result.status, status, code);
    assert.equal(result.body.error.code, errorCode, code);
    assert.deepEqual(result.body.error.details.map((d) => d.field), fields, code);
    const text = JSON.stringify(result.body);
    assert.ok(!text.includes(err.message), `${code} leaked the SQL message`);
    assert.ok(!err.detail || !text.includes(err.detail), `${code} leaked the detail`);
  }
});

Deno.test("conflicts between sessions and a lost connection map by SQLSTATE too", () => {
  // One statement cannot cause these (a second session or a failing server
  // does), so they are built by shape: a SQLSTATE code, as every driver has.
  const cases: [PgError, number, string][] = [
    [{ code: "40001", message: "could not serialize access" }, 409, "CONFLICT"],
    [{ code: "40P01", message: "deadlock detected" }, 409, "CONFLICT"],
    [{ code: "08006", message: "connection failure" }, 503, "SERVICE_UNAVAILABLE"],
    [{ code: "57014", message: "canceling statement due to statement timeout" }, 503, "SERVICE_UNAVAILABLE"],
    [
      { code: "25P03", message: "terminating connection due to idle-in-transaction timeout" },
      503,
      "SERVICE_UNAVAILABLE",
    ],
  ];
  for (const [err, status, code] of cases) {
    const { result } = withStderr(() => toErrorResponse(err));
    assert.equal(result.status, status, err.code);
    assert.equal(result.body.error.code, code, err.code);
    assert.deepEqual(result.body.error.details, [], err.code);
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

testOnEachDriver("unknown SQLSTATEs, Node system codes and thrown strings are all 500", async ({ db }) => {
  const cases: unknown[] = [
    await engineError(sql`select * from secret_table`.execute(db)),
    Object.assign(new Error("write EPIPE"), { code: "EPIPE" }),
    "just a string",
  ];
  assert.equal((cases[0] as PgError).code, "42P01");
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
