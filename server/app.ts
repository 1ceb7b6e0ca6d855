/**
 * Composes the whole server as one Hono app: the middleware every request
 * goes through, then health, the JSON API, built island files, static files
 * and finally the file-system routes. Kept apart from main.ts so tests can
 * drive it with `app.request()` and no socket.
 */
import { Hono, type MiddlewareHandler } from "hono";
import { MESSAGE_LIMITS } from "../domain/conversations.ts";
import { MAX_DOCUMENTS } from "../domain/verification.ts";
import { bodyLimit } from "hono/body-limit";
import { etag } from "hono/etag";
import { HTTPException } from "hono/http-exception";
import type { Config } from "../config/env.ts";
import type { DatabaseHandle } from "../db/client.ts";
import { createApi, openApiDocument } from "../api/app.ts";
import type { ApiDocument } from "../components/ApiDocs.tsx";
import { onApiError, statusOfError, toErrorResponse } from "../api/errors.ts";
import { createFreshHandler } from "../lib/fresh/handler.ts";
import type { BuildManifest } from "../lib/fresh/build.ts";
import { asset, ASSET_CACHE_BUST_KEY, BUILD_PREFIX, setBuildId } from "../lib/fresh/runtime.ts";
import { SERVICE_WORKER_ID, SERVICE_WORKER_PATH } from "../lib/fresh/islands.ts";
import { serviceWorkerResponder, serviceWorkerScript } from "../lib/fresh/service_worker.ts";
import { OFFLINE_PATH } from "../domain/offline_copies.ts";
import { RELOAD_PATH, reloadStream } from "../lib/fresh/dev/reload.ts";
import { staticFiles } from "../lib/fresh/static_files.ts";
import { createStyleSheet } from "../lib/fresh/twind.ts";
import type { Manifest } from "../lib/fresh/types.ts";
import { compression } from "./middleware/compression.ts";
import { csrfGuard } from "./middleware/csrf.ts";
import { pageCache, type PageCacheOptions } from "./middleware/page_cache.ts";
import { requestId } from "./middleware/request_id.ts";
import { requestLog } from "./middleware/request_log.ts";
import { writableHeaders } from "./middleware/writable_headers.ts";
import { contentSecurityPolicy, liveKitOrigins, securityHeaders } from "./middleware/security_headers.ts";
import { authenticate } from "./middleware/authenticate.ts";
import { offlineViewer } from "./middleware/offline_viewer.ts";
import { cookieNames } from "../services/auth/session_cookies.ts";
import type { Services } from "./services.ts";
import { mailboxResponse } from "../integrations/mail/dev_mailbox.ts";
import { LocalDiskStorage, MEDIA_PATH } from "../integrations/storage/mod.ts";
import { CACHE_CONTROL, visibilityOf } from "../integrations/storage/storage.ts";
import { PHOTO_MAX_BYTES } from "../services/catalog/photos.ts";
import { logError } from "../lib/log.ts";
import { styleConfig } from "../twind.config.ts";

export interface AppDeps {
  config: Config;
  database: DatabaseHandle;
  services: Services;
  manifest: Manifest;
  /** The island build, or null for a server that renders no islands (some tests). */
  build: BuildManifest | null;
  /** Directory of the island build (holds manifest.json). */
  buildDir: string;
  staticDir: string;
  /** Live reload for `deno task dev`. */
  devReload?: boolean;
}

const API_PREFIX = "/api/v1";
/**
 * The requests that carry an uploaded file: raw bytes to the API's photo and
 * portfolio routes, multipart forms to the owners' edit pages. Only they get
 * the larger limit; the services check each file's own size exactly.
 */
