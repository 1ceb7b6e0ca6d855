/** Trust scores explained (services/trust/explain.ts), for the OpenAPI document. */
import { z } from "@hono/zod-openapi";
import { TRUST_SUBJECT_TYPES } from "../../services/trust/explain.ts";

const COMPONENT_KEYS = [
  "base",
  "completions",
  "reviews",
  "cancellations",
  "disputes",
  "late_payments",
  "responses",
  "verification",
  "account_age",
] as const;

export const TrustExplanationSchema = z.object({
  subject: z.object({
    type: z.enum(TRUST_SUBJECT_TYPES),
    id: z.uuid(),
    name: z.string(),
    publicPath: z.string().nullable().openapi({
      description: "The subject's public page; null for a person who has organized no booking yet",
      example: "/organizers/dev-kapoor",
    }),
  }),
  score: z.number().openapi({
    description: "The stored score, the one search and the public see",
    example: 72.4,
  }),
  computedScore: z.number().openapi({
    description: "What today's facts give; differs from score only until the next recomputation",
    example: 72.4,
  }),
  verified: z.boolean(),
  quickToRespond: z.boolean(),
  completedBookings: z.number().int(),
  reviewCount: z.number().int().openapi({ description: "Revealed, unhidden reviews counted (venues: 0)" }),
  components: z.array(z.object({
    key: z.enum(COMPONENT_KEYS),
    points: z.number().openapi({ description: "Added to the score; negative takes away", example: 7.5 }),
    detail: z.string().openapi({
      example: "3 completed bookings, 2.5 points each, recent ones counting most",
    }),
  })),
  toRaise: z.array(z.string()).openapi({ description: "What would raise the score, most useful first" }),
  history: z.object({
    items: z.array(z.object({
      oldScore: z.number(),
      newScore: z.number(),
      reason: z.string(),
      event: z.string().nullable().openapi({
        description: "The booking event behind it; null: the nightly pass",
      }),
      at: z.string(),
      booking: z.object({ id: z.uuid(), title: z.string() }).nullable(),
    })),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  }).openapi({ description: "Changes of the score, newest first" }),
}).openapi("TrustExplanation");
