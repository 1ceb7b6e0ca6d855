/** Fresh's convention: the app's `define` helpers, typed with its request state. */
import type { Kysely } from "kysely";
import { createDefine } from "fresh";
import type { Database } from "./db/schema.ts";
import type { Actor } from "./domain/access.ts";
import type { AuthDeps, RequestMeta } from "./services/auth/deps.ts";
import type { CookieNames } from "./server/session_cookies.ts";

/** Set for every request by server/app.ts. */
export interface State {
  /** The database, handed to services. */
  db: Kysely<Database>;
  auth: AuthDeps;
  cookies: CookieNames;
  /** The signed-in person, or null. */
  actor: Actor | null;
  requestMeta: RequestMeta;
  requestId?: string;
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
