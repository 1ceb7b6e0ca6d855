/** One structured JSON line per request: id, method, path, status, duration. */
import type { MiddlewareHandler } from "hono";
import { logInfo } from "../../lib/log.ts";
import { FEED_PATH } from "../../services/calendar/feed.ts";

export function requestLog(): MiddlewareHandler {
  return async (c, next) => {
    const start = performance.now();
    // Read before the handler runs: a WebSocket upgrade closes the request.
    const method = c.req.method;
    // The path only: query strings can carry tokens (password reset links).
    const path = loggablePath(c.req.path);
    await next();
    logInfo("request", {
      id: c.get("requestId"),
      method,
      path,
      status: c.res.status,
      ms: Math.round((performance.now() - start) * 10) / 10,
    });
  };
}

/** A calendar feed's path is its secret: anyone who reads the log could subscribe to it. */
export function loggablePath(path: string): string {
  return path.startsWith(FEED_PATH) ? `${FEED_PATH}[secret]` : path;
}
