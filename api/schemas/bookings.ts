/** Response shapes of bookings, offers, the timeline and notifications, for typing and the OpenAPI document. */
import { z } from "@hono/zod-openapi";
import { BOOKING_STATES } from "../../domain/booking_machine.ts";
import { CONTRACT_STATES } from "../../domain/contract_machine.ts";
import { OFFER_STATUSES } from "../../domain/negotiation.ts";
import {
  ACCOMMODATION_TERMS,
  CANCELLATION_TIERS,
  PARTIES,
  SOUND_TERMS,
  TRAVEL_TERMS,
} from "../../domain/negotiation.ts";

const Instant = z.string().openapi({ example: "2026-11-21T14:00:00.000Z" });
const Minor = (example: number) =>
  z.number().int().openapi({ description: "Minor units (paise for INR)", example });
const Party = z.enum(PARTIES);
const EVENT_TYPES = [
  "offer",
  "counter",
  "accept",
  "decline",
  "expire",
  "pay_deposit",
  "pay_balance",
  "schedule",
  "complete",
  "cancel",
  "dispute",
  "resolve",
  "refund",
] as const;

const termFields = {
  fee: Minor(7_500_000),
  currency: z.string().openapi({ example: "INR" }),
  depositBps: z.number().int().openapi({ description: "Deposit share in basis points", example: 3000 }),
  deposit: Minor(2_250_000),
  startsAt: Instant,
  durationMinutes: z.number().int().openapi({ example: 90 }),
  travel: z.enum(TRAVEL_TERMS),
  accommodation: z.enum(ACCOMMODATION_TERMS),
  sound: z.enum(SOUND_TERMS),
  cancellationTier: z.enum(CANCELLATION_TIERS),
};

export const BookingTermsSchema = z.object({
  ...termFields,
  balance: Minor(5_250_000),
  endsAt: Instant,
}).openapi("BookingTerms");

export const BookingSchema = z.object({
  id: z.uuid(),
  status: z.enum(BOOKING_STATES),
  title: z.string().openapi({ example: "NH7 Weekender, Pune: Saturday headline" }),
  act: z.object({
    id: z.uuid(),
    name: z.string(),
    slug: z.string(),
    kind: z.enum(["solo", "band"]),
  }),
  organizer: z.object({ id: z.uuid(), displayName: z.string().nullable() }),
  opportunityId: z.uuid().nullable(),
  venue: z.object({ id: z.uuid(), name: z.string(), slug: z.string() }).nullable(),
  city: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  address: z.string().nullable(),
  message: z.string().nullable(),
  terms: BookingTermsSchema,
  offersMade: z.number().int(),
  openOffer: z.object({ round: z.number().int(), madeBy: Party, expiresAt: Instant }).nullable(),
  turn: Party.nullable().openapi({ description: "Whose answer the booking waits for" }),
  paid: Minor(0),
  refundDue: Minor(0),
  cancellation: z.record(z.string(), z.unknown()).nullable().openapi({
    description: "Who cancelled, why, the rule applied and the split (owedToAct, refundToOrganizer, ...)",
  }),
  contract: z.object({
    id: z.uuid().openapi({ description: "GET /contracts/{id} reads it" }),
    status: z.enum(CONTRACT_STATES),
    awaitingSignatureFrom: z.array(Party),
  }).nullable().openapi({ description: "The contract in force, once the booking is confirmed" }),
  viewer: z.object({
    role: z.enum(["organizer", "act", "member", "venue", "admin", "staff"]).openapi({
      description: "How you relate to the booking; `member` (of the band), `venue` (you manage its venue), " +
        "and `staff` only read it",
    }),
    allowedEvents: z.array(z.enum(EVENT_TYPES)).openapi({
      description: "What the viewer may do now",
      example: ["counter", "accept", "decline", "cancel"],
    }),
  }),
  createdAt: Instant,
  updatedAt: Instant,
}).openapi("Booking");

export const BookingSummarySchema = z.object({
  id: z.uuid(),
  status: z.enum(BOOKING_STATES),
  title: z.string(),
  role: z.enum(["organizer", "act", "member", "venue"]).openapi({
    description: "`venue`: the booking is at a venue you manage",
  }),
  act: z.object({ id: z.uuid(), name: z.string(), slug: z.string() }),
  organizerName: z.string().nullable(),
  startsAt: Instant,
  durationMinutes: z.number().int(),
  fee: Minor(7_500_000),
  currency: z.string(),
  turn: Party.nullable(),
  answerBy: Instant.nullable().openapi({ description: "When the open offer lapses" }),
}).openapi("BookingSummary");

export const OfferSchema = z.object({
  round: z.number().int().openapi({ example: 2 }),
  madeBy: Party,
  ...termFields,
  note: z.string().nullable(),
  expiresAt: Instant,
  status: z.enum(OFFER_STATUSES),
  createdAt: Instant,
  closedAt: Instant.nullable(),
}).openapi("Offer");

export const TimelineEntrySchema = z.object({
  id: z.string(),
  event: z.string().openapi({ example: "counter" }),
  party: z.enum(["act", "organizer", "admin", "system"]),
  actor: z.object({ id: z.uuid(), displayName: z.string().nullable() }).nullable(),
  fromStatus: z.enum(BOOKING_STATES).nullable(),
  toStatus: z.enum(BOOKING_STATES),
  detail: z.record(z.string(), z.unknown()).openapi({
    example: { round: 2, fee: 7_500_000, currency: "INR" },
  }),
  at: Instant,
}).openapi("TimelineEntry");

export const NotificationSchema = z.object({
  id: z.uuid(),
  subject: z.string().openapi({ example: "New offer on your booking" }),
  text: z.string().nullable(),
  link: z.string().nullable().openapi({ example: "/bookings/8b0c6f0e-5d4a-4c1e-9d7e-2f1a0b3c4d5e" }),
  read: z.boolean(),
  createdAt: Instant,
}).openapi("Notification");
