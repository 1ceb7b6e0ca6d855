/** Response shapes of acts, venues and band members, for typing and the OpenAPI document. */
import { z } from "@hono/zod-openapi";
import { ACT_KINDS, BAND_MEMBER_STATUSES, PORTFOLIO_KINDS, VENUE_TYPES } from "../../domain/catalog.ts";
import { MEDIA_PROVIDERS } from "../../domain/media_links.ts";
import { ErrorEnvelopeSchema } from "../envelope.ts";

const Instant = z.string().openapi({ example: "2026-11-21T10:00:00.000Z" });
const Minor = (example: number) =>
  z.number().int().openapi({ description: "Minor units (paise for INR)", example });

export const ActSchema = z.object({
  id: z.uuid(),
  kind: z.enum(ACT_KINDS),
  ownerId: z.uuid().openapi({ description: "The artist of a solo act, the manager of a band" }),
  name: z.string().openapi({ example: "The Raga Collective" }),
  slug: z.string().openapi({ example: "the-raga-collective" }),
  bio: z.string().nullable().openapi({ example: "Hindustani classical meets Bangalore indie." }),
  yearsExperience: z.number().int().nullable().openapi({ example: 8 }),
  budgetMin: Minor(2_500_000),
  budgetStandard: Minor(4_000_000),
  budgetPremium: Minor(7_500_000),
  currency: z.string().openapi({ example: "INR" }),
  trustScore: z.number().openapi({ example: 50 }),
  isVerified: z.boolean(),
  photoUrl: z.string().nullable(),
  photoWidth: z.number().int().nullable(),
  photoHeight: z.number().int().nullable(),
  genres: z.array(z.string()).openapi({ example: ["fusion", "indie"] }),
  languages: z.array(z.string()).openapi({ example: ["hi", "en"] }),
  homeCityId: z.number().int().nullable().openapi({ example: 133024 }),
  travelRadiusKm: z.number().int().nullable().openapi({ example: 500 }),
  socialLinks: z.record(z.string(), z.string()).openapi({
    example: { instagram: "https://instagram.com/ragacollective" },
  }),
  riders: z.string().nullable(),
  createdAt: Instant,
  updatedAt: Instant,
}).openapi("Act");

/** A show at a venue, as the public sees it. */
export const VenueEventSchema = z.object({
  title: z.string().openapi({ example: "Monsoon Sessions" }),
  startsAt: z.string().openapi({ example: "2026-07-18T15:00:00.000Z" }),
  act: z.object({
    name: z.string().openapi({ example: "The Monsoon Collective" }),
    slug: z.string().openapi({ example: "the-monsoon-collective" }),
    kind: z.enum(ACT_KINDS),
  }),
}).openapi("VenueEvent");

export const VenueSchema = z.object({
  id: z.uuid(),
  ownerId: z.uuid(),
  name: z.string().openapi({ example: "Blue Frog Lounge" }),
  slug: z.string().openapi({ example: "blue-frog-lounge" }),
  description: z.string().nullable(),
  capacity: z.number().int().openapi({ example: 350 }),
  venueType: z.enum(VENUE_TYPES),
  cityId: z.number().int().nullable().openapi({ example: 133024 }),
  address: z.string().nullable().openapi({ example: "Kamala Mills, Lower Parel, Mumbai" }),
  amenities: z.array(z.string()).openapi({ example: ["green room", "parking"] }),
  techSpecs: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).openapi({
    example: { pa: "d&b V-series, 12 kW", stageWidthM: 8, drumKit: true },
  }),
  trustScore: z.number().openapi({ example: 50 }),
  isVerified: z.boolean(),
  photoUrl: z.string().nullable(),
  photoWidth: z.number().int().nullable(),
  photoHeight: z.number().int().nullable(),
  createdAt: Instant,
  updatedAt: Instant,
}).openapi("Venue");

export const BandMemberSchema = z.object({
  userId: z.uuid(),
  displayName: z.string().nullable().openapi({ example: "Asha Rao" }),
  role: z.string().nullable().openapi({ example: "Tabla" }),
  status: z.enum(BAND_MEMBER_STATUSES),
  feeShareBps: z.number().int().nullable().optional().openapi({
    description: "Basis points of the band's fee; shown to the manager, admins and staff only",
    example: 2500,
  }),
  invitedAt: Instant,
  respondedAt: Instant.nullable(),
}).openapi("BandMember");

export const MyBandSchema = z.object({
  bandId: z.uuid(),
  name: z.string().openapi({ example: "The Raga Collective" }),
  slug: z.string().openapi({ example: "the-raga-collective" }),
  role: z.string().nullable().openapi({ example: "Tabla" }),
  status: z.enum(["invited", "accepted"]),
  feeShareBps: z.number().int().nullable().openapi({ example: 2500 }),
}).openapi("MyBand");

/** The request body of `PUT .../photo`: the image file itself, not JSON or a form. */
export const photoUploadBody = {
  body: {
    description: "The image's bytes (JPEG, PNG, WebP or AVIF, at most 5 MiB). The type is read from " +
      "the bytes; the Content-Type and any file name are not trusted.",
    content: Object.fromEntries(
      ["image/jpeg", "image/png", "image/webp", "image/avif"].map((type) => [
        type,
        { schema: z.string().openapi({ type: "string", format: "binary" }) },
      ]),
    ),
    required: true,
  },
};

/** The answer when an upload is over the body limit, before it is even read. */
export const photoTooLarge = {
  413: {
    description: "The body is over 5 MiB",
    content: { "application/json": { schema: ErrorEnvelopeSchema } },
  },
};

export const PortfolioItemSchema = z.object({
  id: z.uuid(),
  kind: z.enum(PORTFOLIO_KINDS),
  title: z.string().openapi({ example: "Live at Blue Frog, 2025" }),
  provider: z.enum(MEDIA_PROVIDERS).nullable().openapi({
    description: "For links: youtube, spotify, soundcloud, or link (anything else); null for uploaded files",
    example: "youtube",
  }),
  url: z.string().openapi({
    description: "The link, the public file, or for a private document a signed URL that expires",
    example: "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
  }),
  embedUrl: z.string().nullable().openapi({
    description: "A privacy-friendly player (youtube-nocookie.com, open.spotify.com/embed, " +
      "w.soundcloud.com); load it only when the visitor asks",
    example: "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
  }),
  contentType: z.string().nullable().openapi({ example: null }),
  byteSize: z.number().int().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  visibility: z.enum(["public", "private"]).openapi({
    description: "Documents (technical riders) are private: listed only for the act, its members, " +
      "admins and staff",
  }),
  position: z.number().int().openapi({ example: 0 }),
  createdAt: Instant,
  urlExpiresAt: Instant.nullable().openapi({ description: "When a signed `url` stops working" }),
}).openapi("PortfolioItem");

/** The request body of `PUT .../portfolio`: the file itself. */
export const portfolioUploadBody = {
  body: {
    description: "The file's bytes: a photo (JPEG, PNG, WebP or AVIF) or a document (PDF), at most " +
      "5 MiB. The type is read from the bytes; the Content-Type and any file name are not trusted.",
    content: Object.fromEntries(
      ["image/jpeg", "image/png", "image/webp", "image/avif", "application/pdf"].map((type) => [
        type,
        { schema: z.string().openapi({ type: "string", format: "binary" }) },
      ]),
    ),
    required: true,
  },
};
