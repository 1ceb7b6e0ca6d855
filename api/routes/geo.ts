/** Country and city look-ups for pickers and addresses: public, read-only. */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { listCountries, searchCities, suggestCities } from "../../services/geo.ts";
import {
  cursorEnvelopeSchema,
  cursorPaginated,
  errorResponses,
  ok,
  paginated,
  paginatedEnvelopeSchema,
  successEnvelopeSchema,
} from "../envelope.ts";
import { validationHook } from "../errors.ts";
import { noSignIn } from "../route_kit.ts";
import { CursorQuerySchema, decodeCursor, encodeCursor, OffsetQuerySchema, pageMeta } from "../pagination.ts";

const CountrySchema = z.object({
  id: z.number().int().openapi({ example: 101 }),
  name: z.string().openapi({ example: "India" }),
  iso2: z.string().openapi({ example: "IN" }),
  iso3: z.string().nullable().openapi({ example: "IND" }),
  currencyCode: z.string().nullable().openapi({ example: "INR" }),
  phoneCode: z.string().nullable().openapi({ example: "91" }),
}).openapi("Country");

const CitySchema = z.object({
  id: z.number().int().openapi({ example: 133024 }),
  name: z.string().openapi({ example: "Sangli" }),
  state: z.string().openapi({ example: "Maharashtra" }),
  stateCode: z.string().openapi({ example: "MH" }),
  country: z.string().openapi({ example: "IN" }),
  lat: z.number().nullable().openapi({ example: 16.85438 }),
  lon: z.number().nullable().openapi({ example: 74.56417 }),
}).openapi("City");

const CitySuggestionSchema = CitySchema.extend({
  alias: z.string().nullable().openapi({
    description: "The other name of the city that `q` matched (a former name, a common spelling), " +
      "or null when it matched the city's own name",
    example: "Poona",
  }),
}).openapi("CitySuggestion");

const search = (example: string, description = "Case-insensitive prefix of the name") =>
  z.string().max(100, "q must be at most 100 characters").optional().openapi({ description, example });

const CountriesQuery = OffsetQuerySchema.extend({ q: search("Ind") });

const CitiesQuery = CursorQuerySchema.extend({
  q: search("San", "Case-insensitive prefix of the name, or of another name of it (Bombay for Mumbai)"),
  country: z.string()
    .regex(/^[A-Za-z]{2}$/, "country must be a two-letter ISO 3166-1 code")
    .default("IN")
    .openapi({ description: "ISO 3166-1 alpha-2 country code", example: "IN" }),
  state: z.string()
    .regex(/^[A-Za-z0-9-]{1,8}$/, "state must be an ISO 3166-2 subdivision code such as MH")
    .optional()
    .openapi({ description: "State code within the country", example: "MH" }),
});

const TIMESTAMP = "2026-02-03T08:26:47.000Z";

const countriesRoute = createRoute({
  method: "get",
  path: "/geo/countries",
  operationId: "listCountries",
  security: noSignIn,
  tags: ["Geography"],
  summary: "List countries",
  description: "Countries by name, a page at a time, optionally filtered by a name prefix.",
  request: { query: CountriesQuery },
  responses: {
    200: {
      description: "A page of countries",
      content: {
        "application/json": {
          schema: paginatedEnvelopeSchema(CountrySchema),
          example: {
            success: true,
            data: [{ id: 101, name: "India", iso2: "IN", iso3: "IND", currencyCode: "INR", phoneCode: "91" }],
            pagination: {
              page: 1,
              pageSize: 20,
              totalItems: 1,
              totalPages: 1,
              hasNext: false,
              hasPrevious: false,
            },
            timestamp: TIMESTAMP,
          },
        },
      },
    },
    ...errorResponses(422, 500),
  },
});

const citiesRoute = createRoute({
  method: "get",
  path: "/geo/cities",
  operationId: "searchCities",
  security: noSignIn,
  tags: ["Geography"],
  summary: "Search cities",
  description: "Cities of a country (India unless `country` says otherwise), ordered by name then id, " +
    "optionally narrowed to one state and to those whose name, or another name people use for them " +
    "(Bombay for Mumbai), starts with `q`. Follow `pagination.nextCursor` for more.",
  request: { query: CitiesQuery },
  responses: {
    200: {
      description: "A page of cities",
      content: {
        "application/json": {
          schema: cursorEnvelopeSchema(CitySchema),
          example: {
            success: true,
            data: [
              {
                id: 133024,
                name: "Sangli",
                state: "Maharashtra",
                stateCode: "MH",
                country: "IN",
                lat: 16.85438,
                lon: 74.56417,
              },
            ],
            pagination: { nextCursor: "WyJTYW5nbGkiLDEzMzAyNF0", hasNext: true, pageSize: 1 },
            timestamp: TIMESTAMP,
          },
        },
      },
    },
    ...errorResponses(422, 500),
  },
});

const SuggestQuery = z.object({
  q: z.string().min(1, "q is required").max(100, "q must be at most 100 characters")
    .openapi({ description: "Start of the city's name, or of another name of it", example: "Poo" }),
  country: CitiesQuery.shape.country,
  limit: z.coerce.number().int().min(1).max(20).default(6).openapi({ example: 6 }),
});

const suggestRoute = createRoute({
  method: "get",
  path: "/geo/cities/suggest",
  operationId: "suggestCities",
  security: noSignIn,
  tags: ["Geography"],
  summary: "Suggest cities as someone types",
  description: "Cities whose name, or a former name or common spelling of it (Bombay, Vizag), starts " +
    "with `q`, most likely first: an exact name, then the most populous, then shorter names. No paging.",
  request: { query: SuggestQuery },
  responses: {
    200: {
      description: "Suggestions",
      content: { "application/json": { schema: successEnvelopeSchema(z.array(CitySuggestionSchema)) } },
    },
    ...errorResponses(422, 500),
  },
});

/**
 * Geography is reference data that changes only with a migration, so browsers
 * and proxies may keep an answer for a day: a city picker typed twice on a
 * slow connection costs one request.
 */
const CACHE_FOR_A_DAY = "public, max-age=86400";

export function geoRoutes({ db }: { db: Kysely<Database> }): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.use("/geo/*", async (c, next) => {
    await next();
    if (c.req.method === "GET" && c.res.status === 200) c.header("Cache-Control", CACHE_FOR_A_DAY);
  });
  return app
    .openapi(suggestRoute, async (c) => c.json(ok(await suggestCities(db, c.req.valid("query"))), 200))
    .openapi(countriesRoute, async (c) => {
      const query = c.req.valid("query");
      const { items, totalItems } = await listCountries(db, query);
      return c.json(paginated(items, pageMeta(query.page, query.pageSize, totalItems)), 200);
    })
    .openapi(citiesRoute, async (c) => {
      const { cursor, ...query } = c.req.valid("query");
      const after = cursor ? decodeCursor(cursor, ["string", "number"]) : undefined;
      const { items, next } = await searchCities(db, { ...query, after });
      return c.json(
        cursorPaginated(items, {
          nextCursor: next ? encodeCursor(next) : null,
          hasNext: next !== null,
          pageSize: query.limit,
        }),
        200,
      );
    });
}
