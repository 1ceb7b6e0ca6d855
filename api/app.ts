/**
 * The JSON REST API, meant to be mounted at /api/v1 (so paths in here are
 * relative: "/geo/cities"). Every route is declared with zod schemas, which
 * validate requests and produce the OpenAPI 3.1 document at /openapi.json.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { onApiError, onApiNotFound, validationHook } from "./errors.ts";
import { geoRoutes } from "./routes/geo.ts";
import { searchRoutes } from "./routes/search.ts";
import { authRoutes } from "./routes/auth.ts";
import { passkeyRoutes } from "./routes/passkeys.ts";
import { userRoutes } from "./routes/users.ts";
import { actRoutes } from "./routes/acts.ts";
import { venueRoutes } from "./routes/venues.ts";
import { portfolioRoutes } from "./routes/portfolio.ts";
import { opportunityRoutes } from "./routes/opportunities.ts";
import { bookingRoutes } from "./routes/bookings.ts";
import { calendarRoutes } from "./routes/calendar.ts";
import { contractRoutes } from "./routes/contracts.ts";
import { paymentRoutes } from "./routes/payments.ts";
import { messageRoutes } from "./routes/messages.ts";
import { messageLiveRoutes } from "./routes/messages_live.ts";
import { callRoutes } from "./routes/calls.ts";
import { liveKitRoutes } from "./routes/livekit.ts";
import { reviewRoutes } from "./routes/reviews.ts";
import { trustRoutes } from "./routes/trust.ts";
import { pushRoutes } from "./routes/push.ts";
import { verificationRoutes } from "./routes/verification.ts";
import { rateLimit } from "./middleware/rate_limit.ts";
import type { ServiceDeps } from "../services/deps.ts";
import type { Storage } from "../integrations/storage/storage.ts";
import type { FeedSigner } from "../services/calendar/feed.ts";
import type { ContractPdfMaker } from "../integrations/contract_pdf/mod.ts";
import type { PaymentGateways } from "../integrations/payments/mod.ts";
import type { MessageDeps } from "../services/messages/deps.ts";
import type { CallDeps } from "../services/calls/deps.ts";
import type { LiveDeps } from "./live.ts";
import { API_PER_USER, ipSubject, MESSAGES_PER_USER, PUBLIC_PER_IP } from "../services/rate_limit.ts";
import { cookieNames } from "../services/auth/session_cookies.ts";

export const API_VERSION = "1.0.0";

/** The messaging endpoints and the calls they set up, which have their own allowance (services/rate_limit.ts). */
const MESSAGING = /\/(messages(\/|$)|calls(\/|$)|users\/[^/]+\/(public-key|key-backup)$)/;

export interface ApiDeps {
  db: Kysely<Database>;
  deps: ServiceDeps;
  /** Where uploaded photos go; absent when the API is built only for its document. */
  storage?: Storage;
  /** Signs the iCalendar feed URLs; absent when the API is built only for its document. */
  calendarFeeds?: FeedSigner;
  /** Renders and seals contract PDFs; absent when the API is built only for its document. */
  contractPdf?: ContractPdfMaker;
  /** The payment gateways; absent when the API is built only for its document. */
  payments?: PaymentGateways;
  /** Messages and the key that countersigns them; absent when the API is built only for its document. */
  messages?: MessageDeps;
  /** Live messages (WebSocket and event stream); absent when the API is built only for its document. */
  live?: LiveDeps;
  /** Calls (LiveKit when configured); absent when the API is built only for its document. */
  calls?: CallDeps;
  /**
   * Answers and keeps what anonymous clients get from the public lists (the server's page cache, in JSON);
   * absent: read on every request.
   */
  publicLists?: MiddlewareHandler[];
}

/** Public lists whose anonymous answer is a function of the URL alone. */
const PUBLIC_LISTS = [
  "/opportunities",
  "/search",
  "/search/artists",
  "/search/venues",
  "/search/events",
  "/geo/countries",
  "/geo/cities",
];

export type OpenApiDocument = ReturnType<OpenAPIHono["getOpenAPI31Document"]>;

