/**
 * Who is calling: a bearer access token (mobile and API clients) or the
 * browser's cookies. An expired browser access token is renewed here from
 * the refresh cookie, so pages and islands never see the 15-minute expiry.
 *
 * Sets `actor` (null when anonymous) and `requestMeta` for everything after; with `headerCounts` (pages),
 * also the signed-in person's unread counts, read in the session's own statement.
 */
import type { MiddlewareHandler } from "hono";
import type { Actor } from "../../domain/access.ts";
import type { HeaderCounts } from "../../db/queries/header_counts.ts";
import type { RequestMeta, ServiceDeps } from "../../services/deps.ts";
import {
  actorForSession,
  authenticateAccessToken,
  rotateRefreshToken,
  type SessionReadOptions,
  type SignedIn,
} from "../../services/auth/sessions.ts";
import { clientIp } from "../../api/middleware/rate_limit.ts";
import {
  clearSessionCookies,
  type CookieNames,
  readCookie,
  setSessionCookies,
} from "../../services/auth/session_cookies.ts";

declare module "hono" {
  interface ContextVariableMap {
    actor: Actor | null;
    /** Set for pages, which asked for them: read with the session (routes/_middleware.ts shows them). */
    headerCounts: HeaderCounts | null;
    requestMeta: RequestMeta;
  }
}

export function authenticate(
  auth: ServiceDeps,
  cookies: CookieNames,
  options: { trustProxy: boolean; headerCounts?: boolean },
): MiddlewareHandler {
  return async (c, next) => {
    const meta: RequestMeta = {
      ip: clientIp(c, options) ?? null,
      userAgent: c.req.header("User-Agent")?.slice(0, 512) ?? null,
    };
    c.set("requestMeta", meta);
    const now = auth.now();
    const read: SessionReadOptions = {};
    if (options.headerCounts) {
      const url = new URL(c.req.url);
      read.headerCountsFor = `${url.pathname}${url.search}`;
    }
    const signIn = (who: SignedIn | null) => {
      if (!who) {
        c.set("actor", null);
        c.set("headerCounts", null);
        return;
      }
      const { headerCounts, ...actor } = who;
      c.set("actor", actor);
      c.set("headerCounts", headerCounts ?? null);
    };

    const bearer = /^Bearer (.+)$/i.exec(c.req.header("Authorization") ?? "")?.[1];
    if (bearer) {
      // An explicit credential that fails is an error, not a fallback to cookies.
      signIn(await authenticateAccessToken(auth.db, auth.signer, bearer, now, read));
      return await next();
    }

    const cookieHeader = c.req.header("Cookie");
    const access = readCookie(cookieHeader, cookies.access);
    const refresh = readCookie(cookieHeader, cookies.refresh);
    let actor = access ? await authenticateAccessToken(auth.db, auth.signer, access, now, read) : null;
    let renewed: Parameters<typeof setSessionCookies>[2] | null = null;
    let stale = false;
    if (!actor && refresh) {
      try {
        const outcome = await rotateRefreshToken(auth.db, auth.signer, refresh, now, { browserRace: true });
        if (outcome.kind === "rotated") {
          renewed = outcome.tokens;
          actor = await actorForSession(auth.db, outcome.tokens.sessionId, outcome.userId, now, read);
        } else {
          actor = await actorForSession(auth.db, outcome.sessionId, outcome.userId, now, read);
        }
      } catch {
        stale = true;
      }
    }
    signIn(actor);
    await next();
    if (renewed) setSessionCookies(c.res.headers, cookies, renewed, now);
    else if (stale) clearSessionCookies(c.res.headers, cookies);
  };
}
