/**
 * Reviews: each party of a completed booking reviews the other side once
 * within 14 days, double-blind; the reviewed side replies once; anyone
 * signed in reports a review; staff hide one with a reason. Acts' and
 * organizers' reviews are public. The rules are in domain/reviews.ts.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { ServiceDeps } from "../../services/deps.ts";
import {
  dismissReports,
  hideReview,
  moderationQueue,
  reportReview,
} from "../../services/reviews/moderation.ts";
import { reviewsOf, reviewStateForBooking } from "../../services/reviews/read.ts";
import { replyToReview, submitReview } from "../../services/reviews/write.ts";
import { errorResponses, ok } from "../envelope.ts";
import { validationHook } from "../errors.ts";
import {
  BookingReviewStateSchema,
  ModerationItemSchema,
  PublicReviewsSchema,
  ReviewSchema,
} from "../schemas/reviews.ts";
import { actorOf, body, IdParam, json, meta, noSignIn, security } from "../route_kit.ts";

const tags = ["Reviews"];
const stars = z.number().int().min(1).max(5);
const oneReview = (description: string) => json(description, z.object({ review: ReviewSchema }));

// The service checks which three categories the author's side rates; here every one is optional.
const ReviewBody = z.object({
  overall: stars,
  punctuality: stars.optional().openapi({ description: "Organizer side: the act's punctuality" }),
  performance_as_described: stars.optional().openapi({ description: "Organizer side" }),
  professionalism: stars.optional().openapi({ description: "Organizer side" }),
  paid_on_time: stars.optional().openapi({ description: "Act side: the organizer paid on time" }),
  hospitality_and_sound: stars.optional().openapi({ description: "Act side" }),
  communication: stars.optional().openapi({ description: "Act side" }),
  text: z.string(),
});
const ReplyBody = z.object({ reply: z.string() });
const ReasonBody = z.object({ reason: z.string() });

const routes = {
  submit: createRoute({
    method: "post",
    path: "/bookings/{id}/reviews",
    operationId: "submitReview",
    tags,
    summary: "Review the other side of a completed booking (once, within 14 days of completion)",
    description: "The organizer rates punctuality, performance_as_described and professionalism; the act's " +
      "owner rates paid_on_time, hospitality_and_sound and communication. The other side reads it once " +
      "both are in or the 14 days are over.",
    security,
    request: {
      params: IdParam,
      ...body(ReviewBody, {
        overall: 5,
        punctuality: 5,
        performance_as_described: 4,
        professionalism: 5,
        text: "Arrived early, played a great set",
      }),
    },
    responses: { 201: oneReview("The review, visible to you"), ...errorResponses(401, 403, 404, 409, 422) },
  }),
  ofBooking: createRoute({
    method: "get",
    path: "/bookings/{id}/reviews",
    operationId: "getBookingReviews",
    tags,
    summary: "The booking's reviews as you may see them, and whether you may write yours",
    security,
    request: { params: IdParam },
    responses: {
      200: json("The reviews", z.object({ state: BookingReviewStateSchema })),
      ...errorResponses(401, 404, 422),
    },
  }),
  reply: createRoute({
    method: "post",
    path: "/reviews/{id}/reply",
    operationId: "replyToReview",
    tags,
    summary: "Reply once, publicly, to a review of your side",
    security,
    request: { params: IdParam, ...body(ReplyBody, { reply: "Thank you, it was a lovely evening" }) },
    responses: { 200: oneReview("The review with its reply"), ...errorResponses(401, 403, 404, 409, 422) },
  }),
  report: createRoute({
    method: "post",
    path: "/reviews/{id}/report",
    operationId: "reportReview",
    tags,
    summary: "Report a review to the moderators (once per person)",
    security,
    request: { params: IdParam, ...body(ReasonBody, { reason: "It is about another event" }) },
    responses: {
      201: json("Reported", z.object({ reported: z.literal(true) })),
      ...errorResponses(401, 404, 409, 422),
    },
  }),
  hide: createRoute({
    method: "post",
    path: "/reviews/{id}/hide",
    operationId: "hideReview",
    tags,
    summary: "Hide a review from the public, with a reason (staff and admins); it is never edited",
    security,
    request: {
      params: IdParam,
      ...body(ReasonBody, { reason: "Personal information about a third person" }),
    },
    responses: { 200: oneReview("The hidden review"), ...errorResponses(401, 403, 404, 409, 422) },
  }),
  dismiss: createRoute({
    method: "post",
    path: "/reviews/{id}/dismiss-reports",
    operationId: "dismissReviewReports",
    tags,
    summary: "Dismiss a review's reports: it stays up and leaves the moderation queue (staff and admins)",
    security,
    request: { params: IdParam },
    responses: {
      200: json("Dismissed", z.object({ dismissed: z.number().int() })),
      ...errorResponses(401, 403, 404, 409, 422),
    },
  }),
  queue: createRoute({
    method: "get",
    path: "/reviews/reported",
    operationId: "reportedReviews",
    tags,
    summary: "The moderation queue: reported reviews not hidden, most reported first (staff and admins)",
    security,
    responses: {
      200: json("The queue", z.object({ reviews: z.array(ModerationItemSchema) })),
      ...errorResponses(401, 403),
    },
  }),
  ofAct: createRoute({
    method: "get",
    path: "/artists/{id}/reviews",
    operationId: "getArtistReviews",
    tags,
    summary: "An act's (solo artist's or band's) public reviews, newest first, with the rating distribution",
    security: noSignIn,
    request: { params: IdParam },
    responses: { 200: json("The reviews", PublicReviewsSchema), ...errorResponses(404, 422) },
  }),
  ofUser: createRoute({
    method: "get",
    path: "/users/{id}/reviews",
    operationId: "getOrganizerReviews",
    tags,
    summary: "An organizer's public reviews by the acts they booked, newest first, with the distribution",
    security: noSignIn,
    request: { params: IdParam },
    responses: { 200: json("The reviews", PublicReviewsSchema), ...errorResponses(404, 422) },
  }),
};

export function reviewRoutes({ deps }: { deps: ServiceDeps }): OpenAPIHono {
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(routes.submit, async (c) => {
      const { id } = c.req.valid("param");
      const review = await submitReview(deps, actorOf(c), id, c.req.valid("json"), meta(c));
      return c.json(ok({ review }, "Review submitted"), 201);
    })
    .openapi(routes.ofBooking, async (c) => {
      const state = await reviewStateForBooking(deps.db, actorOf(c), c.req.valid("param").id, deps.now());
      return c.json(ok({ state }), 200);
    })
    .openapi(routes.reply, async (c) => {
      const { id } = c.req.valid("param");
      return c.json(
        ok({ review: await replyToReview(deps, actorOf(c), id, c.req.valid("json"), meta(c)) }),
        200,
      );
    })
    .openapi(routes.report, async (c) => {
      await reportReview(deps, actorOf(c), c.req.valid("param").id, c.req.valid("json"), meta(c));
      return c.json(ok({ reported: true as const }, "Reported to the moderators"), 201);
    })
    .openapi(routes.hide, async (c) => {
      const { id } = c.req.valid("param");
      return c.json(
        ok({ review: await hideReview(deps, actorOf(c), id, c.req.valid("json"), meta(c)) }),
        200,
      );
    })
    .openapi(routes.dismiss, async (c) => {
      const dismissed = await dismissReports(deps, actorOf(c), c.req.valid("param").id, meta(c));
      return c.json(ok({ dismissed }, "Reports dismissed"), 200);
    })
    .openapi(routes.queue, async (c) => {
      return c.json(ok({ reviews: await moderationQueue(deps, actorOf(c)) }), 200);
    })
    .openapi(routes.ofAct, async (c) => {
      return c.json(ok(await reviewsOf(deps.db, { actId: c.req.valid("param").id }, deps.now())), 200);
    })
    .openapi(routes.ofUser, async (c) => {
      return c.json(ok(await reviewsOf(deps.db, { userId: c.req.valid("param").id }, deps.now())), 200);
    });
}