export function createApi(wiring: ApiDeps): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.onError(onApiError);
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "Access token from the sign-in endpoint",
  });
  // Browsers are signed in by the cookies server/middleware/authenticate.ts reads; the names
  // come from the same module that sets them, so the document cannot drift from the server.
  const production = cookieNames(false);
  const development = cookieNames(true);
  app.openAPIRegistry.registerComponent("securitySchemes", "cookieAuth", {
    type: "apiKey",
    in: "cookie",
    name: production.access,
    description: "The browser session set by signing in on the /login page (HttpOnly, SameSite=Lax). " +
      `Development serves plain http, so it uses \`${development.access}\` instead of ` +
      `\`${production.access}\`. An expired one is renewed from \`${production.refresh}\` ` +
      `(\`${development.refresh}\`). Requests that change something must come from this origin.`,
  });

  // The specification's limits: 100 per 15 minutes per signed-in user (messaging has its own 1200),
  // 1000 per hour per address for everyone else. Requests with no known
  // address (tests driving app.request()) are not counted.
  app.use(rateLimit({
    db: wiring.db,
    limitFor(c) {
      // Gateways deliver bursts of webhooks from a few addresses and retry what we refuse; each is
      // refused cheaply unless its signature verifies, so they are not counted against an address.
      if (c.req.path.includes("/payments/webhooks/") || c.req.path.endsWith("/livekit/webhooks")) return null;
      const actor = c.get("actor");
      if (actor) {
        return MESSAGING.test(c.req.path)
          ? { limit: MESSAGES_PER_USER, subject: actor.userId }
          : { limit: API_PER_USER, subject: actor.userId };
      }
      const ip = c.get("requestMeta")?.ip;
      return ip ? { limit: PUBLIC_PER_IP, subject: ipSubject(ip) } : null;
    },
  }));
  // Inside the rate limit, which counts a kept answer like any other.
  const lists = wiring.publicLists;
  if (lists) { for (const path of PUBLIC_LISTS) app.use(path, ...lists); }
  app.route("/", geoRoutes(wiring));
  app.route("/", authRoutes(wiring.deps));
  app.route("/", passkeyRoutes(wiring.deps));
  app.route("/", userRoutes(wiring));
  app.route("/", searchRoutes(wiring));
  app.route("/", actRoutes(wiring));
  app.route("/", venueRoutes(wiring));
  app.route("/", portfolioRoutes(wiring));
  app.route("/", opportunityRoutes(wiring));
  app.route("/", bookingRoutes(wiring));
  app.route("/", calendarRoutes(wiring));
  app.route("/", contractRoutes(wiring));
  app.route("/", paymentRoutes(wiring));
  // Before the other message routes, whose /messages/{id} would take "live" and "events" for ids.
  app.route("/", messageLiveRoutes(wiring));
  app.route("/", messageRoutes(wiring));
  app.route("/", callRoutes(wiring));
  app.route("/", liveKitRoutes(wiring));
  app.route("/", reviewRoutes(wiring));
  app.route("/", trustRoutes(wiring));
  app.route("/", pushRoutes(wiring));
  app.route("/", verificationRoutes(wiring));

  // Routes cannot change after start-up, so the document is built once, on first use.
  let document: OpenApiDocument | undefined;
  app.get("/openapi.json", (c) => c.json(document ??= openApiDocument(app)));

  // A route rather than app.notFound(): when the host mounts this app with
  // app.route("/api/v1", api), Hono uses the host's notFound handler, which
  // would answer unknown API paths with an HTML page. Keep this last.
  app.all("*", onApiNotFound);
  return app;
}

/** The OpenAPI 3.1 description of `api`, for /openapi.json and the human docs page. */
export function openApiDocument(api: OpenAPIHono): OpenApiDocument {
  const document = api.getOpenAPI31Document({
    openapi: "3.1.0",
    info: {
      title: "Artist Space API",
      version: API_VERSION,
      description: "Booking platform for live music. Every response is a JSON envelope: " +
        "`{ success, data, message?, timestamp }`, or `{ success: false, error: { code, message, details } }`.",
    },
    servers: [{ url: "/api/v1" }],
  });
  // Proprietary, with no terms page to link to: an SPDX `LicenseRef-` names our own licence without
  // inventing a URL. Set here because @hono/zod-openapi types the input as OpenAPI 3.0, whose
  // licence has no `identifier`.
  document.info.license = { name: "Proprietary", identifier: "LicenseRef-Proprietary" };
  return document;
}
