/** Reviews as the API shows them (services/reviews/views.ts), for the OpenAPI document. */
import { z } from "@hono/zod-openapi";
import { REVIEW_SIDES } from "../../domain/reviews.ts";

const stars = z.number().int().min(1).max(5);

export const ReviewSchema = z.object({
  id: z.uuid(),
  bookingId: z.uuid(),
  side: z.enum(REVIEW_SIDES).openapi({
    description: '"organizer" reviewed the act; "act" reviewed the organizer',
  }),
  authorName: z.string().nullable(),
  overall: stars,
  categories: z.array(z.object({ key: z.string(), rating: stars })),
  text: z.string(),
  submittedAt: z.string(),
  reply: z.string().nullable(),
  repliedAt: z.string().nullable(),
  hidden: z.object({ at: z.string(), reason: z.string() }).nullable()
    .openapi({ description: "Set when staff hid it; only the booking's people and staff still see it" }),
}).openapi("Review");

export const RatingSummarySchema = z.object({
  count: z.number().int(),
  average: z.number().nullable(),
  distribution: z.record(z.string(), z.number().int())
    .openapi({ description: "How many reviews gave each overall rating, 1 to 5" }),
}).openapi("RatingSummary");

export const PublicReviewsSchema = z.object({
  summary: RatingSummarySchema,
  reviews: z.array(ReviewSchema),
});

export const BookingReviewStateSchema = z.object({
  side: z.enum(REVIEW_SIDES).nullable(),
  categories: z.array(z.string()),
  closesAt: z.string().nullable(),
  refusal: z.string().nullable(),
  revealed: z.boolean(),
  otherSubmitted: z.boolean(),
  reviews: z.array(ReviewSchema),
}).openapi("BookingReviewState");

export const ModerationItemSchema = z.object({
  id: z.uuid(),
  bookingId: z.uuid(),
  side: z.enum(REVIEW_SIDES),
  overall: stars,
  text: z.string(),
  reports: z.number().int(),
  lastReportedAt: z.string(),
});
