/**
 * The small pieces every route module declares its routes with: the id
 * parameter, the security requirements, success responses and
 * JSON bodies for the OpenAPI document, what an empty PATCH does, and the
 * request's actor and origin.
 */
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Actor } from "../domain/access.ts";
import type { RequestMeta } from "../services/deps.ts";
import { idField } from "../services/validation.ts";
import { successEnvelopeSchema } from "./envelope.ts";

/** An `{id}` path parameter, lower-cased like every id a service is given (services/validation.ts). */
export const IdParam = z.object({ id: idField("Not an id") });

/** How every PATCH treats `{}` (services/patch.ts), for its description in the OpenAPI document. */
export const EMPTY_PATCH = "Only the fields sent change; an empty object changes nothing and answers 200 " +
  "with the resource as it is.";

/** An OpenAPI security requirement: scheme name to scopes (none of ours has scopes). */
type Requirement = Record<string, string[]>;

/**
 * Routes that need a signed-in caller: either scheme of api/app.ts will do (an access token, or the
 * session cookie in a browser). Every operation states its requirement, because generated clients
 * read it per operation to decide whether to attach credentials.
 */
export const security: Requirement[] = [{ bearerAuth: [] }, { cookieAuth: [] }];

/** Routes anyone may call without credentials. */
export const noSignIn: Requirement[] = [];

/**
 * Routes anyone may call whose answer shows more to some signed-in callers (an owner, a member, an
 * admin), so clients should send credentials when they have them. `{}` is the anonymous alternative.
 */
export const optionalSignIn: Requirement[] = [{}, { bearerAuth: [] }, { cookieAuth: [] }];

/** A 200/201 answer: the envelope around `schema`. */
export const json = <S extends z.ZodType>(description: string, schema: S) => ({
  description,
  content: { "application/json": { schema: successEnvelopeSchema(schema) } },
});

/** A JSON request body with an example for the docs. */
export const body = <S extends z.ZodType>(schema: S, example: unknown, required = true) => ({
  body: { content: { "application/json": { schema, example } }, required },
});

/** Who is calling, or null; set by the authenticate middleware. */
export const actorOf = (c: Context): Actor | null => c.get("actor") ?? null;

/** Where the request came from, for the audit log; requests without a socket (tests) have none. */
export const meta = (c: Context): RequestMeta => c.get("requestMeta") ?? { ip: null, userAgent: null };
