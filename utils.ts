/** Fresh's convention: the app's `define` helpers, typed with its request state. */
import type { Kysely } from "kysely";
import type { ApiDocument } from "./components/ApiDocs.tsx";
import { createDefine } from "fresh";
import type { Database } from "./db/schema.ts";
import type { Actor } from "./domain/access.ts";
import type { HeaderCounts } from "./db/queries/header_counts.ts";
import type { RequestMeta, ServiceDeps } from "./services/deps.ts";
import type { CookieNames } from "./services/auth/session_cookies.ts";
import type { FeedSigner } from "./services/calendar/feed.ts";
import type { Storage } from "./integrations/storage/storage.ts";
import type { ContractPdfMaker } from "./integrations/contract_pdf/mod.ts";
import type { PaymentGateways } from "./integrations/payments/mod.ts";
import type { MessageDeps } from "./services/messages/deps.ts";

/** Set for every request by server/app.ts. */
export interface State {
  /** The database, handed to services. */
  db: Kysely<Database>;
  deps: ServiceDeps;
  /** Signs the secret URLs of the iCalendar feeds. */
  calendarFeeds: FeedSigner;
  cookies: CookieNames;
  /** The signed-in person, or null. */
  actor: Actor | null;
  /** Their unread notifications and messages as the session lookup read them (server/middleware/authenticate.ts). */
  headerCounts?: HeaderCounts | null;
  requestMeta: RequestMeta;
  /** Uploaded files (photos, riders); pages that accept uploads say so when it is absent. */
  storage?: Storage;
  /** Renders and seals contract PDFs. */
  contractPdf?: ContractPdfMaker;
  /** The payment gateways (the sandbox in development). */
  payments?: PaymentGateways;
  /** End-to-end encrypted messages (services/messages/). */
  messages?: MessageDeps;
  /** LiveKit is configured: calls of more than two people go through it. */
  groupCalls?: boolean;
  /** The module that registers the service worker, for signed-in pages (routes/_app.tsx); unset without one. */
  registerScript?: string;
  requestId?: string;
  /** The OpenAPI document of /api/v1, for the docs page. */
  apiDocument: () => ApiDocument;
  /** Unread notifications of the signed-in person (routes/_middleware.ts). */
  unread?: number;
  /** Their unread messages, for the header (routes/_middleware.ts). */
  unreadMessages?: number;
  /** Page title and description, rendered by routes/_app.tsx. */
  title?: string;
  description?: string;
  /** Open Graph and canonical link of a public page, rendered by routes/_app.tsx. */
  meta?: PageMeta;
}

/** What a public page adds for link previews and search engines, besides its title and description. */
export interface PageMeta {
  /** The page's one canonical URL, root-relative: its path and only the query that selects its content. */
  canonicalPath: string;
  /** og:type, e.g. "profile" or "website". */
  type: string;
  /** Absolute or root-relative URL of a picture for link previews. */
  image?: string | null;
}

export const define = createDefine<State>();

/**
 * Sends a signed-out visitor to log in, and back to this page (path and query) afterwards. The page is
 * one encoded value, so a query of its own (`?act=a&b`) survives; "/" may stand unencoded in a query
 * (RFC 3986), which keeps the address readable: /login?next=/dashboard.
 */
export function signInFirst(ctx: { url: URL; redirect(path: string, status?: number): Response }): Response {
  const next = encodeURIComponent(`${ctx.url.pathname}${ctx.url.search}`).replaceAll("%2F", "/");
  return ctx.redirect(`/login?next=${next}`, 303);
}
