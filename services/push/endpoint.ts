/**
 * Which push service endpoints the server will send to. A subscription's
 * endpoint is a URL the browser gives us and the server later POSTs to, so an
 * unchecked one would let anyone make the server call an address of their
 * choosing (SSRF). Real push services (FCM, Mozilla's autopush, Apple's,
 * Microsoft's) are named hosts on https's own port, so production allows only
 * that: no IP literals, no local names, no other ports, no credentials.
 * Development and test also allow a push service on a loopback address, over
 * http, which is where the tests' stand-in runs.
 *
 * A public name that resolves to a private address is not caught here; the
 * sender does not follow redirects, so an endpoint can only reach the host it
 * names.
 */
import { isIP } from "node:net";

export const ENDPOINT_MAX_CHARS = 2048;

const LOCAL_NAME = /(^|\.)(localhost|local|internal|lan|home\.arpa)$/i;

/** Why the server will not send to `endpoint`, or null when it will. */
export function endpointProblem(endpoint: string, allowLoopback: boolean): string | null {
  if (endpoint.length > ENDPOINT_MAX_CHARS) return `Longer than ${ENDPOINT_MAX_CHARS} characters`;
  const url = URL.parse(endpoint);
  if (!url) return "Not a URL";
  if (url.username || url.password) return "A push endpoint carries no user name or password";
  if (url.hash) return "A push endpoint has no fragment";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const loopback = isLoopback(host);
  if (allowLoopback && loopback && (url.protocol === "http:" || url.protocol === "https:")) return null;
  if (url.protocol !== "https:") return "A push endpoint must be an https:// URL";
  if (isIP(host) !== 0 || loopback) return "A push endpoint names its push service's host, not an address";
  if (!host.includes(".") || LOCAL_NAME.test(host)) return "A push endpoint must be a public host";
  if (url.port !== "") return "A push endpoint uses https's own port";
  return null;
}

function isLoopback(host: string): boolean {
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  return host === "::1";
}
