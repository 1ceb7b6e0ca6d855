/**
 * Rate limiting for Hono routes, on top of services/rate_limit.ts. A refused
 * request throws RateLimited, which the API's error handler answers with 429
 * RATE_LIMIT_EXCEEDED and Retry-After. An allowed one gets the
 * RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset headers of the
 * IETF draft (draft-ietf-httpapi-ratelimit-headers-07), so well-behaved
 * clients can slow down before they are refused.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { enforce, InstanceCounters, type Limit } from "../../services/rate_limit.ts";

export interface RateLimitTarget {
  limit: Limit;
  subject: string;
}

export interface RateLimitOptions {
  db: Kysely<Database>;
  /** Which limit this request counts against, and for whom; null lets it through uncounted. */
  limitFor(c: Context): RateLimitTarget | null;
}

export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  // This instance's counts of the limits that are kept in memory.
  const counters = new InstanceCounters();
  return async (c, next) => {
    const target = options.limitFor(c);
    if (!target) return await next();
    const result = target.limit.counted === "instance"
      ? counters.enforce(target.limit, target.subject)
      : await enforce(options.db, target.limit, target.subject);
    await next();
    // Set after next(): a handler that returns its own Response would drop
    // headers set before it (c.header copies the response if it must).
    c.header("RateLimit-Limit", String(target.limit.max));
    c.header("RateLimit-Remaining", String(result.remaining));
    c.header("RateLimit-Reset", String(result.resetSeconds));
  };
}

/**
 * The client's IP address: the peer of the connection (Deno.serve passes
 * `Deno.ServeHandlerInfo` as Hono's `c.env`), or with `trustProxy` the
 * right-most X-Forwarded-For entry, which is the one our proxy appended.
 * Entries to its left come from the client and can say anything.
 * Undefined when neither is known (a Unix socket without a proxy, or a test
 * calling `app.request()` without an env).
 */
export function clientIp(c: Context, options: { trustProxy: boolean }): string | undefined {
  if (options.trustProxy) {
    const hop = c.req.header("X-Forwarded-For")?.split(",").at(-1)?.trim();
    if (hop) return withoutPort(hop);
  }
  const addr = (c.env as Partial<Deno.ServeHandlerInfo> | undefined)?.remoteAddr;
  return addr && "hostname" in addr ? addr.hostname : undefined;
}

/**
 * Some proxies (Azure's, for one) append `ip:port`. The port changes with
 * every connection, so keeping it would give each connection its own count.
 */
function withoutPort(hop: string): string {
  return /^\[(.+)\](?::\d+)?$/.exec(hop)?.[1] ?? /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(hop)?.[1] ?? hop;
}