const UPLOAD_ROUTES: readonly [method: string, path: RegExp, limit: number][] = [
  // A file at its limit plus the multipart framing and the form's other fields.
  ["PUT", /^\/api\/v1\/(artists|venues)\/[^/]+\/(photo|portfolio)$/, PHOTO_MAX_BYTES + 64 * 1024],
  ["POST", /^\/(artists|venues)\/[^/]+\/edit$/, PHOTO_MAX_BYTES + 64 * 1024],
  // A verification request's documents, each at most the photo limit.
  ["PUT", /^\/api\/v1\/verification-requests\/[^/]+\/documents$/, PHOTO_MAX_BYTES + 64 * 1024],
  ["POST", /^\/(artists|venues)\/[^/]+\/verification$/, MAX_DOCUMENTS * PHOTO_MAX_BYTES + 64 * 1024],
  // A sealed attachment: the file and secretbox's 16-byte authenticator.
  ["POST", /^\/api\/v1\/messages\/attachments$/, MESSAGE_LIMITS.attachmentBytes + 16],
];

export function createApp(deps: AppDeps): Hono {
  const { config, database, build } = deps;
  const production = config.env === "production";
  if (build) setBuildId(build.buildId);

  const cookies = cookieNames(config.env === "development");
  /** What anonymous clients get, kept for PAGE_CACHE_SECONDS; null when that is 0. */
  const anonymousCache = (contentType?: PageCacheOptions["contentType"]) =>
    config.pageCacheSeconds > 0
      ? pageCache({
        ttlMs: config.pageCacheSeconds * 1000,
        maxEntries: 500,
        sessionCookies: [cookies.access, cookies.refresh],
        contentType,
      })
      : null;
  // Answers a cached page before the rest of the chain runs (see page_cache.ts),
  // so it comes right after the two middleware whose output is per request.
  const pages = anonymousCache();
  // The API's public lists (opportunities, search, places), which apps and pickers ask for again and
  // again, are kept for anonymous clients on the same terms, inside the API's rate limit (api/app.ts).
  const publicLists = anonymousCache("application/json");

  const app = new Hono();
  // Outermost, so it sees every response, the error pages included.
  app.use(writableHeaders());
  app.use(requestId());
  if (config.logRequests) app.use(requestLog());
  if (pages) app.use(pages.answer);
  const callServers = config.livekit ? liveKitOrigins(Object.values(config.livekit.urls)) : [];
  app.use(securityHeaders({ production, callServers }));
  app.use(compression());
  app.use(csrfGuard(config.appOrigin));
  const limitTo = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new HTTPException(413, { message: `Request body over ${maxSize} bytes` });
      },
    });
  const defaultLimit = limitTo(config.bodyLimitBytes);
  const uploadLimits = UPLOAD_ROUTES.map(([method, path, limit]) => [method, path, limitTo(limit)] as const);
  app.use((c, next) => {
    const upload = uploadLimits.find(([method, path]) => c.req.method === method && path.test(c.req.path));
    return (upload ? upload[2] : defaultLimit)(c, next);
  });
  app.onError((err, c) => {
    if (c.req.path.startsWith(`${API_PREFIX}/`)) return onApiError(err, c);
    // The API's mapping (and its log of what is our fault), answered as text.
    const { status, body } = toErrorResponse(err, c.get("requestId"));
    return c.text(body.error.message, status);
  });

  app.get("/healthz", async (c) => {
    try {
      await database.ping();
      return c.json({ status: "ok", database: "ok", driver: database.driver });
    } catch (err) {
      logError(err, { requestId: c.get("requestId") });
      return c.json({ status: "unavailable", database: "unreachable" }, 503);
    }
  });

  const { deps: serviceDeps, mailbox, storage, calendarFeeds, contractPdf, payments, messages, live, calls } =
    deps.services;
  const signedIn = authenticate(serviceDeps, cookies, { trustProxy: config.trustProxy });
  app.use(`${API_PREFIX}/*`, signedIn);
  const api = createApi({
    db: database.db,
    deps: serviceDeps,
    storage,
    calendarFeeds,
    contractPdf,
    payments,
    messages,
    live,
    calls,
    publicLists: publicLists ? [publicLists.answer, publicLists.keep] : undefined,
  });
  // For the docs page; routes cannot change after start-up, so it is built once, on first use.
  let document: ApiDocument | undefined;
  const apiDocument = () => document ??= openApiDocument(api) as ApiDocument;
  app.use(`${API_PREFIX}/openapi.json`, etag());
  app.route(API_PREFIX, api);

  // Development only: the e-mails the app would have sent, so the flows can
  // be followed (and browser-tested) without a mail server.
  if (config.env === "development" && mailbox) app.get("/dev/mailbox.json", () => mailboxResponse(mailbox));

  const built = staticFiles(deps.buildDir, { cache: production });
  app.get(`${BUILD_PREFIX}:buildId/:file{.+}`, async (c) => {
    if (!build || c.req.param("buildId") !== build.buildId) return c.notFound();
    return await built.serve(c.req.raw, c.req.param("file"), true) ?? c.notFound();
  });

  // The offline page, and the icons every page links, are stored when the worker installs.
  const serviceWorker = serviceWorkerResponder(async () =>
    build && await serviceWorkerScript(build, deps.buildDir, [
      OFFLINE_PATH,
      ...["/favicon.svg", "/icons/apple-touch-icon.png"].map(asset),
    ])
  );
  app.get(SERVICE_WORKER_PATH, async (c) => await serviceWorker(c.req.raw) ?? c.notFound());
  // Signed-in pages register it (routes/_app.tsx), when the build has one.
  const registerScript = build?.workers[SERVICE_WORKER_ID]
    ? `${BUILD_PREFIX}${build.buildId}/${build.register}`
    : undefined;

  if (deps.devReload) app.get(RELOAD_PATH, () => reloadStream());

  // Local-disk uploads; an S3 bucket serves its own files.
  if (storage instanceof LocalDiskStorage) {
    app.get(`${MEDIA_PATH}*`, async (c) => {
      const key = await storage.keyForRequest(c.req.url, new Date());
      const file = key === null ? null : await storage.get(key);
      if (!file) return c.text("Not Found", 404);
      return new Response(file.bytes as Uint8Array<ArrayBuffer>, {
        headers: {
          "Content-Type": file.contentType,
          "Content-Length": String(file.bytes.byteLength),
          "Cache-Control": file.cacheControl ?? CACHE_CONTROL[visibilityOf(key!)],
          "X-Content-Type-Options": "nosniff",
        },
      });
    });
  }

  const assets = staticFiles(deps.staticDir, { cache: production });
  const fresh = createFreshHandler(deps.manifest, {
    config: { mode: production ? "production" : "development" },
    build,
    styles: createStyleSheet(styleConfig),
    assetBase: build ? `${BUILD_PREFIX}${build.buildId}/` : BUILD_PREFIX,
    errorStatus: statusOfError,
    contentSecurityPolicy: (inline, route) => contentSecurityPolicy(inline, production, route, callServers),
    onServerError: (err) => logError(err),
    devReload: deps.devReload,
  });
  app.get("*", async (c, next) => {
    // Only paths that name a file can be static; pages never touch the disk here.
    if (/\.[a-z0-9]+$/i.test(c.req.path)) {
      const immutable = c.req.query(ASSET_CACHE_BUST_KEY) !== undefined;
      const file = await assets.serve(c.req.raw, c.req.path, immutable);
      if (file) return file;
    }
    await next();
  });
  const cached: MiddlewareHandler = pages ? pages.keep : (_c, next) => next();
  const signedInPage = authenticate(serviceDeps, cookies, {
    trustProxy: config.trustProxy,
    headerCounts: true,
  });
  app.all("*", cached, signedInPage, offlineViewer(), (c) =>
    fresh(c.req.raw, {
      info: c.env as Deno.ServeHandlerInfo | undefined,
      state: {
        requestId: c.get("requestId"),
        db: database.db,
        deps: serviceDeps,
        calendarFeeds,
        storage,
        contractPdf,
        payments,
        messages,
        groupCalls: calls.livekit !== null,
        registerScript,
        cookies,
        actor: c.get("actor"),
        headerCounts: c.get("headerCounts"),
        requestMeta: c.get("requestMeta"),
        apiDocument,
      },
    }));
  return app;
}
