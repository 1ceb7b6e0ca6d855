/**
 * /applications: acts apply to opportunities, edit and withdraw; organizers
 * list, shortlist and reject. Accepting into a negotiation is POST
 * /negotiations. Who may do what is decided in services/opportunities/.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { WorkflowDeps } from "../../services/notifications.ts";
import * as applications from "../../services/opportunities/applications.ts";
import {
  errorResponses,
  ok,
  paginated,
  paginatedEnvelopeSchema,
  successEnvelopeSchema,
} from "../envelope.ts";
import { validationHook } from "../errors.ts";
import { pageMeta } from "../pagination.ts";
import { ApplicationSchema } from "../schemas/opportunities.ts";
import { actorOf, body, IdParam, meta, security } from "../route_kit.ts";

const one = (description: string) => ({
  description,
  content: {
    "application/json": { schema: successEnvelopeSchema(z.object({ application: ApplicationSchema })) },
  },
});

const routes = {
  apply: createRoute({
    method: "post",
    path: "/applications",
    operationId: "applyToOpportunity",
    tags: ["Applications"],
    summary: "Apply to an opportunity with one of your acts",
    description: "The act's owner only (the artist of a solo act, the manager of a band). The fee is in " +
      "minor units of the opportunity's currency. One live application per act and opportunity: a second " +
      "is 409, as is applying after the deadline or once the opportunity is closed.",
    security,
    request: body(applications.ApplyInput, {
      actId: "5b0f1f8e-3c1d-4d55-9a55-0f6f3f0b6a11",
      opportunityId: "9d7c2a4e-6b1f-4f0e-8f51-2a0c9e3b7d42",
      pitch: "We played 40 sangeets last season; a 2-hour Sufi set with our own PA.",
      proposedFee: 9_000_000,
    }),
    responses: { 201: one("The application"), ...errorResponses(401, 403, 404, 409, 422) },
  }),
  list: createRoute({
    method: "get",
    path: "/applications",
    operationId: "listApplications",
    tags: ["Applications"],
    summary: "Applications to one of your opportunities (`opportunityId`), or your acts' own (`mine`)",
    security,
    request: { query: applications.ListApplicationsInput },
    responses: {
      200: {
        description: "A page of applications",
        content: { "application/json": { schema: paginatedEnvelopeSchema(ApplicationSchema) } },
      },
      ...errorResponses(401, 403, 404, 422),
    },
  }),
  get: createRoute({
    method: "get",
    path: "/applications/{id}",
    operationId: "getApplication",
    tags: ["Applications"],
    summary: "An application (its act, the opportunity's poster, admins and staff)",
    security,
    request: { params: IdParam },
    responses: { 200: one("The application"), ...errorResponses(401, 403, 404, 422) },
  }),
  update: createRoute({
    method: "patch",
    path: "/applications/{id}",
    operationId: "updateApplication",
    tags: ["Applications"],
    summary: "The act edits pitch or fee (while submitted); the organizer shortlists or rejects",
    security,
    request: { params: IdParam, ...body(applications.UpdateApplicationInput, { status: "shortlisted" }) },
    responses: { 200: one("The updated application"), ...errorResponses(401, 403, 404, 409, 422) },
  }),
  withdraw: createRoute({
    method: "delete",
    path: "/applications/{id}",
    operationId: "withdrawApplication",
    tags: ["Applications"],
    summary: "Withdraw an application (the act, while submitted or shortlisted)",
    security,
    request: { params: IdParam },
    responses: { 200: one("The withdrawn application"), ...errorResponses(401, 403, 404, 409, 422) },
  }),
};

export function applicationRoutes({ deps }: { deps: WorkflowDeps }): OpenAPIHono {
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(routes.apply, async (c) => {
      const application = await applications.applyToOpportunity(
        deps,
        actorOf(c),
        c.req.valid("json"),
        meta(c),
      );
      return c.json(ok({ application }), 201);
    })
    .openapi(routes.list, async (c) => {
      const { items, page, pageSize, totalItems } = await applications.listApplications(
        deps.db,
        actorOf(c),
        c.req.valid("query"),
      );
      return c.json(paginated(items, pageMeta(page, pageSize, totalItems)), 200);
    })
    .openapi(routes.get, async (c) => {
      const application = await applications.getApplication(deps.db, actorOf(c), c.req.valid("param").id);
      return c.json(ok({ application }), 200);
    })
    .openapi(routes.update, async (c) => {
      const { id } = c.req.valid("param");
      const application = await applications.updateApplication(
        deps,
        actorOf(c),
        id,
        c.req.valid("json"),
        meta(c),
      );
      return c.json(ok({ application }), 200);
    })
    .openapi(routes.withdraw, async (c) => {
      const { id } = c.req.valid("param");
      const application = await applications.withdrawApplication(deps, actorOf(c), id, meta(c));
      return c.json(ok({ application }, "Application withdrawn"), 200);
    });
}
