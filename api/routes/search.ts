/**
 * Catalogue search: acts, venues, and both at once for a search box. Public,
 * read-only. The query schemas are the services' own input schemas, so the
 * API, the search pages (services/search_form.ts) and the OpenAPI document
 * accept the same things.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { VENUE_TYPES } from "../../domain/catalog.ts";
import { ActSearchInput, searchActs } from "../../services/catalog/search.ts";
import { searchVenues, VenueSearchInput } from "../../services/catalog/venue_search.ts";
import {
  cursorEnvelopeSchema,
  cursorPaginated,
  errorResponses,
  ok,
  successEnvelopeSchema,
} from "../envelope.ts";
import { validationHook } from "../errors.ts";
import { searchOpportunities } from "../../services/opportunities/search.ts";
import { opportunitySearchRoute } from "./opportunities.ts";
import { noSignIn } from "../route_kit.ts";

/** How many of each kind `GET /search` returns: enough for a drop-down, not a page. */
const OVERVIEW_SIZE = 5;
const TIMESTAMP = "2026-02-03T08:26:47.000Z";

const ActExample = {
  id: "5b0f1f8e-3c1d-4d55-9a55-0f6f3f0b6a11",
  kind: "band",
  name: "Safarnama Collective",
  slug: "safarnama-collective",
  city: "Lucknow",
  state: "Uttar Pradesh",
  genres: ["sufi", "folk"],
  budgetMin: 6_500_000,
  budgetStandard: 9_000_000,
  budgetPremium: 15_000_000,
  currency: "INR",
  trustScore: 82.5,
  completedBookings: 14,
  reviewCount: 9,
  quickToRespond: true,
  isVerified: true,
  photoUrl: null,
  photoWidth: null,
  photoHeight: null,
  languages: ["hi", "en", "ur"],
};

const VenueExample = {
  id: "9d7c2a4e-6b1f-4f0e-8f51-2a0c9e3b7d42",
  name: "Mehfil Club",
  slug: "mehfil-club-mumbai",
  venueType: "club",
  capacity: 450,
  city: "Mumbai",
  state: "Maharashtra",
  address: "12, Linking Road, Mumbai",
  amenities: ["bar", "sound_system", "green_room"],
  trustScore: 76.2,
  completedBookings: 31,
  quickToRespond: false,
  isVerified: true,
  photoUrl: null,
  photoWidth: null,
  photoHeight: null,
};

/** Stored with the score by each recomputation (services/trust/recompute.ts), so they match it. */
const trustCounts = {
  completedBookings: z.number().int().openapi({ description: "Completed bookings the trust score counted" }),
  quickToRespond: z.boolean().openapi({ description: "Badge: answers requests and offers within a day" }),
};

const ActResultSchema = z.object({
  id: z.uuid(),
  kind: z.enum(["solo", "band"]),
  name: z.string(),
  slug: z.string(),
  city: z.string().nullable(),
  state: z.string().nullable(),
  genres: z.array(z.string()).openapi({ description: "Genre slugs" }),
  budgetMin: z.number().int().openapi({ description: "Minor units of `currency`" }),
  budgetStandard: z.number().int(),
  budgetPremium: z.number().int(),
  currency: z.string().openapi({ description: "ISO 4217" }),
  trustScore: z.number(),
  ...trustCounts,
  reviewCount: z.number().int().openapi({ description: "The revealed, unhidden reviews the score counted" }),
  isVerified: z.boolean(),
  photoUrl: z.string().nullable(),
  photoWidth: z.number().int().nullable().openapi({ description: "Pixel width of the photo, when known" }),
  photoHeight: z.number().int().nullable(),
  languages: z.array(z.string()).openapi({
    description: "ISO 639 codes: two letters (639-1) where one exists, else three",
  }),
}).openapi("ActSearchResult", { example: ActExample });

const VenueResultSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  venueType: z.enum(VENUE_TYPES),
  capacity: z.number().int(),
  city: z.string().nullable(),
  state: z.string().nullable(),
  address: z.string().nullable(),
  amenities: z.array(z.string()),
  trustScore: z.number(),
  ...trustCounts,
  isVerified: z.boolean(),
  photoUrl: z.string().nullable(),
  photoWidth: z.number().int().nullable().openapi({ description: "Pixel width of the photo, when known" }),
  photoHeight: z.number().int().nullable(),
}).openapi("VenueSearchResult", { example: VenueExample });

