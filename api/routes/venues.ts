/**
 * /venues: venue managers create them, owners edit, admins and staff verify.
 * Who may do what is decided in services/catalog/venues.ts.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { Storage } from "../../integrations/storage/storage.ts";
import * as venues from "../../services/catalog/venues.ts";
import type { WorkflowDeps } from "../../services/notifications.ts";
import { setVenuePhoto } from "../../services/catalog/photos.ts";
import { venueEvents } from "../../services/catalog/profiles.ts";
import {
  errorResponses,
  ok,
  paginated,
  paginatedEnvelopeSchema,
  successEnvelopeSchema,
} from "../envelope.ts";
import { validationHook } from "../errors.ts";
import { OffsetQuerySchema, pageMeta } from "../pagination.ts";
import { photoTooLarge, photoUploadBody, VenueEventSchema, VenueSchema } from "../schemas/catalog.ts";
import { ServiceUnavailable } from "../../domain/errors.ts";
import { actorOf, body, EMPTY_PATCH, meta, noSignIn, security } from "../route_kit.ts";
import { idField } from "../../services/validation.ts";

const IdParam = z.object({ id: idField("Not a venue id") });
const oneVenue = (description: string) => ({
  description,
  content: { "application/json": { schema: successEnvelopeSchema(z.object({ venue: VenueSchema })) } },
});

const newVenue = {
  name: "Blue Frog Lounge",
  description: "An intimate room for live music.",
  capacity: 350,
  venueType: "club",
  address: "Kamala Mills, Lower Parel, Mumbai",
  amenities: ["green room", "parking"],
  techSpecs: { pa: "d&b V-series, 12 kW", stageWidthM: 8, drumKit: true },
};

const routes = {
  create: createRoute({
    method: "post",
    path: "/venues",
    operationId: "createVenue",
    tags: ["Venues"],
    summary: "Create a venue (venue managers)",
    security,
    request: body(venues.CreateVenueInput, newVenue),
    responses: { 201: oneVenue("The new venue"), ...errorResponses(401, 403, 409, 422) },
  }),
  get: createRoute({
    method: "get",
    path: "/venues/{id}",
    operationId: "getVenue",
    security: noSignIn,
    tags: ["Venues"],
    summary: "A venue's public details",
    request: { params: IdParam },
    responses: { 200: oneVenue("The venue"), ...errorResponses(404, 422) },
  }),
  events: createRoute({
    method: "get",
    path: "/venues/{id}/events",
    operationId: "listVenueEvents",
    security: noSignIn,
    tags: ["Venues"],
    summary: "A venue's upcoming shows, soonest first (public)",
    description: "Shows agreed and still to come (confirmed, deposit paid or scheduled), as the venue's " +
      "page lists them: the title, when it starts and who plays. Requests and negotiations, fees and " +
      "organizers are never shown.",
    request: { params: IdParam, query: OffsetQuerySchema },
    responses: {
      200: {
        description: "A page of shows",
        content: { "application/json": { schema: paginatedEnvelopeSchema(VenueEventSchema) } },
      },
      ...errorResponses(404, 422),
    },
  }),
  update: createRoute({
    method: "patch",
    path: "/venues/{id}",
    operationId: "updateVenue",
    tags: ["Venues"],
    summary: "Edit a venue (its owner or an admin)",
    description: EMPTY_PATCH,
    security,
    request: { params: IdParam, ...body(venues.UpdateVenueInput, { capacity: 400 }) },
    responses: { 200: oneVenue("The updated venue"), ...errorResponses(401, 403, 404, 422) },
  }),
  remove: createRoute({
    method: "delete",
    path: "/venues/{id}",
    operationId: "deleteVenue",
    tags: ["Venues"],
    summary: "Delete a venue (its owner or an admin)",
    security,
    request: { params: IdParam },
    responses: {
      200: {
        description: "Deleted",
        content: { "application/json": { schema: successEnvelopeSchema(z.null()) } },
      },
      ...errorResponses(401, 403, 404, 409, 422),
    },
  }),
  verify: createRoute({
    method: "post",
    path: "/venues/{id}/verify",
    operationId: "verifyVenue",
    tags: ["Venues"],
    summary: "Mark a venue verified or not (admins and staff)",
    description:
      "Staff's direct switch beside verification requests: the trust score is recomputed with it, " +
      "and verifying approves the venue's waiting request, if any.",
    security,
    request: { params: IdParam, ...body(venues.VerifyInput, { verified: true }) },
    responses: { 200: oneVenue("The venue"), ...errorResponses(401, 403, 404, 422) },
  }),
  photo: createRoute({
    method: "put",
    path: "/venues/{id}/photo",
    operationId: "setVenuePhoto",
    tags: ["Venues"],
    summary: "Set the venue's photo (its owner or an admin)",
    description: "Send the image itself as the body. Replaces any previous photo; the answer carries " +
      "`photoUrl` (a new URL on every upload, cacheable forever) and `photoWidth`/`photoHeight`.",
    security,
    request: { params: IdParam, ...photoUploadBody },
    responses: {
      200: oneVenue("The venue with its new photo"),
      ...errorResponses(401, 403, 404, 422),
      ...photoTooLarge,
    },
  }),
};

export function venueRoutes(
  { db, deps, storage }: { db: Kysely<Database>; deps: WorkflowDeps; storage?: Storage },
): OpenAPIHono {
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(routes.create, async (c) => {
      const venue = await venues.createVenue(db, actorOf(c), c.req.valid("json"), meta(c));
      return c.json(ok({ venue }), 201);
    })
    .openapi(routes.get, async (c) => {
      return c.json(ok({ venue: await venues.getVenue(db, c.req.valid("param").id) }), 200);
    })
    .openapi(routes.events, async (c) => {
      const query = c.req.valid("query");
      const { items, page, pageSize, totalItems } = await venueEvents(
        db,
        c.req.valid("param").id,
        query,
        deps.now(),
      );
      return c.json(paginated(items, pageMeta(page, pageSize, totalItems)), 200);
    })
    .openapi(routes.update, async (c) => {
      const { id } = c.req.valid("param");
      const venue = await venues.updateVenue(db, actorOf(c), id, c.req.valid("json"), meta(c));
      return c.json(ok({ venue }), 200);
    })
    .openapi(routes.remove, async (c) => {
      await venues.deleteVenue(db, storage ?? null, actorOf(c), c.req.valid("param").id, meta(c));
      return c.json(ok(null, "Venue deleted"), 200);
    })
    .openapi(routes.verify, async (c) => {
      const { id } = c.req.valid("param");
      const venue = await venues.verifyVenue(deps, actorOf(c), id, c.req.valid("json"), meta(c));
      return c.json(ok({ venue }), 200);
    })
    .openapi(routes.photo, async (c) => {
      if (!storage) throw new ServiceUnavailable("Uploads are not configured on this server");
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const venue = await setVenuePhoto(db, storage, actorOf(c), c.req.valid("param").id, bytes, meta(c));
      return c.json(ok({ venue }), 200);
    });
}
