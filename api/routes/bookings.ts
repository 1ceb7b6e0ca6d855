/**
 * /bookings: direct booking requests, reading and listing bookings, editing
 * the details before confirmation, cancelling, the steps after confirmation
 * and the timeline; with them the negotiation and notification routes. Who
 * may do what is decided in services/bookings/.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { ServiceDeps } from "../../services/deps.ts";
import * as bookings from "../../services/bookings/bookings.ts";
import {
  CreateBookingInput,
  ReasonInput,
  ResolveInput,
  UpdateBookingInput,
} from "../../services/bookings/inputs.ts";
import { BOOKING_STATES } from "../../domain/booking_machine.ts";
import { cursorEnvelopeSchema, cursorPaginated, errorResponses, ok } from "../envelope.ts";
import { validationHook } from "../errors.ts";
import { CursorQuerySchema } from "../pagination.ts";
import { BookingSchema, BookingSummarySchema, TimelineEntrySchema } from "../schemas/bookings.ts";
import { negotiationRoutes } from "./negotiations.ts";
import { notificationRoutes } from "./notifications.ts";
import { actorOf, body, EMPTY_PATCH, IdParam, json, meta, security } from "../route_kit.ts";

const tags = ["Bookings"];
const oneBooking = (description: string) => json(description, z.object({ booking: BookingSchema }));

const ListQuery = CursorQuerySchema.extend({
  status: z.enum(BOOKING_STATES).optional(),
  as: z.enum(["organizer", "act", "venue"]).optional().openapi({
    description: "Only bookings where you are the organizer, on the act's side, or at a venue you manage",
  }),
});

const newBooking = {
  actId: "5b0f1f8e-3c1d-4d55-9a55-0f6f3f0b6a11",
  title: "Diwali night at Mehfil Club",
  startsAt: "2026-11-08T20:00:00+05:30",
  durationMinutes: 90,
  venueId: "9d7c2a4e-6b1f-4f0e-8f51-2a0c9e3b7d42",
  message: "Two sets with a break; we provide the sound system.",
  offer: { fee: 7_500_000, depositBps: 3000, cancellationTier: "standard", sound: "venue" },
};

const afterConfirmation = (operationId: string, path: string, summary: string) =>
  createRoute({
    method: "post",
    path,
    operationId,
    tags,
    summary,
    security,
    request: { params: IdParam },
    responses: { 200: oneBooking("The booking"), ...errorResponses(401, 403, 404, 409, 422) },
  });

const routes = {
  create: createRoute({
    method: "post",
    path: "/bookings",
    operationId: "createBooking",
    tags,
    summary: "Ask an act for a date (promoters, organizers, venue managers)",
    description: "Without `offer` the booking is an inquiry: the act answers with an offer or declines. " +
      "With `offer` it starts as offered. The fee is in the act's currency, in minor units.",
    security,
    request: body(CreateBookingInput, newBooking),
    responses: { 201: oneBooking("The new booking"), ...errorResponses(401, 403, 409, 422) },
  }),
  list: createRoute({
    method: "get",
    path: "/bookings",
    operationId: "listBookings",
    tags,
    summary: "Your bookings, as organizer, on the act's side or at your venues, soonest first",
    security,
    request: { query: ListQuery },
    responses: {
      200: {
        description: "A page of bookings",
        content: { "application/json": { schema: cursorEnvelopeSchema(BookingSummarySchema) } },
      },
      ...errorResponses(401, 422),
    },
  }),
  get: createRoute({
    method: "get",
    path: "/bookings/{id}",
    operationId: "getBooking",
    tags,
    summary: "A booking (its parties, the band's members, its venue's managers, admins and staff)",
    description: "`viewer.allowedEvents` lists what you may do now.",
    security,
    request: { params: IdParam },
    responses: { 200: oneBooking("The booking"), ...errorResponses(401, 404, 422) },
  }),
  update: createRoute({
    method: "patch",
    path: "/bookings/{id}",
    operationId: "updateBooking",
    tags,
    summary: "Edit the title, address or message before confirmation (the organizer)",
    description: `${EMPTY_PATCH} Fee, date, duration and terms change only through offers ` +
      "(/negotiations/{id}/offer).",
    security,
    request: { params: IdParam, ...body(UpdateBookingInput, { address: "Gate 2, Mahalaxmi Racecourse" }) },
    responses: { 200: oneBooking("The booking"), ...errorResponses(401, 403, 404, 409, 422) },
  }),
  cancel: createRoute({
    method: "delete",
    path: "/bookings/{id}",
    operationId: "cancelBooking",
    tags,
    summary: "Cancel a booking (either party or an admin)",
    description: "After confirmation the cancellation tier and the notice decide who is owed what; " +
      "the split is kept in `cancellation`.",
    security,
    request: { params: IdParam, ...body(ReasonInput, { reason: "The festival was called off." }) },
    responses: { 200: oneBooking("The cancelled booking"), ...errorResponses(401, 403, 404, 409, 422) },
  }),
  timeline: createRoute({
    method: "get",
    path: "/bookings/{id}/timeline",
    operationId: "getBookingTimeline",
    tags,
    summary: "What happened to the booking, oldest first, with who did it",
    security,
    request: { params: IdParam },
    responses: {
      200: json("The timeline", z.object({ timeline: z.array(TimelineEntrySchema) })),
      ...errorResponses(401, 404, 422),
    },
  }),
  schedule: afterConfirmation(
    "scheduleBooking",
    "/bookings/{id}/schedule",
    "Mark a booking with its deposit paid as scheduled",
  ),
  complete: afterConfirmation(
    "completeBooking",
    "/bookings/{id}/complete",
    "Mark the performance done (the organizer)",
  ),
  dispute: createRoute({
    method: "post",
    path: "/bookings/{id}/dispute",
    operationId: "disputeBooking",
    tags,
    summary: "Raise a dispute once the show has started (either party)",
    security,
    request: { params: IdParam, ...body(ReasonInput, { reason: "The act played 40 minutes of 90." }) },
    responses: { 200: oneBooking("The disputed booking"), ...errorResponses(401, 403, 404, 409, 422) },
  }),
  resolve: createRoute({
    method: "post",
    path: "/bookings/{id}/resolve",
    operationId: "resolveDispute",
    tags,
    summary: "Rule on a dispute (admins): release the fee to the act, or refund the organizer",
    description:
      "`refundAmount` is in minor units, at most what the organizer has paid; the refund goes to " +
      "the gateway. `reason` is required: both parties are told it and the timeline keeps it.",
    security,
    request: {
      params: IdParam,
      ...body(ResolveInput, {
        outcome: "refund",
        refundAmount: 2_250_000,
        reason: "The act played 40 minutes of the 90 agreed; half the fee goes back.",
      }),
    },
    responses: {
      200: oneBooking("The booking, completed or refunded"),
      ...errorResponses(401, 403, 404, 409, 422),
    },
  }),
};

export function bookingRoutes({ deps }: { deps: ServiceDeps }): OpenAPIHono {
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(routes.create, async (c) => {
      const booking = await bookings.createBooking(deps, actorOf(c), c.req.valid("json"), meta(c));
      return c.json(ok({ booking }), 201);
    })
    .openapi(routes.list, async (c) => {
      const query = c.req.valid("query");
      const { items, nextCursor } = await bookings.listBookings(deps, actorOf(c), query);
      return c.json(
        cursorPaginated(items, { nextCursor, hasNext: nextCursor !== null, pageSize: query.limit }),
        200,
      );
    })
    .openapi(routes.get, async (c) => {
      return c.json(
        ok({ booking: await bookings.getBooking(deps, actorOf(c), c.req.valid("param").id) }),
        200,
      );
    })
    .openapi(routes.update, async (c) => {
      const { id } = c.req.valid("param");
      const booking = await bookings.updateBooking(deps, actorOf(c), id, c.req.valid("json"), meta(c));
      return c.json(ok({ booking }), 200);
    })
    .openapi(routes.cancel, async (c) => {
      const { id } = c.req.valid("param");
      const booking = await bookings.cancelBooking(deps, actorOf(c), id, c.req.valid("json"), meta(c));
      return c.json(ok({ booking }, "Booking cancelled"), 200);
    })
    .openapi(routes.timeline, async (c) => {
      const timeline = await bookings.getTimeline(deps, actorOf(c), c.req.valid("param").id);
      return c.json(ok({ timeline }), 200);
    })
    .openapi(routes.schedule, async (c) => {
      const booking = await bookings.scheduleBooking(deps, actorOf(c), c.req.valid("param").id, meta(c));
      return c.json(ok({ booking }), 200);
    })
    .openapi(routes.complete, async (c) => {
      const booking = await bookings.completeBooking(deps, actorOf(c), c.req.valid("param").id, meta(c));
      return c.json(ok({ booking }), 200);
    })
    .openapi(routes.dispute, async (c) => {
      const { id } = c.req.valid("param");
      const booking = await bookings.disputeBooking(deps, actorOf(c), id, c.req.valid("json"), meta(c));
      return c.json(ok({ booking }), 200);
    })
    .openapi(routes.resolve, async (c) => {
      const { id } = c.req.valid("param");
      const booking = await bookings.resolveDispute(deps, actorOf(c), id, c.req.valid("json"), meta(c));
      return c.json(ok({ booking }), 200);
    })
    // Mounted with the bookings so the API needs one line for the whole workflow.
    .route("/", negotiationRoutes({ deps }))
    .route("/", notificationRoutes({ deps }));
}