const pageExample = (item: unknown) => ({
  success: true,
  data: [item],
  pagination: { nextCursor: "WyJyZWxldmFuY2UiLCIwLjYwNzkyNyIsIjViMGYiXQ", hasNext: true, pageSize: 1 },
  timestamp: TIMESTAMP,
});

const artistsRoute = createRoute({
  method: "get",
  path: "/search/artists",
  operationId: "searchArtists",
  security: noSignIn,
  tags: ["Search"],
  summary: "Search artists and bands",
  description: "Full-text search over name, genres, city and bio (a misspelt name still matches), " +
    "with filters. Follow `pagination.nextCursor` for more; a cursor only works with the sort that made it.",
  request: { query: ActSearchInput },
  responses: {
    200: {
      description: "A page of acts",
      content: {
        "application/json": {
          schema: cursorEnvelopeSchema(ActResultSchema),
          example: pageExample(ActExample),
        },
      },
    },
    ...errorResponses(422, 500),
  },
});

const venuesRoute = createRoute({
  method: "get",
  path: "/search/venues",
  operationId: "searchVenues",
  security: noSignIn,
  tags: ["Search"],
  summary: "Search venues",
  description: "Full-text search over name, city and description (a misspelt name still matches), " +
    "with filters. Follow `pagination.nextCursor` for more; a cursor only works with the sort that made it.",
  request: { query: VenueSearchInput },
  responses: {
    200: {
      description: "A page of venues",
      content: {
        "application/json": {
          schema: cursorEnvelopeSchema(VenueResultSchema),
          example: pageExample(VenueExample),
        },
      },
    },
    ...errorResponses(422, 500),
  },
});

const OverviewQuery = z.object({
  q: z.string().trim().min(1, "q is required").max(200, "q must be at most 200 characters")
    .openapi({ description: "Words to find in acts and venues", example: "mumbai" }),
}).strict();

const overviewRoute = createRoute({
  method: "get",
  path: "/search",
  operationId: "searchCatalog",
  security: noSignIn,
  tags: ["Search"],
  summary: "Search acts and venues at once",
  description: `The ${OVERVIEW_SIZE} most relevant acts and venues for \`q\`, e.g. for a search box's ` +
    "suggestions. For more, or for filters, use /search/artists and /search/venues.",
  request: { query: OverviewQuery },
  responses: {
    200: {
      description: "The best matches of each kind",
      content: {
        "application/json": {
          schema: successEnvelopeSchema(z.object({
            artists: z.array(ActResultSchema),
            venues: z.array(VenueResultSchema),
          })),
          example: {
            success: true,
            data: { artists: [ActExample], venues: [VenueExample] },
            timestamp: TIMESTAMP,
          },
        },
      },
    },
    ...errorResponses(422, 500),
  },
});

export function searchRoutes(
  { db, deps }: { db: Kysely<Database>; deps: { now(): Date } },
): OpenAPIHono {
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(overviewRoute, async (c) => {
      const { q } = c.req.valid("query");
      const [artists, venues] = await Promise.all([
        searchActs(db, { q, limit: OVERVIEW_SIZE }),
        searchVenues(db, { q, limit: OVERVIEW_SIZE }),
      ]);
      return c.json(ok({ artists: artists.items, venues: venues.items }), 200);
    })
    .openapi(artistsRoute, async (c) => {
      const query = c.req.valid("query");
      const { items, nextCursor } = await searchActs(db, query);
      return c.json(cursorPaginated(items, pageMeta(nextCursor, query.limit)), 200);
    })
    .openapi(venuesRoute, async (c) => {
      const query = c.req.valid("query");
      const { items, nextCursor } = await searchVenues(db, query);
      return c.json(cursorPaginated(items, pageMeta(nextCursor, query.limit)), 200);
    })
    // The same search as GET /opportunities, under the name the catalogue's search promised.
    .openapi(opportunitySearchRoute("/search/events", "Search"), async (c) => {
      const query = c.req.valid("query");
      const { items, nextCursor } = await searchOpportunities(db, query, deps.now());
      return c.json(cursorPaginated(items, pageMeta(nextCursor, query.limit)), 200);
    });
}

function pageMeta(nextCursor: string | null, pageSize: number) {
  return { nextCursor, hasNext: nextCursor !== null, pageSize };
}
