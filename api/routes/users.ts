/**
 * /users: admins and staff find accounts, admins moderate them (roles, suspension); people read and edit
 * their own. Who may do what is decided in services/users/users.ts and
 * services/admin/users_suspension.ts, not here.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { ROLE_NAMES } from "../../domain/roles.ts";
import type { ServiceDeps } from "../../services/deps.ts";
import * as users from "../../services/users/users.ts";
import {
  ReinstateInput,
  reinstateUser,
  SuspendInput,
  suspendUser,
} from "../../services/admin/users_suspension.ts";
import {
  errorResponses,
  ok,
  paginated,
  paginatedEnvelopeSchema,
  successEnvelopeSchema,
} from "../envelope.ts";
import { validationHook } from "../errors.ts";
import { OffsetQuerySchema, pageMeta } from "../pagination.ts";
import { UserSchema } from "../schemas/users.ts";
import { actorOf, EMPTY_PATCH, meta, security } from "../route_kit.ts";
import { idField } from "../../services/validation.ts";

const IdParam = z.object({ id: idField("Not a user id") });
const RoleParam = IdParam.extend({ role: z.enum(ROLE_NAMES) });
const one = (description: string) => ({
  description,
  content: { "application/json": { schema: successEnvelopeSchema(z.object({ user: UserSchema })) } },
});

const routes = {
  list: createRoute({
    method: "get",
    path: "/users",
    operationId: "listUsers",
    tags: ["Users"],
    summary: "Find accounts (admins and staff)",
    security,
    request: {
      query: OffsetQuerySchema.extend({
        q: z.string().max(100).optional().openapi({
          description: "Part of an e-mail, name or username, or a phone number as typed (or five or more " +
            "of its digits)",
        }),
        role: z.enum(ROLE_NAMES).optional(),
        status: z.enum(["pending_verification", "active", "suspended", "deleted"]).optional(),
      }),
    },
    responses: {
      200: {
        description: "A page of accounts, newest first",
        content: { "application/json": { schema: paginatedEnvelopeSchema(UserSchema) } },
      },
      ...errorResponses(401, 403, 422),
    },
  }),
  get: createRoute({
    method: "get",
    path: "/users/{id}",
    operationId: "getUser",
    tags: ["Users"],
    summary: "One account (its owner, admins and staff)",
    security,
    request: { params: IdParam },
    responses: { 200: one("The account"), ...errorResponses(401, 403, 404, 422) },
  }),
  update: createRoute({
    method: "patch",
    path: "/users/{id}",
    operationId: "updateUser",
    tags: ["Users"],
    summary: "Edit an account (its owner or an admin; only admins change `status`)",
    description: `${EMPTY_PATCH} Suspending needs \`statusReason\` and ends every session, as ` +
      "`POST /users/{id}/suspend` does; `status: active` on a suspended account reinstates it.",
    security,
    request: {
      params: IdParam,
      body: {
        content: {
          "application/json": {
            schema: users.UpdateUserInput,
            example: { displayName: "Asha R.", locale: "en-IN" },
          },
        },
        required: true,
      },
    },
    responses: { 200: one("The updated account"), ...errorResponses(401, 403, 404, 409, 422) },
  }),
  remove: createRoute({
    method: "delete",
    path: "/users/{id}",
    operationId: "deleteUser",
    tags: ["Users"],
    summary: "Delete an account (its owner or an admin)",
    description:
      "Soft delete: personal data is scrubbed and every session ends; bookings keep their history.",
    security,
    request: { params: IdParam },
    responses: {
      200: {
        description: "Deleted",
        content: { "application/json": { schema: successEnvelopeSchema(z.null()) } },
      },
      ...errorResponses(401, 403, 404, 422),
    },
  }),
  assignRole: createRoute({
    method: "post",
    path: "/users/{id}/roles",
    operationId: "assignRole",
    tags: ["Users"],
    summary: "Grant a role (admins)",
    security,
    request: {
      params: IdParam,
      body: {
        content: {
          "application/json": {
            schema: z.object({ role: z.enum(ROLE_NAMES) }).strict(),
            example: { role: "staff" },
          },
        },
        required: true,
      },
    },
    responses: { 200: one("The account with its roles"), ...errorResponses(401, 403, 404, 422) },
  }),
  suspend: createRoute({
    method: "post",
    path: "/users/{id}/suspend",
    operationId: "suspendUser",
    tags: ["Users"],
    summary: "Suspend an account (admins)",
    description: "Ends every session at once (its access and refresh tokens stop working), refuses its " +
      "sign-ins and takes its acts, venues and open opportunities off the public site until it is " +
      "reinstated. The reason is kept for the admins; the person is not shown it.",
    security,
    request: {
      params: IdParam,
      body: {
        content: {
          "application/json": {
            schema: SuspendInput,
            example: { reason: "Listed acts it does not manage; reported by two venues" },
          },
        },
        required: true,
      },
    },
    responses: { 200: one("The suspended account"), ...errorResponses(401, 403, 404, 409, 422) },
  }),
  reinstate: createRoute({
    method: "post",
    path: "/users/{id}/reinstate",
    operationId: "reinstateUser",
    tags: ["Users"],
    summary: "Lift an account's suspension (admins)",
    description: "The account may sign in again and its listings are back, as they were.",
    security,
    request: {
      params: IdParam,
      body: {
        content: {
          "application/json": { schema: ReinstateInput, example: { note: "Ownership confirmed by phone" } },
        },
        required: true,
      },
    },
    responses: { 200: one("The reinstated account"), ...errorResponses(401, 403, 404, 409, 422) },
  }),
  removeRole: createRoute({
    method: "delete",
    path: "/users/{id}/roles/{role}",
    operationId: "removeRole",
    tags: ["Users"],
    summary: "Withdraw a role (admins)",
    security,
    request: { params: RoleParam },
    responses: { 200: one("The account with its roles"), ...errorResponses(401, 403, 404, 409, 422) },
  }),
};

export function userRoutes({ deps }: { deps: ServiceDeps }): OpenAPIHono {
  const db = deps.db;
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(routes.list, async (c) => {
      const query = c.req.valid("query");
      const { items, totalItems } = await users.listUsers(db, actorOf(c), query);
      return c.json(paginated(items, pageMeta(query.page, query.pageSize, totalItems)), 200);
    })
    .openapi(routes.get, async (c) => {
      return c.json(ok({ user: await users.getUser(db, actorOf(c), c.req.valid("param").id) }), 200);
    })
    .openapi(routes.update, async (c) => {
      const user = await users.updateUser(
        db,
        actorOf(c),
        c.req.valid("param").id,
        c.req.valid("json"),
        meta(c),
      );
      return c.json(ok({ user }), 200);
    })
    .openapi(routes.remove, async (c) => {
      await users.deleteUser(db, actorOf(c), c.req.valid("param").id, meta(c));
      return c.json(ok(null, "Account deleted"), 200);
    })
    .openapi(routes.assignRole, async (c) => {
      const { id } = c.req.valid("param");
      const user = await users.assignRole(db, actorOf(c), id, c.req.valid("json").role, meta(c));
      return c.json(ok({ user }), 200);
    })
    .openapi(routes.suspend, async (c) => {
      const user = await suspendUser(deps, actorOf(c), c.req.valid("param").id, c.req.valid("json"), meta(c));
      return c.json(ok({ user }), 200);
    })
    .openapi(routes.reinstate, async (c) => {
      const user = await reinstateUser(
        deps,
        actorOf(c),
        c.req.valid("param").id,
        c.req.valid("json"),
        meta(c),
      );
      return c.json(ok({ user }), 200);
    })
    .openapi(routes.removeRole, async (c) => {
      const { id, role } = c.req.valid("param");
      return c.json(ok({ user: await users.removeRole(db, actorOf(c), id, role, meta(c)) }), 200);
    });
}
