/**
 * Secure headers, and the Content-Security-Policy. Pages carry their own
 * policy, allowing exactly the inline script and style they contain by hash
 * (see lib/fresh/render.ts); every other response gets the same policy with
 * no inline code at all. No 'unsafe-inline', ever.
 */
import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { InlineHashes } from "../../lib/fresh/render.ts";

/**
 * Pages that load a payment gateway's own code, and what they may load: Razorpay's Checkout script
 * opens its payment sheet (an iframe from api.razorpay.com) over our page, and only there.
 */
const GATEWAY_PAGES: Record<string, { scripts: string[]; frames: string[] }> = {
  "/payments/:id/razorpay": {
    scripts: ["https://checkout.razorpay.com"],
    frames: ["https://api.razorpay.com"],
  },
};

/**
 * `callServers`: the LiveKit servers browsers connect to for calls (their
 * WebSocket and HTTPS origins), when LiveKit is configured.
 */
export function contentSecurityPolicy(
  inline: InlineHashes,
  production: boolean,
  route: string | null = null,
  callServers: readonly string[] = [],
): string {
  const gateway = (route && Object.hasOwn(GATEWAY_PAGES, route)) ? GATEWAY_PAGES[route] : null;
  const directives: [string, string[]][] = [
    ["default-src", ["'self'"]],
    ["script-src", ["'self'", ...(gateway?.scripts ?? []), ...inline.scripts]],
    ["style-src", ["'self'", ...inline.styles]],
    // blob: for a photo sent in a message, which exists only as the bytes the browser decrypted.
    ["img-src", ["'self'", "data:", "blob:", "https:"]],
    ["connect-src", ["'self'", ...callServers]],
    // Click-to-load players (islands/EmbedPlayer.tsx, domain/media_links.ts EMBED_ORIGINS).
    ["frame-src", [
      "https://www.youtube-nocookie.com",
      "https://open.spotify.com",
      "https://w.soundcloud.com",
      ...(gateway?.frames ?? []),
    ]],
    ["font-src", ["'self'"]],
    ["object-src", ["'none'"]],
    ["base-uri", ["'self'"]],
    // Paying redirects a form's answer to Stripe's hosted checkout.
    ["form-action", ["'self'", "https://checkout.stripe.com"]],
    ["frame-ancestors", ["'none'"]],
  ];
  if (production) directives.push(["upgrade-insecure-requests", []]);
  return directives.map(([name, values]) => [name, ...values].join(" ")).join("; ");
}

export function securityHeaders(
  { production, callServers = [] }: { production: boolean; callServers?: readonly string[] },
): MiddlewareHandler {
  const headers = secureHeaders({
    contentSecurityPolicy: undefined,
    strictTransportSecurity: production ? "max-age=63072000; includeSubDomains" : false,
    referrerPolicy: "strict-origin-when-cross-origin",
    crossOriginEmbedderPolicy: false,
    permissionsPolicy: { camera: ["self"], microphone: ["self"], geolocation: [] },
  });
  const strict = contentSecurityPolicy({ scripts: [], styles: [] }, production, null, callServers);
  return async (c, next) => {
    await headers(c, next);
    if (!c.res.headers.has("Content-Security-Policy")) c.res.headers.set("Content-Security-Policy", strict);
  };
}

/** The origins a browser reaches LiveKit at: its URLs as WebSocket (signalling) and HTTP (its region lookup). */
export function liveKitOrigins(urls: readonly string[]): string[] {
  const origins = new Set<string>();
  for (const url of urls) {
    const { protocol, host } = new URL(url);
    const secure = protocol === "wss:" || protocol === "https:";
    origins.add(`${secure ? "wss" : "ws"}://${host}`);
    origins.add(`${secure ? "https" : "http"}://${host}`);
  }
  return [...origins];
}
