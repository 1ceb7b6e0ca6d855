/**
 * A request id for logs and the X-Request-Id response header. Hono's own
 * middleware sets the header before the handler runs, and a handler that
 * returns its own Response (our pages, static files) drops it; this sets it
 * on the way out. A caller's well-formed id is kept, so a proxy's id
 * follows the request through.
 */
import type { MiddlewareHandler } from "hono";

declare module "hono" {
  interface ContextVariableMap {
    requestId: string;
  }
}

const WELL_FORMED = /^[\w.-]{8,64}$/;

export function requestId(): MiddlewareHandler {
  return async (c, next) => {
    const given = c.req.header("X-Request-Id");
    const id = given && WELL_FORMED.test(given) ? given : crypto.randomUUID();
    c.set("requestId", id);
    await next();
    c.res.headers.set("X-Request-Id", id);
  };
}
