/** Response shapes of opportunities and applications, for typing and the OpenAPI document. */
import { z } from "@hono/zod-openapi";
import { APPLICATION_STATUSES, OPPORTUNITY_STATUSES } from "../../domain/opportunity_rules.ts";

const Instant = z.string().openapi({ example: "2026-12-12T14:00:00.000Z" });
const Minor = (example: number) =>
  z.number().int().openapi({ description: "Minor units (paise for INR)", example });

export const ApplicationCountsSchema = z.object({
  submitted: z.number().int(),
  shortlisted: z.number().int(),
  rejected: z.number().int(),
  accepted: z.number().int(),
  withdrawn: z.number().int(),
  total: z.number().int(),
}).openapi("ApplicationCounts");

export const OpportunitySchema = z.object({
  id: z.uuid(),
  organizer: z.object({
    id: z.uuid(),
    displayName: z.string().nullable().openapi({ example: "Dev Kapoor" }),
    slug: z.string().nullable().openapi({
      description: "Their public page is /organizers/{slug}; null until they have organized a booking",
      example: "dev-kapoor",
    }),
  }),
  title: z.string().openapi({ example: "Sufi night for a Lucknow wedding sangeet" }),
  description: z.string().nullable(),
  startsAt: Instant,
  durationMinutes: z.number().int().openapi({ example: 120 }),
  venue: z.object({ id: z.uuid(), name: z.string(), slug: z.string() }).nullable(),
  cityId: z.number().int().nullable().openapi({ example: 133024 }),
  city: z.string().nullable().openapi({ example: "Lucknow" }),
  state: z.string().nullable().openapi({ example: "Uttar Pradesh" }),
  address: z.string().nullable().openapi({ example: "Taj Mahal Hotel lawns, Gomti Nagar" }),
  genres: z.array(z.string()).openapi({ example: ["sufi", "ghazal"] }),
  budgetMin: Minor(5_000_000),
  budgetMax: Minor(12_000_000),
  currency: z.string().openapi({ example: "INR" }),
  requirements: z.string().nullable().openapi({ example: "Own sound for up to 200 guests; 2 sets." }),
  applicationDeadline: Instant,
  status: z.enum(OPPORTUNITY_STATUSES),
  applicationCounts: ApplicationCountsSchema.nullable().openapi({
    description: "Applications by status: for the poster, admins and staff only; null for everyone else",
  }),
  createdAt: Instant,
  updatedAt: Instant,
}).openapi("Opportunity");

export const ApplicationSchema = z.object({
  id: z.uuid(),
  opportunity: z.object({
    id: z.uuid(),
    title: z.string(),
    startsAt: Instant,
    status: z.enum(OPPORTUNITY_STATUSES),
    organizerId: z.uuid(),
  }),
  act: z.object({
    id: z.uuid(),
    name: z.string().openapi({ example: "The Raga Collective" }),
    slug: z.string(),
    kind: z.enum(["solo", "band"]),
  }),
  applicantId: z.uuid(),
  pitch: z.string().openapi({
    example: "We played 40 sangeets last season; a 2-hour Sufi set with our own PA.",
  }),
  proposedFee: Minor(9_000_000),
  currency: z.string().openapi({ example: "INR" }),
  status: z.enum(APPLICATION_STATUSES),
  bookingId: z.uuid().nullable().openapi({ description: "The negotiation's booking, once accepted" }),
  createdAt: Instant,
  updatedAt: Instant,
}).openapi("Application");
