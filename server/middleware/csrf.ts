/**
 * Refuses cross-site state changes. Browsers say where a request comes from
 * (Origin, or Sec-Fetch-Site on older paths); a request that says nothing is
 * not from a browser and so carries no ambient cookies worth forging.
 *
 * A WebSocket handshake is a GET, but the socket it opens carries the
 * session's cookies and no same-origin policy guards what a page reads from
 * it, so it is checked like a state change (cross-site WebSocket hijacking).
 */
import type { MiddlewareHandler } from "hono";
import { Forbidden } from "../../domain/errors.ts";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

export function csrfGuard(trustedOrigin?: string): MiddlewareHandler {
  return async (c, next) => {
    if (!SAFE.has(c.req.method) || c.req.header("Upgrade")?.toLowerCase() === "websocket") {
      const origin = c.req.header("Origin");
      const expected = trustedOrigin ?? new URL(c.req.url).origin;
      if (origin !== undefined ? origin !== expected : c.req.header("Sec-Fetch-Site") === "cross-site") {
        throw new Forbidden("Cross-site request refused");
      }
    }
    await next();
  };
}
