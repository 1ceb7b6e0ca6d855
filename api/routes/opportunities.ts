/**
 * /opportunities: organizers post gigs, acts browse them. Who may do what is
 * decided in services/opportunities/; GET /search/events runs the same search.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { WorkflowDeps } from "../../services/notifications.ts";
import * as opportunities from "../../services/opportunities/opportunities.ts";
import { OpportunitySearchInput, searchOpportunities } from "../../services/opportunities/search.ts";
import { cursorEnvelopeSchema, cursorPaginated, errorResponses, ok } from "../envelope.ts";
import { validationHook } from "../errors.ts";
import { OpportunitySchema } from "../schemas/opportunities.ts";
import { applicationRoutes } from "./applications.ts";
import {
  actorOf,
  body,
  EMPTY_PATCH,
  IdParam,
  json,
  meta,
  noSignIn,
  optionalSignIn,
  security,
} from "../route_kit.ts";

const one = (description: string) => json(description, z.object({ opportunity: OpportunitySchema }));

const newOpportunity = {
  title: "Sufi night for a wedding sangeet",
  description: "300 guests on the lawns; the family loves Nusrat and Abida Parveen.",
  startsAt: "2026-12-12T19:30:00+05:30",
  durationMinutes: 150,
  cityId: 133024,
  address: "Gomti Nagar, Lucknow",
  genres: ["sufi", "ghazal"],
  budgetMin: 5_000_000,
  budgetMax: 12_000_000,
  currency: "INR",
  requirements: "Own sound for up to 300 guests; two sets.",
  applicationDeadline: "2026-11-20T23:59:00+05:30",
};

/** The browse list; also served as GET /search/events (api/routes/search.ts). */
export const opportunitySearchRoute = (path: "/opportunities" | "/search/events", tag: string) =>
  createRoute({
    method: "get",
    path,
    operationId: path === "/opportunities" ? "listOpportunities" : "searchEvents",
    security: noSignIn,
    tags: [tag],
    summary: path === "/opportunities" ? "Browse open opportunities" : "Search events (open opportunities)",
    description: "Open opportunities whose application deadline has not passed, with full-text search and " +
      "filters. Follow `pagination.nextCursor` for more; a cursor only works with the sort that made it.",
    request: { query: OpportunitySearchInput },
    responses: {
      200: {
        description: "A page of opportunities",
        content: { "application/json": { schema: cursorEnvelopeSchema(OpportunitySchema) } },
      },
      ...errorResponses(422, 500),
    },
  });

const routes = {
  list: opportunitySearchRoute("/opportunities", "Opportunities"),
  create: createRoute({
    method: "post",
    path: "/opportunities",
    operationId: "createOpportunity",
    tags: ["Opportunities"],
    summary: "Post an opportunity (promoters, organizers, venue managers)",
    description: "The place is a listed venue (`venueId`) or a city and an address. The deadline must be " +
      "in the future and not after `startsAt`; `budgetMin` <= `budgetMax`.",
    security,
    request: body(opportunities.CreateOpportunityInput, newOpportunity),
    responses: { 201: one("The new opportunity"), ...errorResponses(401, 403, 422) },
  }),
  mine: createRoute({
    method: "get",
    path: "/me/opportunities",
    operationId: "listMyOpportunities",
    tags: ["Opportunities"],
    summary: "The signed-in user's own opportunities, with application counts",
    security,
    responses: {
      200: json("The opportunities", z.object({ opportunities: z.array(OpportunitySchema) })),
      ...errorResponses(401),
    },
  }),
  get: createRoute({
    method: "get",
    path: "/opportunities/{id}",
    operationId: "getOpportunity",
    security: optionalSignIn,
    tags: ["Opportunities"],
    summary: "An opportunity's details (the poster also sees application counts)",
    request: { params: IdParam },
    responses: { 200: one("The opportunity"), ...errorResponses(404, 422) },
  }),
  update: createRoute({
    method: "patch",
    path: "/opportunities/{id}",
    operationId: "updateOpportunity",
    tags: ["Opportunities"],
    summary: "Edit, close or reopen an opportunity (its poster or an admin)",
    description: `${EMPTY_PATCH} ` +
      "`status: closed` stops applications; `open` reopens while the deadline is ahead; " +
      "acts still in the running are told of status, date and place changes.",
    security,
    request: {
      params: IdParam,
      ...body(opportunities.UpdateOpportunityInput, { budgetMax: 15_000_000, status: "open" }),
    },
    responses: { 200: one("The updated opportunity"), ...errorResponses(401, 403, 404, 409, 422) },
  }),
  cancel: createRoute({
    method: "delete",
    path: "/opportunities/{id}",
    operationId: "cancelOpportunity",
    tags: ["Opportunities"],
    summary: "Cancel an opportunity (its poster or an admin)",
    description: "The opportunity is kept with status `cancelled` (applications refer to it) and every " +
      "act still in the running is notified. Cancelling again changes nothing.",
    security,
    request: { params: IdParam },
    responses: { 200: one("The cancelled opportunity"), ...errorResponses(401, 403, 404, 422) },
  }),
};

/** Opportunities and their applications (./applications.ts), mounted together. */
export function opportunityRoutes({ deps }: { deps: WorkflowDeps }): OpenAPIHono {
  return new OpenAPIHono({ defaultHook: validationHook })
    .route("/", applicationRoutes({ deps }))
    .openapi(routes.list, async (c) => {
      const query = c.req.valid("query");
      const { items, nextCursor } = await searchOpportunities(deps.db, query, deps.now());
      return c.json(
        cursorPaginated(items, { nextCursor, hasNext: nextCursor !== null, pageSize: query.limit }),
        200,
      );
    })
    .openapi(routes.create, async (c) => {
      const opportunity = await opportunities.createOpportunity(
        deps,
        actorOf(c),
        c.req.valid("json"),
        meta(c),
      );
      return c.json(ok({ opportunity }), 201);
    })
    .openapi(routes.mine, async (c) => {
      return c.json(ok({ opportunities: await opportunities.listMyOpportunities(deps.db, actorOf(c)) }), 200);
    })
    .openapi(routes.get, async (c) => {
      const opportunity = await opportunities.getOpportunity(deps.db, actorOf(c), c.req.valid("param").id);
      return c.json(ok({ opportunity }), 200);
    })
    .openapi(routes.update, async (c) => {
      const { id } = c.req.valid("param");
      const opportunity = await opportunities.updateOpportunity(
        deps,
        actorOf(c),
        id,
        c.req.valid("json"),
        meta(c),
      );
      return c.json(ok({ opportunity }), 200);
    })
    .openapi(routes.cancel, async (c) => {
      const { id } = c.req.valid("param");
      const opportunity = await opportunities.cancelOpportunity(deps, actorOf(c), id, meta(c));
      return c.json(ok({ opportunity }, "Opportunity cancelled"), 200);
    });
}
