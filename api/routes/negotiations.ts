/**
 * /negotiations: accepting an application into a negotiation, the offers
 * thread, offers and counter-offers, accept and decline. A negotiation's id
 * is its booking's id.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { ServiceDeps } from "../../services/deps.ts";
import * as negotiations from "../../services/bookings/negotiations.ts";
import {
  AcceptInput,
  DeclineInput,
  OfferInput,
  StartNegotiationInput,
} from "../../services/bookings/inputs.ts";
import { errorResponses, ok } from "../envelope.ts";
import { validationHook } from "../errors.ts";
import { BookingSchema, OfferSchema } from "../schemas/bookings.ts";
import { actorOf, body, IdParam, json, meta, security } from "../route_kit.ts";

const tags = ["Negotiations"];
const oneBooking = (description: string) => json(description, z.object({ booking: BookingSchema }));
const answers = {
  200: oneBooking("The booking after the answer"),
  ...errorResponses(401, 403, 404, 409, 422),
};

const routes = {
  start: createRoute({
    method: "post",
    path: "/negotiations",
    operationId: "startNegotiation",
    tags,
    summary: "Accept an application into a negotiation (the opportunity's organizer)",
    description: "Creates the booking. The opening offer is the act's proposed fee, so the organizer " +
      "answers next, unless `offer` is given: then it is the organizer's offer and the act answers.",
    security,
    request: body(StartNegotiationInput, { applicationId: "0f8e1c52-4b7a-4d1e-9a2b-3c4d5e6f7a8b" }),
    responses: { 201: oneBooking("The new booking"), ...errorResponses(401, 403, 404, 409, 422) },
  }),
  get: createRoute({
    method: "get",
    path: "/negotiations/{id}",
    operationId: "getNegotiation",
    tags,
    summary: "The negotiation thread: the booking and its offers, oldest first",
    security,
    request: { params: IdParam },
    responses: {
      200: json("The thread", z.object({ booking: BookingSchema, offers: z.array(OfferSchema) })),
      ...errorResponses(401, 404, 422),
    },
  }),
  offer: createRoute({
    method: "post",
    path: "/negotiations/{id}/offer",
    operationId: "makeOffer",
    tags,
    summary: "Make an offer on an inquiry, or counter the open offer (whoever's turn it is)",
    description: "Only `fee` is required; other terms default to the current ones, the expiry to a " +
      "week (or the show, if sooner). At most 6 offers per booking.",
    security,
    request: {
      params: IdParam,
      ...body(OfferInput, { fee: 6_500_000, depositBps: 2500, note: "Our best for a weekday." }),
    },
    responses: answers,
  }),
  accept: createRoute({
    method: "post",
    path: "/negotiations/{id}/accept",
    operationId: "acceptNegotiation",
    tags,
    summary: "Accept the open offer: the booking is confirmed and the act's time is taken",
    description: "Send the `round` of the offer you read (`openOffer.round`): if a counter-offer has " +
      "replaced it since, nothing is accepted and the answer is 409. Also 409 if the act is already " +
      "booked at that time or has blocked it. When the booking came from a gig's application, the gig " +
      "is filled and its other applicants are told.",
    security,
    request: { params: IdParam, ...body(AcceptInput, { round: 3 }, false) },
    responses: answers,
  }),
  decline: createRoute({
    method: "post",
    path: "/negotiations/{id}/decline",
    operationId: "declineNegotiation",
    tags,
    summary: "Decline the open offer (or, for the act, an inquiry): the booking closes",
    security,
    request: { params: IdParam, ...body(DeclineInput, { reason: "We are on tour that week." }, false) },
    responses: answers,
  }),
};

export function negotiationRoutes({ deps }: { deps: ServiceDeps }): OpenAPIHono {
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(routes.start, async (c) => {
      const booking = await negotiations.startNegotiation(deps, actorOf(c), c.req.valid("json"), meta(c));
      return c.json(ok({ booking }), 201);
    })
    .openapi(routes.get, async (c) => {
      return c.json(ok(await negotiations.getNegotiation(deps, actorOf(c), c.req.valid("param").id)), 200);
    })
    .openapi(routes.offer, async (c) => {
      const { id } = c.req.valid("param");
      const booking = await negotiations.makeOffer(deps, actorOf(c), id, c.req.valid("json"), meta(c));
      return c.json(ok({ booking }), 200);
    })
    .openapi(routes.accept, async (c) => {
      const { id } = c.req.valid("param");
      const booking = await negotiations.acceptOffer(deps, actorOf(c), id, c.req.valid("json"), meta(c));
      return c.json(ok({ booking }, "Booking confirmed"), 200);
    })
    .openapi(routes.decline, async (c) => {
      const { id } = c.req.valid("param");
      const booking = await negotiations.declineOffer(deps, actorOf(c), id, c.req.valid("json"), meta(c));
      return c.json(ok({ booking }), 200);
    });
}
